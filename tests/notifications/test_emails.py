"""The inbox's e-mails over a real SMTP server on loopback: each item once, in the recipient's
language, with the kind, the case number and a link on the right scheme, host and port, no
name; at once, or in one digest a day for the people who chose it (deadline reminders too).

ZH: alice (police, German), paul (police, French), carla (victim aid, Italian).
"""

from datetime import date, timedelta
from email.header import decode_header, make_header
from email.message import Message

import pytest
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.notifications.actions import do_mark_read, do_notify
from ksmm.notifications.delivery import send_daily_digests, send_pending_emails
from ksmm.notifications.emails import public_url
from ksmm.notifications.models import Digest, Reminder
from ksmm.notifications.scan import insert_due_reminders
from ksmm.notifications.tasks import scan_reminders, send_daily_digests_task
from ksmm.partners.models import Organisation
from tests.mailbox import Mailbox

pytestmark = pytest.mark.django_db

Kind = Reminder.Kind
MARKER = "Qmarkname"
TODAY = date(2026, 4, 20)
CLOSED = {"de": "Fall abgeschlossen, Fall", "fr": "Dossier clos, dossier", "it": "Caso chiuso, caso"}


def subject_of(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def notify(case: Case, *people: User, kind: str = Kind.CASE_CLOSED, key: str = "case_closed:1") -> int:
    return do_notify(
        kind=kind, case_id=case.pk, recipient_ids=[person.pk for person in people], link=f"/cases/{case.pk}/",
        event_key=key,
    )  # fmt: skip


@pytest.fixture
def marked_case(zh_case: Case, alice: User, paul: User, carla: User) -> Case:
    """The names in the case and of the people carry the marker."""
    with schema_context("zh"):
        Case.objects.filter(pk=zh_case.pk).update(pseudonym=MARKER)
    User.objects.filter(pk__in=[alice.pk, paul.pk, carla.pk]).update(full_name=MARKER)
    return zh_case


def test_each_recipient_gets_one_e_mail_in_their_language_with_the_case_number_and_a_link(
    mailbox: Mailbox, marked_case: Case, alice: User, paul: User, carla: User
) -> None:
    with schema_context("zh"):
        assert notify(marked_case, alice, paul, carla) == 3
        assert send_pending_emails() == 3
        assert send_pending_emails() == 0
        assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    by_recipient = {message["To"]: message for message in mailbox.messages}
    assert len(mailbox.messages) == len(by_recipient) == 3
    for person in (alice, paul, carla):
        message = by_recipient[person.email]
        subject, body = subject_of(message), body_of(message)
        assert subject == f"{CLOSED[person.language]} ZH-2026-0001"
        assert f"http://zh.localhost:8000/cases/{marked_case.pk}/" in body
        assert "http://zh.localhost:8000/inbox/" in body
        for text in (subject, body, str(message)):
            assert MARKER not in text
            assert "Rosa" not in text


@pytest.mark.parametrize(
    ("scheme", "port", "expected"),
    [
        ("http", "8000", "http://zh.localhost:8000/inbox/"),
        ("https", "", "https://zh.localhost/inbox/"),
        ("https", "443", "https://zh.localhost/inbox/"),
        ("https", "8443", "https://zh.localhost:8443/inbox/"),
        ("http", "80", "http://zh.localhost/inbox/"),
    ],
)
def test_links_use_the_deployments_scheme_and_port(settings, scheme: str, port: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    settings.KSMM_PUBLIC_URL_SCHEME = scheme
    settings.KSMM_PUBLIC_PORT = port
    assert public_url(host="zh.localhost", path="/inbox/") == expected


def test_deadline_reminders_link_with_the_deployments_scheme_too(
    settings, mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User
) -> None:  # type: ignore[no-untyped-def]
    settings.KSMM_PUBLIC_URL_SCHEME = "https"
    settings.KSMM_PUBLIC_PORT = ""
    with schema_context("zh"):
        _remind(zh_case, zh_police)
        assert send_pending_emails() == 1
    assert "https://zh.localhost/deadlines/" in body_of(mailbox.messages[0])


def test_a_deadline_reminder_names_the_source_of_its_rule(
    mailbox: Mailbox, zh_case: Case, zh_police: Organisation, alice: User
) -> None:
    with schema_context("zh"):
        _remind(zh_case, zh_police)
        assert send_pending_emails() == 1
    assert "Geltendes Recht, Art. 35 Abs. 1 VZAE" in body_of(mailbox.messages[0])


def _remind(case: Case, organisation: Organisation) -> None:
    do_open_deadline(
        rule=RuleKey.REFLECTION_END, anchor=date(2026, 3, 2), subject=case, case=case,
        responsible_organisation=organisation, acting_user=None,
    )  # fmt: skip
    insert_due_reminders(today=TODAY)


def test_an_item_read_before_its_e_mail_went_out_sends_none(mailbox: Mailbox, zh_case: Case, alice: User) -> None:
    with schema_context("zh"):
        notify(zh_case, alice)
        do_mark_read(acting_user=alice)
        assert send_pending_emails() == 0
    assert mailbox.messages == []


def test_a_digest_reader_gets_no_immediate_e_mail_and_one_digest_a_day(
    mailbox: Mailbox, marked_case: Case, zh_police: Organisation, alice: User, paul: User
) -> None:
    User.objects.filter(pk=alice.pk).update(inbox_email=User.InboxEmail.DAILY_DIGEST)
    with schema_context("zh"):
        notify(marked_case, alice, paul)
        notify(marked_case, alice, kind=Kind.REFERRAL_RECEIVED, key="referral_received:1")
        _remind(marked_case, zh_police)  # deadline reminders follow the choice too
        sent_now = send_pending_emails()
        assert [message["To"] for message in mailbox.messages].count(alice.email) == 0
        assert sent_now == 3  # paul: the closure and the reminder; carla: the escalation
        mailbox.messages.clear()

        assert send_daily_digests(day=TODAY) == 1
        assert send_daily_digests(day=TODAY) == 0
        assert Reminder.objects.filter(recipient=alice, emailed_at__isnull=True).count() == 0
        # Something new the same day waits for tomorrow's digest.
        notify(marked_case, alice, kind=Kind.CONSENT_REVOKED, key="consent_revoked:1")
        assert send_daily_digests(day=TODAY) == 0
        assert send_daily_digests(day=TODAY + timedelta(days=1)) == 1
        assert list(Digest.objects.filter(recipient=alice).values_list("day", "items")) == [
            (TODAY + timedelta(days=1), 1),
            (TODAY, 3),
        ]
    assert [message["To"] for message in mailbox.messages] == [alice.email, alice.email]
    digest = mailbox.messages[0]
    subject, body = subject_of(digest), body_of(digest)
    assert subject == "Ungelesen in Ihrem Posteingang: 3"
    assert "Fall abgeschlossen, Fall ZH-2026-0001" in body
    assert "Überweisung erhalten, Fall ZH-2026-0001" in body
    assert "Überfällig: " in body
    assert f"http://zh.localhost:8000/cases/{marked_case.pk}/" in body
    assert "http://zh.localhost:8000/deadlines/" in body
    for text in (subject, body, str(digest)):
        assert MARKER not in text


def test_a_digest_leaves_out_what_was_read(mailbox: Mailbox, zh_case: Case, alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(inbox_email=User.InboxEmail.DAILY_DIGEST)
    with schema_context("zh"):
        notify(zh_case, alice)
        do_mark_read(acting_user=alice)
        assert send_daily_digests(day=TODAY) == 0
        assert not Digest.objects.exists()
    assert mailbox.messages == []


def test_the_digest_task_runs_in_the_canton_of_its_schema(mailbox: Mailbox, zh_case: Case, alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(inbox_email=User.InboxEmail.DAILY_DIGEST)
    with schema_context("zh"):
        notify(zh_case, alice)
    with schema_context("ge"):
        assert send_daily_digests_task(day=TODAY.isoformat()) == 0
    with schema_context("zh"):
        assert send_daily_digests_task(day=TODAY.isoformat()) == 1
    assert [message["To"] for message in mailbox.messages] == [alice.email]


def test_an_smtp_server_that_refuses_leaves_the_item_unsent_for_the_retry(settings, zh_case: Case, alice: User) -> None:  # type: ignore[no-untyped-def]
    from tests.processes import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nobody listens
    with schema_context("zh"):
        notify(zh_case, alice)
        with pytest.raises(OSError):
            send_pending_emails()
        assert Reminder.objects.get(recipient=alice).emailed_at is None


def test_a_notification_whose_hand_over_was_lost_is_sent_by_the_next_scan(
    mailbox: Mailbox, zh_case: Case, alice: User
) -> None:
    """The on-commit hand-over never runs here (the test's transaction does not commit), as
    when the broker was away: the reminder scan finds the item unsent and sends it."""
    with schema_context("zh"):
        notify(zh_case, alice)
        assert scan_reminders(today=TODAY.isoformat()) == {"created": 0, "emailed": 1, "handed_over": False}
    assert [message["To"] for message in mailbox.messages] == [alice.email]


def test_beat_sends_the_digests_once_a_day_in_every_canton(settings) -> None:  # type: ignore[no-untyped-def]
    entry = settings.CELERY_BEAT_SCHEDULE["inbox-digests"]
    assert entry["task"] == send_daily_digests_task.name
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].minute == {0}
