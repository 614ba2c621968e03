"""The e-mail task queued for new inbox items carries the canton's schema, even when the
transaction commits after the code has left that schema (`with transaction.atomic(),
schema_context(...)`, as the demo seed and management commands write): make run's worker once
looked for the inbox in the public schema. The message goes to the real broker; Celery's own
`before_task_publish` signal shows the headers it was published with."""

from datetime import date
from typing import Any

import pytest
from celery.signals import before_task_publish
from django.db import transaction
from django_tenants.utils import schema_context

from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation
from tests.factories import open_test_case
from tests.personas import VERA, member, new_organisation

pytestmark = pytest.mark.django_db

TASK = "ksmm.notifications.tasks.send_reminder_emails"


def test_the_queued_e_mail_task_names_the_schema_of_the_items(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    aid = new_organisation("zh", Organisation.Type.VICTIM_AID, "Opferhilfe (Warteschlange)")
    vera = member(VERA, organisation=aid)
    published: list[str | None] = []

    def record(sender: str | None = None, headers: dict[str, Any] | None = None, **_kwargs: Any) -> None:
        if sender == TASK:
            published.append((headers or {}).get("_schema_name"))

    before_task_publish.connect(record, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), schema_context("zh"):
            case = open_test_case(organisation=aid, pseudonym="Warteschlange", opened_on=date(2026, 3, 1))
            do_notify(
                kind=Reminder.Kind.CASE_CLOSED, case_id=case.pk, recipient_ids=[vera.pk], link="/",
                event_key="q:1",
            )  # fmt: skip
    finally:
        before_task_publish.disconnect(record)
    assert published == ["zh"]
