"""`Idempotency-Key` on POST: a retried request does its work once (DESIGN.md 8).

The first request with a key claims it in its own committed row; the work runs; a success
stores the status and the id of the object concerned, a failure releases the key. A retry
with the same key and the same body is answered from the object as it is now, through the
view's own gate (for a detail action that creates another object, through the view's
`replay_<action>`), so no copy of a response (and no personal data in it) is kept. The same
key with another body is refused, and so is a retry while the first request still runs.
"""

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from .identity import caller_for
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("This Idempotency-Key was already used for a different request.")
    default_code = "idempotency_key_reused"


class KeyInUse(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("A request with this Idempotency-Key is still being processed.")
    default_code = "idempotency_key_in_use"


class _Replay(Exception):
    def __init__(self, claim: IdempotencyKey) -> None:
        self.claim = claim


class IdempotentPostMixin:
    """For DRF views: honours `Idempotency-Key` on every POST of the view.

    Actions named in `read_only_post_actions` (a search whose terms must not go in the URL) create
    nothing: a retry is harmless, so the key is ignored and nothing is stored.
    """

    _idempotency_claim: IdempotencyKey | None = None
    read_only_post_actions: frozenset[str] = frozenset()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self._idempotency_claim = None
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or getattr(self, "action", None) in self.read_only_post_actions:
            return
        if not key or len(key) > MAX_KEY_LENGTH:
            raise exceptions.ValidationError({HEADER: [_("Send a key of 1 to 255 characters.")]})
        self._idempotency_claim = claim(request=request, key=key)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, _Replay):
            self._idempotency_claim = None
            return self._replay(exc.claim)
        return super().handle_exception(exc)  # type: ignore[misc]

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        claimed = self._idempotency_claim
        if claimed is not None:
            self._idempotency_claim = None
            if 200 <= response.status_code < 300:
                data = getattr(response, "data", None)
                object_id = data.get("id") if isinstance(data, dict) else None
                complete(claimed, status_code=response.status_code, object_id=object_id)
            else:
                release(claimed)
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]

    def _replay(self, claimed: IdempotencyKey) -> Response:
        headers = {"Idempotent-Replayed": "true"}
        # A detail action that creates another object (a note on a case) names a method
        # `replay_<action>` that reads that object again through the view's gate.
        action = getattr(self, "action", None) or "post"  # views without actions: replay_post
        replay = getattr(self, f"replay_{action}", None)
        if replay is not None and claimed.object_id:
            return Response(replay(claimed.object_id), status=claimed.status_code, headers=headers)
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", "pk")
        if claimed.object_id and hasattr(self, "get_object"):
            self.kwargs.setdefault(lookup, claimed.object_id)  # type: ignore[attr-defined]
        if hasattr(self, "get_object") and lookup in self.kwargs:  # type: ignore[attr-defined]
            instance = self.get_object()
            action = getattr(self, "action", None)
            setattr(self, "action", "retrieve")  # noqa: B010 - the representation a GET returns
            try:
                data = self.get_serializer(instance).data  # type: ignore[attr-defined]
            finally:
                setattr(self, "action", action)  # noqa: B010
            return Response(data, status=claimed.status_code, headers=headers)
        return Response(status=claimed.status_code, headers=headers)


def claim(*, request: Request, key: str) -> IdempotencyKey:
    """Claims `key` for this caller and request, in a transaction of its own.

    Raises `_Replay` when the same request already succeeded, KeyInUse while it runs and
    KeyReused for another request under the same key.
    """
    caller = caller_for(request)
    caller_key = _caller_key(request, caller)
    digest = _digest(request)
    now = timezone.now()
    with transaction.atomic():
        IdempotencyKey.objects.filter(caller=caller_key, created_at__lt=now - KEY_LIFETIME).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(caller=caller_key, key=key, request_digest=digest)
    except IntegrityError:
        pass
    existing = IdempotencyKey.objects.get(caller=caller_key, key=key)
    if existing.request_digest != digest:
        raise KeyReused()
    if existing.status_code is None:
        raise KeyInUse()
    raise _Replay(existing)


def complete(claimed: IdempotencyKey, *, status_code: int, object_id: Any) -> None:
    # In the caller's transaction, if any: rolled back with the work, it never looks done.
    IdempotencyKey.objects.filter(pk=claimed.pk).update(
        status_code=status_code, object_id=str(object_id) if object_id is not None else ""
    )


def release(claimed: IdempotencyKey) -> None:
    IdempotencyKey.objects.filter(pk=claimed.pk, status_code__isnull=True).delete()


def _caller_key(request: Request, caller: Any) -> str:
    if caller is not None and caller.client is not None and caller.membership is not None:
        # A system acting for several people: one key space per person, never shared.
        return f"client-{caller.client.pk}-user-{caller.membership.user_id}"
    if caller is not None and caller.client is not None:
        return f"client-{caller.client.pk}"
    return f"user-{request.user.pk}"


def _digest(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=_canonical, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _canonical(value: object) -> str:
    """A value the JSON encoder does not know, as it enters the digest: an uploaded file by the
    SHA-256 of its bytes. Its name alone would replay a second, different file under the same key
    as the first."""
    if isinstance(value, UploadedFile):
        content = hashlib.sha256()
        for chunk in value.chunks():
            content.update(chunk)
        value.seek(0)
        return f"file:{content.hexdigest()}"
    return str(value)
