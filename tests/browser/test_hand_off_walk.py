"""A hand-off walked as its people would, in German (ZH) and French (GE): the police refer a case
to victim aid; the counsellor finds it on My work and in an e-mail, accepts it and asks for a
reflection period; the migration officer finds the request on My work and grants it; the
counsellor is told, in the inbox and by e-mail. Real gunicorn, Celery worker and SMTP server;
the e-mails carry the case number and a link to the right host and port, never a name."""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import Message

import pytest
from django.db import connection
from django.utils import timezone, translation
from django_tenants.utils import schema_context
from playwright.sync_api import Browser, Page, expect

from cases.actions import do_add_party
from cases.identity import IdentityData, do_save_identity
from cases.intake import do_take_in
from cases.models import Case
from demo.seed import DEMO_PASSWORD, ORGANISATIONS
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation
from tests.browser.totp import fresh_demo_code
from tests.mailbox import Mailbox, start_smtp_server
from tests.processes import ARTIFACTS_DIR, ServerProcess, start_celery_worker, start_web_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

Type = Organisation.Type
Kind = Reminder.Kind
QUEUE = "ksmm-test-hand-off-walk"
# Planted in the victim's identity: it must appear in no e-mail.
MARKER = "Qwalkmarker"


@dataclass(frozen=True)
class Canton:
    code: str
    language: str
    locale: str


CANTONS = [Canton("ZH", "de", "de-CH"), Canton("GE", "fr", "fr-CH")]


@dataclass
class Platform:
    web: ServerProcess
    mailbox: Mailbox


@pytest.fixture(scope="module")
def platform(demo_data: None, django_db_blocker) -> Iterator[Platform]:  # type: ignore[no-untyped-def]
    controller, mailbox = start_smtp_server()
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(controller.port), "KSMM_TEST_QUEUE": QUEUE}
    with django_db_blocker.unblock():
        web = start_web_server(name="web-hand-off-walk", **env)
        # The worker writes the e-mails: it is told the web server's port, as a deployment tells both.
        worker = start_celery_worker(
            queue=QUEUE, name="celery-hand-off-walk", concurrency=1, KSMM_PUBLIC_PORT=str(web.port), **env
        )
    try:
        yield Platform(web=web, mailbox=mailbox)
    finally:
        worker.stop()
        web.stop()
        controller.stop()


@pytest.fixture(scope="module")
def police_cases(demo_data: None, django_db_blocker) -> dict[str, Case]:  # type: ignore[no-untyped-def]
    """A case of each canton the demo police opened, committed before the walk (outside the test's
    transaction, whose locks the server would wait for)."""
    with django_db_blocker.unblock():
        return {canton.code: police_case(canton.code) for canton in CANTONS}


def police_case(code: str) -> Case:
    """A case the demo police opened, with the prosecution as the other party."""
    with schema_context(code.lower()):
        names = ORGANISATIONS[code]
        police = Organisation.objects.get(name=names[Type.CANTONAL_POLICE])
        case, _duplicates = do_take_in(
            acting_user=None, organisation=police, pseudonym=f"Walk {code} {time.time_ns()}",
            opened_on=timezone.localdate(), source=Case.Source.POLICE_CHECK,
            exploitation_type=Case.ExploitationType.SEXUAL, exploitation_subtypes=("prostitution",),
            place_of_exploitation=Case.Place.SWITZERLAND, identity=None,
        )  # fmt: skip
        do_add_party(
            acting_user=None, case=case, organisation=Organisation.objects.get(name=names[Type.PUBLIC_PROSECUTOR])
        )
        do_save_identity(
            acting_user=None, case=case,
            data=IdentityData(official_name=MARKER, first_name=MARKER, nationality="RO", languages=["ro"]),
        )  # fmt: skip
    connection.set_schema_to_public()
    return case


def sign_in(browser: Browser, platform: Platform, canton: Canton, role: str) -> Page:
    """Through the real forms; lands where the platform sends a person after sign-in."""
    email = f"{role}.{canton.code.lower()}@demo.ksmm.test"
    page = browser.new_context(locale=canton.locale, viewport={"width": 1200, "height": 900}).new_page()
    page.goto(platform.web.url(f"{canton.code.lower()}.localhost", "/accounts/login/"))
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/verify/**")
    page.fill("#id_token", fresh_demo_code(email))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/work/")
    return page


def subject_of(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def mail_to(platform: Platform, address: str, case_number: str, label: str, *, timeout: float = 60) -> Message:
    """The e-mail to `address` about this case whose subject names `label`; waits for the worker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in platform.mailbox.messages:
            if message["To"] == address and case_number in subject_of(message) and label in subject_of(message):
                return message
        time.sleep(0.3)
    seen = [(m["To"], subject_of(m)) for m in platform.mailbox.messages]
    raise AssertionError(f"no e-mail '{label}' for {case_number} to {address}; seen: {seen}")


def body_of(message: Message) -> str:
    payload = (
        message.get_payload(decode=True)
        if not message.is_multipart()
        else message.get_payload(0).get_payload(decode=True)
    )  # type: ignore[union-attr]
    return bytes(payload).decode()  # type: ignore[arg-type]


def check_mail(platform: Platform, canton: Canton, message: Message, case: Case) -> None:
    body = body_of(message)
    host = f"http://{canton.code.lower()}.localhost:{platform.web.port}/"
    assert host in body, body  # the link opens the platform that sent it
    for text in (subject_of(message), body):
        assert MARKER not in text
        assert case.pseudonym not in text


def label(kind: str, language: str) -> str:
    with translation.override(language):
        return str(Kind(kind).label)


@pytest.mark.parametrize("canton", CANTONS, ids=lambda canton: canton.language)
def test_a_referral_reaches_victim_aid_and_the_decision_reaches_the_requester(
    browser: Browser, platform: Platform, canton: Canton, police_cases: dict[str, Case]
) -> None:
    case = police_cases[canton.code]
    host = f"{canton.code.lower()}.localhost"
    names = ORGANISATIONS[canton.code]
    shot = lambda page, step: page.screenshot(  # noqa: E731
        path=str(ARTIFACTS_DIR / f"hand-off-{canton.language}-{step}.png"), full_page=True
    )

    # The police refer the case to victim aid, sharing the identity.
    police = sign_in(browser, platform, canton, "police")
    police.goto(platform.web.url(host, f"/cases/{case.pk}/refer/"))
    police.select_option("#id_recipient", label=names[Type.VICTIM_AID])
    police.locator("input[name=compartments][value=identity]").check()
    police.locator("form.form button[type=submit]").click()
    police.wait_for_url(re.compile(r".*/cases/referrals/\d+/$"))
    police.context.close()

    # The counsellor lands on My work, where the referral waits, and has an e-mail about it.
    aid = sign_in(browser, platform, canton, "victimaid")
    expect(aid.locator("html")).to_have_attribute("lang", re.compile(f"^{canton.language}"))
    referrals = aid.locator("section.work-section", has=aid.locator("#work-referrals"))
    expect(referrals.get_by_role("link", name=re.compile(case.case_number))).to_be_visible()
    shot(aid, "1-my-work-victim-aid")
    mail = mail_to(
        platform, f"victimaid.{canton.code.lower()}@demo.ksmm.test", case.case_number,
        label(Kind.REFERRAL_RECEIVED, canton.language),
    )  # fmt: skip
    check_mail(platform, canton, mail, case)

    referrals.get_by_role("link", name=re.compile(case.case_number)).click()
    aid.locator("form", has=aid.locator("input[value=accept]")).locator("button").click()
    expect(aid.locator(".messages, [role=status], .message").first).to_be_visible()

    # The counsellor asks the migration office for a reflection period.
    aid.goto(platform.web.url(host, f"/residence/cases/{case.pk}/reflection/new/"))
    aid.fill("#id_grounds", "Hinweise / indices (walk)")
    aid.locator("form.form button[type=submit]").click()
    expect(aid.get_by_text(case.case_number).first).to_be_visible()
    shot(aid, "2-reflection-requested")

    # The migration officer finds the request on My work and grants 30 days.
    office = sign_in(browser, platform, canton, "migration")
    decisions = office.locator("section.work-section", has=office.locator("#work-decisions"))
    expect(decisions.get_by_role("link", name=re.compile(case.case_number))).to_be_visible()
    shot(office, "3-my-work-migration-office")
    mail_to(
        platform, f"migration.{canton.code.lower()}@demo.ksmm.test", case.case_number,
        label(Kind.REFLECTION_REQUESTED, canton.language),
    )  # fmt: skip
    decisions.get_by_role("link", name=re.compile(case.case_number)).click()
    office.locator("input[name=decision][value=grant]").check()
    office.fill("#id_length_days", "30")
    office.locator("form.form button[type=submit]").click()
    expect(office.get_by_text(case.case_number).first).to_be_visible()
    shot(office, "4-decided")
    office.context.close()

    # The counsellor is told: in the inbox (badge and item) and by e-mail, in her language.
    aid.goto(platform.web.url(host, "/work/"))
    expect(aid.locator("header .badge, nav .badge").first).to_be_visible()
    aid.goto(platform.web.url(host, "/inbox/"))
    expect(aid.get_by_text(label(Kind.REFLECTION_GRANTED, canton.language)).first).to_be_visible()
    shot(aid, "5-inbox-decision")
    granted = mail_to(
        platform, f"victimaid.{canton.code.lower()}@demo.ksmm.test", case.case_number,
        label(Kind.REFLECTION_GRANTED, canton.language),
    )  # fmt: skip
    check_mail(platform, canton, granted, case)
    aid.context.close()
    # Once each: the worker sent no duplicate of any of this case's e-mails.
    subjects = [subject_of(m) + m["To"] for m in platform.mailbox.messages if case.case_number in subject_of(m)]
    assert len(subjects) == len(set(subjects))
