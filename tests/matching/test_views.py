"""Where the signal shows: the identity page, intake and the API for readers of the identity
compartment; the coordinators' contact page; the rate limit and the audit of every lookup."""

import pytest
from django.test import Client, override_settings
from django_tenants.utils import schema_context

from ksmm.audit.models import AuditEntry
from ksmm.matching.actions import PURPOSE
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

from .conftest import GE_COORDINATION, GE_EMAIL, GE_PHONE, People, save

pytestmark = pytest.mark.django_db

ZOE = {"first_name": "Zoë", "official_name": "Marker-Quux", "date_of_birth": "1991-07-08"}
FORM = {"official_name": "Marker-Quux", "first_name": "Zoë", "sex": "2", "date_of_birth": "08.07.1991"}
INTAKE = {
    "pseudonym": "Amira", "opened_on": "2026-03-02", "source": "hotline", "exploitation_type": "labour",
    "place_of_exploitation": "abroad",
}  # fmt: skip


def _client(canton: str, user: object) -> Client:
    return sign_in(canton_client(canton), user)  # type: ignore[arg-type]


def test_the_identity_page_names_the_canton_and_its_coordination_only(people: People) -> None:
    save("ge", people.lea, **ZOE)
    response = _client("zh", people.polly).post(f"/cases/{people.rosa.pk}/identity/", FORM, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A possible match is known in the canton of Geneva" in page
    assert GE_COORDINATION in page and GE_PHONE in page and GE_EMAIL in page
    assert people.lea.case_number not in page and "Léa" not in page


def test_a_page_view_looks_nothing_up(people: People) -> None:
    save("ge", people.lea, **ZOE)
    save("zh", people.rosa, user=people.polly, **ZOE)
    client = _client("zh", people.polly)
    with schema_context("zh"):
        before = AuditEntry.objects.filter(purpose=PURPOSE).count()
    for _ in range(3):
        assert client.get(f"/cases/{people.rosa.pk}/identity/").status_code == 200
    with schema_context("zh"):
        assert AuditEntry.objects.filter(purpose=PURPOSE).count() == before


def test_the_identity_page_of_another_canton_is_not_found(people: People) -> None:
    save("ge", people.lea, **ZOE)
    save("zh", people.rosa, **ZOE)
    assert _client("ge", people.bob).get(f"/cases/{people.rosa.pk}/identity/").status_code == 404
    assert _client("zh", people.bob).get(f"/cases/{people.rosa.pk}/identity/").status_code == 404


def test_a_reader_without_identity_access_sees_no_signal(people: People) -> None:
    save("ge", people.lea, **ZOE)
    save("zh", people.rosa, **ZOE)
    client = _client("zh", people.karl)
    assert client.get(f"/cases/{people.rosa.pk}/identity/").status_code == 404
    page = client.get(f"/cases/{people.rosa.pk}/").content.decode()
    assert "Geneva" not in page and GE_COORDINATION not in page


def test_intake_tells_the_intake_reader_of_a_match(people: People) -> None:
    save("ge", people.lea, **ZOE)
    form = {**INTAKE, "opened_on": "02.03.2026", **FORM}
    response = _client("zh", people.polly).post("/cases/new/", form, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A possible match is known in the canton of Geneva" in page and GE_PHONE in page


def test_the_api_intake_names_the_canton_and_its_coordination(people: People) -> None:
    save("ge", people.lea, **ZOE)
    response = _client("zh", people.polly).post("/api/v1/cases/", {**INTAKE, **ZOE}, content_type="application/json")
    assert response.status_code == 201, response.content
    (match,) = response.json()["possible_matches_elsewhere"]
    assert match == {
        "code": "ge", "canton": "Geneva", "organisation": GE_COORDINATION, "phone": GE_PHONE, "email": GE_EMAIL,
    }  # fmt: skip


@override_settings(KSMM_MATCH_LOOKUPS_PER_HOUR=2)
def test_lookups_are_limited_per_person_with_a_clear_error(people: People) -> None:
    client = _client("zh", people.polly)
    url = f"/cases/{people.rosa.pk}/identity/"
    for day in ("01", "02"):
        assert client.post(url, {**FORM, "date_of_birth": f"{day}.07.1991"}).status_code == 302
    response = client.post(url, {**FORM, "date_of_birth": "03.07.1991"})
    assert response.status_code == 429
    assert "Too many identities were checked against other cantons" in response.content.decode()
    api = client.put(
        f"/api/v1/cases/{people.rosa.pk}/identity/",
        {**ZOE, "date_of_birth": "1991-07-04", "aliases": [], "identifiers": []},
        content_type="application/json",
    )
    assert api.status_code == 429
    assert api["Content-Type"] == "application/problem+json"
    assert "Too many identities" in api.json()["detail"]
    # Nothing of the refused saves was stored; a save without a full date looks nothing up.
    assert client.post(url, {**FORM, "date_of_birth": "1991"}).status_code == 302


def test_every_lookup_is_recorded_in_the_canton_and_the_public_chain(people: People) -> None:
    save("zh", people.rosa, user=people.polly, **ZOE)
    # Filtered by the actor too: other tests commit lookups to the shared test database.
    with schema_context("zh"):
        (entry,) = AuditEntry.objects.filter(purpose=PURPOSE, actor_user_id=people.polly.pk)
        assert (entry.actor_user_id, entry.object_type, entry.object_id) == (
            people.polly.pk, "cases.case", str(people.rosa.pk)
        )  # fmt: skip
        assert entry.compartment == ""
    with schema_context("public"):
        (federal,) = AuditEntry.objects.filter(purpose=PURPOSE, actor_user_id=people.polly.pk)
        assert (federal.actor_user_id, federal.object_type, federal.object_id) == (
            people.polly.pk, "matching.lookup", "zh"
        )  # fmt: skip


def test_a_coordinator_reads_the_other_cantons_contact(people: People) -> None:
    page = _client("zh", people.carla).get("/matching/ge/")
    assert page.status_code == 200
    content = page.content.decode()
    assert GE_COORDINATION in content and GE_PHONE in content and GE_EMAIL in content


def test_the_contact_page_costs_a_fixed_number_of_statements(people: People) -> None:
    assert_statements(_client("zh", people.carla), "/matching/ge/", 8)


@pytest.mark.parametrize("path", ["/matching/zh/", "/matching/xx/", "/matching/public/"])
def test_the_contact_page_knows_only_other_cantons(people: People, path: str) -> None:
    assert _client("zh", people.carla).get(path).status_code == 404


def test_a_member_who_is_no_coordinator_may_not_read_the_contact_page(people: People) -> None:
    assert _client("zh", people.polly).get("/matching/ge/").status_code == 403


def test_the_contact_page_is_not_found_for_another_cantons_people(people: People) -> None:
    assert _client("zh", people.gaston).get("/matching/ge/").status_code == 404
    assert _client("zh", people.bob).get("/matching/ge/").status_code == 404


def test_the_inbox_items_name_no_case_on_either_side(people: People) -> None:
    save("zh", people.rosa, **ZOE)
    save("ge", people.lea, **ZOE)
    zh_inbox = _client("zh", people.carla).get("/inbox/").content.decode()
    ge_inbox = _client("ge", people.gaston).get("/inbox/").content.decode()
    assert 'href="/matching/ge/">Possible match with a person known in another canton' in zh_inbox
    assert 'href="/matching/zh/">Possible match with a person known in another canton' in ge_inbox
    for inbox in (zh_inbox, ge_inbox):
        assert people.rosa.case_number not in inbox and people.lea.case_number not in inbox


def test_saving_an_unchanged_identity_looks_nothing_up_again(people: People) -> None:
    client = _client("zh", people.polly)
    url = f"/cases/{people.rosa.pk}/identity/"
    assert client.post(url, FORM).status_code == 302
    assert client.post(url, {**FORM, "nationality": "RO"}).status_code == 302
    with schema_context("zh"):
        assert AuditEntry.objects.filter(purpose=PURPOSE).count() == 1
