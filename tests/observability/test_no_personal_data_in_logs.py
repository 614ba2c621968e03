"""A marker typed as a victim's name, alias, nationality, note, shelter address, an e-mail
address and a search goes through every main flow, valid and refused, over HTTP and in a real
Celery worker; no log line of the test process or of the worker holds it.

The capture is proven to work (a line that does carry the marker is found), and JSON lines are
proven to name their request and canton.
"""

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.notifications.actions import do_notify
from ksmm.notifications.delivery import send_pending_emails
from ksmm.notifications.models import Reminder
from ksmm.notifications.tasks import send_daily_digests_task
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import open_test_case
from tests.mailbox import Mailbox
from tests.personas import POLLY, VERA, member, new_organisation
from tests.processes import start_celery_worker

from .capture import CapturedLogs, captured_logs

pytestmark = pytest.mark.django_db

MARKER = "Qzlogmarker"
JSON = "application/json"
Type = Organisation.Type


@dataclass
class Cast:
    polly: User
    vera: User
    case: Case


@pytest.fixture
def cast(db: None) -> Cast:
    police = new_organisation("zh", Type.CANTONAL_POLICE, "Kantonspolizei Protokoll")
    aid = new_organisation("zh", Type.VICTIM_AID, "Opferhilfe Protokoll")
    polly = member(POLLY, organisation=police, language="en")
    vera = member(VERA, organisation=aid, language="en")
    with schema_context("zh"):
        case = open_test_case(organisation=police, pseudonym="Protokoll")
        do_add_party(acting_user=None, case=case, organisation=aid)
    return Cast(polly=polly, vera=vera, case=case)


@pytest.fixture
def logs() -> Iterator[CapturedLogs]:
    with captured_logs() as captured:
        yield captured


def _client(user: User) -> Client:
    return sign_in(canton_client("zh"), user)


def _web_flows(cast: Cast) -> None:
    """Each main flow of the web and the API with the marker, valid and refused."""
    police, aid = _client(cast.polly), _client(cast.vera)
    case_url = f"/cases/{cast.case.pk}"
    intake = {
        "pseudonym": "Protokoll2", "opened_on": "2026-03-02", "source": "police_check", "exploitation_type": "labour",
        "place_of_exploitation": "switzerland", "official_name": MARKER, "first_name": MARKER,
    }  # fmt: skip
    assert police.post("/cases/new/", intake).status_code == 302
    assert police.post("/cases/new/", {**intake, "date_of_birth": f"19{MARKER}"}).status_code == 400
    assert police.post("/cases/", {"name": f"Anna {MARKER}"}).status_code == 303
    assert police.post("/cases/", {"birth": MARKER}).status_code in {200, 400}
    identity = {"official_name": MARKER, "first_name": MARKER, "aliases": MARKER, "sex": "3"}
    assert police.post(f"{case_url}/identity/", identity).status_code == 302
    assert police.post(f"{case_url}/identity/", {**identity, "nationality": MARKER}).status_code == 400
    note = {"part": "notes", "occurred_on": "2026-03-03", "text": f"Erstgespräch {MARKER}"}
    assert aid.post(f"{case_url}/counselling/", note).status_code == 302
    shelter = {"part": "accommodation", "occurred_on": "2026-03-03", "text": MARKER, "confidential_address": MARKER}
    assert aid.post(f"{case_url}/counselling/", shelter).status_code in {302, 400}
    assert police.post(f"{case_url}/counselling/", note).status_code == 404
    assert police.get(f"/no-such-page/?name={MARKER}").status_code == 404
    assert police.get(f"/cases/999999/?q={MARKER}").status_code == 404
    assert canton_client("zh").get(f"/accounts/login/?next=/cases/?q={MARKER}").status_code == 200
    failed = {"username": f"{MARKER.lower()}@example.org", "password": MARKER}
    assert canton_client("zh").post("/accounts/login/", failed).status_code in {200, 403, 429}
    api_case = {**intake, "date_of_birth": "1990-02-30", "place_of_exploitation": MARKER}
    refused = police.post("/api/v1/cases/", api_case, content_type=JSON)
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert police.post("/api/v1/cases/", f'{{"pseudonym": "{MARKER}"', content_type=JSON).status_code == 400
    assert police.post("/api/v1/cases/search/", {"q": MARKER}, content_type=JSON).status_code == 200
    aliases = {"official_name": MARKER, "aliases": [MARKER], "nationality": MARKER}
    assert police.put(f"/api/v1/cases/{cast.case.pk}/identity/", aliases, content_type=JSON).status_code == 400
    assert police.get(f"/api/v1/cases/?search={MARKER}").status_code in {200, 400}
    assert police.get(f"/api/v1/nothing-here/{MARKER}/").status_code == 404


def _reminder_e_mail(cast: Cast) -> None:
    """The inbox e-mail of a case whose pseudonym and reader's name carry the marker."""
    with schema_context("zh"):
        Case.objects.filter(pk=cast.case.pk).update(pseudonym=MARKER)
        User.objects.filter(pk=cast.polly.pk).update(full_name=MARKER)
        do_notify(
            kind=Reminder.Kind.CASE_CLOSED, case_id=cast.case.pk, recipient_ids=[cast.polly.pk],
            link=f"/cases/{cast.case.pk}/", event_key=f"case_closed:{cast.case.pk}",
        )  # fmt: skip
        assert send_pending_emails() == 1


def _integrity_error() -> None:
    """A unique violation whose DETAIL repeats the e-mail address, logged as Django logs a 500."""
    User.objects.create(email=f"{MARKER.lower()}@example.org", full_name=MARKER)
    try:
        with transaction.atomic():
            User.objects.create(email=f"{MARKER.lower()}@example.org", full_name=MARKER)
    except IntegrityError as error:
        assert MARKER.lower() in str(error).lower(), "the DETAIL names the value"
        logging.getLogger("django.request").error("Internal Server Error: %s", "/cases/new/", exc_info=True)
        logging.getLogger("ksmm.test").warning("write refused: %s", error)
    else:
        raise AssertionError("no IntegrityError")


def test_no_log_line_holds_what_people_typed_in_any_flow(cast: Cast, logs: CapturedLogs, mailbox: Mailbox) -> None:
    _web_flows(cast)
    _reminder_e_mail(cast)
    _integrity_error()
    assert len(mailbox.messages) == 1

    lines = logs.json_lines()
    routes = {json.loads(line).get("route") for line in lines}
    assert {"cases:intake", "cases:list", "cases:identity", "cases:counselling", "accounts:login"} <= routes
    assert any("IntegrityError" in line for line in lines), "the integrity error was logged"
    assert MARKER.lower() not in logs.text().lower()


@pytest.mark.celery
def test_no_worker_log_line_holds_a_task_argument_or_an_exception_message() -> None:
    queue = "ksmm-test-log-marker"
    worker = start_celery_worker(queue=queue, name="celery-log-marker", concurrency=1, LOG_LEVEL="DEBUG",
                                 LOG_FORMAT="json")  # fmt: skip
    try:
        with schema_context("zh"):
            result = send_daily_digests_task.apply_async(args=[MARKER], queue=queue)
        result.get(timeout=30, propagate=False)
        assert result.failed(), "the day does not parse: the task raised with the marker in its message"
        assert MARKER in str(result.result), "the exception carried the marker"
    finally:
        worker.stop()
    lines = [line for line in worker.log().splitlines() if line.startswith("{")]
    failure = [json.loads(line) for line in lines if "send_daily_digests" in line and "ValueError" in line]
    assert failure, "the failure was logged"
    assert failure[0]["canton"] == "zh"
    assert failure[0]["task"] == "ksmm.notifications.tasks.send_daily_digests"
    assert failure[0]["exc_type"] == "ValueError"
    assert MARKER.lower() not in worker.log().lower()


def test_the_capture_finds_a_line_that_does_carry_the_marker(logs: CapturedLogs) -> None:
    logging.getLogger("cases.anything").debug("typed by someone: %s", MARKER)
    assert MARKER in logs.json.getvalue()
    assert MARKER in logs.plain.getvalue()


def test_a_canton_request_writes_json_lines_with_its_request_id_canton_and_route(
    cast: Cast, logs: CapturedLogs
) -> None:
    response = _client(cast.polly).get(f"/cases/{cast.case.pk}/")
    assert response.status_code == 200
    records = [json.loads(line) for line in logs.json_lines()]
    request_line = next(record for record in records if record["logger"] == "ksmm.request")
    assert request_line["request_id"] == response["X-Request-ID"]
    assert request_line["canton"] == "zh"
    assert request_line["route"] == "cases:detail"
    assert request_line["status"] == 200
    assert request_line["method"] == "GET"
    assert isinstance(request_line["duration_ms"], float)
    allowed = {"time", "level", "logger", "message", "request_id", "canton", "route", "method", "status", "duration_ms"}
    assert set(request_line) <= allowed | {"process"}
    assert str(cast.case.pk) not in request_line["message"], "the route name, not the path"


def test_django_logs_a_refused_request_under_the_same_request_id(cast: Cast, logs: CapturedLogs) -> None:
    response = _client(cast.polly).get("/cases/999999/")
    assert response.status_code == 404
    records = [json.loads(line) for line in logs.json_lines()]
    django_line = next(record for record in records if record["logger"] == "django.request")
    assert django_line["request_id"] == response["X-Request-ID"]
    assert django_line["status"] == 404
