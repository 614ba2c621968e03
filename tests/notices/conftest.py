"""Personas (tests/personas.py), directories and cases for the notices tests.

ZH: carla (coordinator), vera (victim-aid counsellor, party to the case), paul (police, not a
party), kesb_karl (KESB, party to the case but without the identity compartment by default).
GE: bob (victim-aid counsellor).
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.actions import do_add_party, do_open_case
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from tests.factories import OrganisationFactory
from tests.personas import BOB, CARLA, KARL, PAUL, VERA, member, new_organisation

ZH_AID = {
    "name": "Beratungsstelle für Opfer von Menschenhandel Zürich (Test)",
    "street": "Badenerstrasse",
    "house_number": "134",
    "postal_code": "8004",
    "town": "Zürich",
    "phone": "044 436 90 00",
    "email": "beratung@opferhilfe-zh.test",
    "emergency_phone": "0800 100 200",
}
GE_AID = {
    "name": "Centre LAVI Genève (test)",
    "street": "Boulevard de Saint-Georges",
    "house_number": "72",
    "postal_code": "1205",
    "town": "Genève",
    "phone": "022 320 01 02",
    "email": "info@lavi-ge.test",
    "emergency_phone": "0800 300 400",
}


def victim_aid_only(fields: dict[str, str]) -> Organisation:
    """The one active victim-aid service of the current canton's directory (others set aside)."""
    Organisation.objects.filter(type=Organisation.Type.VICTIM_AID).update(is_active=False)
    return OrganisationFactory(type=Organisation.Type.VICTIM_AID, **fields)


def open_case(*, intake: Organisation, parties: list[Organisation], days_ago: int = 0) -> Case:
    """A case opened at `intake` with the other organisations as parties, with their default grants."""
    case = do_open_case(
        acting_user=None,
        organisation=intake,
        pseudonym="Rosa",
        opened_on=timezone.localdate() - timedelta(days=days_ago),
    )
    for organisation in parties:
        do_add_party(acting_user=None, case=case, organisation=organisation)
    return case


@pytest.fixture
def zh_aid(db: None) -> Organisation:
    with schema_context("zh"):
        return victim_aid_only(ZH_AID)


@pytest.fixture
def ge_aid(db: None) -> Organisation:
    with schema_context("ge"):
        return victim_aid_only(GE_AID)


@pytest.fixture
def carla(db: None) -> User:
    return member(CARLA, organisation_name="Koordination Runder Tisch ZH", language="en")


@pytest.fixture
def vera(zh_aid: Organisation) -> User:
    return member(VERA, organisation=zh_aid, language="en")


@pytest.fixture
def paul(db: None) -> User:
    return member(PAUL)


@pytest.fixture
def kesb(db: None) -> Organisation:
    return new_organisation("zh", Organisation.Type.KESB, "KESB Zürich (Test)")


@pytest.fixture
def kesb_karl(kesb: Organisation) -> User:
    return member(KARL, organisation=kesb, language="en")


@pytest.fixture
def bob(ge_aid: Organisation) -> User:
    return member(BOB, organisation=ge_aid)


@pytest.fixture
def zh_case(zh_aid: Organisation, kesb: Organisation) -> Case:
    with schema_context("zh"):
        return open_case(intake=zh_aid, parties=[kesb], days_ago=3)


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)
