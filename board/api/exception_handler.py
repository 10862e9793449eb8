"""One place where errors become API responses: domain errors, validation errors, and a database that is
briefly unreachable (503, so clients retry, rather than 500)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from board.exceptions import ApplicationError


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.fields:
            body["errors"] = exc.fields
        return Response(body, status=exc.status_code)
    if isinstance(exc, DRFValidationError):
        # The same shape as domain errors: {"detail", "code", "errors": {field: [messages]}}.
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return Response({"detail": "Invalid input.", "code": "invalid", "errors": detail}, status=400)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"detail": "Invalid input.", "code": "invalid", "errors": fields}, status=400)
    if isinstance(exc, (OperationalError, InterfaceError)) or type(exc) is DatabaseError:
        response = Response(
            {"detail": "The service is briefly unavailable; try again.", "code": "unavailable"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "5"
        return response
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "code" not in response.data:
        # 401, 403, 404, 405, 415, 429 and malformed JSON: one shape for clients, {"detail", "code"}.
        codes = exc.get_codes() if hasattr(exc, "get_codes") else None
        if isinstance(exc, Http404):
            codes = "not_found"
        response.data["code"] = codes if isinstance(codes, str) else "error"
    return response
