"""Domain errors raised by services and selectors; one API exception handler turns them into responses."""


class ApplicationError(Exception):
    """A request that breaks a rule of the domain. ``fields`` maps field names to messages (400)."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.code = code or self.default_code


class NotFound(ApplicationError):
    """Missing or not visible to this user: both answer the same, so existence is not revealed."""

    status_code = 404
    default_code = "not_found"


class PermissionDenied(ApplicationError):
    status_code = 403
    default_code = "permission_denied"


class Conflict(ApplicationError):
    """The request is valid but the current state does not allow it (e.g. too few points)."""

    status_code = 409
    default_code = "conflict"
