"""Errors as application/problem+json (RFC 9457), in the language of the request.

Every error body has `type`, `title`, `status`, `detail` and `code`; a 400 also has `errors`,
one entry per field (dotted path for nested fields). Details are DRF's generic, translated
messages or validation messages about the input: never personal data, never whether an object
exists in another canton.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, set_rollback

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    status.HTTP_400_BAD_REQUEST: _("Invalid request"),
    status.HTTP_401_UNAUTHORIZED: _("Authentication required"),
    status.HTTP_403_FORBIDDEN: _("Permission denied"),
    status.HTTP_404_NOT_FOUND: _("Not found"),
    status.HTTP_405_METHOD_NOT_ALLOWED: _("Method not allowed"),
    status.HTTP_406_NOT_ACCEPTABLE: _("Not acceptable"),
    status.HTTP_409_CONFLICT: _("Conflict"),
    status.HTTP_412_PRECONDITION_FAILED: _("Precondition failed"),
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: _("Request too large"),
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: _("Unsupported media type"),
    status.HTTP_422_UNPROCESSABLE_ENTITY: _("Unprocessable request"),
    status.HTTP_429_TOO_MANY_REQUESTS: _("Too many requests"),
}


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is larger than this server accepts.")
    default_code = "too_large"


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_CONTENT_TYPE
    # A problem may echo the input it refuses; escaped, even a lone surrogate can be sent.
    ensure_ascii = True


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: API exceptions become problem documents; anything else is a 500."""
    if isinstance(exc, Http404):
        # Http404's own message may name a model: the answer is the same for all.
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        # Raised by request.body, which DRF's parsers read: above DATA_UPLOAD_MAX_MEMORY_SIZE.
        exc = RequestTooLarge()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None

    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(exc.wait)  # type: ignore[attr-defined]

    response = Response(problem_for(exc), status=exc.status_code, headers=headers)
    request = context.get("request")
    if isinstance(request, Request):
        # The browsable API would render errors as HTML; a problem is always JSON.
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    set_rollback()
    return response


def problem_for(exc: exceptions.APIException) -> dict[str, Any]:
    status_code = exc.status_code
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
    }
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = str(_("The request has invalid fields."))
        problem["code"] = "invalid"
        problem["errors"] = field_errors(exc.detail)
    else:
        problem["detail"] = str(exc.detail)
        problem["code"] = getattr(exc.detail, "code", None) or exc.default_code
    return problem


def field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flattens DRF's nested error structure into [{"field", "detail", "code"}]."""
    if isinstance(detail, dict):
        errors: list[dict[str, str]] = []
        for key, value in detail.items():
            field = "" if key == "non_field_errors" else str(key)
            errors += field_errors(value, f"{prefix}.{field}" if prefix and field else prefix or field)
        return errors
    if isinstance(detail, list):
        errors = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                errors += field_errors(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                errors += field_errors(value, prefix)
        return errors
    return [{"field": prefix, "detail": str(detail), "code": str(getattr(detail, "code", "invalid"))}]


class NotFoundView(APIView):
    """Any path under /api/ that matches no endpoint: a problem, not the HTML 404 page."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    schema = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
