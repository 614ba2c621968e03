"""Personas (tests/personas.py) for the deadline and reminder tests; tests/notifications shares them.

ZH: alice (police, reads German), paul (police, reads French), carla (coordinator at the victim
aid, reads Italian), adam (canton administrator at the police). GE: bob (victim aid, French).
"""

from datetime import date

import pytest
from django_tenants.utils import schema_context

from cases.models import Case, CaseParty
from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from tests.personas import ADAM, ALICE, BOB, CARLA, PAUL, member, new_organisation


def make_case(*, number: str, organisation: Organisation, opened_on: date = date(2026, 1, 5)) -> Case:
    """A case in the current schema with `organisation` as intake and party."""
    case = Case.objects.create(
        case_number=number, pseudonym="Rosa", intake_organisation=organisation, opened_on=opened_on
    )
    CaseParty.objects.create(case=case, organisation=organisation)
    return case


@pytest.fixture
def zh_police(db: None) -> Organisation:
    return new_organisation("zh", Organisation.Type.CANTONAL_POLICE, "Kantonspolizei Zürich")


@pytest.fixture
def zh_aid(db: None) -> Organisation:
    return new_organisation("zh", Organisation.Type.VICTIM_AID, "FIZ Opferschutz")


@pytest.fixture
def alice(zh_police: Organisation) -> User:
    return member(ALICE, organisation=zh_police, language="de")


@pytest.fixture
def paul(zh_police: Organisation) -> User:
    return member(PAUL, organisation=zh_police, language="fr")


@pytest.fixture
def carla(zh_aid: Organisation) -> User:
    return member(CARLA, organisation=zh_aid, language="it")


@pytest.fixture
def adam(zh_police: Organisation) -> User:
    return member(ADAM, organisation=zh_police)


@pytest.fixture
def bob(db: None) -> User:
    return member(BOB, organisation_name="Centre LAVI", language="fr")


@pytest.fixture
def zh_case(zh_police: Organisation) -> Case:
    with schema_context("zh"):
        return make_case(number="ZH-2026-0001", organisation=zh_police)
