"""A ZH case and the GE organisations it may go to, for the transfer tests.

ZH: lena, lead of the victim-aid service (holds the counselling) and lead of the case;
    pia, lead of the police (party, reads no counselling); vera, a victim-aid member.
GE: gino, lead of the receiving shelter's victim-aid service; cora, GE's coordinator;
    gabi, a member of the receiving service (wrong role).
TI: tom, a coordinator in a third canton (the outsider).
The case "Rosa" carries identity, counselling with a marker, a running reflection period with
its deadlines, a stay and a notice delivery.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.identity import IdentityData, do_save_identity
from cases.models import Case, CounsellingEntry, CounsellingPart
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from permits.models import ReflectionPeriod, Stay
from tests.auth import sign_in
from tests.factories import open_test_case
from tests.personas import GABI, VERA, Persona, member, new_organisation

Type = Organisation.Type
Role = Membership.Role

MARKER = "CANARY-7f3a-counselling-secret"
NOTES_MARKER = "CANARY-notes-only-with-consent"
LENA = Persona("Lena Leiterin", Type.VICTIM_AID, Role.LEAD, "zh")
PIA = Persona("Pia Polizeichefin", Type.CANTONAL_POLICE, Role.LEAD, "zh")
GINO = Persona("Gino Gérant", Type.VICTIM_AID, Role.LEAD, "ge")
CORA = Persona("Cora Coordinatrice", Type.CANTONAL_POLICE, Role.COORDINATOR, "ge")
TOM = Persona("Tom Ticino", Type.CANTONAL_POLICE, Role.COORDINATOR, "ti")


@dataclass
class World:
    zh_aid: Organisation
    zh_police: Organisation
    zh_migration: Organisation
    ge_aid: Organisation
    ge_migration: Organisation
    lena: User
    pia: User
    vera: User
    gino: User
    cora: User
    gabi: User
    tom: User
    case: Case
    period: ReflectionPeriod
    extra: dict[str, object] = field(default_factory=dict)

    def membership(self, user: User, canton: str = "zh") -> Membership:
        with schema_context(canton):
            return Membership.objects.select_related("organisation").get(user=user)


def build_world() -> World:
    zh_aid = new_organisation("zh", Type.VICTIM_AID, "Opferhilfe Transfer")
    zh_police = new_organisation("zh", Type.CANTONAL_POLICE, "Kantonspolizei Transfer")
    zh_migration = new_organisation("zh", Type.MIGRATION_OFFICE, "Migrationsamt Transfer")
    ge_aid = new_organisation("ge", Type.VICTIM_AID, "Centre LAVI Transfert")
    ge_migration = new_organisation("ge", Type.MIGRATION_OFFICE, "Office cantonal de la migration Transfert")
    world_users = {
        "lena": member(LENA, organisation=zh_aid, language="en"),
        "pia": member(PIA, organisation=zh_police, language="en"),
        "vera": member(VERA, organisation=zh_aid, language="en"),
        "gino": member(GINO, organisation=ge_aid, language="en"),
        "cora": member(CORA, language="en"),
        "gabi": member(GABI, organisation=ge_aid, language="en"),
        "tom": member(TOM, language="en"),
    }
    with schema_context("zh"):
        case = open_test_case(organisation=zh_police, pseudonym="Rosa", opened_on=date(2026, 3, 1))
        # The aid service also reads the residence matters here (a per-case grant).
        do_add_party(
            acting_user=None, case=case, organisation=zh_aid,
            compartments={"core", "identity", "counselling", "residence"},
        )  # fmt: skip
        do_add_party(acting_user=None, case=case, organisation=zh_migration)
        do_save_identity(
            acting_user=None,
            case=case,
            data=IdentityData(
                official_name="Popescu",
                first_name="Ioana",
                date_of_birth="1999-04-12",
                nationality="RO",
                identifiers=[("PASSPORT", "RO1234567")],
            ),
        )
        CounsellingEntry.objects.create(
            case=case, author_organisation=zh_aid, part=CounsellingPart.ACCOMMODATION,
            occurred_on=date(2026, 3, 2), text=MARKER, confidential_address="Geheimweg 1",
        )  # fmt: skip
        CounsellingEntry.objects.create(
            case=case, author_organisation=zh_aid, part=CounsellingPart.NOTES,
            occurred_on=date(2026, 3, 3), text=NOTES_MARKER,
        )  # fmt: skip
        today = timezone.localdate()
        period = ReflectionPeriod.objects.create(
            case=case, status=ReflectionPeriod.Status.GRANTED, requested_by_organisation=zh_aid,
            addressed_to=zh_migration, requested_on=today - timedelta(days=12), decided_on=today - timedelta(days=10),
            length_days=60, starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=50),
            grounds="Gründe der Opferhilfe",
        )  # fmt: skip
        do_open_deadline(
            rule=RuleKey.REFLECTION_END, anchor=period.starts_on, subject=period, case=case,
            responsible_organisation=zh_migration, acting_user=None, length_days=60,
        )  # fmt: skip
        Stay.objects.create(case=case, starts_on=today - timedelta(days=10), recorded_by_organisation=zh_police)
    return World(
        zh_aid=zh_aid, zh_police=zh_police, zh_migration=zh_migration, ge_aid=ge_aid, ge_migration=ge_migration,
        case=case, period=period, **world_users,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def client_for(user: User, canton: str) -> Client:
    return sign_in(Client(HTTP_HOST=f"{canton}.localhost"), user)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The refusals are read in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield
