"""The reminder scan over time: each reminder once, in the right canton, without names."""

from collections import Counter
from datetime import date, datetime, timedelta
from email.header import decode_header, make_header
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_close_deadline, do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.notifications.models import OVERDUE, Reminder
from ksmm.notifications.tasks import scan_reminders
from ksmm.partners.models import Organisation
from tests.mailbox import Mailbox

pytestmark = pytest.mark.django_db

ZURICH = ZoneInfo("Europe/Zurich")
DAY_0 = date(2026, 3, 2)


def run_scan(schema: str, day: date) -> None:
    moment = datetime(day.year, day.month, day.day, 7, 0, tzinfo=ZURICH)
    with time_machine.travel(moment, tick=False), schema_context(schema):
        scan_reminders()


def open_case_deadlines(case: Case, organisation: Organisation) -> dict[str, Deadline]:
    """Day 0: a 30-day reflection period granted; its Art. 36 notice; the three-month
    threshold; a permit valid until the end of September."""

    def open_(rule: RuleKey, anchor: date) -> Deadline:
        return do_open_deadline(
            rule=rule, anchor=anchor, subject=case, case=case, responsible_organisation=organisation, acting_user=None
        )

    reflection = open_(RuleKey.REFLECTION_END, DAY_0)
    return {
        "reflection": reflection,
        "art36": open_(RuleKey.ART36_NOTICE, reflection.due_on),
        "threshold": open_(RuleKey.THREE_MONTH_THRESHOLD, DAY_0),
        "permit": open_(RuleKey.PERMIT_EXPIRY, date(2026, 9, 30)),
    }


def subject_of(message: object) -> str:
    return str(make_header(decode_header(message["Subject"])))  # type: ignore[index]


def reminders_of(deadline: Deadline) -> Counter[tuple[int, int]]:
    return Counter(Reminder.objects.filter(deadline=deadline).values_list("offset_days", "recipient_id"))


def test_time_travel_over_one_case_sends_each_reminder_exactly_once(  # noqa: PLR0917 - fixtures
    mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User, paul: User, carla: User
) -> None:
    with schema_context("zh"):
        deadlines = open_case_deadlines(zh_case, zh_police)
    assert deadlines["reflection"].due_on == date(2026, 4, 1)
    assert deadlines["art36"].due_on == date(2026, 3, 25)
    assert deadlines["threshold"].due_on == date(2026, 6, 2)

    day = DAY_0
    while day <= date(2026, 10, 3):
        run_scan("zh", day)
        if day == date(2026, 3, 24):
            with schema_context("zh"):
                do_close_deadline(rule=RuleKey.ART36_NOTICE, subject=zh_case, acting_user=None, reason="told")
        day += timedelta(days=1)

    people = {alice.pk, paul.pk}
    with schema_context("zh"):
        reflection = reminders_of(deadlines["reflection"])
        assert reflection == Counter(
            {(offset, person): 1 for offset in (7, 3, 1, OVERDUE) for person in people} | {(OVERDUE, carla.pk): 1}
        )
        assert Reminder.objects.get(deadline=deadlines["reflection"], recipient=carla).is_escalation
        # The Art. 36 notice was given the day before it was due: no overdue reminder.
        assert reminders_of(deadlines["art36"]) == Counter({(o, p): 1 for o in (7, 3, 1) for p in people})
        assert set(reminders_of(deadlines["threshold"])) == {(o, p) for o in (14, 7, 1, OVERDUE) for p in people} | {
            (OVERDUE, carla.pk)
        }
        assert set(reminders_of(deadlines["permit"])) == {(o, p) for o in (60, 30, 7, 1, OVERDUE) for p in people} - {
            (1, alice.pk),
            (1, paul.pk),
        } | {(OVERDUE, carla.pk)}
        total = Reminder.objects.count()
        assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    assert len(mailbox.messages) == total
    message_ids = [message["Message-ID"] for message in mailbox.messages]
    assert len(set(message_ids)) == total


def test_a_reminder_arrives_on_its_day_and_not_before(
    mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User
) -> None:
    with schema_context("zh"):
        open_case_deadlines(zh_case, zh_police)
    run_scan("zh", date(2026, 3, 17))
    assert mailbox.messages == []
    run_scan("zh", date(2026, 3, 18))  # seven days before the Art. 36 notice is due
    assert [message["To"] for message in mailbox.messages] == [alice.email]


def test_beat_run_ten_times_sends_each_reminder_once(
    mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User, paul: User
) -> None:
    with schema_context("zh"):
        open_case_deadlines(zh_case, zh_police)
    for _ in range(10):
        run_scan("zh", date(2026, 3, 26))
    with schema_context("zh"):
        reminders = Reminder.objects.count()
    # Reflection 7 days before, Art. 36 notice overdue: two people each.
    assert reminders == 4
    assert len(mailbox.messages) == 4


def test_a_reminder_of_zh_never_reaches_ge_and_names_no_victim(  # noqa: PLR0917 - fixtures
    mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User, paul: User, bob: User
) -> None:
    with schema_context("zh"):
        open_case_deadlines(zh_case, zh_police)
    run_scan("zh", date(2026, 4, 20))
    run_scan("ge", date(2026, 4, 20))
    with schema_context("ge"):
        assert not Reminder.objects.exists()
    recipients = {message["To"] for message in mailbox.messages}
    assert bob.email not in recipients
    assert recipients == {alice.email, paul.email}
    for index, message in enumerate(mailbox.messages):
        text = f"{subject_of(message)}\n{mailbox.body(index)}"
        assert "ZH-2026-0001" in message["Subject"]
        assert "Rosa" not in text
        assert zh_case.pseudonym not in text
        assert alice.full_name not in text and paul.full_name not in text


def test_the_e_mail_is_in_the_recipients_language(
    mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User, paul: User
) -> None:
    with schema_context("zh"):
        open_case_deadlines(zh_case, zh_police)
    run_scan("zh", date(2026, 3, 18))
    run_scan("zh", date(2026, 3, 25))
    subjects = {(message["To"], subject_of(message)) for message in mailbox.messages}
    assert subjects == {
        (alice.email, "Erinnerung an eine Frist im Fall ZH-2026-0001"),
        (paul.email, "Rappel d'un délai dans le cas ZH-2026-0001"),
    }


def test_an_inactive_member_gets_no_reminder(mailbox: Mailbox, zh_case: Case, zh_police: Organisation) -> None:
    from ksmm.memberships.models import Membership
    from tests.factories import MembershipFactory

    with schema_context("zh"):
        gone = MembershipFactory(organisation=zh_police, is_active=False)
        open_case_deadlines(zh_case, zh_police)
    run_scan("zh", date(2026, 3, 26))
    with schema_context("zh"):
        assert not Reminder.objects.filter(recipient=gone.user).exists()
        assert Membership.objects.filter(organisation=zh_police, is_active=True).count() == 0
    assert mailbox.messages == []


def test_a_deadline_closed_before_its_e_mail_went_out_sends_none(
    mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User
) -> None:
    from ksmm.notifications.delivery import send_pending_emails
    from ksmm.notifications.scan import insert_due_reminders

    with schema_context("zh"):
        open_case_deadlines(zh_case, zh_police)
        assert insert_due_reminders(today=date(2026, 3, 18)) == 1
        do_close_deadline(rule=RuleKey.ART36_NOTICE, subject=zh_case, acting_user=None, reason="told")
        assert send_pending_emails() == 0
        assert Reminder.objects.filter(recipient=alice).exists()
    assert mailbox.messages == []


def test_a_scan_that_died_before_handing_over_its_e_mails_is_caught_up_by_the_next(
    mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User
) -> None:
    from ksmm.notifications.scan import insert_due_reminders

    with schema_context("zh"):
        open_case_deadlines(zh_case, zh_police)
        # The first scan's INSERT committed; its worker died before queuing the e-mails.
        assert insert_due_reminders(today=date(2026, 3, 18)) == 1
        with time_machine.travel(datetime(2026, 3, 18, 7, 15, tzinfo=ZURICH), tick=False):
            assert scan_reminders() == {"created": 0, "emailed": 1, "handed_over": False}
            assert scan_reminders() == {"created": 0, "emailed": 0, "handed_over": False}
    assert [message["To"] for message in mailbox.messages] == [alice.email]


class TestAssignee:
    """An open deadline on an assigned case reminds the assignee, not the whole organisation."""

    @staticmethod
    def assign(zh_case: Case, zh_police: Organisation, person: User) -> None:
        from cases.assignments import do_assign_case

        with schema_context("zh"):
            do_assign_case(acting_user=None, case=zh_case, organisation=zh_police, assignee=person)

    def test_the_assignee_alone_is_reminded_and_the_coordinator_when_overdue(  # noqa: PLR0917 - fixtures
        self, mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User, paul: User, carla: User
    ) -> None:
        with schema_context("zh"):
            deadlines = open_case_deadlines(zh_case, zh_police)
        self.assign(zh_case, zh_police, paul)
        for day in (date(2026, 3, 18), date(2026, 3, 26), date(2026, 3, 26)):
            run_scan("zh", day)
        with schema_context("zh"):
            assert reminders_of(deadlines["art36"]) == Counter(
                {(7, paul.pk): 1, (OVERDUE, paul.pk): 1, (OVERDUE, carla.pk): 1}
            )
            assert reminders_of(deadlines["reflection"]) == Counter({(7, paul.pk): 1})
        assert {message["To"] for message in mailbox.messages} == {paul.email, carla.email}
        assert alice.email not in {message["To"] for message in mailbox.messages}
        run_scan("zh", date(2026, 4, 2))
        with schema_context("zh"):
            assert set(reminders_of(deadlines["reflection"])) == {
                (7, paul.pk),
                (OVERDUE, paul.pk),
                (
                    OVERDUE,
                    carla.pk,
                ),
            }

    def test_the_organisation_is_reminded_once_the_assignee_is_no_longer_a_member(
        self, mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User, paul: User
    ) -> None:
        from ksmm.memberships.models import Membership

        with schema_context("zh"):
            deadlines = open_case_deadlines(zh_case, zh_police)
        self.assign(zh_case, zh_police, paul)
        with schema_context("zh"):
            Membership.objects.filter(user=paul).update(is_active=False)
        run_scan("zh", date(2026, 3, 18))
        with schema_context("zh"):
            assert reminders_of(deadlines["art36"]) == Counter({(7, alice.pk): 1})

    def test_a_released_case_reminds_the_whole_organisation_again(
        self, mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User, paul: User
    ) -> None:
        from cases.assignments import do_unassign_case

        with schema_context("zh"):
            deadlines = open_case_deadlines(zh_case, zh_police)
        self.assign(zh_case, zh_police, paul)
        run_scan("zh", date(2026, 3, 18))
        with schema_context("zh"):
            do_unassign_case(acting_user=None, case=zh_case, organisation=zh_police)
        run_scan("zh", date(2026, 3, 22))  # three days before the notice is due
        with schema_context("zh"):
            assert reminders_of(deadlines["art36"]) == Counter({(7, paul.pk): 1, (3, paul.pk): 1, (3, alice.pk): 1})
