"""Time travel over one case: every residence reminder arrives on its day, each exactly once."""

from datetime import date, timedelta

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.deadlines.models import RuleKey
from ksmm.memberships.models import Membership
from ksmm.notifications.delivery import send_pending_emails
from ksmm.notifications.models import OVERDUE, Reminder
from ksmm.notifications.scan import insert_due_reminders
from permits import actions, permit_actions
from permits.models import EndReason, PermitKind, Stay
from permits.queries import RESIDENCE_RULES
from permits.stays import actions as stay_actions
from tests.factories import MembershipFactory
from tests.mailbox import Mailbox
from tests.permits.conftest import DAY0, Cast

pytestmark = pytest.mark.django_db

GROUNDS = "Hinweise aus dem Beratungsgespräch mit Rosa"


def day(offset: int) -> date:
    return DAY0 + timedelta(days=offset)


def test_time_travel_over_one_case_sends_each_residence_reminder_exactly_once(
    cast: Cast, rosa: Case, mailbox: Mailbox
) -> None:
    with schema_context("zh"):
        cora = MembershipFactory(organisation=cast.police, role=Membership.Role.COORDINATOR).user
        people = [cast.vera, cast.piet, cast.mia, cora]
        arrived: dict[tuple[str, int, int], list[date]] = {}

        def scan(today: date) -> None:
            before = set(Reminder.objects.values_list("pk", flat=True))
            for _attempt in range(3):  # beat may run a scan several times: nothing doubles
                insert_due_reminders(today=today)
            with translation.override("de"):
                send_pending_emails()
            # Only this case's people: browser tests commit demo data with deadlines and coordinators.
            fresh = Reminder.objects.exclude(pk__in=before).filter(
                deadline__case=rosa, deadline__rule_key__in=RESIDENCE_RULES, recipient__in=people
            )
            for reminder in fresh.select_related("deadline"):
                key = (reminder.deadline.rule_key, reminder.offset_days, reminder.recipient_id)
                arrived.setdefault(key, []).append(today)

        # Day 0: victim aid requests, the migration office grants 30 days; the stay is recorded.
        period = actions.check_request_reflection_period(
            acting_user=cast.vera,
            organisation=cast.aid,
            case=rosa,
            addressed_to=cast.migration,
            requested_on=DAY0,
            grounds=GROUNDS,
        )
        actions.check_decide_reflection_period(
            acting_user=cast.mia,
            organisation=cast.migration,
            period=period,
            grant=True,
            decided_on=DAY0,
            length_days=30,
        )
        stay_actions.check_record_stay(
            acting_user=cast.vera,
            organisation=cast.aid,
            case=rosa,
            basis=Stay.Basis.SUSPENDED_REMOVAL,
            starts_on=DAY0,
            expected_until=date(2026, 12, 31),
        )
        permit = None
        for offset in range(166):  # day 0 (2 March) to 14 August
            today = day(offset)
            scan(today)
            if offset == 20:  # the prosecution gives the Art. 36 notice after its 3-day reminder
                actions.check_give_presence_notice(
                    acting_user=cast.piet,
                    organisation=cast.prosecution,
                    period=period,
                    given_on=today,
                    presence_needed=True,
                    needed_until=date(2026, 12, 31),
                )
            if offset == 33:  # the migration office records the expiry after the escalation
                actions.check_end_reflection_period(
                    acting_user=cast.mia,
                    organisation=cast.migration,
                    period=period,
                    ended_on=day(30),
                    reason=EndReason.EXPIRED,
                )
            if today == date(2026, 6, 1):  # the permit request meets the three-month threshold
                permit = permit_actions.check_request_permit(
                    acting_user=cast.vera,
                    organisation=cast.aid,
                    case=rosa,
                    kind=PermitKind.L,
                    addressed_to=cast.migration,
                    requested_on=today,
                    expected_until=date(2026, 12, 31),
                )
            if today == date(2026, 6, 5):
                assert permit is not None
                permit_actions.check_decide_permit(
                    acting_user=cast.mia,
                    organisation=cast.migration,
                    permit=permit,
                    approve=True,
                    decided_on=today,
                    valid_from=today,
                    valid_until=date(2026, 8, 15),
                )

        vera, piet = cast.vera.pk, cast.piet.pk
        end = day(30)
        assert arrived == {
            (RuleKey.REFLECTION_END, 7, vera): [end - timedelta(days=7)],
            (RuleKey.REFLECTION_END, 3, vera): [end - timedelta(days=3)],
            (RuleKey.REFLECTION_END, 1, vera): [end - timedelta(days=1)],
            (RuleKey.REFLECTION_END, OVERDUE, vera): [end + timedelta(days=1)],
            (RuleKey.REFLECTION_END, OVERDUE, cora.pk): [end + timedelta(days=1)],
            (RuleKey.ART36_NOTICE, 7, piet): [end - timedelta(days=14)],
            (RuleKey.ART36_NOTICE, 3, piet): [end - timedelta(days=10)],
            (RuleKey.THREE_MONTH_THRESHOLD, 14, vera): [date(2026, 5, 19)],
            (RuleKey.THREE_MONTH_THRESHOLD, 7, vera): [date(2026, 5, 26)],
            (RuleKey.THREE_MONTH_THRESHOLD, 1, vera): [date(2026, 6, 1)],
            (RuleKey.PERMIT_EXPIRY, 60, vera): [date(2026, 6, 16)],
            (RuleKey.PERMIT_EXPIRY, 30, vera): [date(2026, 7, 16)],
            (RuleKey.PERMIT_EXPIRY, 7, vera): [date(2026, 8, 8)],
        }
        assert Reminder.objects.get(deadline__rule_key=RuleKey.REFLECTION_END, recipient=cora).is_escalation
        # The decisions on vera's requests reached her inbox too (notifications, not reminders).
        told = Reminder.objects.filter(recipient__in=[vera, piet, cora.pk]).exclude(kind=Reminder.Kind.DEADLINE)
        assert sorted(told.values_list("kind", "recipient_id")) == [
            (Reminder.Kind.PERMIT_GRANTED, vera),
            (Reminder.Kind.REFLECTION_ENDED, vera),
            (Reminder.Kind.REFLECTION_GRANTED, vera),
        ]
        # Each reminder and each notification was e-mailed once, without the grounds of the request.
        ours = {cast.vera.email, cast.piet.email, cora.email}
        messages = [message for message in mailbox.messages if message["To"] in ours]
        assert len(messages) == len(arrived) + len(told)
        assert all(GROUNDS not in str(message) for message in mailbox.messages)
