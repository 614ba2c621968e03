"""The e-mail task queued for new inbox items carries the canton's schema, even when the
transaction commits after the code has left that schema (`with transaction.atomic(),
schema_context(...)`, as the demo seed and management commands write): make run's worker once
looked for the inbox in the public schema. Read from the real Redis broker."""

import json
from datetime import date

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django_tenants.utils import schema_context

from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation
from tests.factories import open_test_case
from tests.personas import VERA, member, new_organisation

pytestmark = pytest.mark.django_db


def queued_schemas(broker: redis.Redis) -> list[str]:
    messages = broker.lrange(settings.CELERY_TASK_DEFAULT_QUEUE, 0, -1)
    return [json.loads(message)["headers"].get("_schema_name") for message in messages]


def test_the_queued_e_mail_task_names_the_schema_of_the_items(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    aid = new_organisation("zh", Organisation.Type.VICTIM_AID, "Opferhilfe (Warteschlange)")
    vera = member(VERA, organisation=aid)
    broker = redis.Redis.from_url(settings.REDIS_URL)  # the broker's database (unix:// for redis-py)
    broker.delete(settings.CELERY_TASK_DEFAULT_QUEUE)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), schema_context("zh"):
        case = open_test_case(organisation=aid, pseudonym="Warteschlange", opened_on=date(2026, 3, 1))
        do_notify(kind=Reminder.Kind.CASE_CLOSED, case_id=case.pk, recipient_ids=[vera.pk], link="/", event_key="q:1")
    try:
        assert queued_schemas(broker) == ["zh"]
    finally:
        broker.delete(settings.CELERY_TASK_DEFAULT_QUEUE)
