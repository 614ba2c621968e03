import io
from datetime import date

import pypdf
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import Organisation
from permits import actions, permit_actions
from permits.models import PermitKind, ReflectionPeriod
from tests.auth import sign_in
from tests.factories import MembershipFactory, open_test_case
from tests.permits.conftest import DAY0, GROUNDS, Cast, World
from tests.queries import assert_count, captured

pytestmark = pytest.mark.django_db


def urls(world: World) -> dict[str, tuple[str, str]]:
    """Every page of the app: (method, path)."""
    return {
        "permits:queue": ("get", reverse("permits:queue")),
        "permits:reflection_decide": ("get", reverse("permits:reflection_decide", args=[world.requested.pk])),
        "permits:reflection_end": ("post", reverse("permits:reflection_end", args=[world.granted.pk])),
        "permits:permit_decide": ("get", reverse("permits:permit_decide", args=[world.permit.pk])),
        "permits:federal_decision": ("get", reverse("permits:federal_decision", args=[world.rosa.pk])),
        "permits:case": ("get", reverse("permits:case", args=[world.rosa.pk])),
        "permits:reflection_request": ("get", reverse("permits:reflection_request", args=[world.rosa.pk])),
        "permits:stay_record": ("get", reverse("permits:stay_record", args=[world.rosa.pk])),
        "permits:permit_request": ("get", reverse("permits:permit_request", args=[world.rosa.pk])),
        "permits:presence_notice": ("get", reverse("permits:presence_notice", args=[world.granted.pk])),
        "permits:permit": ("get", reverse("permits:permit", args=[world.permit.pk])),
        "permits:permit_renew": ("post", reverse("permits:permit_renew", args=[world.permit.pk])),
        "permits:permit_document_add": ("post", reverse("permits:permit_document_add", args=[world.permit.pk])),
        "permits:permit_letter": ("get", reverse("permits:permit_letter", args=[world.permit.pk])),
    }


def call(client: Client, method: str, path: str) -> int:
    return int(getattr(client, method)(path).status_code)


ROUTES = [
    "permits:queue", "permits:reflection_decide", "permits:reflection_end", "permits:permit_decide",
    "permits:federal_decision", "permits:case", "permits:reflection_request", "permits:stay_record",
    "permits:permit_request", "permits:presence_notice", "permits:permit", "permits:permit_renew",
    "permits:permit_document_add", "permits:permit_letter",
]  # fmt: skip


@pytest.mark.parametrize("name", ROUTES)
def test_a_member_of_another_canton_gets_404_on_every_page(name: str, world: World, gabi: User) -> None:
    method, path = urls(world)[name]
    client = sign_in(Client(HTTP_HOST="zh.localhost"), gabi)
    assert call(client, method, path) == 404


# Who is too weak for each page, inside a case they can see (403), or outside it (404).
WRONG_ROLE = {
    "permits:queue": ("vera", 403),
    "permits:reflection_decide": ("max", 403),
    "permits:reflection_end": ("vera", 403),
    "permits:permit_decide": ("piet", 403),
    "permits:federal_decision": ("polly", 403),
    "permits:case": ("nina", 404),
    "permits:reflection_request": ("mia", 403),
    "permits:stay_record": ("nina", 404),
    "permits:permit_request": ("mia", 403),
    "permits:presence_notice": ("vera", 403),
    "permits:permit": ("nina", 404),
    "permits:permit_renew": ("mia", 403),
    "permits:permit_document_add": ("polly", 403),
    "permits:permit_letter": ("polly", 403),
}


@pytest.mark.parametrize("name", ROUTES)
def test_a_wrong_role_or_organisation_is_refused_on_every_page(name: str, world: World, cast: Cast) -> None:
    persona, expected = WRONG_ROLE[name]
    with schema_context("zh"):
        nina = MembershipFactory(organisation__type=Organisation.Type.NGO).user
    user = nina if persona == "nina" else getattr(cast, persona)
    method, path = urls(world)[name]
    client = sign_in(Client(HTTP_HOST="zh.localhost"), user)
    assert call(client, method, path) == expected


def test_a_reviewer_of_another_migration_office_does_not_see_the_request(world: World) -> None:
    with schema_context("zh"):
        other = MembershipFactory(organisation__type=Organisation.Type.MIGRATION_OFFICE).user
    client = sign_in(Client(HTTP_HOST="zh.localhost"), other)
    assert client.get(reverse("permits:reflection_decide", args=[world.requested.pk])).status_code == 404
    assert world.lena.case_number not in client.get(reverse("permits:queue")).content.decode()


def test_the_police_see_status_and_dates_but_not_the_grounds(world: World, cast: Cast) -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost"), cast.polly)
    page = client.get(reverse("permits:case", args=[world.rosa.pk])).content.decode()
    assert world.granted.ends_on is not None
    assert world.granted.ends_on.isoformat() in page
    assert GROUNDS not in page
    assert "Gewährt nach Prüfung" not in page
    permit_page = client.get(reverse("permits:permit", args=[world.permit.pk])).content.decode()
    assert "Strafverfahren läuft" not in permit_page


def test_the_requesting_service_sees_its_grounds_and_that_no_removal_may_happen(world: World, cast: Cast) -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    with time_machine.travel(date(2026, 3, 20)):
        page = client.get(reverse("permits:case", args=[world.rosa.pk])).content.decode()
    assert GROUNDS in page
    assert "Gewährt nach Prüfung" in page
    assert "Keine Wegweisung, solange die Bedenkzeit läuft" in page or "No removal while the period runs" in page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Eine Erholungs- und Bedenkzeit dauert mindestens 30 Tage (Art. 35 VZAE)."),
        ("fr", "Un délai de rétablissement et de réflexion dure au moins 30 jours (art. 35 OASA)."),
    ],
)
def test_a_period_under_30_days_is_refused_with_a_message_in_the_users_language(
    world: World, cast: Cast, language: str, message: str
) -> None:
    User.objects.filter(pk=cast.mia.pk).update(language=language)
    client = sign_in(Client(HTTP_HOST="zh.localhost"), User.objects.get(pk=cast.mia.pk))
    response = client.post(
        reverse("permits:reflection_decide", args=[world.requested.pk]), {"decision": "grant", "length_days": "29"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    with schema_context("zh"):
        world.requested.refresh_from_db()
        assert world.requested.status == ReflectionPeriod.Status.REQUESTED


def test_the_migration_office_grants_from_the_queue_and_the_decision_is_audited(world: World, cast: Cast) -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost"), cast.mia)
    assert world.lena.case_number in client.get(reverse("permits:queue")).content.decode()
    response = client.post(
        reverse("permits:reflection_decide", args=[world.requested.pk]), {"decision": "grant", "length_days": "60"}
    )
    assert response.status_code == 302
    with schema_context("zh"):
        world.requested.refresh_from_db()
        assert world.requested.status == ReflectionPeriod.Status.GRANTED
        assert world.requested.length_days == 60
        assert AuditEntry.objects.filter(
            object_type="permits.reflectionperiod", object_id=str(world.requested.pk), purpose__contains="granted"
        ).exists()
        assert Deadline.objects.filter(case=world.lena, rule_key=RuleKey.ART36_NOTICE, status="open").exists()


def test_the_queue_lists_the_most_urgent_first_and_filters(world: World, cast: Cast) -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost"), cast.mia)
    page = client.get(reverse("permits:queue")).content.decode()
    # Rosa's permit request has a deadline (its period's end), Lena's request none yet.
    assert page.index(world.rosa.case_number) < page.index(world.lena.case_number)
    only_l = client.get(reverse("permits:queue"), {"kind": "L"}).content.decode()
    assert world.lena.case_number not in only_l and world.rosa.case_number in only_l


def make_requests(cast: Cast, count: int) -> None:
    with schema_context("zh"):
        for number in range(count):
            case = open_test_case(organisation=cast.aid, pseudonym=f"P{number}", opened_on=DAY0)
            actions.check_request_reflection_period(
                acting_user=None, organisation=cast.aid, case=case, addressed_to=cast.migration, requested_on=DAY0
            )
            permit_actions.check_request_permit(
                acting_user=None, organisation=cast.aid, case=case, kind=PermitKind.L, addressed_to=cast.migration,
                requested_on=DAY0, expected_until=date(2026, 12, 31),
            )  # fmt: skip


@pytest.mark.parametrize("count", [1, 50])
def test_the_review_queue_pins_its_query_count(count: int, cast: Cast) -> None:
    make_requests(cast, count)
    client = sign_in(Client(HTTP_HOST="zh.localhost"), cast.mia)
    assert client.get(reverse("permits:queue")).status_code == 200  # warms the permission cache
    with captured() as statements:
        response = client.get(reverse("permits:queue"))
    assert len(response.context["items"]) == 2 * count
    assert_count(statements, QUEUE_QUERIES, without_search_path=5)


QUEUE_QUERIES = 6


def test_the_request_letter_is_in_the_cantons_language_and_names_no_person(world: World, cast: Cast) -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    response = client.get(reverse("permits:permit_letter", args=[world.permit.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Gesuch um eine Kurzaufenthaltsbewilligung L" in text
    assert world.rosa.case_number in text
    assert "eCH-0006-Code 0702" in text
    assert "Strafverfahren läuft" in text  # the requester's own grounds
    assert "Rosa" not in text.replace(world.rosa.case_number, "")
    assert "Vera" not in text
    with schema_context("zh"):
        assert AuditEntry.objects.filter(action="print", object_id=str(world.permit.pk)).exists()
    connection.set_schema_to_public()


def test_a_stay_past_three_months_shows_that_a_permit_request_is_due(cast: Cast, rosa: Case) -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    response = client.post(
        reverse("permits:stay_record", args=[rosa.pk]),
        {"basis": "suspended_removal", "starts_on": "2026-01-05", "expected_until": "2026-12-31"},
    )
    assert response.status_code == 302
    page = client.get(reverse("permits:case", args=[rosa.pk])).content.decode()
    assert "ein Bewilligungsgesuch ist fällig" in page or "a permit request is due" in page
