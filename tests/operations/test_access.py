"""Who sees which part of the register and who may do what: every route for every persona."""

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.operations.models import PlannedOperation
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry

from .conftest import ADDRESS, MUNICIPALITY, POLICE_ONLY, Cast, client_for, plan

pytestmark = pytest.mark.django_db

PEOPLE = ("polly", "paul", "piet", "vera", "nora", "vicky", "mia", "karl", "gabi")
MANAGE = {"polly": 200, "paul": 403, "piet": 403, "vera": 403, "nora": 403}
# The answer a GET (the answer route: a POST without data) gets; absent: 404.
EXPECTED: dict[str, dict[str, int]] = {
    "list": {"polly": 200, "paul": 200, "piet": 200, "vera": 200, "nora": 200, "vicky": 200},
    "create": {"polly": 200, "paul": 200, "piet": 403, "vera": 403, "nora": 403, "vicky": 403},
    "detail": {"polly": 200, "paul": 200, "piet": 200, "vera": 200, "nora": 200},
    "edit": MANAGE,
    "announce": MANAGE,
    "cancel": MANAGE,
    "carried_out": MANAGE,
    "answer": {"polly": 403, "paul": 403, "piet": 403, "vera": 400, "nora": 400},
}


def person(cast: Cast, gabi: User, key: str) -> User:
    return gabi if key == "gabi" else getattr(cast, key)  # type: ignore[no-any-return]


def url_of(route: str, operation: PlannedOperation) -> str:
    if route in {"list", "create"}:
        return reverse(f"operations:{route}")
    return reverse(f"operations:{route}", args=[operation.pk])


@pytest.mark.parametrize("route", EXPECTED)
def test_each_route_answers_each_person_as_the_policy_says(
    cast: Cast, raid: PlannedOperation, gabi: User, route: str
) -> None:
    for key in PEOPLE:
        client = client_for(person(cast, gabi, key))
        url = url_of(route, raid)
        expected = EXPECTED[route].get(key, 404)
        response = client.post(url, {}) if route == "answer" else client.get(url)
        assert response.status_code == expected, (route, key, response.status_code)
        if route != "list" and expected in {403, 404}:
            # A refused write changes nothing.
            assert client.post(url, {"reason": "x", "carried_out_on": "01.01.2026"}).status_code == expected, key
    with schema_context("zh"):
        raid.refresh_from_db()
        assert raid.status == PlannedOperation.Status.ANNOUNCED


def test_police_and_prosecution_read_the_police_part_and_each_read_is_audited(
    cast: Cast, raid: PlannedOperation
) -> None:
    for user in (cast.polly, cast.paul, cast.piet):
        page = client_for(user).get(reverse("operations:detail", args=[raid.pk])).content.decode()
        assert all(text in page for text in POLICE_ONLY)
        with schema_context("zh"):
            entry = AuditEntry.objects.filter(
                object_type="operations.plannedoperation", object_id=str(raid.pk), actor_user_id=user.pk, action="read"
            ).get()
            assert entry.compartment == "investigation"


def test_victim_aid_told_sees_the_announced_part_only_and_no_other_organisation(
    cast: Cast, raid: PlannedOperation
) -> None:
    page = client_for(cast.vera).get(reverse("operations:detail", args=[raid.pk])).content.decode()
    assert MUNICIPALITY in page and "Romanian, Hungarian" in page and "+41 44 000 00 00" in page
    assert not any(text in page for text in POLICE_ONLY)
    assert "FIZ Einsatz" not in page  # the other organisation told is not this one's business
    with schema_context("zh"):
        assert not AuditEntry.objects.filter(actor_user_id=cast.vera.pk, action="read").exists()


def test_victim_aid_not_told_learns_nothing_and_the_attempt_is_recorded(cast: Cast, raid: PlannedOperation) -> None:
    client = client_for(cast.vicky)
    assert client.get(reverse("operations:detail", args=[raid.pk])).status_code == 404
    listing = client.get(reverse("operations:list")).content.decode()
    assert raid.reference not in listing and MUNICIPALITY not in listing
    with schema_context("zh"):
        assert AuditEntry.objects.filter(
            actor_user_id=cast.vicky.pk, action="access_denied", object_id=str(raid.pk)
        ).exists()


def test_an_operation_not_yet_announced_is_hidden_from_every_aid_service(cast: Cast) -> None:
    with schema_context("zh"):
        operation = plan(cast)
    for user in (cast.vera, cast.nora, cast.vicky):
        assert client_for(user).get(reverse("operations:detail", args=[operation.pk])).status_code == 404
    assert client_for(cast.piet).get(reverse("operations:detail", args=[operation.pk])).status_code == 200


def test_the_list_shows_police_every_operation_and_aid_the_ones_it_was_told_of(
    cast: Cast, raid: PlannedOperation
) -> None:
    with schema_context("zh"):
        quiet = plan(cast, municipality="Winterthur")
    police = client_for(cast.paul).get(reverse("operations:list")).content.decode()
    assert raid.reference in police and quiet.reference in police
    aid = client_for(cast.vera).get(reverse("operations:list")).content.decode()
    assert raid.reference in aid and quiet.reference not in aid and "Winterthur" not in aid
    assert ADDRESS not in police  # the list shows the announced part only


def test_the_main_navigation_links_the_register_for_its_readers_only(cast: Cast) -> None:
    link = f'href="{reverse("operations:list")}"'
    assert link in client_for(cast.vera).get(reverse("work:mine")).content.decode()
    assert link in client_for(cast.piet).get(reverse("work:mine")).content.decode()
    assert link not in client_for(cast.mia).get(reverse("work:mine")).content.decode()
