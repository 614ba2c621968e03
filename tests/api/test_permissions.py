"""The role rule of the gate, on a view that asks for more than a member."""

import pytest
from django_tenants.utils import schema_context
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


class CoordinatorsOnly(APIView):
    minimum_role = Membership.Role.COORDINATOR

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


def call_as(user: User) -> Response:
    request = APIRequestFactory().get("/api/v1/coordination", HTTP_HOST="zh.localhost")
    force_authenticate(request, user=user)
    with schema_context("zh"):
        response: Response = CoordinatorsOnly.as_view()(request)
    response.render()
    return response


def test_a_member_whose_role_is_too_weak_gets_403(alice: User) -> None:
    response = call_as(alice)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("role", [Membership.Role.COORDINATOR, Membership.Role.CANTON_ADMIN])
def test_a_coordinator_or_canton_admin_passes(role: Membership.Role) -> None:
    with schema_context("zh"):
        user = MembershipFactory(role=role).user
    assert call_as(user).status_code == 200


def test_a_user_without_membership_here_gets_404(bob: User) -> None:
    assert call_as(bob).status_code == 404
