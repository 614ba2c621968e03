"""Personas (tests/personas.py) for the case tests, all in ZH unless named otherwise.

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
from tests.factories import open_test_case
from tests.personas import GABI, GE_VICTIM_AID, MIA, NORA, PIET, POLLY, VERA, member, new_organisation

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
    police = new_organisation("zh", Type.CANTONAL_POLICE, "Kantonspolizei Fallakte")
    aid = new_organisation("zh", Type.VICTIM_AID, "Opferhilfe Fallakte")
    migration = new_organisation("zh", Type.MIGRATION_OFFICE, "Migrationsamt Fallakte")
    prosecution = new_organisation("zh", Type.PUBLIC_PROSECUTOR, "Staatsanwaltschaft Fallakte")
    ngo = new_organisation("zh", Type.NGO, "Verein Fallakte")
    return Cast(
        police=police,
        aid=aid,
        migration=migration,
        prosecution=prosecution,
        ngo=ngo,
        polly=member(POLLY, organisation=police, language="en"),
        vera=member(VERA, organisation=aid, language="en"),
        mia=member(MIA, organisation=migration, language="en"),
        piet=member(PIET, organisation=prosecution, language="en"),
        nora=member(NORA, organisation=ngo, language="en"),
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
    return member(GABI, organisation_name=GE_VICTIM_AID)
