"""Personas (tests/personas.py) for the residence tests, in ZH unless named otherwise.

vera: victim-aid counsellor (member). mia: migration office caseworker (member, reviews).
max: canton administrator at the migration office (no review right). piet: prosecutor (lead).
polly: police officer. gabi: victim-aid counsellor in GE (the outsider).
Organisation names differ from the demo's, which browser tests commit in the same schemas.
The case "Rosa" is opened by victim aid; police and prosecution are parties; the migration
office becomes a party when a request is addressed to it.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_close_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from permits import actions, permit_actions
from permits.models import PermitKind, PermitRequest, ReflectionPeriod
from tests.factories import open_test_case
from tests.personas import GABI, GE_VICTIM_AID, MAX, MIA, PIET, POLLY, VERA, member, new_organisation

Type = Organisation.Type
DAY0 = date(2026, 3, 2)


@dataclass
class Cast:
    aid: Organisation
    migration: Organisation
    police: Organisation
    prosecution: Organisation
    vera: User
    mia: User
    max: User
    piet: User
    polly: User

    def membership(self, user: User) -> Membership:
        return Membership.objects.select_related("organisation").get(user=user)


@pytest.fixture
def cast(db: None) -> Cast:
    aid = new_organisation("zh", Type.VICTIM_AID, "FIZ Opferhilfe (Test)")
    migration = new_organisation("zh", Type.MIGRATION_OFFICE, "Migrationsamt Zürich (Test)")
    police = new_organisation("zh", Type.CANTONAL_POLICE, "Kantonspolizei Zürich (Test)")
    prosecution = new_organisation("zh", Type.PUBLIC_PROSECUTOR, "Staatsanwaltschaft Zürich (Test)")
    return Cast(
        aid=aid,
        migration=migration,
        police=police,
        prosecution=prosecution,
        vera=member(VERA, organisation=aid, language="de"),
        mia=member(MIA, organisation=migration),
        max=member(MAX, organisation=migration),
        piet=member(PIET, organisation=prosecution, role=Membership.Role.LEAD),
        polly=member(POLLY, organisation=police),
    )


@pytest.fixture
def rosa(cast: Cast) -> Case:
    with schema_context("zh"):
        case = open_test_case(organisation=cast.aid, pseudonym="Rosa", opened_on=DAY0)
        for organisation in (cast.police, cast.prosecution):
            do_add_party(acting_user=None, case=case, organisation=organisation)
        # Intake's reminder to deliver the assistance notice is the notices app's; not counted here.
        do_close_deadline(rule=RuleKey.NOTICE_DELIVERY, subject=case, acting_user=None, reason="test")
        return case


@pytest.fixture
def gabi(db: None) -> User:
    return member(GABI, organisation_name=GE_VICTIM_AID)


GROUNDS = "Begründete Hinweise aus der Beratung"


@dataclass
class World:
    rosa: Case
    lena: Case
    granted: ReflectionPeriod
    requested: ReflectionPeriod
    permit: PermitRequest


@pytest.fixture
def world(cast: Cast, rosa: Case) -> World:
    """Rosa: a granted period and an L request; Lena: a period awaiting the decision."""
    with schema_context("zh"):
        granted = actions.check_request_reflection_period(
            acting_user=cast.vera, organisation=cast.aid, case=rosa, addressed_to=cast.migration,
            requested_on=DAY0, grounds=GROUNDS,
        )  # fmt: skip
        actions.check_decide_reflection_period(
            acting_user=cast.mia, organisation=cast.migration, period=granted, grant=True, decided_on=DAY0,
            length_days=45, reasons="Gewährt nach Prüfung",
        )  # fmt: skip
        permit = permit_actions.check_request_permit(
            acting_user=cast.vera, organisation=cast.aid, case=rosa, kind=PermitKind.L, addressed_to=cast.migration,
            requested_on=DAY0, expected_until=date(2026, 12, 31), grounds="Strafverfahren läuft",
        )  # fmt: skip
        lena = open_test_case(organisation=cast.aid, pseudonym="Lena", opened_on=DAY0)
        do_add_party(acting_user=None, case=lena, organisation=cast.police)
        requested = actions.check_request_reflection_period(
            acting_user=cast.vera, organisation=cast.aid, case=lena, addressed_to=cast.migration,
            requested_on=DAY0, grounds=GROUNDS, proposed_days=60,
        )  # fmt: skip
        return World(rosa=rosa, lena=lena, granted=granted, requested=requested, permit=permit)
