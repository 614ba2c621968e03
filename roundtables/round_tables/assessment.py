"""The round table's annual assessment (guidelines 2005, 3.3: the associates meet once a year to
share experience and assess the mechanism), kept as a deadline of the canton's rule
`annual_assessment`: opened when the round table is set up, renewed by each approved
annual-assessment meeting. The coordinators' organisation answers for it."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_close_deadline, do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from roundtables.models import Meeting, RoundTable


def assessment_responsible(*, round_table: RoundTable, acting_user: User | None) -> Organisation | None:
    """The organisation of the coordinator who acts, else of the canton's first coordinator, else
    the steward's or the chair's; None when the round table names none of them yet."""
    coordinators = Membership.objects.filter(
        role=Membership.Role.COORDINATOR, is_active=True, organisation__is_active=True
    ).select_related("organisation")
    if acting_user is not None and (mine := coordinators.filter(user=acting_user).first()):
        return mine.organisation
    if first := coordinators.order_by("pk").first():
        return first.organisation
    return round_table.steward_organisation or round_table.chair_organisation


def last_assessment_on(*, round_table: RoundTable) -> datetime.date | None:
    return round_table.meetings.filter(kind=Meeting.Kind.ANNUAL_ASSESSMENT, status=Meeting.Status.APPROVED).aggregate(
        last=Max("date")
    )["last"]


def do_ensure_annual_assessment(*, round_table: RoundTable, acting_user: User | None) -> Deadline | None:
    """Opens the next assessment, a year (the canton's rule) after the last approved one or, for a
    round table without one, after today; an open one is kept as it is."""
    responsible = assessment_responsible(round_table=round_table, acting_user=acting_user)
    if responsible is None:
        return None
    return do_open_deadline(
        rule=RuleKey.ANNUAL_ASSESSMENT,
        anchor=last_assessment_on(round_table=round_table) or timezone.localdate(),
        subject=round_table,
        case=None,
        responsible_organisation=responsible,
        acting_user=acting_user,
    )


def do_assessment_held(*, meeting: Meeting, acting_user: User | None) -> Deadline | None:
    """An approved annual-assessment meeting meets the open assessment and opens the next one."""
    if meeting.kind != Meeting.Kind.ANNUAL_ASSESSMENT:
        return None
    with transaction.atomic():
        do_close_deadline(
            rule=RuleKey.ANNUAL_ASSESSMENT, subject=meeting.round_table, acting_user=acting_user, reason="held"
        )
        return do_ensure_annual_assessment(round_table=meeting.round_table, acting_user=acting_user)
