"""/api/v1/referrals/: request, accept, decline, finish and revoke a referral."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ksmm.api.scopes import PEOPLE_ONLY, Scope
from ksmm.api.writes import SafeWritesMixin

from ..access import access_case
from ..models import (
    Referral,
)
from ..referrals import (
    ReferralRefused,
    access_referral,
    check_accept_referral,
    check_decline_referral,
    check_finish_referral,
    check_request_referral,
    check_revoke_referral,
    referrals_for,
)
from .common import caller_of, person_of
from .serializers import DeclineSerializer, ReferralSerializer


class ReferralViewSet(SafeWritesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Referral]):
    """Hand-offs sent or received by the caller's organisation."""

    queryset = Referral.objects.none()  # for the schema; get_queryset filters by the caller
    serializer_class = ReferralSerializer
    ordering = "-id"

    read_scopes = (Scope.CORE,)
    write_scopes = PEOPLE_ONLY  # no write scope covers referrals: people only

    def get_queryset(self) -> QuerySet[Referral]:
        return referrals_for(membership=caller_of(self.request)).prefetch_related("dispatches")

    def get_object(self) -> Referral:
        return access_referral(membership=caller_of(self.request), referral_id=self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        acting_user = person_of(request)
        serializer = ReferralSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = access_case(membership=caller_of(request), case_id=data["case_id"], request=request).case
        try:
            referral = check_request_referral(
                acting_user=acting_user,
                membership=caller_of(request),
                case=case,
                recipient=data["to_organisation"],
                compartments=data.get("compartments", []),
                message=data.get("message", ""),
                request=request,
            )
        except ReferralRefused as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    def _step(self, request: Request, step: str) -> Response:
        acting_user = person_of(request)
        referral = self.get_object()
        caller = caller_of(request)
        try:
            if step == "accept":
                check_accept_referral(acting_user=acting_user, membership=caller, referral=referral, request=request)
            elif step == "done":
                check_finish_referral(acting_user=acting_user, membership=caller, referral=referral, request=request)
            elif step == "revoke":
                check_revoke_referral(acting_user=acting_user, membership=caller, referral=referral, request=request)
            else:
                serializer = DeclineSerializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                check_decline_referral(
                    acting_user=acting_user, membership=caller, referral=referral,
                    reason=serializer.validated_data["reason"], request=request,
                )  # fmt: skip
        except ReferralRefused as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(ReferralSerializer(referral).data)

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._step(request, "accept")

    @extend_schema(request=DeclineSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._step(request, "decline")

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str) -> Response:
        return self._step(request, "done")

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        return self._step(request, "revoke")
