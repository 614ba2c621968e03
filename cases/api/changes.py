"""GET /api/v1/changes/: what changed in this canton, in commit order, as ids and types.

A cantonal system keeps in sync by walking this feed instead of polling every list: each page
gives the changes after its cursor and the cursor to ask with next. It shows what the caller's
organisation may see (cases/changes.py). No read audit: the feed names objects by type and id
only, never a value of identity, counselling or investigation data; reading those stays behind
the endpoints that audit it.
"""

from typing import Any

from django.core import signing
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ksmm.api.scopes import Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.cantons.current import current_schema
from ksmm.events.models import Event

from ..changes import HEAD, ChangePage, changes_after
from .common import caller_of

DEFAULT_LIMIT = 100
MAX_LIMIT = 200


class ChangeSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="The change's id, stable across retries and pages.")
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    object_type = serializers.CharField(help_text="The type of the object, such as cases.case.")
    object_id = serializers.CharField()
    case = serializers.IntegerField(source="case_id", allow_null=True, help_text="The case it belongs to, if any.")
    occurred_at = serializers.DateTimeField()


class ChangePageSerializer(serializers.Serializer[Any]):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.CharField(help_text="Ask with this cursor next, also when there was nothing new.")
    has_more = serializers.BooleanField(help_text="Whether the next page already has changes.")


PARAMETERS = [
    OpenApiParameter(
        "cursor",
        OpenApiTypes.STR,
        description="`next_cursor` of the previous page; without it the feed starts at the beginning.",
    ),
    OpenApiParameter(
        "since", OpenApiTypes.STR, enum=["now"], description="`now`: start at the newest change (no cursor)."
    ),
    OpenApiParameter("limit", OpenApiTypes.INT, description=f"Changes per page, 1 to {MAX_LIMIT}."),
]


class ChangeFeedView(SafeWritesMixin, APIView):
    """The changes the caller may see, oldest first: cases it is party to (in the compartments
    it reads), what is addressed to its organisation, and the directory."""

    read_scopes = (Scope.CORE,)

    @extend_schema(parameters=PARAMETERS, responses=ChangePageSerializer, operation_id="changes_list")
    def get(self, request: Request) -> Response:
        caller = caller_of(request)
        position = _position(request)
        limit = _limit(request)
        directory = not caller.is_client or Scope.DIRECTORY in caller.scopes
        page = changes_after(reader=caller, directory=directory, position=position, limit=limit)
        return Response(ChangePageSerializer(_body(page)).data)


def _body(page: ChangePage) -> dict[str, Any]:
    return {"results": page.changes, "next_cursor": _cursor(page.position), "has_more": page.has_more}


def _signer() -> signing.Signer:
    # Bound to the canton: a cursor of another canton's feed is no cursor here.
    return signing.Signer(salt=f"ksmm.changes.{current_schema()}")


def _cursor(position: int) -> str:
    return _signer().sign_object(position)


def _position(request: Request) -> int:
    cursor = request.query_params.get("cursor")
    since = request.query_params.get("since")
    if cursor is not None and since is not None:
        raise exceptions.ValidationError({"since": [_("Give a cursor or since, not both.")]})
    if since is not None:
        if since != "now":
            raise exceptions.ValidationError({"since": [_("The only value is now.")]})
        return HEAD
    if cursor is None:
        return 0
    try:
        position = _signer().unsign_object(cursor)
    except (signing.BadSignature, ValueError, TypeError):
        position = None
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise exceptions.ValidationError(
            {"cursor": [_("This cursor is not valid here: use next_cursor of a page of this feed.")]}
        )
    return position


def _limit(request: Request) -> int:
    value = request.query_params.get("limit")
    if value is None:
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise exceptions.ValidationError(
            {"limit": [_("Enter a number from 1 to %(maximum)s.") % {"maximum": MAX_LIMIT}]}
        )
    return limit
