"""Sections, duties, signatories and the matrix of an agreement over the API."""

from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from roundtables.agreements.actions import check_adopt, do_create_draft
from roundtables.models import Agreement, AgreementSection, PartnerDuty, SharingRule, Signatory
from tests.auth import sign_in
from tests.factories import OrganisationFactory
from tests.queries import assert_statements

from .conftest import complete_draft

pytestmark = pytest.mark.django_db

JSON: dict[str, Any] = {"content_type": "application/json"}
ENDPOINTS = ("agreement-sections", "agreement-duties", "agreement-signatories", "sharing-rules")


def _first_ids(agreement: Agreement) -> dict[str, int]:
    with schema_context("zh"):
        return {
            "agreement-sections": agreement.sections.get(key="minors").pk,
            "agreement-duties": agreement.duties.first().pk,  # type: ignore[union-attr]
            "agreement-signatories": agreement.signatories.first().pk,  # type: ignore[union-attr]
            "sharing-rules": agreement.sharing_rules.get(organisation_type="ngo", compartment="counselling").pk,
        }


CHANGES = {
    "agreement-sections": {"text": "Neuer Text"},
    "agreement-duties": {"duties": "Neue Pflicht"},
    "agreement-signatories": {"function": "Direktorin"},
    "sharing-rules": {"can_read": True},
}


def test_a_coordinator_changes_every_part_of_a_draft(zh_client: Client, carla: User, zh_agreement: Agreement) -> None:
    ids = _first_ids(zh_agreement)
    sign_in(zh_client, carla)
    for name, change in CHANGES.items():
        response = zh_client.patch(f"/api/v1/{name}/{ids[name]}/", change, **JSON)
        assert response.status_code == 200, (name, response.content)
        assert response.json() | change == response.json()
    with schema_context("zh"):
        assert zh_agreement.sections.get(key="minors").text == "Neuer Text"
        assert SharingRule.objects.get(pk=ids["sharing-rules"]).can_read


def test_a_coordinator_adds_parts_to_a_draft(zh_client: Client, carla: User, zh_agreement: Agreement) -> None:
    with schema_context("zh"):
        organisation = OrganisationFactory(name="KESB Testhausen")
        zh_agreement.sections.filter(key="safety").delete()
    sign_in(zh_client, carla)
    bodies = {
        "agreement-sections": {"key": "safety", "heading": "Sicherheit", "text": "Text", "order": 9},
        "agreement-duties": {"organisation": organisation.pk, "duties": "Schützt Kinder"},
        "agreement-signatories": {"organisation": organisation.pk, "name": "Käthi KESB"},
    }
    for name, body in bodies.items():
        response = zh_client.post(f"/api/v1/{name}/", {"agreement": zh_agreement.pk, **body}, **JSON)
        assert response.status_code == 201, (name, response.content)
    duplicate = zh_client.post(
        "/api/v1/agreement-sections/",
        {"agreement": zh_agreement.pk, "key": "safety", "heading": "X", "text": "X"},
        **JSON,
    )
    assert duplicate.status_code == 400
    moved = zh_client.patch(
        f"/api/v1/agreement-duties/{_first_ids(zh_agreement)['agreement-duties']}/", {"agreement": 0}, **JSON
    )
    assert moved.status_code == 400


def test_an_adopted_agreement_answers_409_for_every_part(zh_client: Client, carla: User) -> None:
    with schema_context("zh"):
        agreement = check_adopt(acting_user=None, agreement=complete_draft())
        organisation = OrganisationFactory()
    ids = _first_ids(agreement)
    sign_in(zh_client, carla)
    responses = [zh_client.patch(f"/api/v1/{name}/{ids[name]}/", change, **JSON) for name, change in CHANGES.items()]
    responses += [
        zh_client.post(
            "/api/v1/agreement-duties/",
            {"agreement": agreement.pk, "organisation": organisation.pk, "duties": "X"},
            **JSON,
        ),
        zh_client.post(
            "/api/v1/agreement-sections/",
            {"agreement": agreement.pk, "key": "minors", "heading": "X", "text": "X"},
            **JSON,
        ),
        zh_client.post(
            "/api/v1/sharing-rules/",
            {"agreement": agreement.pk, "organisation_type": "ngo", "compartment": "identity", "can_read": True},
            **JSON,
        ),
    ]
    assert [response.status_code for response in responses] == [409] * len(responses)
    assert all(response["Content-Type"].startswith("application/problem+json") for response in responses)
    with schema_context("zh"):
        assert agreement.sections.get(key="minors").text == "Text of minors."


def test_a_member_reads_the_parts_but_writes_none(zh_client: Client, alice: User, zh_agreement: Agreement) -> None:
    ids = _first_ids(zh_agreement)
    sign_in(zh_client, alice)
    for name, change in CHANGES.items():
        assert zh_client.get(f"/api/v1/{name}/?agreement={zh_agreement.pk}").status_code == 200
        assert zh_client.get(f"/api/v1/{name}/{ids[name]}/").status_code == 200
        assert zh_client.patch(f"/api/v1/{name}/{ids[name]}/", change, **JSON).status_code == 403
        assert zh_client.post(f"/api/v1/{name}/", {"agreement": zh_agreement.pk}, **JSON).status_code == 403


def test_an_outsider_finds_no_part(zh_client: Client, bob: User, zh_agreement: Agreement) -> None:
    ids = _first_ids(zh_agreement)
    sign_in(zh_client, bob)
    for name, change in CHANGES.items():
        assert zh_client.get(f"/api/v1/{name}/").status_code == 404
        assert zh_client.get(f"/api/v1/{name}/{ids[name]}/").status_code == 404
        assert zh_client.patch(f"/api/v1/{name}/{ids[name]}/", change, **JSON).status_code == 404
        assert zh_client.post(f"/api/v1/{name}/", {"agreement": zh_agreement.pk}, **JSON).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_the_part_lists_cost_the_same_queries_for_1_and_50_rows(zh_client: Client, alice: User, rows: int) -> None:
    with schema_context("zh"):
        drafts = [do_create_draft(acting_user=None, title=f"T{number}") for number in range(1 + rows // 14)]
        keys = AgreementSection.Key.values
        for number in range(rows):
            draft = drafts[number // len(keys)]
            organisation = OrganisationFactory()
            AgreementSection.objects.create(agreement=draft, key=keys[number % len(keys)], heading="H", text="T")
            PartnerDuty.objects.create(agreement=draft, organisation=organisation, duties="D")
            Signatory.objects.create(agreement=draft, organisation=organisation, name=f"S{number}")
    sign_in(zh_client, alice)
    for name in ENDPOINTS:
        # session, user (host, device and membership are remembered), the page of parts
        assert_statements(zh_client, f"/api/v1/{name}/?page_size={rows}", 4, without_search_path=3, warm_up=False)
