"""Reading the canton's events as a change feed (`/api/v1/changes/`): what one reader may see.

An event names an object by type and id; who may see that it changed is the case policy's
answer about the object's case and compartment, asked in SQL (one statement per page, however
long the page): a case's events need the compartment they were written in, on that case
(`readable_filter`, the join the case list uses); an event addressed to the reader's
organisation (a referral it received, a request it decides, a decision on its request) is its
own; an event of no case is shown only for the directory (organisations, the round table, its
meetings and agreement), which every member may read. Anything else without a case (an account,
an API client, a case record whose case could not be told) is shown to nobody: hiding is the
default.

Position: event ids are the cursor. They are numbered under the canton's audit-chain lock, held
until commit (ksmm/events/models.py), so when a statement sees an id, every lower id is
committed or never will be: a page may end at the highest id the statement saw, past events
the reader may not see, without skipping one that commits later.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q

from ksmm.compartments import Compartment
from ksmm.events.models import HAND_OFF_KINDS, Event
from ksmm.partners.models import ContactPerson, Organisation
from roundtables.models import (
    ActionItem,
    Agreement,
    AgreementSection,
    Decision,
    Meeting,
    MeetingAttendee,
    PartnerDuty,
    RoundTable,
    RoundTableMember,
    SharingRule,
    Signatory,
)

from .identification.models import Indicator
from .models import Case
from .policy import Reader, ceiling_opens, readable_filter

# The objects of no case that the directory scope reads (ksmm/partners, roundtables).
DIRECTORY_TYPES = frozenset(
    model._meta.label_lower
    for model in (
        Organisation,
        ContactPerson,
        RoundTable,
        RoundTableMember,
        Meeting,
        MeetingAttendee,
        Decision,
        ActionItem,
        Agreement,
        AgreementSection,
        PartnerDuty,
        Signatory,
        SharingRule,
        Indicator,
    )
)
# Higher than any id: a page "after" it is empty and reports the head (`since=now`).
HEAD = 2**62
FIELDS = ("id", "kind", "object_type", "object_id", "case_id", "occurred_at")


@dataclass(frozen=True, kw_only=True)
class Change:
    id: int
    kind: str
    object_type: str
    object_id: str
    case_id: int | None
    occurred_at: datetime


@dataclass(frozen=True, kw_only=True)
class ChangePage:
    """The changes after a position, the position to ask from next, and whether more are there."""

    changes: list[Change]
    position: int
    has_more: bool


def visible_to(*, reader: Reader, directory: bool) -> Q:
    """The events the reader may see; `directory`: whether it may read the directory."""
    visible = Q(id__lt=0)  # nothing, in SQL (an empty `in` would drop the statement)
    if directory:
        visible |= Q(case_id__isnull=True, object_type__in=sorted(DIRECTORY_TYPES))
    for compartment in Compartment.values:
        if not ceiling_opens(reader=reader, compartment=compartment):
            continue
        written_in = Q(compartment=compartment)
        if compartment == Compartment.CORE:
            written_in |= Q(compartment="")  # a case write that named no compartment: core
        cases = Case.objects.filter(readable_filter(membership=reader, compartment=compartment)).values("pk")
        visible |= written_in & Q(case_id__in=cases)
        visible |= written_in & Q(organisation_id=reader.organisation.pk, kind__in=HAND_OFF_KINDS)
    return visible


def changes_after(*, reader: Reader, directory: bool, position: int, limit: int) -> ChangePage:
    """Up to `limit` changes the reader may see after `position`, in commit order. One statement:
    the page and the highest id committed (the head), read in one snapshot."""
    page = (
        Event.objects.filter(visible_to(reader=reader, directory=directory), id__gt=position)
        .order_by("id")
        .values_list(*FIELDS)[: limit + 1]
    )
    sql, params = page.query.sql_with_params()
    table = connection.ops.quote_name(Event._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT h.head, e.* FROM (SELECT max(id) AS head FROM {table}) AS h "  # noqa: S608 - our own table
            f"LEFT JOIN LATERAL ({sql}) AS e ON true",
            params,
        )
        rows = cursor.fetchall()
    head = rows[0][0] or 0
    found = [Change(**dict(zip(FIELDS, row[1:], strict=True))) for row in rows if row[1] is not None]
    changes, has_more = found[:limit], len(found) > limit
    if has_more:
        return ChangePage(changes=changes, position=changes[-1].id, has_more=True)
    # Nothing the reader may see up to the head: next time, start there.
    return ChangePage(changes=changes, position=max(position if position < HEAD else 0, head), has_more=False)
