"""The hand-offs of issue 18, each emitted by its real action (ksmm/events): exactly one event of
its kind, about the right object, case and organisation; none when the action is replayed; none
when the action's transaction rolls back.

The world and the actions are those of the notification tests (tests/notifications/test_events.py):
the same steps tell people and cantonal systems.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from ksmm.events.actions import do_emit
from ksmm.events.models import HAND_OFF_KINDS, Event
from tests.notifications import test_events as steps
from tests.notifications.test_events import World, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

Kind = Event.Kind


@dataclass(frozen=True)
class Expected:
    kind: str
    object_type: str
    organisation: str  # the attribute of World naming the organisation addressed


CASES: dict[str, tuple[Callable[[World], object], Expected]] = {
    "referral received": (steps.referral_received, Expected(Kind.REFERRAL_RECEIVED, "cases.referral", "ngo")),
    "reflection period requested": (
        steps.reflection_requested,
        Expected(Kind.REQUEST_WAITING, "permits.reflectionperiod", "migration"),
    ),
    "reflection period granted": (
        steps.reflection_granted,
        Expected(Kind.DECISION_TAKEN, "permits.reflectionperiod", "aid"),
    ),
    "reflection period refused": (
        steps.reflection_refused,
        Expected(Kind.DECISION_TAKEN, "permits.reflectionperiod", "aid"),
    ),
    "extension requested": (
        steps.extension_requested,
        Expected(Kind.REQUEST_WAITING, "permits.reflectionextension", "migration"),
    ),
    "extension decided": (
        steps.extension_decided,
        Expected(Kind.DECISION_TAKEN, "permits.reflectionextension", "aid"),
    ),
    "permit requested": (steps.permit_requested, Expected(Kind.REQUEST_WAITING, "permits.permitrequest", "migration")),
    "permit granted": (steps.permit_granted, Expected(Kind.DECISION_TAKEN, "permits.permitrequest", "aid")),
    "permit refused": (steps.permit_refused, Expected(Kind.DECISION_TAKEN, "permits.permitrequest", "aid")),
    "permit B passed to the SEM": (
        steps.permit_submitted_to_sem,
        Expected(Kind.DECISION_TAKEN, "permits.permitrequest", "aid"),
    ),
    "case closed": (steps.case_closed, Expected(Kind.CASE_CLOSED, "cases.case", "aid")),
}


def hand_offs(kind: str, *, after: int, object_type: str = "") -> list[Event]:
    events = Event.objects.filter(kind=kind, id__gt=after).order_by("id")
    return list(events.filter(object_type=object_type) if object_type else events)


def last_id() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("name", list(CASES))
def test_each_hand_off_emits_one_event_with_its_ids_and_a_replay_none(world: World, name: str) -> None:  # noqa: F811
    action, expected = CASES[name]
    with schema_context("zh"):
        before = last_id()
        action(world)
        # (An extension comes after the period's own request and decision.)
        (event,) = hand_offs(expected.kind, after=before, object_type=expected.object_type)
        assert event.object_type == expected.object_type
        assert event.case_id == world.case.pk
        assert event.organisation_id == getattr(world, expected.organisation).pk
        if expected.object_type == "cases.case":
            assert event.object_id == str(world.case.pk)
        assert event.event_key
        # The same hand-off again (a retried request, a redelivered task) records nothing.
        after = last_id()
        replayed = do_emit(
            kind=event.kind,
            object_type=event.object_type,
            object_id=event.object_id,
            case_id=event.case_id,
            organisation_id=event.organisation_id,
            event_key=event.event_key,
        )
        assert replayed is None
        assert hand_offs(expected.kind, after=after) == []


@pytest.mark.parametrize("name", list(CASES))
def test_a_hand_off_rolled_back_leaves_no_event(world: World, name: str) -> None:  # noqa: F811
    action, _expected = CASES[name]
    with schema_context("zh"):
        before = last_id()
        with pytest.raises(RuntimeError), transaction.atomic():
            action(world)
            raise RuntimeError("the request failed after the action")
        assert not Event.objects.filter(id__gt=before).exists()


def test_a_permit_b_is_decided_twice_the_office_then_the_sem(world: World) -> None:  # noqa: F811
    with schema_context("zh"):
        before = last_id()
        steps.sem_decision(world)
        decisions = hand_offs(Kind.DECISION_TAKEN, after=before)
        assert len(decisions) == 2
        assert {event.object_id for event in decisions} == {decisions[0].object_id}


def test_correcting_a_closure_closes_nothing_again(world: World) -> None:  # noqa: F811
    from cases.steps.actions import check_save_step
    from cases.steps.models import Closure

    with schema_context("zh"):
        before = last_id()
        steps.case_closed(world)
        closure = Closure.objects.get(case=world.case)
        closure.note = "corrected"
        check_save_step(acting_user=world.vera, organisation=world.aid, step=closure)
        assert len(hand_offs(Kind.CASE_CLOSED, after=before)) == 1
        # The correction itself is a change of the closure.
        assert Event.objects.filter(
            id__gt=before, kind=Kind.UPDATED, object_type="casesteps.closure", object_id=str(closure.pk)
        ).exists()


def test_a_step_that_hands_nothing_off_emits_no_hand_off(world: World) -> None:  # noqa: F811
    with schema_context("zh"):
        before = last_id()
        steps.referral_declined(world)  # the request is a hand-off; the answer is not
        kinds = list(Event.objects.filter(id__gt=before, kind__in=HAND_OFF_KINDS).values_list("kind", flat=True))
        assert kinds == [Kind.REFERRAL_RECEIVED]
