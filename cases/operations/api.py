"""The register over the API, read only: police and prosecution read every operation (the police
part with the investigation scope, each read audited); victim aid the announced part of those it
was told of; every other caller 404. Writes stay in the browser, where a person acts."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from ksmm.api.identity import Caller, caller_for
from ksmm.api.scopes import Scope
from ksmm.api.writes import SafeWritesMixin

from .access import access_operation
from .models import ANNOUNCED_FIELDS, PlannedOperation
from .policy import Side, side_of
from .queries import operations_for

POLICE_FIELDS = ("target", "address", "tactical_notes", "not_announced_reason", "cancel_reason")


class PlannedOperationSerializer(serializers.ModelSerializer[PlannedOperation]):
    """The announced part; `police` holds the police part for those who may read it, else null."""

    reference = serializers.CharField(read_only=True)
    police = serializers.SerializerMethodField()

    class Meta:
        model = PlannedOperation
        fields = ["id", "reference", *ANNOUNCED_FIELDS, "planning_organisation", "carried_out_on", "police"]
        read_only_fields = fields

    def get_police(self, operation: PlannedOperation) -> dict[str, str] | None:
        if not self.context.get("police_part"):
            return None
        return {name: getattr(operation, name) for name in POLICE_FIELDS}


class OperationViewSet(SafeWritesMixin, mixins.ListModelMixin, viewsets.GenericViewSet[PlannedOperation]):
    """Operations of the register the caller sees, latest start first (announced part only in
    the list; the detail adds the police part for police and prosecution)."""

    serializer_class = PlannedOperationSerializer
    read_scopes = (Scope.CORE,)
    ordering = ("-starts_at", "-id")

    def _caller(self) -> Caller:
        caller = caller_for(self.request)
        if caller is None or side_of(caller) == Side.NONE:
            raise exceptions.NotFound()
        return caller

    def get_queryset(self) -> QuerySet[PlannedOperation]:
        if getattr(self, "swagger_fake_view", False):
            return PlannedOperation.objects.none()
        return operations_for(membership=self._caller())

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = access_operation(reader=self._caller(), operation_id=kwargs["pk"])
        context = {**self.get_serializer_context(), "police_part": access.police_part}
        return Response(PlannedOperationSerializer(access.operation, context=context).data)
