"""`ETag` and `If-Match` against lost updates (DESIGN.md 8).

A detail answer carries an ETag computed from its representation. A change sent with
`If-Match` is applied only when the object, locked for the rest of the request, still has that
representation; otherwise 412 and nothing changes. Without `If-Match` a change goes through,
as before, so clients that don't know the header keep working.
"""

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

UNSAFE_DETAIL_METHODS = frozenset({"PUT", "PATCH", "DELETE"})


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The object was changed by someone else. Load it again, then repeat your change.")
    default_code = "precondition_failed"


def etag_of(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'


class ConditionalUpdateMixin:
    """For DRF viewsets with detail routes: ETag on reads, If-Match on changes."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.method in UNSAFE_DETAIL_METHODS and request.headers.get("If-Match"):
            # The lock taken by the check lasts until the change is written.
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        expected = request.headers.get("If-Match")
        if request.method in UNSAFE_DETAIL_METHODS and expected:
            current = self._current_etag(lock=True)
            accepted = {tag.strip() for tag in expected.split(",")}
            if "*" not in accepted and current not in accepted:
                raise PreconditionFailed()

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", "pk")
        is_detail = lookup in getattr(self, "kwargs", {})
        has_body = isinstance(getattr(response, "data", None), dict)
        if is_detail and has_body and 200 <= response.status_code < 300 and request.method != "POST":
            response["ETag"] = etag_of(response.data)
        return response

    def _current_etag(self, *, lock: bool) -> str:
        instance = self.get_object()  # type: ignore[attr-defined]
        if lock:
            type(instance).objects.select_for_update().filter(pk=instance.pk).exists()
            instance = self.get_object()  # type: ignore[attr-defined]
        action = getattr(self, "action", None)
        setattr(self, "action", "retrieve")  # noqa: B010 - the representation a GET returned
        try:
            data = self.get_serializer(instance).data  # type: ignore[attr-defined]
        finally:
            setattr(self, "action", action)  # noqa: B010
        return etag_of(data)
