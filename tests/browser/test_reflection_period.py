"""An aid worker requests a reflection period, the migration office grants it, and the aid worker
sees the end date and, on the day the scan sends it, the reminder in the inbox."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import formats, timezone, translation
from django_tenants.utils import schema_context
from playwright.sync_api import Browser, Page, expect

from cases.actions import do_add_party, do_open_case
from demo.seed import DEMO_PASSWORD, ORGANISATIONS
from ksmm.partners.models import Organisation
from tests.browser.totp import fresh_demo_code
from tests.processes import ARTIFACTS_DIR, ServerProcess, process_env

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AID_WORKER = "victimaid.zh@demo.ksmm.test"
MIGRATION_OFFICER = "migration.zh@demo.ksmm.test"
GROUNDS = "Begründete Hinweise aus dem Erstgespräch"


@pytest.fixture(scope="session")
def zh_case_without_period(demo_data: None, django_db_blocker) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A case of the demo victim-aid service in ZH, committed for the server process."""
    with django_db_blocker.unblock(), schema_context("zh"):
        names = ORGANISATIONS["ZH"]
        aid = Organisation.objects.get(name=names[Organisation.Type.VICTIM_AID])
        case = do_open_case(
            acting_user=None, organisation=aid, pseudonym="Browser Mara", opened_on=timezone.localdate()
        )
        for organisation_type in (Organisation.Type.CANTONAL_POLICE, Organisation.Type.PUBLIC_PROSECUTOR):
            do_add_party(
                acting_user=None, case=case, organisation=Organisation.objects.get(name=names[organisation_type])
            )
    connection.set_schema_to_public()
    return case.pk, case.case_number


def signed_in(browser: Browser, platform: ServerProcess, email: str) -> Page:
    page = browser.new_context(locale="de-CH", viewport={"width": 1200, "height": 900}).new_page()
    page.goto(platform.url("zh.localhost", "/accounts/login/"))
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Code").fill(fresh_demo_code(email))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    return page


def run_reminder_scan(*, day: str) -> None:
    """The beat's scan in its own process, so that what it writes is committed for the server."""
    code = (
        "import django; django.setup()\n"
        "from datetime import date\n"
        "from django_tenants.utils import schema_context\n"
        "from ksmm.notifications.scan import insert_due_reminders\n"
        "with schema_context('zh'):\n"
        f"    insert_due_reminders(today=date.fromisoformat('{day}'))\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, env=process_env(DJANGO_SETTINGS_MODULE="config.settings.test")
    )


def test_an_aid_worker_requests_a_period_the_office_grants_it_and_the_reminder_arrives(
    browser: Browser, live_platform: ServerProcess, zh_case_without_period: tuple[int, str]
) -> None:
    case_id, case_number = zh_case_without_period
    residence = live_platform.url("zh.localhost", f"/residence/cases/{case_id}/")

    aid = signed_in(browser, live_platform, AID_WORKER)
    aid.goto(residence)
    aid.get_by_role("link", name="Bedenkzeit beantragen").click()
    aid.get_by_label("Begründete Hinweise").fill(GROUNDS)
    aid.screenshot(path=str(ARTIFACTS_DIR / "reflection-request-de.png"), full_page=True)
    aid.get_by_role("button", name="Absenden").click()
    # The confirmation names the case and the office the request went to.
    expect(aid.get_by_text(f"Fall {case_number}: Die Erholungs- und Bedenkzeit wurde bei")).to_be_visible()

    office = signed_in(browser, live_platform, MIGRATION_OFFICER)
    office.get_by_role("link", name="Zu entscheidende Gesuche").click()
    row = office.get_by_role("row").filter(has_text=case_number)
    row.get_by_role("link", name="Erholungs- und Bedenkzeit").click()
    office.screenshot(path=str(ARTIFACTS_DIR / "reflection-decision-de.png"), full_page=True)
    office.get_by_label("Gewähren").check()
    office.get_by_label("Dauer in Tagen").fill("30")
    office.get_by_role("button", name="Entscheid erfassen").click()
    expect(office.get_by_text(f"Fall {case_number}: Erholungs- und Bedenkzeit von 30 Tagen gewährt")).to_be_visible()
    office.screenshot(path=str(ARTIFACTS_DIR / "reflection-queue-after-decision-de.png"), full_page=True)
    expect(office.get_by_role("row").filter(has_text=case_number)).to_have_count(0)

    ends_on = timezone.localdate() + timedelta(days=30)
    with translation.override("de"):
        shown_end = formats.date_format(ends_on, "SHORT_DATE_FORMAT")
    aid.goto(residence)
    expect(aid.locator("time.period-end")).to_have_text(shown_end)
    expect(aid.get_by_text("Keine Wegweisung, solange die Bedenkzeit läuft")).to_be_visible()
    expect(aid.get_by_text(GROUNDS)).to_be_visible()
    aid.screenshot(path=str(ARTIFACTS_DIR / "reflection-granted-aid-de.png"), full_page=True)

    run_reminder_scan(day=(ends_on - timedelta(days=7)).isoformat())
    aid.goto(live_platform.url("zh.localhost", "/inbox/"))
    reminder = aid.get_by_text(case_number).first
    expect(reminder).to_be_visible()
    expect(aid.get_by_text("Ende der Erholungs- und Bedenkzeit").first).to_be_visible()
    aid.screenshot(path=str(ARTIFACTS_DIR / "reflection-reminder-inbox-de.png"), full_page=True)
