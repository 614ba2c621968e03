"""People of the duplicate signal across cantons (tests/personas.py), everyone reading English.

ZH: polly (police, opens the case "Rosa"), karl (KESB, party to Rosa without identity access),
carla (the round-table coordinator, at the coordination office of ZH).
GE: bob (victim aid, opens the case "Léa"), gaston (coordinator, at the coordination office of GE).
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.identity import IdentityData, do_save_identity
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from tests.factories import open_test_case
from tests.personas import BOB, CARLA, GASTON, KARL, POLLY, member, new_organisation

Type = Organisation.Type
ZH_COORDINATION = "Koordination Menschenhandel ZH"
GE_COORDINATION = "Bureau de coordination TEH Genève"
GE_PHONE = "+41 22 546 00 00"
GE_EMAIL = "coordination-teh@etat.ge.example"


@dataclass
class People:
    polly: User
    karl: User
    carla: User
    bob: User
    gaston: User
    rosa: Case  # ZH
    lea: Case  # GE


@pytest.fixture
def people(db: None) -> People:
    cache.clear()
    zh_police = new_organisation("zh", Type.CANTONAL_POLICE, "Kantonspolizei Abgleich")
    zh_kesb = new_organisation("zh", Type.KESB, "KESB Abgleich")
    zh_office = new_organisation("zh", Type.COORDINATION_UNIT, ZH_COORDINATION, phone="+41 43 259 00 00")
    ge_aid = new_organisation("ge", Type.VICTIM_AID, "Centre LAVI Abgleich")
    ge_office = new_organisation("ge", Type.COORDINATION_UNIT, GE_COORDINATION, phone=GE_PHONE, email=GE_EMAIL)
    polly = member(POLLY, organisation=zh_police, language="en")
    karl = member(KARL, organisation=zh_kesb, language="en")
    carla = member(CARLA, organisation=zh_office, language="en")
    bob = member(BOB, organisation=ge_aid, language="en")
    gaston = member(GASTON, organisation=ge_office, language="en")
    with schema_context("zh"):
        rosa = open_test_case(organisation=zh_police, pseudonym="Rosa")
        do_add_party(acting_user=None, case=rosa, organisation=zh_kesb)
    with schema_context("ge"):
        lea = open_test_case(organisation=ge_aid, pseudonym="Léa")
    return People(polly=polly, karl=karl, carla=carla, bob=bob, gaston=gaston, rosa=rosa, lea=lea)


def save(canton: str, case: Case, *, user: User | None = None, **identity: str) -> None:
    """Saves an identity in `canton` as `user` (None: the system, not rate-limited)."""
    with schema_context(canton):
        do_save_identity(acting_user=user, case=case, data=IdentityData(**identity))  # type: ignore[arg-type]
