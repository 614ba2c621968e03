"""Delivering a notice on a case: the record, the timeline, the audit trail, the reminder."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from cases.actions import do_open_case
from cases.grants import set_grants
from cases.models import Case
from cases.policy import decide
from cases.timeline import timeline_for
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.compartments import Compartment
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.memberships.models import Membership
from ksmm.notifications.models import OVERDUE, Reminder
from ksmm.notifications.tasks import scan_reminders
from ksmm.partners.models import Organisation
from notices.actions import check_record_delivery, do_expect_notice_delivery
from notices.models import NoticeDelivery, NoticeText
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.mailbox import Mailbox
from tests.queries import assert_count, captured

from .conftest import open_case, yesterday

pytestmark = pytest.mark.django_db


def _text(kind: str = "assistance", language: str = "ro") -> NoticeText:
    return NoticeText.objects.get(version__status="published", version__notice__kind=kind, language=language)


def _form(text: NoticeText, **changes: object) -> dict[str, object]:
    return {
        "text": text.pk,
        "delivered_on": yesterday().isoformat(),
        "method": "interpreter",
        "interpreter": "Ioana Popescu, Dolmetschdienst Zürich",
        "acknowledged": "yes",
        "no_acknowledgement_reason": "",
        "unreviewed_reason": "Review pending; the victim needs the information now",
        **changes,
    }


def test_an_aid_worker_records_a_delivery_with_an_interpreter(vera: User, zh_case: Case) -> None:
    with schema_context("zh"):
        text = _text()
    client = sign_in(canton_client("zh"), vera)
    page = client.get(f"/notices/cases/{zh_case.pk}/")
    assert page.status_code == 200
    assert "Română (Romanian) · v1 · Awaiting professional review" in page.content.decode()
    response = client.post(f"/notices/cases/{zh_case.pk}/", _form(text))
    assert response.status_code == 302
    with schema_context("zh"):
        delivery = NoticeDelivery.objects.get(case=zh_case)
        assert (delivery.text, delivery.method, delivery.delivered_by) == (text, "interpreter", vera)
        assert delivery.interpreter == "Ioana Popescu, Dolmetschdienst Zürich"
        entry = AuditEntry.objects.get(object_type="notices.noticedelivery", object_id=str(delivery.pk))
        assert (entry.action, entry.compartment) == (AuditEntry.Action.CREATE, Compartment.CORE)
        membership = Membership.objects.get(user=vera)
        with translation.override("en"):
            titles = [e.title for e in timeline_for(access=decide(reader=membership, case=zh_case))]
    assert "Notice delivered: Assistance and victim-aid services" in titles
    listing = client.get(f"/notices/cases/{zh_case.pk}/").content.decode()
    assert "Ioana Popescu" in listing and "<td>Romanian</td>" in listing


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"interpreter": ""}, "Name the interpreter."),
        ({"acknowledged": "no"}, "Give the reason there is no acknowledgement."),
        ({"delivered_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "cannot be in the future"),
        ({"delivered_on": (timezone.localdate() - timedelta(days=30)).isoformat()}, "before the case was opened"),
    ],
)
def test_an_incomplete_delivery_is_refused_with_a_clear_error_and_nothing_is_saved(
    vera: User, zh_case: Case, changes: dict[str, object], field_error: str
) -> None:
    with schema_context("zh"):
        text = _text()
    response = sign_in(canton_client("zh"), vera).post(f"/notices/cases/{zh_case.pk}/", _form(text, **changes))
    assert response.status_code == 400
    assert field_error in response.content.decode()
    with schema_context("zh"):
        assert not NoticeDelivery.objects.filter(case=zh_case).exists()


def test_without_acknowledgement_the_reason_is_kept(vera: User, zh_case: Case) -> None:
    with schema_context("zh"):
        text = _text(language="ar")
    form = _form(
        text, method="read_aloud", interpreter="", acknowledged="no", no_acknowledgement_reason="Refused to sign"
    )
    assert sign_in(canton_client("zh"), vera).post(f"/notices/cases/{zh_case.pk}/", form).status_code == 302
    with schema_context("zh"):
        delivery = NoticeDelivery.objects.get(case=zh_case)
        assert (delivery.acknowledged, delivery.no_acknowledgement_reason) == (False, "Refused to sign")


def test_a_party_without_the_identity_compartment_sees_the_delivery_but_not_its_language(
    vera: User, kesb_karl: User, zh_case: Case
) -> None:
    with schema_context("zh"):
        check_record_delivery(
            acting_user=vera, organisation=zh_case.intake_organisation, case=zh_case, text=_text(),
            delivered_on=yesterday(), method="interpreter", interpreter="Ioana Popescu", acknowledged=True,
            unreviewed_reason="Review pending",
        )  # fmt: skip
    page = sign_in(canton_client("zh"), kesb_karl).get(f"/notices/cases/{zh_case.pk}/").content.decode()
    assert "Assistance and victim-aid services v1" in page
    assert "Ioana Popescu" not in page and "<td>ro</td>" not in page


def test_a_member_whose_organisation_is_no_party_gets_404_and_an_outsider_too(
    paul: User, bob: User, zh_case: Case
) -> None:
    with schema_context("zh"):
        text = _text()
    for user in (paul, bob):
        client = sign_in(canton_client("zh"), user)
        assert client.get(f"/notices/cases/{zh_case.pk}/").status_code == 404
        assert client.post(f"/notices/cases/{zh_case.pk}/", _form(text)).status_code == 404
    with schema_context("zh"):
        assert not NoticeDelivery.objects.filter(case=zh_case).exists()


def test_a_party_that_may_only_read_the_core_gets_403_when_recording(
    kesb_karl: User, kesb: Organisation, zh_case: Case
) -> None:
    with schema_context("zh"):
        set_grants(case=zh_case, organisation=kesb, read=[Compartment.CORE], write=[])
        text = _text()
    client = sign_in(canton_client("zh"), kesb_karl)
    assert client.get(f"/notices/cases/{zh_case.pk}/").status_code == 200
    assert client.post(f"/notices/cases/{zh_case.pk}/", _form(text)).status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_the_delivery_list_costs_the_same_queries_for_1_and_50_rows(rows: int, vera: User, zh_case: Case) -> None:
    with schema_context("zh"):
        text = _text()
        NoticeDelivery.objects.bulk_create(
            NoticeDelivery(
                case=zh_case, text=text, delivered_on=yesterday(), delivered_by=vera,
                organisation=zh_case.intake_organisation, method="handed_over", acknowledged=True,
            )
            for _ in range(rows)
        )  # fmt: skip
    client = sign_in(canton_client("zh"), vera)
    client.get(f"/notices/cases/{zh_case.pk}/")  # warm the per-process caches
    with captured() as statements:
        response = client.get(f"/notices/cases/{zh_case.pk}/")
    # 14: with the identity whose languages come first, and the audit entry of that read.
    assert_count(statements, 14, without_search_path=13)
    assert response.content.decode().count("<td>Romanian</td>") == rows  # the language by name, not "ro"


def _deadline(case: Case) -> Deadline | None:
    return Deadline.objects.filter(rule_key=RuleKey.NOTICE_DELIVERY, subject_id=case.pk).first()


def test_the_reminder_deadline_opens_at_intake_and_closes_with_the_assistance_notice(
    vera: User, zh_aid: Organisation
) -> None:
    with schema_context("zh"):
        case = open_case(intake=zh_aid, parties=[], days_ago=1)
        do_expect_notice_delivery(case=case, acting_user=vera)
        deadline = _deadline(case)
        assert deadline is not None and deadline.status == Deadline.Status.OPEN
        assert deadline.due_on == case.opened_on + timedelta(days=3)
        check_record_delivery(
            acting_user=vera, organisation=zh_aid, case=case, text=_text(kind="victims_rights"),
            delivered_on=timezone.localdate(), method="handed_over", acknowledged=True,
            unreviewed_reason="Review pending",
        )  # fmt: skip
        assert _deadline(case).status == Deadline.Status.OPEN  # type: ignore[union-attr]
        check_record_delivery(
            acting_user=vera, organisation=zh_aid, case=case, text=_text(kind="assistance", language="de"),
            delivered_on=timezone.localdate(), method="handed_over", acknowledged=True,
            unreviewed_reason="Review pending",
        )  # fmt: skip
        assert _deadline(case).status == Deadline.Status.DONE  # type: ignore[union-attr]


DAY_0 = date(2026, 3, 2)
ZURICH = ZoneInfo("Europe/Zurich")


def _scan_every_day(*, days: int) -> None:
    """Beat's reminder scan at seven each morning, twice a day to show re-runs add nothing."""
    for offset in range(days):
        day = DAY_0 + timedelta(days=offset)
        with time_machine.travel(datetime(day.year, day.month, day.day, 7, tzinfo=ZURICH), tick=False):
            for _ in range(2):
                with schema_context("zh"):
                    scan_reminders()


def _intake(zh_aid: Organisation, vera: User) -> Case:
    with schema_context("zh"):
        return do_open_case(acting_user=vera, organisation=zh_aid, pseudonym="Mara", opened_on=DAY_0)


def test_opening_a_case_opens_the_missing_delivery_deadline(vera: User, zh_aid: Organisation) -> None:
    case = _intake(zh_aid, vera)
    with schema_context("zh"):
        deadline = _deadline(case)
        assert deadline is not None and deadline.status == Deadline.Status.OPEN
        assert deadline.responsible_organisation_id == zh_aid.pk


def test_the_missing_delivery_reminder_fires_once_when_the_days_pass(
    mailbox: Mailbox, vera: User, zh_aid: Organisation
) -> None:
    case = _intake(zh_aid, vera)
    _scan_every_day(days=10)
    with schema_context("zh"):
        deadline = _deadline(case)
        assert deadline is not None and deadline.due_on == DAY_0 + timedelta(days=3)
        overdue = Reminder.objects.filter(deadline=deadline, recipient=vera, offset_days=OVERDUE)
        assert overdue.count() == 1
        sent = list(Reminder.objects.filter(deadline=deadline, recipient=vera).values_list("offset_days", flat=True))
    assert sorted(sent) == sorted([1, OVERDUE])  # the day before it is due, and once overdue
    assert [message["To"] for message in mailbox.messages].count(vera.email) == len(sent)


def test_no_reminder_fires_when_the_assistance_notice_was_delivered(
    mailbox: Mailbox, vera: User, zh_aid: Organisation
) -> None:
    case = _intake(zh_aid, vera)
    with schema_context("zh"):
        check_record_delivery(
            acting_user=vera, organisation=zh_aid, case=case, text=_text(), delivered_on=DAY_0,
            method="interpreter", interpreter="Ioana Popescu", acknowledged=True,
            unreviewed_reason="Review pending",
        )  # fmt: skip
    _scan_every_day(days=10)
    with schema_context("zh"):
        assert not Reminder.objects.filter(deadline__rule_key=RuleKey.NOTICE_DELIVERY).exists()
    assert mailbox.messages == []
