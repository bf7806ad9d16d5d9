"""Errors as their client reads them: JSON under /api/, a page elsewhere. A database that is down
or read-only answers 503 with a message, never 500."""

import sys

from django.db import DatabaseError, DataError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"
# PostgreSQL's "read-only SQL transaction" (a standby, or default_transaction_read_only)
READ_ONLY_SQLSTATE = "25006"
RETRY_AFTER_SECONDS = 30


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def database_unavailable(exc) -> bool:
    """Whether `exc`, or an error it arose from (a session that could not be saved), says the
    database cannot be reached or written now (not that a query was wrong): a lost or refused
    connection, a locked or read-only database."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        if (
            isinstance(exc, DatabaseError)
            and getattr(exc.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE
        ):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_message() -> str:
    return _(
        "The database is unavailable or read-only for the moment, so nothing was changed. "
        "Try again in a few minutes."
    )


def json_error(status: int, message: str, **headers) -> JsonResponse:
    return JsonResponse({"detail": str(message)}, status=status, headers=headers)


def unavailable(request):
    """The 503 answer. The page is rendered without the request's context: that would ask the
    database again."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if is_api(request):
        return json_error(503, unavailable_message(), **headers)
    page = loader.get_template("503.html").render({"message": unavailable_message()})
    return HttpResponse(page, status=503, headers=headers)


def bad_request(request, exception):
    if database_unavailable(exception):
        return unavailable(request)
    if is_api(request):
        return json_error(400, _("The request could not be read."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return json_error(403, _("You do not have permission to perform this action."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return json_error(404, _("Not found."))
    return defaults.page_not_found(request, exception)


def refused_value_message() -> str:
    return _("A value in this request cannot be stored or compared (a NUL character, say).")


def server_error(request):
    """Called while the uncaught exception is being handled: a database that is unavailable
    answers 503, a value the database refuses (SQL's data exceptions) 400; anything else is a
    500, in JSON for the API."""
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        return unavailable(request)
    if isinstance(exc, DataError):
        if is_api(request):
            return json_error(400, refused_value_message())
        return defaults.bad_request(request, exc)
    if is_api(request):
        return json_error(500, _("A server error occurred; it has been logged."))
    return defaults.server_error(request)
