"""GET /api/v1/me: who the API sees, for a person or for a cantonal system."""

from typing import Any

from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ksmm.api.identity import Caller, caller_for
from ksmm.api.writes import SafeWritesMixin
from ksmm.cantons.models import Canton
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation


class MeOrganisationSerializer(serializers.Serializer[Organisation]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=Organisation.Type.choices)


class MePersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField(help_text="The interface language: the person's choice, else the canton's.")
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MeClientSerializer(serializers.Serializer[Any]):
    client_id = serializers.CharField()
    name = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["person", "client", "delegated"])
    canton = serializers.CharField(help_text="Abbreviation of the canton of this host, such as ZH.")
    organisation = MeOrganisationSerializer()
    person = MePersonSerializer(allow_null=True, help_text="Set when a person calls.")
    client = MeClientSerializer(allow_null=True, help_text="Set when a cantonal system calls.")


class MeView(SafeWritesMixin, APIView):
    read_scopes = ()  # every client may ask who it is

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        caller = caller_for(request)
        assert caller is not None  # noqa: S101 - the permission class let only callers through
        return Response(MeSerializer(me(caller, user=request.user, canton=current_canton())).data)


def current_canton() -> Canton:
    canton = connection.tenant  # type: ignore[attr-defined]  # set by django-tenants
    assert isinstance(canton, Canton)  # noqa: S101 - API views run on canton hosts only
    return canton


def me(caller: Caller, *, user: Any, canton: Canton) -> dict[str, Any]:
    """The body of /me; `user` is the request's user (anonymous for a client)."""
    person = None
    if caller.membership is not None:
        person = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language or canton.default_language,
            "role": caller.membership.role,
        }
    client = None
    if caller.client is not None:
        application = caller.client.application
        client = {"client_id": application.client_id, "name": application.name, "scopes": sorted(caller.scopes)}
    return {
        "kind": "delegated" if caller.is_delegated else "client" if caller.is_client else "person",
        "canton": canton.code,
        "organisation": caller.organisation,
        "person": person,
        "client": client,
    }
