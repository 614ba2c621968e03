"""The minor-at-risk exception of Art. 11(3) OHG (issue 12, point 1).

The rule is written out here on its own, so that a change of cases/visibility.py has to
change this table too. Every organisation type, every counselling part and both purposes:
recording is allowed exactly where the table says so, and a row planted in the database
(bypassing the action and, for the accommodation, its constraint) opens to its recipient
exactly the allowed part on the steps page, the API and the case summary PDF, never the
confidential address.
"""

import importlib
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pypdf
import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.consents import ConsentRefused, check_record_consent
from cases.identity import IdentityData, do_save_identity
from cases.models import Case, Consent, CounsellingPart
from cases.notes import do_add_counselling_entry
from cases.policy import readable_filter
from cases.steps.actions import do_save_step
from cases.steps.models import Accommodation, BestInterestsAssessment
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.cases.conftest import Cast
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

Type = Organisation.Type
Part = CounsellingPart
KESB = "kesb_notification"
COMPLAINT = "criminal_complaint"
RULE = {
    KESB: ({Type.KESB}, {Part.NOTES, Part.MEDICAL, Part.PSYCHOSOCIAL}),
    COMPLAINT: ({Type.CANTONAL_POLICE, Type.CITY_POLICE, Type.PUBLIC_PROSECUTOR}, {Part.NOTES, Part.MEDICAL}),
}
EVERY_CASE = [
    pytest.param(kind, part, purpose, id=f"{kind}-{part}-{purpose}")
    for kind in Type.values
    for part in Part.values
    for purpose in RULE
]
MARKERS = {part: f"Q{part}mark" for part in Part.values}
SHELTER = "Qshelteraddressmark"
CHILD_NAME = "Qchildnamemark"


def allowed(kind: str, part: str, purpose: str) -> bool:
    recipients, parts = RULE[purpose]
    return kind in recipients and part in parts


def expected_parts(kind: str, part: str, purpose: str) -> set[str]:
    """A victim-aid party reads the whole compartment through its own grant; anyone else reads
    the planted part only where the rule allows it."""
    if kind == Type.VICTIM_AID:
        return set(Part.values)
    return {part} if allowed(kind, part, purpose) else set()


@pytest.fixture
def child(cast: Cast, rosa: Case) -> Case:
    """Rosa as a presumed minor, with a marked counselling entry of every part, a shelter and a
    best-interests assessment."""
    with schema_context("zh"):
        do_save_identity(acting_user=None, case=rosa, data=IdentityData(official_name=CHILD_NAME, first_name="Ana"))
        Case.objects.filter(pk=rosa.pk).update(is_minor=True)
        rosa.refresh_from_db()
        for part, marker in MARKERS.items():
            do_add_counselling_entry(
                acting_user=None, organisation=cast.aid, case=rosa, part=part, occurred_on=rosa.opened_on,
                text=marker, confidential_address=SHELTER if part == Part.ACCOMMODATION else "",
            )  # fmt: skip
        for step in (
            Accommodation(case=rosa, kind=Accommodation.Kind.SHELTER, address=SHELTER, starts_on=rosa.opened_on,
                          note=MARKERS[Part.ACCOMMODATION]),
            BestInterestsAssessment(case=rosa, assessed_on=rosa.opened_on, assessment=MARKERS[Part.NOTES]),
        ):  # fmt: skip
            do_save_step(acting_user=None, organisation=cast.aid, step=step)
        return rosa


@dataclass
class Recipient:
    organisation: Organisation
    membership: Membership
    client: Client


def recipient_of(kind: str, case: Case) -> Recipient:
    with schema_context("zh"):
        organisation = OrganisationFactory(name=f"Empfänger {kind}", type=kind)
        do_add_party(acting_user=None, case=case, organisation=organisation)
        membership = MembershipFactory(organisation=organisation, user__language="en")
    return Recipient(organisation, membership, sign_in(Client(HTTP_HOST="zh.localhost"), membership.user))


def plant(*, case: Case, cast: Cast, recipient: Organisation, purpose: str, scope: list[str]) -> Consent:
    """An exception row written past the action, as a bad row from before the rule (or raw SQL)
    would be; the accommodation constraint is dropped inside the test's transaction for it."""
    with schema_context("zh"):
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks before the ALTER
            cursor.execute("ALTER TABLE cases_consent DROP CONSTRAINT IF EXISTS consent_exception_never_accommodation")
        return Consent.objects.create(
            case=case, basis=Consent.Basis.MINOR_AT_RISK, exception_purpose=purpose, purpose="Gefährdung",
            recipient_organisation=recipient, scope=scope, given_on=case.opened_on, justification="Gefahr",
            recorded_by_organisation=cast.aid,
        )  # fmt: skip


def _body(client: Client, path: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in {200, 404}, (path, response.status_code)
    return response.content.decode() if response.status_code == 200 else ""


def _pdf(client: Client, case: Case) -> str:
    response = client.get(f"/cases/{case.pk}/summary.pdf")
    assert response.status_code == 200
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def _found(text: str) -> set[str]:
    return {part for part, marker in MARKERS.items() if marker in text}


@pytest.mark.parametrize(("kind", "part", "purpose"), EVERY_CASE)
def test_the_exception_is_recorded_exactly_when_the_rule_allows_the_recipient_and_the_part(
    cast: Cast, child: Case, kind: str, part: str, purpose: str
) -> None:
    recipient = recipient_of(kind, child)
    with schema_context("zh"):
        record = {
            "acting_user": cast.vera, "membership": cast.membership(cast.vera), "case": child,
            "recipient": recipient.organisation, "purpose": "Schutz des Kindes", "scope": [part],
            "basis": Consent.Basis.MINOR_AT_RISK, "exception_purpose": purpose, "justification": "Akute Gefahr",
        }  # fmt: skip
        if allowed(kind, part, purpose):
            consent = check_record_consent(**record)
            assert (consent.exception_purpose, consent.scope) == (purpose, [part])
        else:
            with pytest.raises(ConsentRefused):
                check_record_consent(**record)
            assert not Consent.objects.filter(case=child).exists()


@pytest.mark.parametrize(("kind", "part", "purpose"), EVERY_CASE)
def test_a_planted_exception_opens_exactly_the_allowed_part_on_pages_api_and_pdf(
    cast: Cast, child: Case, kind: str, part: str, purpose: str
) -> None:
    recipient = recipient_of(kind, child)
    plant(case=child, cast=cast, recipient=recipient.organisation, purpose=purpose, scope=[part])
    expected = expected_parts(kind, part, purpose)
    client = recipient.client
    steps_page = _body(client, f"/cases/{child.pk}/steps/")
    api = _body(client, f"/api/v1/cases/{child.pk}/counselling-notes/")
    shelter_api = _body(client, f"/api/v1/cases/{child.pk}/accommodation/")
    pdf = _pdf(client, child)
    # The steps page carries the shelter (accommodation) and the best-interests assessment (notes).
    assert _found(steps_page) == expected & {Part.ACCOMMODATION, Part.NOTES}
    assert _found(api) == expected
    assert _found(shelter_api) == expected & {Part.ACCOMMODATION}
    assert _found(pdf) == expected
    for body in (steps_page, shelter_api):
        assert (SHELTER in body) == (Part.ACCOMMODATION in expected)
    if Part.ACCOMMODATION not in expected:
        assert not any(SHELTER in body for body in (api, pdf))
    with schema_context("zh"):
        counselling = readable_filter(membership=recipient.membership, compartment=Compartment.COUNSELLING)
        assert Case.objects.filter(counselling, pk=child.pk).exists() == bool(expected)


@pytest.mark.parametrize("kind", [Type.MIGRATION_OFFICE, Type.KESB, Type.CANTONAL_POLICE])
def test_a_planted_exception_for_everything_never_shows_the_shelter_outside_victim_aid(
    cast: Cast, child: Case, kind: str
) -> None:
    recipient = recipient_of(kind, child)
    for purpose in RULE:
        plant(case=child, cast=cast, recipient=recipient.organisation, purpose=purpose, scope=list(Part.values))
    bodies = [
        _body(recipient.client, f"/cases/{child.pk}/steps/"),
        _body(recipient.client, f"/api/v1/cases/{child.pk}/counselling-notes/"),
        _body(recipient.client, f"/api/v1/cases/{child.pk}/accommodation/"),
        _body(recipient.client, f"/cases/{child.pk}/counselling/"),
        _pdf(recipient.client, child),
    ]
    union = set().union(*(RULE[purpose][1] for purpose in RULE if kind in RULE[purpose][0]))
    assert _found("".join(bodies)) == union
    assert not any(SHELTER in body for body in bodies)


def test_the_database_refuses_an_exception_without_purpose_or_with_the_accommodation(cast: Cast, child: Case) -> None:
    with schema_context("zh"):
        row: dict[str, Any] = {
            "case": child, "basis": Consent.Basis.MINOR_AT_RISK, "purpose": "Gefährdung",
            "recipient_organisation": cast.police, "given_on": child.opened_on, "recorded_by_organisation": cast.aid,
        }  # fmt: skip
        for bad in (
            {"exception_purpose": "", "scope": [Part.NOTES]},
            {"exception_purpose": COMPLAINT, "scope": [Part.NOTES, Part.ACCOMMODATION]},
            {"exception_purpose": "residence_permit", "scope": [Part.NOTES]},
            {"basis": Consent.Basis.CONSENT, "exception_purpose": COMPLAINT, "scope": [Part.NOTES]},
        ):
            with pytest.raises(IntegrityError), transaction.atomic():
                Consent.objects.create(**{**row, **bad})
        Consent.objects.create(**row, exception_purpose=COMPLAINT, scope=[Part.NOTES])


def test_the_exception_needs_its_purpose(cast: Cast, child: Case) -> None:
    with schema_context("zh"), pytest.raises(ConsentRefused, match="purpose of the exception"):
        check_record_consent(
            acting_user=cast.vera, membership=cast.membership(cast.vera), case=child, recipient=cast.police,
            purpose="Anzeige", scope=[Part.NOTES], basis=Consent.Basis.MINOR_AT_RISK, justification="Akute Gefahr",
        )  # fmt: skip


def test_the_victim_aid_leads_find_the_exception_in_their_inbox_without_a_name(cast: Cast, child: Case) -> None:
    with schema_context("zh"):
        lead = MembershipFactory(organisation=cast.aid, role=Membership.Role.LEAD, user__language="de").user
        police_lead = MembershipFactory(organisation=cast.police, role=Membership.Role.LEAD).user
    vera = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    response = vera.post(
        f"/cases/{child.pk}/consents/",
        {"basis": "minor_at_risk", "exception_purpose": COMPLAINT, "recipient": cast.police.pk,
         "purpose": "Strafanzeige", "scope": [Part.NOTES], "given_on": "2026-03-02", "justification": "Akute Gefahr"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    with schema_context("zh"):
        assert list(Reminder.objects.values_list("recipient_id", "kind", "case_id")) == [
            (lead.pk, Reminder.Kind.MINOR_AT_RISK_EXCEPTION, child.pk)
        ]
        assert not Reminder.objects.filter(recipient__in=[cast.vera, police_lead]).exists()
    inbox = sign_in(Client(HTTP_HOST="zh.localhost"), lead)
    page = inbox.get("/inbox/").content.decode()
    api = inbox.get("/api/v1/inbox/").content.decode()
    for body in (page, api):
        assert child.case_number in body
        assert f"/cases/{child.pk}/consents/" in body
        assert CHILD_NAME not in body and "Ana" not in body and child.pseudonym not in body
    assert "ohne Einwilligung" in page  # the lead's language


def test_the_consent_page_offers_the_exception_only_its_recipients_and_parts(cast: Cast, child: Case) -> None:
    with schema_context("zh"):
        kesb = OrganisationFactory(name="KESB Fallakte", type=Type.KESB)
        do_add_party(acting_user=None, case=child, organisation=kesb)
    vera = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    page = vera.get(f"/cases/{child.pk}/consents/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    exception = page[page.index('value="minor_at_risk"') :]
    assert 'value="kesb_notification"' in exception and 'value="criminal_complaint"' in exception
    for organisation in (kesb, cast.police, cast.prosecution):
        assert f'value="{organisation.pk}"' in exception
    assert f'value="{cast.migration.pk}"' not in exception
    assert 'value="accommodation"' not in exception and 'value="legal"' not in exception
    refused = vera.post(
        f"/cases/{child.pk}/consents/",
        {"basis": "minor_at_risk", "exception_purpose": KESB, "recipient": cast.police.pk, "purpose": "Meldung",
         "scope": [Part.NOTES], "given_on": "2026-03-02", "justification": "Akute Gefahr"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "only these recipients: Child and adult protection authority (KESB)" in refused.content.decode()
    with schema_context("zh"):
        assert not Consent.objects.filter(case=child).exists()


def test_a_consent_posted_without_basis_on_the_api_is_a_consent(cast: Cast, child: Case) -> None:
    vera = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    response = vera.post(
        f"/api/v1/cases/{child.pk}/consents/",
        {"purpose": "Einvernahme", "recipient_organisation": cast.police.pk, "scope": ["notes"],
         "given_on": "2026-03-02"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert (response.json()["basis"], response.json()["exception_purpose"]) == ("consent", "")


def test_the_api_refuses_the_exception_to_the_migration_office(cast: Cast, child: Case) -> None:
    vera = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    response = vera.post(
        f"/api/v1/cases/{child.pk}/consents/",
        {"basis": "minor_at_risk", "exception_purpose": COMPLAINT, "purpose": "Meldung",
         "recipient_organisation": cast.migration.pk, "scope": ["accommodation"], "given_on": "2026-03-02",
         "justification": "Akute Gefahr"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "only these recipients" in response.content.decode()


def test_the_migration_revokes_unlawful_exceptions_and_keeps_their_lawful_rest(cast: Cast, child: Case) -> None:
    with schema_context("zh"):
        kesb = OrganisationFactory(name="KESB Migration", type=Type.KESB)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in ("consent_exception_never_accommodation", "consent_exception_has_purpose"):
                cursor.execute(f"ALTER TABLE cases_consent DROP CONSTRAINT {name}")
        row = {
            "case": child, "basis": Consent.Basis.MINOR_AT_RISK, "purpose": "Gefährdung",
            "given_on": date(2026, 3, 2), "justification": "Gefahr", "recorded_by_organisation": cast.aid,
        }  # fmt: skip
        to_migration = Consent.objects.create(**row, recipient_organisation=cast.migration, scope=["accommodation"])
        to_kesb = Consent.objects.create(**row, recipient_organisation=kesb, scope=["accommodation", "notes"])
        to_police = Consent.objects.create(**row, recipient_organisation=cast.police, scope=["notes"])
        migration = importlib.import_module("cases.migrations.0005_consent_exception_purpose")
        migration.make_exceptions_safe(apps, type("Editor", (), {"connection": connection})())
        for consent in (to_migration, to_kesb, to_police):
            consent.refresh_from_db()
        assert to_migration.revoked_at and "migration_office" in to_migration.revocation_reason
        assert to_migration.exception_purpose == ""
        assert to_kesb.revoked_at and "does not cover accommodation" in to_kesb.revocation_reason
        continued = Consent.objects.get(recipient_organisation=kesb, revoked_at__isnull=True)
        assert (continued.exception_purpose, continued.scope, continued.justification) == (KESB, ["notes"], "Gefahr")
        assert f"disclosure {continued.pk}" in to_kesb.revocation_reason
        assert (to_police.revoked_at, to_police.exception_purpose, to_police.scope) == (None, COMPLAINT, ["notes"])
