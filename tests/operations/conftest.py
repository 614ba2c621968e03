"""The people of the register tests, all in ZH unless named otherwise (tests/personas.py).

polly   cantonal police, plans the operation        paul  police of another corps (city police)
piet    public prosecutor                            vera  victim aid, told of the operation
vicky   victim aid of another service, not told      nora  the specialised NGO, told
mia     migration office                             karl  KESB, with the coordinator role
gabi    victim aid in GE (the outsider)
Everyone reads English so that assertions can quote messages.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.operations.actions import check_announce, check_save_operation
from cases.operations.models import PlannedOperation
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.personas import (
    GABI,
    GE_VICTIM_AID,
    KARL,
    MIA,
    NORA,
    PAUL,
    PIET,
    POLLY,
    VERA,
    VICKY,
    member,
    new_organisation,
)

Type = Organisation.Type
Role = Membership.Role

# Police-only texts: a page or message that shows one of them to victim aid leaks.
TARGET = "Salon Rosengarten, Betreiber Z."
ADDRESS = "Langstrasse 999, 8004 Zürich"
TACTICS = "Zugriff über Hintereingang"
POLICE_ONLY = (TARGET, ADDRESS, TACTICS)
MUNICIPALITY = "Zürich Kreis 4"


@dataclass
class Cast:
    police: Organisation
    city_police: Organisation
    prosecution: Organisation
    aid: Organisation
    other_aid: Organisation
    ngo: Organisation
    migration: Organisation
    kesb: Organisation
    polly: User
    paul: User
    piet: User
    vera: User
    vicky: User
    nora: User
    mia: User
    karl: User

    def membership(self, user: User) -> Membership:
        return Membership.objects.select_related("organisation", "user").get(user=user)


@pytest.fixture
def cast(db: None) -> Cast:
    police = new_organisation("zh", Type.CANTONAL_POLICE, "Kantonspolizei Einsatz")
    city_police = new_organisation("zh", Type.CITY_POLICE, "Stadtpolizei Einsatz")
    prosecution = new_organisation("zh", Type.PUBLIC_PROSECUTOR, "Staatsanwaltschaft Einsatz")
    aid = new_organisation("zh", Type.VICTIM_AID, "Opferhilfe Einsatz")
    other_aid = new_organisation("zh", Type.VICTIM_AID, "Opferhilfe Winterthur")
    ngo = new_organisation("zh", Type.NGO, "FIZ Einsatz")
    migration = new_organisation("zh", Type.MIGRATION_OFFICE, "Migrationsamt Einsatz")
    kesb = new_organisation("zh", Type.KESB, "KESB Einsatz")
    return Cast(
        police=police,
        city_police=city_police,
        prosecution=prosecution,
        aid=aid,
        other_aid=other_aid,
        ngo=ngo,
        migration=migration,
        kesb=kesb,
        polly=member(POLLY, organisation=police, language="en"),
        paul=member(PAUL, organisation=city_police, language="en"),
        piet=member(PIET, organisation=prosecution, language="en"),
        vera=member(VERA, organisation=aid, language="en"),
        vicky=member(VICKY, organisation=other_aid, role=Role.MEMBER, language="en"),
        nora=member(NORA, organisation=ngo, role=Role.MEMBER, language="en"),
        mia=member(MIA, organisation=migration, language="en"),
        karl=member(KARL, organisation=kesb, role=Role.COORDINATOR, language="en"),
    )


def plan(cast: Cast, *, starts_at: datetime | None = None, **fields: object) -> PlannedOperation:
    """An operation of the cantonal police, in the current schema, through the real action."""
    starts_at = starts_at or timezone.now() + timedelta(days=1)
    values: dict[str, object] = {
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=4),
        "municipality": MUNICIPALITY,
        "sector": PlannedOperation.Sector.SEX_WORK,
        "expected_victims": 6,
        "expected_languages": "Romanian, Hungarian",
        "contact_name": "Wm Keller",
        "contact_phone": "+41 44 000 00 00",
        "target": TARGET,
        "address": ADDRESS,
        "tactical_notes": TACTICS,
        **fields,
    }
    return check_save_operation(acting_user=cast.polly, organisation=cast.police, operation=PlannedOperation(**values))


@pytest.fixture
def raid(cast: Cast) -> PlannedOperation:
    """Tomorrow's operation of the cantonal police, announced to victim aid and the NGO."""
    with schema_context("zh"):
        operation = plan(cast)
        check_announce(acting_user=cast.polly, operation=operation, organisations=[cast.aid, cast.ngo])
        operation.refresh_from_db()
        return operation


@pytest.fixture
def gabi(db: None) -> User:
    return member(GABI, organisation_name=GE_VICTIM_AID)


def client_for(user: User, *, host: str = "zh.localhost") -> Client:
    return sign_in(Client(HTTP_HOST=host), user)
