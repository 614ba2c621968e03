"""Hand-offs and decisions reach the people of the organisation they are addressed to (issue 14,
point 1): every event kind, triggered through its real action, puts one item into the inbox of
each member of the right organisation, never the actor's, with the case number and a link the
recipient can open, and no name anywhere.

ZH: the victim aid (vera, vanessa; lena its lead), the migration office (mia, mo), the police
(polly, pete), the prosecution (piet), an NGO (nina, ned). Identity fields, the case's
pseudonym, free texts and people's names carry planted markers ("Qmark...").
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django_tenants.utils import schema_context

from cases import referrals
from cases.actions import do_add_party
from cases.consents import check_record_consent, do_revoke_consent
from cases.identity import IdentityData, do_save_identity
from cases.models import Case, Consent, CounsellingPart, Referral
from cases.notifying import tell_organisations
from cases.proceedings.actions import check_save_proceeding
from cases.proceedings.models import CriminalProceeding, Offence
from cases.steps import closing
from cases.steps.actions import check_save_step
from cases.steps.models import Closure, Operation
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation
from permits import actions as reflection
from permits import extensions, permit_actions
from permits.models import PermitKind, PermitRequest, ReflectionExtension, ReflectionPeriod
from tests.auth import sign_in
from tests.factories import MembershipFactory, open_test_case
from tests.personas import MIA, PIET, POLLY, VERA, member, new_organisation

pytestmark = pytest.mark.django_db

Type = Organisation.Type
Kind = Reminder.Kind
DAY0 = date(2026, 3, 2)
MARKERS = ("Qmarkpseudonym", "Qmarkofficialname", "Qmarkfirstname", "Qmarkperson", "Qmarktext")
PSEUDONYM, OFFICIAL_NAME, FIRST_NAME, PERSON, TEXT = MARKERS


@dataclass
class World:
    aid: Organisation
    migration: Organisation
    police: Organisation
    prosecution: Organisation
    ngo: Organisation
    vera: User
    lena: User
    mia: User
    polly: User
    nina: User
    case: Case

    def membership(self, user: User) -> Membership:
        return Membership.objects.select_related("organisation").get(user=user)


def _second(organisation: Organisation, **fields: object) -> User:
    return MembershipFactory(organisation=organisation, **fields).user  # type: ignore[no-any-return]


@pytest.fixture
def world(db: None) -> World:
    aid = new_organisation("zh", Type.VICTIM_AID, "FIZ Opferhilfe (Meldungen)")
    migration = new_organisation("zh", Type.MIGRATION_OFFICE, "Migrationsamt (Meldungen)")
    police = new_organisation("zh", Type.CANTONAL_POLICE, "Kantonspolizei (Meldungen)")
    prosecution = new_organisation("zh", Type.PUBLIC_PROSECUTOR, "Staatsanwaltschaft (Meldungen)")
    ngo = new_organisation("zh", Type.NGO, "Verein (Meldungen)")
    people = {
        "vera": member(VERA, organisation=aid, language="de"),
        "mia": member(MIA, organisation=migration, language="fr"),
        "polly": member(POLLY, organisation=police, language="it"),
        "nina": member(PIET, organisation=ngo, role=Membership.Role.MEMBER),
    }
    with schema_context("zh"):
        for organisation in (aid, migration, police, ngo):
            _second(organisation, user__language="en")
        member(PIET, organisation=prosecution)
        lena = MembershipFactory(organisation=aid, role=Membership.Role.LEAD).user
        case = open_test_case(organisation=aid, pseudonym=PSEUDONYM, opened_on=DAY0)
        do_save_identity(
            acting_user=None, case=case, data=IdentityData(official_name=OFFICIAL_NAME, first_name=FIRST_NAME)
        )
        for organisation in (police, prosecution):
            do_add_party(acting_user=None, case=case, organisation=organisation)
        Reminder.objects.all().delete()
        organisations = (aid, migration, police, prosecution, ngo)
        people_ids = Membership.objects.filter(organisation__in=organisations).values_list("user_id", flat=True)
        User.objects.filter(pk__in=list(people_ids)).update(full_name=PERSON)
    return World(aid=aid, migration=migration, police=police, prosecution=prosecution, ngo=ngo, lena=lena,
                 case=case, **people)  # type: ignore[arg-type]  # fmt: skip


# --- the events, each through its action: (who acts, whose people are told) ---------------------


def _referral(w: World) -> Referral:
    return referrals.check_request_referral(
        acting_user=w.polly, membership=w.membership(w.polly), case=w.case, recipient=w.ngo, compartments=[],
        message=TEXT,
    )  # fmt: skip


def referral_received(w: World) -> tuple[User, list[Organisation]]:
    _referral(w)
    return w.polly, [w.ngo]


def referral_accepted(w: World) -> tuple[User, list[Organisation]]:
    referral = _referral(w)
    referrals.check_accept_referral(acting_user=w.nina, membership=w.membership(w.nina), referral=referral)
    return w.nina, [w.police]


def referral_declined(w: World) -> tuple[User, list[Organisation]]:
    referral = _referral(w)
    referrals.check_decline_referral(
        acting_user=w.nina, membership=w.membership(w.nina), referral=referral, reason=TEXT
    )
    return w.nina, [w.police]


def _period(w: World) -> ReflectionPeriod:
    return reflection.check_request_reflection_period(
        acting_user=w.vera, organisation=w.aid, case=w.case, addressed_to=w.migration, requested_on=DAY0,
        grounds=TEXT,
    )  # fmt: skip


def _granted(w: World) -> ReflectionPeriod:
    return reflection.check_decide_reflection_period(
        acting_user=w.mia, organisation=w.migration, period=_period(w), grant=True, decided_on=DAY0,
        length_days=45, reasons=TEXT,
    )  # fmt: skip


def reflection_requested(w: World) -> tuple[User, list[Organisation]]:
    _period(w)
    return w.vera, [w.migration]


def reflection_granted(w: World) -> tuple[User, list[Organisation]]:
    _granted(w)
    return w.mia, [w.aid]


def reflection_refused(w: World) -> tuple[User, list[Organisation]]:
    reflection.check_decide_reflection_period(
        acting_user=w.mia, organisation=w.migration, period=_period(w), grant=False, decided_on=DAY0, reasons=TEXT
    )
    return w.mia, [w.aid]


def reflection_ended(w: World) -> tuple[User, list[Organisation]]:
    reflection.check_end_reflection_period(
        acting_user=w.mia, organisation=w.migration, period=_granted(w), ended_on=DAY0 + timedelta(days=10),
        reason=reflection.EndReason.values[0], notes=TEXT,
    )  # fmt: skip
    return w.mia, [w.aid]


def _extension(w: World) -> ReflectionExtension:
    return extensions.check_request_extension(
        acting_user=w.vera, organisation=w.aid, period=_granted(w), requested_on=DAY0 + timedelta(days=5), days=20,
        reason=TEXT,
    )  # fmt: skip


def extension_requested(w: World) -> tuple[User, list[Organisation]]:
    _extension(w)
    return w.vera, [w.migration]


def extension_decided(w: World) -> tuple[User, list[Organisation]]:
    extensions.check_decide_extension(
        acting_user=w.mia, organisation=w.migration, extension=_extension(w), grant=True, decided_on=DAY0,
    )  # fmt: skip
    return w.mia, [w.aid]


def _permit(w: World, kind: str = PermitKind.L) -> PermitRequest:
    return permit_actions.check_request_permit(
        acting_user=w.vera, organisation=w.aid, case=w.case, kind=kind, addressed_to=w.migration,
        requested_on=DAY0, expected_until=date(2026, 12, 31), grounds=TEXT, hardship_criteria=TEXT,
    )  # fmt: skip


def permit_requested(w: World) -> tuple[User, list[Organisation]]:
    _permit(w)
    return w.vera, [w.migration]


def permit_granted(w: World) -> tuple[User, list[Organisation]]:
    permit_actions.check_decide_permit(
        acting_user=w.mia, organisation=w.migration, permit=_permit(w), approve=True, decided_on=DAY0,
        valid_from=DAY0, valid_until=date(2026, 12, 31),
    )  # fmt: skip
    return w.mia, [w.aid]


def permit_refused(w: World) -> tuple[User, list[Organisation]]:
    permit_actions.check_decide_permit(
        acting_user=w.mia, organisation=w.migration, permit=_permit(w), approve=False, decided_on=DAY0, reasons=TEXT
    )
    return w.mia, [w.aid]


def permit_submitted_to_sem(w: World) -> tuple[User, list[Organisation]]:
    permit_actions.check_decide_permit(
        acting_user=w.mia, organisation=w.migration, permit=_permit(w, kind=PermitKind.B), approve=True,
        decided_on=DAY0,
    )  # fmt: skip
    return w.mia, [w.aid]


def sem_decision(w: World) -> tuple[User, list[Organisation]]:
    """The SEM's approval of a B permit, recorded by the office: the grant reaches the requester."""
    permit = _permit(w, kind=PermitKind.B)
    permit_actions.check_decide_permit(
        acting_user=w.mia, organisation=w.migration, permit=permit, approve=True, decided_on=DAY0
    )
    permit_actions.check_record_sem_decision(
        acting_user=w.mia, organisation=w.migration, permit=permit, approved=True, decided_on=DAY0,
        valid_from=DAY0, valid_until=date(2027, 3, 1),
    )  # fmt: skip
    return w.mia, [w.aid]


def operation_announced(w: World) -> tuple[User, list[Organisation]]:
    planned = timezone.make_aware(datetime(2026, 3, 20, 6, 0))
    operation = Operation(
        case=w.case, planned_for=planned, place=TEXT, announced=True, announced_to=w.aid,
        announced_at=planned - timedelta(days=1),
    )  # fmt: skip
    check_save_step(acting_user=w.polly, organisation=w.police, step=operation)
    return w.polly, [w.aid]


def _consent(w: World) -> Consent:
    return check_record_consent(
        acting_user=w.vera, membership=w.membership(w.vera), case=w.case, recipient=w.police, purpose=TEXT,
        scope=[CounsellingPart.MEDICAL],
    )  # fmt: skip


def consent_given(w: World) -> tuple[User, list[Organisation]]:
    _consent(w)
    return w.vera, [w.police]


def consent_revoked(w: World) -> tuple[User, list[Organisation]]:
    consent = _consent(w)
    Reminder.objects.all().delete()  # the notification of the consent itself
    do_revoke_consent(acting_user=w.vera, consent=consent)
    return w.vera, [w.police]


def minor_at_risk_exception(w: World) -> tuple[User, list[Organisation]]:
    Case.objects.filter(pk=w.case.pk).update(is_minor=True)
    w.case.is_minor = True
    check_record_consent(
        acting_user=w.vera, membership=w.membership(w.vera), case=w.case, recipient=w.police, purpose=TEXT,
        scope=[CounsellingPart.NOTES], basis=Consent.Basis.MINOR_AT_RISK, exception_purpose="criminal_complaint",
        justification=TEXT,
    )  # fmt: skip
    return w.vera, []  # its leads only: checked below


def case_closed(w: World) -> tuple[User, list[Organisation]]:
    """The victim aid opened the case: it leads it and closes it."""
    closure = Closure(
        case=w.case, closed_on=DAY0 + timedelta(days=1), reason=Closure.Reason.OTHER, note=TEXT, override_reason=TEXT
    )
    check_save_step(acting_user=w.vera, organisation=w.aid, step=closure)
    return w.vera, [w.police, w.prosecution]


def _propose(w: World) -> None:
    closing.check_propose_closure(
        acting_user=w.vera, organisation=w.aid, case=w.case, reason=Closure.Reason.OTHER, note=TEXT, answer_days=10
    )


def closure_proposed(w: World) -> tuple[User, list[Organisation]]:
    _propose(w)
    return w.vera, [w.police, w.prosecution]


def closure_objected(w: World) -> tuple[User, list[Organisation]]:
    _propose(w)
    Reminder.objects.all().delete()  # the proposal's own notification
    closing.check_answer_proposal(acting_user=w.polly, organisation=w.police, case=w.case, agrees=False, note=TEXT)
    return w.polly, [w.aid]


def party_withdrew(w: World) -> tuple[User, list[Organisation]]:
    closing.check_withdraw(
        acting_user=w.polly, organisation=w.police, case=w.case, reason=TEXT, successor=None, hand_overs={}
    )
    return w.polly, [w.aid, w.prosecution]


def proceedings_ended(w: World) -> tuple[User, list[Organisation]]:
    proceeding = CriminalProceeding(
        case=w.case, prosecution_office=w.prosecution, offences=[Offence.TRAFFICKING], opened_on=DAY0,
        discontinued_on=DAY0 + timedelta(days=1), note=TEXT,
    )  # fmt: skip
    check_save_proceeding(acting_user=w.polly, organisation=w.police, proceeding=proceeding)
    return w.polly, [w.aid]


def case_assigned(w: World) -> tuple[User, list[Organisation]]:
    from cases.assignments import check_assign_case

    check_assign_case(
        acting_user=w.lena, membership=w.membership(w.lena), case=w.case, organisation=w.aid, assignee=w.vera
    )
    return w.lena, []  # the assignee only: checked below


EVENTS: dict[str, Callable[[World], tuple[User, list[Organisation]]]] = {
    Kind.REFERRAL_RECEIVED: referral_received,
    Kind.REFERRAL_ACCEPTED: referral_accepted,
    Kind.REFERRAL_DECLINED: referral_declined,
    Kind.REFLECTION_REQUESTED: reflection_requested,
    Kind.REFLECTION_GRANTED: reflection_granted,
    Kind.REFLECTION_REFUSED: reflection_refused,
    Kind.REFLECTION_ENDED: reflection_ended,
    Kind.EXTENSION_REQUESTED: extension_requested,
    Kind.EXTENSION_DECIDED: extension_decided,
    Kind.PERMIT_REQUESTED: permit_requested,
    Kind.PERMIT_SUBMITTED_TO_SEM: permit_submitted_to_sem,
    Kind.PERMIT_GRANTED: permit_granted,
    Kind.PERMIT_REFUSED: permit_refused,
    Kind.OPERATION_ANNOUNCED: operation_announced,
    Kind.CONSENT_GIVEN: consent_given,
    Kind.CONSENT_REVOKED: consent_revoked,
    Kind.MINOR_AT_RISK_EXCEPTION: minor_at_risk_exception,
    Kind.CASE_CLOSED: case_closed,
    Kind.CLOSURE_PROPOSED: closure_proposed,
    Kind.CLOSURE_OBJECTED: closure_objected,
    Kind.PARTY_WITHDREW: party_withdrew,
    Kind.PROCEEDINGS_ENDED: proceedings_ended,
    Kind.CASE_ASSIGNED: case_assigned,
}


def members(*organisations: Organisation) -> set[int]:
    return set(
        Membership.objects.filter(organisation__in=organisations, is_active=True).values_list("user_id", flat=True)
    )


# Events of the operations register concern no case: tests/operations/test_actions.py.
REGISTER_KINDS = {Kind.OPERATION_CHANGED, Kind.OPERATION_CANCELLED, Kind.OPERATION_ANSWERED}
# A possible match across cantons names no case either: tests/matching/test_signal.py; nor does
# a disabled webhook: tests/webhooks/test_delivery.py.
CASELESS_KINDS = {Kind.POSSIBLE_MATCH, Kind.WEBHOOK_DISABLED}
# Told across two cantons' schemas: tests/transfers/test_copy.py::test_both_sides_are_notified.
TRANSFER_KINDS = {Kind.TRANSFER_REQUESTED, Kind.TRANSFER_ACCEPTED, Kind.TRANSFER_DECLINED, Kind.TRANSFER_COMPLETED}


def test_every_event_kind_has_its_action() -> None:
    assert set(EVENTS) == set(Kind.values) - {Kind.DEADLINE} - REGISTER_KINDS - CASELESS_KINDS - TRANSFER_KINDS


def fire(world: World, kind: str) -> tuple[User, set[int]]:
    """Runs the event's action in ZH; returns the actor and who must be told."""
    with schema_context("zh"):
        actor, organisations = EVENTS[kind](world)
        if kind == Kind.CASE_ASSIGNED:
            expected = {world.vera.pk}
        else:
            expected = members(*organisations) if organisations else {world.lena.pk}
    return actor, expected - {actor.pk}


@pytest.mark.parametrize("kind", EVENTS)
def test_each_event_tells_the_people_it_is_addressed_to_and_not_the_actor(world: World, kind: str) -> None:
    actor, expected = fire(world, kind)
    with schema_context("zh"):
        items = Reminder.objects.filter(kind=kind)
        assert set(items.values_list("recipient_id", flat=True)) == expected
        assert len(expected) >= 1
        assert actor.pk not in expected
        assert items.count() == len(expected)  # once per person
        assert set(items.values_list("case_id", flat=True)) == {world.case.pk}
        # Only the event's own kind: a closure does not also announce, a grant does not re-request.
        assert set(Reminder.objects.exclude(kind=Kind.DEADLINE).values_list("kind", flat=True)) <= {
            kind, Kind.REFERRAL_RECEIVED, Kind.REFLECTION_REQUESTED, Kind.REFLECTION_GRANTED, Kind.PERMIT_REQUESTED,
            Kind.CONSENT_GIVEN, Kind.EXTENSION_REQUESTED,
        }  # fmt: skip
        item = items.first()
        assert item is not None
        for marker in MARKERS:
            assert marker not in item.link
            assert marker not in item.event_key


@pytest.mark.parametrize("kind", EVENTS)
def test_the_link_of_each_event_opens_for_its_recipient(world: World, kind: str) -> None:
    fire(world, kind)
    with schema_context("zh"):
        item = Reminder.objects.filter(kind=kind).select_related("recipient").first()
        assert item is not None
    client = sign_in(Client(HTTP_HOST="zh.localhost"), item.recipient)
    assert client.get(item.link).status_code == 200, item.link


@pytest.mark.parametrize("kind", EVENTS)
def test_the_inbox_shows_each_event_in_the_readers_language_without_a_name(world: World, kind: str) -> None:
    fire(world, kind)
    with schema_context("zh"):
        item = Reminder.objects.filter(kind=kind).select_related("recipient", "case").first()
        assert item is not None
        User.objects.filter(pk=item.recipient_id).update(language="de")
    client = sign_in(Client(HTTP_HOST="zh.localhost"), item.recipient)
    page = client.get("/inbox/").content.decode()
    api = client.get("/api/v1/inbox/").content.decode()
    # The header names the reader themself (planted with a marker too); the rest names nobody.
    page = re.sub(r'<span class="signed-in-name">[^<]*</span>', "", page)
    assert item.case is not None and item.case.case_number in page
    assert '<span class="badge"' in page
    with translation.override("de"):
        label = str(Kind(kind).label)
    with translation.override("en"):
        assert label != str(Kind(kind).label)  # translated
    assert escape(label) in page
    for marker in MARKERS:
        assert marker not in page
        assert marker not in api


def test_the_sems_decision_reaches_the_requester(world: World) -> None:
    with schema_context("zh"):
        actor, organisations = sem_decision(world)
        expected = members(*organisations) - {actor.pk}
        granted = Reminder.objects.filter(kind=Kind.PERMIT_GRANTED)
        assert set(granted.values_list("recipient_id", flat=True)) == expected
        assert (
            set(Reminder.objects.filter(kind=Kind.PERMIT_SUBMITTED_TO_SEM).values_list("recipient_id", flat=True))
            == expected
        )


def test_an_action_replayed_tells_nobody_twice(world: World) -> None:
    with schema_context("zh"):
        consent = _consent(world)
        do_revoke_consent(acting_user=world.vera, consent=consent)
        do_revoke_consent(acting_user=world.vera, consent=consent)
        assert Reminder.objects.filter(kind=Kind.CONSENT_REVOKED).count() == len(members(world.police))


def test_the_same_event_notified_twice_inserts_nothing_the_second_time(world: World) -> None:
    with schema_context("zh"):
        people = members(world.police)

        def notify() -> int:
            return do_notify(
                kind=Kind.CASE_CLOSED, case_id=world.case.pk, recipient_ids=people, link="/cases/", event_key="x:1"
            )

        assert notify() == len(people)
        assert notify() == 0
        assert Reminder.objects.filter(event_key="x:1").count() == len(people)
        # Another event of the same kind on the same case is a new item.
        assert do_notify(kind=Kind.CASE_CLOSED, case_id=world.case.pk, recipient_ids=people, link="/", event_key="x:2")


def test_the_actor_is_not_told_even_when_their_organisation_is(world: World) -> None:
    with schema_context("zh"):
        told = tell_organisations(
            kind=Kind.CASE_CLOSED, case_id=world.case.pk, organisation_ids=[world.police.pk], link="/cases/",
            event_key="closed:test", acting_user=world.polly,
        )  # fmt: skip
        recipients = set(Reminder.objects.filter(event_key="closed:test").values_list("recipient_id", flat=True))
        assert told == len(recipients) >= 1
        assert recipients == members(world.police) - {world.polly.pk}


def test_inactive_people_and_memberships_are_not_told(world: World) -> None:
    with schema_context("zh"):
        gone = MembershipFactory(organisation=world.ngo, is_active=False).user
        left = MembershipFactory(organisation=world.ngo, user__is_active=False).user
        referral_received(world)
        recipients = set(Reminder.objects.values_list("recipient_id", flat=True))
    assert recipients and not recipients & {gone.pk, left.pk}


def test_an_event_kind_is_needed(world: World) -> None:
    with schema_context("zh"), pytest.raises(ValueError):
        do_notify(kind=Kind.DEADLINE, case_id=world.case.pk, recipient_ids=[world.vera.pk], link="/", event_key="d")


def test_an_operation_announced_to_a_service_outside_the_case_links_to_the_inbox(world: World) -> None:
    with schema_context("zh"):
        other = new_organisation("zh", Type.VICTIM_AID, "Andere Opferhilfe (Meldungen)")
        MembershipFactory(organisation=other)
        planned = timezone.make_aware(datetime(2026, 3, 20, 6, 0))
        check_save_step(
            acting_user=world.polly, organisation=world.police,
            step=Operation(case=world.case, planned_for=planned, place=TEXT, announced=True, announced_to=other,
                           announced_at=planned - timedelta(days=1)),
        )  # fmt: skip
        assert set(Reminder.objects.values_list("link", flat=True)) == {"/inbox/"}
