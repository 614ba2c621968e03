"""Personas (tests/personas.py) and agreements for the round-table tests.

carla: coordinator in ZH. alice: member in ZH. bob: member in GE.
zh_round_table: ZH's round table; zh_meeting: draft minutes with one of each part.
"""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from roundtables.agreements.actions import do_create_draft
from roundtables.models import Agreement, AgreementSection, Meeting, MeetingAttendee, PartnerDuty, RoundTable, Signatory
from tests.factories import (
    ActionItemFactory,
    ContactPersonFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
    RoundTableFactory,
    RoundTableMemberFactory,
)
from tests.personas import ALICE, BOB, CARLA, member, new_organisation


def complete_draft(*, title: str = "Kooperationsvereinbarung", language: str = "de", second: str = "") -> Agreement:
    """A draft with every section, two partner duties and two signatories, in the current schema."""
    agreement = do_create_draft(acting_user=None, title=title, language=language, second_language=second)
    police = OrganisationFactory(name=f"Police {agreement.version}", type=Organisation.Type.CANTONAL_POLICE)
    aid = OrganisationFactory(name=f"Aide {agreement.version}", type=Organisation.Type.VICTIM_AID)
    AgreementSection.objects.bulk_create(
        AgreementSection(
            agreement=agreement,
            key=key,
            order=index,
            heading=f"Heading {key}",
            text=f"Text of {key}.",
            heading_second=f"Second {key}" if second else "",
            text_second=f"Second text of {key}." if second else "",
        )
        for index, key in enumerate(AgreementSection.Key.values)
    )
    PartnerDuty.objects.create(agreement=agreement, organisation=police, duties="Police duty text")
    PartnerDuty.objects.create(agreement=agreement, organisation=aid, duties="Victim aid duty text")
    Signatory.objects.create(agreement=agreement, organisation=police, name="Paula Polizei", function="Kommandantin")
    Signatory.objects.create(agreement=agreement, organisation=aid, name="Anna Aide", function="Leiterin")
    return agreement


@pytest.fixture
def zh_org(db: None) -> Organisation:
    return new_organisation("zh", Organisation.Type.CANTONAL_POLICE, "Kantonspolizei Testhausen")


@pytest.fixture
def carla(zh_org: Organisation) -> User:
    return member(CARLA, organisation=zh_org)


@pytest.fixture
def alice(zh_org: Organisation) -> User:
    return member(ALICE, organisation=zh_org)


@pytest.fixture
def bob(db: None) -> User:
    return member(BOB, organisation_name="Centre LAVI")


@pytest.fixture
def zh_agreement(db: None) -> Agreement:
    with schema_context("zh"):
        return complete_draft()


def dangerously_clear_round_table() -> None:
    """Removes the round table of the current schema with its meetings, inside the test's
    transaction. The demo (committed by the browser tests) leaves approved minutes behind,
    which the triggers rightly refuse to delete; replica mode skips them for these statements."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in ("actionitem", "decision", "meetingattendee", "meeting", "roundtablemember", "roundtable"):
            cursor.execute(f"DELETE FROM roundtables_{table}")  # noqa: S608 - constant table names
        cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def zh_round_table(zh_org: Organisation) -> RoundTable:
    """ZH's round table chaired by the prosecution, with the police (zh_org) in the core group."""
    with schema_context("zh"):
        dangerously_clear_round_table()
        prosecution = OrganisationFactory(
            name="Staatsanwaltschaft Testhausen", type=Organisation.Type.PUBLIC_PROSECUTOR
        )
        chair = ContactPersonFactory(organisation=prosecution, name="Stefanie Staatsanwältin")
        round_table = RoundTableFactory(
            name="Runder Tisch Testhausen", chair_organisation=prosecution, chair_contact=chair
        )
        RoundTableMemberFactory(round_table=round_table, organisation=prosecution, role="chair", representative=chair)
        RoundTableMemberFactory(round_table=round_table, organisation=zh_org, role="police")
        return round_table


@pytest.fixture
def zh_meeting(zh_round_table: RoundTable, zh_org: Organisation) -> Meeting:
    """Draft minutes of a ZH meeting with an attendee, a decision and an open action item."""
    with schema_context("zh"):
        meeting = MeetingFactory(round_table=zh_round_table)
        MeetingAttendee.objects.create(meeting=meeting, organisation=zh_org)
        DecisionFactory(meeting=meeting, text="Die Polizei meldet Kontrollen im Voraus.")
        ActionItemFactory(meeting=meeting, owner=zh_org, description="Merkblatt überarbeiten")
        return meeting
