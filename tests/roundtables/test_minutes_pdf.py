"""The minutes as a PDF, in the canton's language; Bern's in German and French."""

import datetime
import subprocess

import pytest
from django_tenants.utils import schema_context

from ksmm.audit.models import AuditEntry
from roundtables.models import Meeting, MeetingAttendee
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import (
    ActionItemFactory,
    ContactPersonFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    RoundTableFactory,
)

from .conftest import dangerously_clear_round_table

pytestmark = pytest.mark.django_db


def _minutes_text(code: str) -> tuple[str, Meeting]:
    """Records a meeting in canton `code`, downloads its minutes as a member and extracts the text."""
    with schema_context(code):
        dangerously_clear_round_table()
        organisation = OrganisationFactory(name=f"Partner {code}")
        person = ContactPersonFactory(organisation=organisation, name=f"Person {code}")
        meeting = MeetingFactory(
            round_table=RoundTableFactory(name=f"Round table {code}"),
            date=datetime.date(2026, 4, 21),
            kind=Meeting.Kind.ANNUAL_ASSESSMENT,
            minutes=f"First paragraph {code}.\n\nSecond paragraph {code}.",
        )
        MeetingAttendee.objects.create(meeting=meeting, organisation=organisation, contact=person)
        DecisionFactory(meeting=meeting, text=f"Decision text {code}")
        ActionItemFactory(meeting=meeting, owner=organisation, owner_contact=person, description=f"Task text {code}")
        member = MembershipFactory(organisation=organisation).user
    response = sign_in(canton_client(code), member).get(f"/roundtable/meetings/{meeting.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    with schema_context(code):
        assert AuditEntry.objects.filter(action=AuditEntry.Action.PRINT, object_id=str(meeting.pk)).exists()
    return " ".join(text.split()), meeting


def _assert_content(text: str, code: str) -> None:
    for part in (f"Round table {code}", f"Person {code}", f"Partner {code}", f"Second paragraph {code}",
                 f"Decision text {code}", f"Task text {code}"):  # fmt: skip
        assert part in text, part


def test_genevas_minutes_are_in_french() -> None:
    text, _meeting = _minutes_text("ge")
    _assert_content(text, "ge")
    for french in (
        "Procès-verbal de la séance du 21 avril 2026",
        "Participants",
        "Décisions",
        "Échéance",
        "Page 1 sur",
    ):
        assert french in text, french
    assert "Attendees" not in text
    assert "Teilnehmende" not in text


def test_zurichs_minutes_are_in_german() -> None:
    text, _meeting = _minutes_text("zh")
    _assert_content(text, "zh")
    for german in (
        "Protokoll der Sitzung vom 21. April 2026",
        "Teilnehmende",
        "Beschlüsse",
        "Pendenzen",
        "Seite 1 von",
    ):
        assert german in text, german
    assert "Participants" not in text


def test_berns_minutes_carry_both_languages() -> None:
    text, _meeting = _minutes_text("be")
    _assert_content(text, "be")
    assert "Protokoll der Sitzung vom 21. April 2026 / Procès-verbal de la séance du 21 avril 2026" in text
    assert "Teilnehmende / Participants" in text
    assert "Beschlüsse / Décisions" in text
