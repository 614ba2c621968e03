"""After a request or a decision the confirmation names the case, what was decided and where the
request went next, not just "The decision has been recorded"."""

import html
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from permits import permit_actions
from permits.models import PermitKind, PermitRequest
from tests.auth import sign_in
from tests.permits.conftest import Cast, World

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    user.language = "en"  # the messages are quoted in English
    user.save(update_fields=["language"])
    return sign_in(Client(HTTP_HOST="zh.localhost"), user)


def _message(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"decision": "grant", "length_days": "60", "starts_on": "02.03.2026"},
            "reflection period of 60 days granted, from 02.03.2026 to 01.05.2026",
        ),
        ({"decision": "refuse", "reasons": "Keine Hinweise"}, "reflection period refused"),
    ],
)  # fmt: skip
def test_a_reflection_decision_names_the_case_the_outcome_and_the_requester(
    world: World, cast: Cast, data: dict[str, str], expected: str
) -> None:
    response = _client(cast.mia).post(
        reverse("permits:reflection_decide", args=[world.requested.pk]), data, follow=True
    )
    page = _message(response)
    assert f"Case {world.lena.case_number}: {expected}" in page
    assert f"{cast.aid.name}, who asked for it, sees the decision" in page


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        (
            PermitKind.L,
            {"decision": "grant", "valid_from": "01.04.2026", "valid_until": "30.09.2026"},
            "granted, valid from 01.04.2026 to 30.09.2026",
        ),
        (PermitKind.B, {"decision": "grant"}, "approved by the canton and submitted to the SEM for its approval"),
        (PermitKind.L, {"decision": "refuse", "reasons": "Kein Verfahren"}, "refused"),
    ],
)  # fmt: skip
def test_a_permit_decision_says_what_was_decided_and_where_the_request_went(
    world: World, cast: Cast, kind: str, data: dict[str, str], expected: str
) -> None:
    with schema_context("zh"):
        permit = (
            world.permit
            if kind == PermitKind.L
            else permit_actions.check_request_permit(
                acting_user=cast.vera, organisation=cast.aid, case=world.lena, kind=PermitKind.B,
                addressed_to=cast.migration, requested_on=date(2026, 3, 2), expected_until=date(2026, 12, 31),
                grounds="Härtefall", hardship_criteria="Integration",
            )
        )  # fmt: skip
        label = str(PermitKind(kind).label)
    response = _client(cast.mia).post(reverse("permits:permit_decide", args=[permit.pk]), data, follow=True)
    page = _message(response)
    assert f"Case {permit.case.case_number}: {label} {expected}" in page
    with schema_context("zh"):
        permit.refresh_from_db()
    assert permit.status != PermitRequest.Status.REQUESTED


def test_a_request_names_the_office_it_went_to(world: World, cast: Cast) -> None:
    response = _client(cast.mia).get(reverse("permits:case", args=[world.rosa.pk]))
    assert response.status_code == 200
    with schema_context("zh"):
        from permits.confirmations import permit_requested, reflection_requested

        assert cast.migration.name in reflection_requested(world.requested)
        assert world.lena.case_number in reflection_requested(world.requested)
        assert cast.migration.name in permit_requested(world.permit)
