"""The identification, the steps, the proceedings and the attachments on their way to the
receiving canton: each arrives when its compartment is sent and not otherwise, with its dates.

The ZH case "Rosa" (conftest) gets one row of each: a checklist with a national indicator and
a cantonal one GE's catalogue lacks, an assessment; a counselling step (accommodation) and
investigation steps (interview, safety assessment with its review deadline); a criminal
proceeding and an OHG claim with its window deadline; an attachment in each of counselling
(accommodation), counselling (notes), identity and investigation, each with its own marker.
Requests come from the police lead (reads the investigation) or the aid lead (the counselling).
"""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.attachments import sealing
from cases.attachments.actions import do_upload
from cases.attachments.models import Attachment, AttachmentKind
from cases.identification.models import Assessment, Checklist, Dimension, Indicator, Observation
from cases.identification.queries import current_catalogue
from cases.models import Case
from cases.proceedings.models import CriminalProceeding, OhgClaim
from cases.steps.actions import do_save_step
from cases.steps.models import Accommodation, Interview, RiskLevel, SafetyAssessment
from cases.transfers import copy as copy_module
from cases.transfers.actions import check_request_transfer
from cases.transfers.models import IncomingTransfer, TransferRequest
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import Organisation
from ksmm.transfers.models import Transfer
from tests.caseattachments.conftest import pdf_bytes
from tests.personas import new_organisation

from .conftest import World, client_for
from .test_copy import accept_and_copy, text_in_schema

pytestmark = pytest.mark.django_db

ACCOMMODATION_FILE = "CANARY-att-accommodation"
NOTES_FILE = "CANARY-att-notes"
IDENTITY_FILE = "CANARY-att-identity"
INVESTIGATION_FILE = "CANARY-att-investigation"
MARKERS = (ACCOMMODATION_FILE, NOTES_FILE, IDENTITY_FILE, INVESTIGATION_FILE)
ADDRESS = "CANARY-shelter-address"
CANTONAL_NOTE = "CANARY-cantonal-observation"
DECIDED_AT = datetime(2026, 3, 4, 10, 30, tzinfo=timezone.get_fixed_timezone(60))


@pytest.fixture
def full(world: World) -> World:
    with schema_context("zh"):
        case = world.case
        catalogue = current_catalogue()
        national = Indicator.objects.filter(catalogue=catalogue, is_cantonal=False).order_by("pk").first()
        assert national is not None
        dimension = Dimension.objects.filter(catalogue=catalogue).order_by("pk").first()
        cantonal = Indicator.objects.create(
            catalogue=catalogue, dimension=dimension, code="ZH-77", order=99, text="Nur in Zürich erfasst",
            strength="medium", is_cantonal=True,
        )  # fmt: skip
        checklist = Checklist.objects.create(case=case, catalogue=catalogue, updated_by_organisation=world.zh_aid)
        Observation.objects.create(checklist=checklist, indicator=national, note="Pass abgenommen")
        Observation.objects.create(checklist=checklist, indicator=cantonal, note=CANTONAL_NOTE)
        assessment = Assessment.objects.create(case=case, result="yes", decided_by_organisation=world.zh_aid)
        Assessment.objects.filter(pk=assessment.pk).update(decided_at=DECIDED_AT)
        today = timezone.localdate()
        do_save_step(acting_user=None, organisation=world.zh_aid, step=Accommodation(
            case=case, kind=Accommodation.Kind.SHELTER, address=ADDRESS, starts_on=date(2026, 3, 2),
        ))  # fmt: skip
        do_save_step(acting_user=None, organisation=world.zh_police,
                     step=Interview(case=case, held_on=date(2026, 3, 3), note="Befragung"))  # fmt: skip
        do_save_step(acting_user=None, organisation=world.zh_police, step=SafetyAssessment(
            case=case, assessed_on=date(2026, 3, 3), risk_level=RiskLevel.HIGH, review_on=today + timedelta(days=9),
            threats="Drohungen",
        ))  # fmt: skip
        proceeding = CriminalProceeding.objects.create(
            case=case, prosecution_office=world.zh_police, file_number="ST-2026-1", offences=["stgb_182"],
            opened_on=date(2026, 3, 3), recorded_by_organisation=world.zh_police,
        )  # fmt: skip
        claim = OhgClaim.objects.create(
            case=case, proceeding=proceeding, kind=OhgClaim.Kind.COMPENSATION, window_anchor=date(2026, 2, 20),
            recorded_by_organisation=world.zh_aid,
        )  # fmt: skip
        do_open_deadline(rule=RuleKey.OHG_CLAIM_WINDOW, anchor=claim.window_anchor, subject=claim, case=case,
                         responsible_organisation=world.zh_aid, acting_user=None)  # fmt: skip
        for organisation, compartment, part, marker in (
            (world.zh_aid, "counselling", "accommodation", ACCOMMODATION_FILE),
            (world.zh_aid, "counselling", "notes", NOTES_FILE),
            (world.zh_aid, "identity", "", IDENTITY_FILE),
            (world.zh_police, "investigation", "", INVESTIGATION_FILE),
        ):
            do_upload(
                acting_user=None, organisation=organisation, case=case, compartment=compartment,
                counselling_part=part, kind=AttachmentKind.OTHER, title=f"Titel {marker}", data=pdf_bytes(marker),
            )  # fmt: skip
    return world


def request(world: World, *, by: str, compartments: tuple[str, ...], parts=(), consent=None) -> TransferRequest:  # type: ignore[no-untyped-def]
    user = getattr(world, by)
    with schema_context("zh"):
        return check_request_transfer(
            acting_user=user, membership=world.membership(user), case=world.case, receiving_canton="GE",
            receiving_organisation_id=world.ge_aid.pk, reason="Place in Geneva", compartments=compartments,
            counselling_parts=parts, consent_given_on=consent,
        )  # fmt: skip


def files_in_ge(case_id: int) -> dict[str, str]:
    """Marker → compartment of every attachment GE holds for the case, opened with GE's key."""
    found = {}
    with schema_context("ge"):
        for attachment in Attachment.objects.filter(case_id=case_id):
            assert attachment.storage_key.startswith("ge/")
            data = sealing.load(schema="ge", storage_key=attachment.storage_key)
            (marker,) = [m for m in MARKERS if m.encode() in data]
            found[marker] = attachment.compartment
    return found


def test_nothing_but_the_core_arrives_without_its_compartments(full: World) -> None:
    received = accept_and_copy(full, request(full, by="lena", compartments=()))
    assert files_in_ge(received) == {}
    with schema_context("ge"):
        assert not Checklist.objects.filter(case_id=received).exists()
        assert not Accommodation.objects.filter(case_id=received).exists()
        assert not Interview.objects.filter(case_id=received).exists()
        assert not SafetyAssessment.objects.filter(case_id=received).exists()
        assert not CriminalProceeding.objects.filter(case_id=received).exists()
        # Core: the assessment and the OHG claim with its window, the claim's deadline due as in ZH.
        assert list(Assessment.objects.filter(case_id=received).values_list("result", "decided_at")) == [
            ("yes", DECIDED_AT)
        ]
        claim = OhgClaim.objects.get(case_id=received)
        assert claim.window_anchor == date(2026, 2, 20) and claim.proceeding_id is None
        deadline = Deadline.objects.get(case_id=received, rule_key=RuleKey.OHG_CLAIM_WINDOW)
        assert deadline.subject_id == claim.pk
    with schema_context("zh"):
        sent_due = Deadline.objects.get(case=full.case, rule_key=RuleKey.OHG_CLAIM_WINDOW).due_on
    assert deadline.due_on == sent_due
    for marker in (ACCOMMODATION_FILE, NOTES_FILE, IDENTITY_FILE, INVESTIGATION_FILE, ADDRESS, CANTONAL_NOTE):
        assert text_in_schema("ge", marker) == []
        assert text_in_schema("public", marker) == []


def test_a_counselling_attachment_never_reaches_the_receiving_canton_without_consent(full: World) -> None:
    received = accept_and_copy(full, request(full, by="lena", compartments=("identity", "residence")))
    assert files_in_ge(received) == {IDENTITY_FILE: "identity"}
    with schema_context("ge"):
        assert not Accommodation.objects.filter(case_id=received).exists()
    assert text_in_schema("ge", ADDRESS) == []


def test_with_consent_only_the_consented_parts_files_and_steps_arrive(full: World) -> None:
    sent = request(full, by="lena", compartments=("identity",), parts=("accommodation",), consent=date(2026, 3, 5))
    received = accept_and_copy(full, sent)
    assert files_in_ge(received) == {IDENTITY_FILE: "identity", ACCOMMODATION_FILE: "counselling"}
    with schema_context("ge"):
        attachment = Attachment.objects.get(case_id=received, compartment="counselling")
        assert attachment.counselling_part == "accommodation"
        assert attachment.title == f"Titel {ACCOMMODATION_FILE}"
        step = Accommodation.objects.get(case_id=received)
        assert (step.address, step.starts_on) == (ADDRESS, date(2026, 3, 2))
        assert step.recorded_by_organisation_id == full.ge_aid.pk
        # The aid lead does not read the investigation: none of it comes.
        assert not Interview.objects.filter(case_id=received).exists()
        assert not CriminalProceeding.objects.filter(case_id=received).exists()
    with schema_context("zh"):
        sent_at = Accommodation.objects.get(case=full.case).recorded_at
    assert step.recorded_at == sent_at
    # Encrypted with GE's key: neither the address nor the title in plaintext.
    assert text_in_schema("ge", ADDRESS) == []


def test_the_identification_arrives_by_code_and_what_the_catalogue_lacks_is_kept_in_the_summary(full: World) -> None:
    received = accept_and_copy(full, request(full, by="lena", compartments=("identity",)))
    with schema_context("ge"):
        checklist = Checklist.objects.get(case_id=received)
        observed = list(checklist.observations.select_related("indicator").values_list("indicator__code", "note"))
        assert observed == [(observed[0][0], "Pass abgenommen")]
        assert Indicator.objects.get(catalogue=checklist.catalogue, code=observed[0][0])
        incoming = IncomingTransfer.objects.get(case_id=received)
        assert incoming.carried["observations"] == 1 and incoming.carried["observations_left"] == 1
        assert incoming.carried["observations_left_text"] == [
            {"code": "ZH-77", "indicator": "Nur in Zürich erfasst", "note": CANTONAL_NOTE}
        ]


def test_the_investigation_brings_steps_proceedings_and_their_deadlines_with_their_dates(full: World) -> None:
    received = accept_and_copy(full, request(full, by="pia", compartments=("investigation",)))
    assert files_in_ge(received) == {INVESTIGATION_FILE: "investigation"}
    with schema_context("zh"):
        zh_review = Deadline.objects.get(case=full.case, rule_key=RuleKey.SAFETY_REVIEW)
    with schema_context("ge"):
        assert Interview.objects.get(case_id=received).held_on == date(2026, 3, 3)
        safety = SafetyAssessment.objects.get(case_id=received)
        assert (safety.risk_level, safety.threats) == (RiskLevel.HIGH, "Drohungen")
        review = Deadline.objects.get(case_id=received, rule_key=RuleKey.SAFETY_REVIEW)
        assert (review.subject_id, review.due_on) == (safety.pk, zh_review.due_on)
        proceeding = CriminalProceeding.objects.get(case_id=received)
        assert (proceeding.file_number, proceeding.opened_on) == ("ST-2026-1", date(2026, 3, 3))
        assert OhgClaim.objects.get(case_id=received).proceeding_id == proceeding.pk
        # Neither identity nor counselling went.
        assert not Checklist.objects.filter(case_id=received).exists()
        assert not Accommodation.objects.filter(case_id=received).exists()


def test_a_failure_late_in_the_copy_rolls_everything_back_and_leaves_no_file(
    full: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = request(full, by="lena", compartments=("identity",), parts=("accommodation",), consent=date(2026, 3, 5))
    stored: list[str] = []
    real_store = sealing.store

    def store(data: bytes, *, schema: str) -> str:
        stored.append(real_store(data, schema=schema))
        return stored[-1]

    def fail(**kwargs: object) -> None:
        raise RuntimeError("the sending case could not be closed")

    monkeypatch.setattr(sealing, "store", store)
    monkeypatch.setattr(copy_module, "_close_sent", fail)
    with pytest.raises(RuntimeError):
        accept_and_copy(full, sent)
    connection.set_schema_to_public()
    assert len(stored) == 2  # the identity and the accommodation file were written, then removed
    assert not any(sealing.storage().exists(key) for key in stored)
    assert Transfer.objects.get(pk=sent.transfer_id).status == "accepted"
    with schema_context("ge"):
        assert not Case.objects.filter(source=Case.Source.OTHER_CANTON).exists()
        assert not Attachment.objects.exists()


def _write_links(world: World, user: str) -> list[str]:
    page = client_for(getattr(world, user), "zh").get(f"/cases/{world.case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    return [
        url
        for url in (
            reverse("cases:referral_create", args=[world.case.pk]),
            reverse("casesteps:step_create", args=[world.case.pk, "interviews"]),
            reverse("casesteps:step_create", args=[world.case.pk, "accommodation"]),
            reverse("identification:assess", args=[world.case.pk]),
            reverse("caseproceedings:create", args=[world.case.pk]),
            reverse("caseproceedings:claim_create", args=[world.case.pk]),
        )
        if f'"{url}"' in html
    ]


def test_the_transferred_case_offers_no_write_link_the_policy_would_refuse(full: World) -> None:
    # Before: each lead is offered what they may write (so the check below can fail).
    assert len(_write_links(full, "pia")) >= 3 and len(_write_links(full, "lena")) >= 3
    accept_and_copy(full, request(full, by="lena", compartments=("identity",)))
    assert _write_links(full, "pia") == []
    assert _write_links(full, "lena") == []
    # And the referral itself is refused with the reason, not a 500.
    prosecution = new_organisation("zh", Organisation.Type.PUBLIC_PROSECUTOR, "Staatsanwaltschaft Transfer")
    response = client_for(full.lena, "zh").post(reverse("cases:referral_create", args=[full.case.pk]), {
        "recipient": prosecution.pk, "compartments": ["identity"],
    })  # fmt: skip
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "read-only" in html


def test_the_summary_names_what_the_catalogue_lacks_without_the_note(full: World) -> None:
    received = accept_and_copy(full, request(full, by="lena", compartments=("identity",)))
    with schema_context("ge"):
        incoming = IncomingTransfer.objects.get(case_id=received)
    html = client_for(full.gino, "ge").get(f"/transfers/{incoming.pk}/").content.decode()
    assert "ZH-77 Nur in Zürich erfasst" in html
    assert CANTONAL_NOTE not in html


def test_the_receiving_identification_page_shows_what_the_catalogue_lacks_with_its_note(full: World) -> None:
    received = accept_and_copy(full, request(full, by="lena", compartments=("identity",)))
    page = client_for(full.gino, "ge").get(reverse("identification:case", args=[received]))
    assert page.status_code == 200
    assert f"ZH-77 Nur in Zürich erfasst: {CANTONAL_NOTE}" in page.content.decode()
