"""Personas for the case tests, all in ZH unless named otherwise.

polly: cantonal police (member). vera: victim-aid counsellor (member). mia: migration office.
piet: public prosecutor. nora: an NGO of the round table that is not party to the case.
gabi: victim-aid counsellor in GE (the outsider).
Everyone reads English (their own language choice) so that assertions can quote messages.
The case "Rosa" is opened by the police; victim aid, migration and prosecution are parties.
"""

from dataclasses import dataclass

import pytest
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, open_test_case

Type = Organisation.Type


@dataclass
class Cast:
    police: Organisation
    aid: Organisation
    migration: Organisation
    prosecution: Organisation
    ngo: Organisation
    polly: User
    vera: User
    mia: User
    piet: User
    nora: User

    def membership(self, user: User) -> Membership:
        return Membership.objects.select_related("organisation").get(user=user)


@pytest.fixture
def cast(db: None) -> Cast:
    with schema_context("zh"):
        police = OrganisationFactory(name="Kantonspolizei Fallakte", type=Type.CANTONAL_POLICE)
        aid = OrganisationFactory(name="Opferhilfe Fallakte", type=Type.VICTIM_AID)
        migration = OrganisationFactory(name="Migrationsamt Fallakte", type=Type.MIGRATION_OFFICE)
        prosecution = OrganisationFactory(name="Staatsanwaltschaft Fallakte", type=Type.PUBLIC_PROSECUTOR)
        ngo = OrganisationFactory(name="Verein Fallakte", type=Type.NGO)
        return Cast(
            police=police,
            aid=aid,
            migration=migration,
            prosecution=prosecution,
            ngo=ngo,
            polly=MembershipFactory(organisation=police, user__full_name="Polly Polizei", user__language="en").user,
            vera=MembershipFactory(organisation=aid, user__full_name="Vera Beraterin", user__language="en").user,
            mia=MembershipFactory(organisation=migration, user__full_name="Mia Migration", user__language="en").user,
            piet=MembershipFactory(
                organisation=prosecution, user__full_name="Piet Staatsanwalt", user__language="en"
            ).user,
            nora=MembershipFactory(organisation=ngo, role=Membership.Role.CANTON_ADMIN, user__language="en").user,
        )


@pytest.fixture
def rosa(cast: Cast) -> Case:
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police, pseudonym="Rosa")
        for organisation in (cast.aid, cast.migration, cast.prosecution):
            do_add_party(acting_user=None, case=case, organisation=organisation)
        return case


@pytest.fixture
def gabi(db: None) -> User:
    with schema_context("ge"):
        return MembershipFactory(organisation__name="Centre LAVI Genève", organisation__type=Type.VICTIM_AID).user
