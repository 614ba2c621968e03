"""Personas for the residence tests, in ZH unless named otherwise.

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
from tests.factories import MembershipFactory, OrganisationFactory, open_test_case

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
    with schema_context("zh"):
        aid = OrganisationFactory(name="FIZ Opferhilfe (Test)", type=Type.VICTIM_AID)
        migration = OrganisationFactory(name="Migrationsamt Zürich (Test)", type=Type.MIGRATION_OFFICE)
        police = OrganisationFactory(name="Kantonspolizei Zürich (Test)", type=Type.CANTONAL_POLICE)
        prosecution = OrganisationFactory(name="Staatsanwaltschaft Zürich (Test)", type=Type.PUBLIC_PROSECUTOR)
        return Cast(
            aid=aid,
            migration=migration,
            police=police,
            prosecution=prosecution,
            vera=MembershipFactory(organisation=aid, user__full_name="Vera Beraterin", user__language="de").user,
            mia=MembershipFactory(organisation=migration, user__full_name="Mia Migration").user,
            max=MembershipFactory(organisation=migration, role=Membership.Role.CANTON_ADMIN).user,
            piet=MembershipFactory(organisation=prosecution, role=Membership.Role.LEAD).user,
            polly=MembershipFactory(organisation=police).user,
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
    with schema_context("ge"):
        return MembershipFactory(organisation__name="Centre LAVI Genève", organisation__type=Type.VICTIM_AID).user
