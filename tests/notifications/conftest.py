"""Personas for the deadline and reminder tests.

ZH: alice (member of the police), paul (member of the police), carla (coordinator, victim aid),
adam (canton administrator). GE: bob (member of the victim-aid centre).
"""

from datetime import date

import pytest
from django_tenants.utils import schema_context

from cases.models import Case, CaseParty
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory


def make_case(*, number: str, organisation: Organisation, opened_on: date = date(2026, 1, 5)) -> Case:
    """A case in the current schema with `organisation` as intake and party."""
    case = Case.objects.create(
        case_number=number, pseudonym="Rosa", intake_organisation=organisation, opened_on=opened_on
    )
    CaseParty.objects.create(case=case, organisation=organisation)
    return case


@pytest.fixture
def zh_police(db: None) -> Organisation:
    with schema_context("zh"):
        return OrganisationFactory(name="Kantonspolizei Zürich", type=Organisation.Type.CANTONAL_POLICE)


@pytest.fixture
def zh_aid(db: None) -> Organisation:
    with schema_context("zh"):
        return OrganisationFactory(name="FIZ Opferschutz", type=Organisation.Type.VICTIM_AID)


@pytest.fixture
def alice(zh_police: Organisation) -> User:
    with schema_context("zh"):
        return MembershipFactory(organisation=zh_police, user__language="de").user


@pytest.fixture
def paul(zh_police: Organisation) -> User:
    with schema_context("zh"):
        return MembershipFactory(organisation=zh_police, user__language="fr").user


@pytest.fixture
def carla(zh_aid: Organisation) -> User:
    with schema_context("zh"):
        return MembershipFactory(organisation=zh_aid, role=Membership.Role.COORDINATOR, user__language="it").user


@pytest.fixture
def adam(zh_police: Organisation) -> User:
    with schema_context("zh"):
        return MembershipFactory(organisation=zh_police, role=Membership.Role.CANTON_ADMIN).user


@pytest.fixture
def bob(db: None) -> User:
    with schema_context("ge"):
        return MembershipFactory(
            organisation__name="Centre LAVI", organisation__type=Organisation.Type.VICTIM_AID, user__language="fr"
        ).user


@pytest.fixture
def zh_case(zh_police: Organisation) -> Case:
    with schema_context("zh"):
        return make_case(number="ZH-2026-0001", organisation=zh_police)
