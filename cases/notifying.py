"""Telling the organisations concerned of an event on a case: the case's assignee in each, else
its members (cases/assignments.py), never the person who acted. The inbox item and its e-mail
come from ksmm.notifications; called inside the action's transaction, so the items exist
exactly when the event does, once per event and person."""

from collections.abc import Iterable

from ksmm.accounts.models import User
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder

from .assignments import people_to_tell

Kind = Reminder.Kind


def tell_organisations(
    *,
    kind: str,
    case_id: int,
    organisation_ids: Iterable[int | None],
    link: str,
    event_key: str,
    acting_user: User | None,
) -> int:
    """Notifies the people of these organisations of the event `event_key` (ids and codes
    only, e.g. "referral-received:12"); returns how many items are new."""
    recipients = people_to_tell(case_id=case_id, organisation_ids={pk for pk in organisation_ids if pk is not None})
    if acting_user is not None:
        recipients.discard(acting_user.pk)
    return do_notify(kind=kind, case_id=case_id, recipient_ids=recipients, link=link, event_key=event_key)
