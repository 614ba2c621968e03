"""The hand-offs of residence matters as events (ksmm/events) for the cantonal systems of the
organisations concerned: a request waiting for the migration office, a decision for the
organisation that asked. Emitted beside the notification of the same step (`_tell` of each
actions module), in the same transaction."""

from cases.notifying import Kind
from ksmm.compartments import Compartment
from ksmm.events.actions import do_emit, event_key_for
from ksmm.events.models import EventKind

from .models import PermitRequest, ReflectionExtension, ReflectionPeriod

# The notifications that are a decision on a request.
DECISIONS = frozenset(
    {
        Kind.REFLECTION_GRANTED,
        Kind.REFLECTION_REFUSED,
        Kind.EXTENSION_DECIDED,
        Kind.PERMIT_SUBMITTED_TO_SEM,
        Kind.PERMIT_GRANTED,
        Kind.PERMIT_REFUSED,
    }
)


def is_decision(kind: str) -> bool:
    return kind in DECISIONS


def emit_hand_off(
    asked: ReflectionPeriod | ReflectionExtension | PermitRequest, *, waiting: bool, decided: bool, to: int | None
) -> None:
    """A request now waiting for the migration office (`to`), or its decision for the
    organisation that asked (`to`): once per request and status, so a replayed step records
    nothing twice (a permit B is decided twice: the office's approval, then the SEM's answer)."""
    if not (waiting or decided):
        return
    kind = EventKind.REQUEST_WAITING if waiting else EventKind.DECISION_TAKEN
    do_emit(
        kind=kind,
        obj=asked,
        organisation_id=to,
        compartment=Compartment.RESIDENCE,
        event_key=event_key_for(kind, asked, asked.status),
    )
