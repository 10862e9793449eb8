"""One place where errors become API responses: domain errors, validation errors, and a database that is
briefly unreachable (503, so clients retry, rather than 500)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from board.exceptions import ApplicationError


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.fields:
            body["errors"] = exc.fields
        return Response(body, status=exc.status_code)
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
    return exception_handler(exc, context)
