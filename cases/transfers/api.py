"""/api/v1/transfers/: transfers of the caller's cases to other cantons and those coming in.

One shape for both sides, keyed by the public transfer id that the two cantons share. POST asks
for a transfer (sending canton); accept and decline answer one (receiving canton). Writes are
made by people (the case's `cases:write` scope), as for referrals.
"""

from datetime import datetime
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases.access import access_case
from cases.api.common import caller_of, person_of
from cases.api.serializers import DeclineSerializer
from cases.models import CounsellingPart
from ksmm.api.scopes import PEOPLE_ONLY, Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.cantons.current import current_canton_code
from ksmm.compartments import Compartment
from ksmm.transfers.models import Transfer

from .actions import TransferRefused, check_accept_transfer, check_decline_transfer, check_request_transfer
from .models import IncomingTransfer, TransferRequest
from .queries import access_incoming, incoming_for, requests_for


class TransferSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text="The transfer's id, the same in both cantons.")
    direction = serializers.ChoiceField(choices=["outgoing", "incoming"], read_only=True)
    sending_canton = serializers.CharField(read_only=True)
    receiving_canton = serializers.CharField(read_only=True)
    case = serializers.IntegerField(read_only=True, allow_null=True, help_text="The case in this canton, if any.")
    other_case_number = serializers.CharField(read_only=True, help_text="The case number in the other canton.")
    organisation = serializers.CharField(read_only=True, help_text="The receiving organisation.")
    compartments = serializers.ListField(child=serializers.ChoiceField(choices=Compartment.choices), read_only=True)
    counselling_parts = serializers.ListField(
        child=serializers.ChoiceField(choices=CounsellingPart.choices), read_only=True
    )
    status = serializers.ChoiceField(choices=Transfer.Status.choices, read_only=True)
    decline_reason = serializers.CharField(read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)


class TransferRequestSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField()
    receiving_canton = serializers.RegexField(r"^[A-Z]{2}$", max_length=2)
    receiving_organisation = serializers.IntegerField(min_value=1, help_text="An id of the other canton's directory.")
    reason = serializers.CharField(max_length=2000)
    compartments = serializers.ListField(child=serializers.ChoiceField(choices=Compartment.choices), required=False)
    counselling_parts = serializers.ListField(
        child=serializers.ChoiceField(choices=CounsellingPart.choices), required=False
    )
    consent_given_on = serializers.DateField(required=False, allow_null=True)


def outgoing(row: TransferRequest) -> dict[str, Any]:
    return {
        "id": row.transfer_id, "direction": "outgoing", "sending_canton": current_canton_code(),
        "receiving_canton": row.receiving_canton, "case": row.case_id, "other_case_number": row.received_case_number,
        "organisation": row.receiving_organisation_name, "compartments": row.compartments,
        "counselling_parts": row.counselling_parts, "status": row.status, "decline_reason": row.answer_reason,
        "requested_at": row.requested_at,
    }  # fmt: skip


def incoming(row: IncomingTransfer, receiving_canton: str) -> dict[str, Any]:
    return {
        "id": row.transfer_id, "direction": "incoming", "sending_canton": row.sending_canton,
        "receiving_canton": receiving_canton, "case": row.case_id, "other_case_number": row.sender_case_number,
        "organisation": row.receiving_organisation.name, "compartments": row.compartments,
        "counselling_parts": row.counselling_parts, "status": row.status, "decline_reason": row.decline_reason,
        "requested_at": row.requested_at,
    }  # fmt: skip


class TransferViewSet(SafeWritesMixin, viewsets.GenericViewSet[Any]):
    """Transfers between cantons the caller's organisation sends or answers."""

    queryset = TransferRequest.objects.none()  # for the schema: the id is the transfer's
    serializer_class = TransferSerializer
    pagination_class = None  # a handful per organisation: sent and incoming, newest first
    read_scopes = (Scope.CORE,)
    write_scopes = PEOPLE_ONLY  # no write scope covers transfers: people only

    def _transfer_id(self) -> int:
        """The id in the path, or 404 for anything that cannot be one (the same as missing)."""
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError):
            raise Http404 from None
        if not 0 < pk < 2**63:
            raise Http404
        return pk

    def get_object(self) -> dict[str, Any]:
        caller = caller_of(self.request)
        pk = self._transfer_id()
        sent = requests_for(membership=caller).filter(transfer_id=pk).first()
        if sent is not None:
            return outgoing(sent)
        found = incoming_for(membership=caller).filter(transfer_id=pk).first()
        if found is None:
            raise Http404
        return incoming(found, current_canton_code())

    def list(self, request: Request) -> Response:
        caller = caller_of(request)
        canton = current_canton_code()
        rows = [outgoing(row) for row in requests_for(membership=caller)]
        rows += [incoming(row, canton) for row in incoming_for(membership=caller)]
        rows.sort(key=lambda row: (row["requested_at"] or datetime.min, row["id"]), reverse=True)
        return Response(TransferSerializer(rows, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(TransferSerializer(self.get_object()).data)

    @extend_schema(request=TransferRequestSerializer, responses={201: TransferSerializer})
    def create(self, request: Request) -> Response:
        acting_user = person_of(request)
        body = TransferRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        caller = caller_of(request)
        case = access_case(membership=caller, case_id=data["case"], request=request).case
        try:
            sent = check_request_transfer(
                acting_user=acting_user, membership=caller, case=case, receiving_canton=data["receiving_canton"],
                receiving_organisation_id=data["receiving_organisation"], reason=data["reason"],
                compartments=data.get("compartments", []), counselling_parts=data.get("counselling_parts", []),
                consent_given_on=data.get("consent_given_on"), request=request,
            )  # fmt: skip
        except TransferRefused as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(TransferSerializer(outgoing(sent)).data, status=status.HTTP_201_CREATED)

    def _answer(self, request: Request, step: str) -> Response:
        acting_user = person_of(request)
        caller = caller_of(request)
        found = incoming_for(membership=caller).filter(transfer_id=self._transfer_id()).first()
        if found is None:
            raise Http404
        found = access_incoming(membership=caller, incoming_id=found.pk)
        try:
            if step == "accept":
                check_accept_transfer(acting_user=acting_user, membership=caller, incoming=found, request=request)
            else:
                reason = DeclineSerializer(data=request.data)
                reason.is_valid(raise_exception=True)
                check_decline_transfer(acting_user=acting_user, membership=caller, incoming=found,
                                       reason=reason.validated_data["reason"], request=request)  # fmt: skip
        except TransferRefused as error:
            raise serializers.ValidationError(str(error)) from error
        found.refresh_from_db()
        return Response(TransferSerializer(incoming(found, current_canton_code())).data)

    @extend_schema(request=None, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._answer(request, "accept")

    @extend_schema(request=DeclineSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._answer(request, "decline")
