"""The federal administrator invites an analyst and onboards a canton whose first administrator
then signs in on the canton's host: the whole walk in the browser, e-mails from a real SMTP server."""

import re
from base64 import b32decode
from collections.abc import Iterator
from email.header import decode_header, make_header
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page

from demo.seed import DEMO_PASSWORD
from tests.browser.totp import fresh_demo_code
from tests.mailbox import Mailbox
from tests.processes import ARTIFACTS_DIR, ServerProcess, start_web_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

FEDERAL_ADMIN = "admin.ch@demo.ksmm.test"
CANTON = "OW"  # a registry row without a schema in the test database, as on a fresh installation
PASSWORD = "a long and new passphrase for OW"


@pytest.fixture(scope="module")
def platform_with_mail(demo_data: None, _smtp_server: tuple[Any, Mailbox]) -> Iterator[tuple[ServerProcess, Mailbox]]:
    """The platform on committed data, its e-mails going to the loopback SMTP server."""
    controller, mailbox = _smtp_server
    server = start_web_server(name="federal-web-server", EMAIL_PORT=str(controller.port))
    yield server, mailbox
    server.stop()


def sign_in_as_federal_admin(page: Page, server: ServerProcess) -> None:
    page.goto(server.url("localhost"))
    page.get_by_role("link", name="Anmelden").click()
    page.fill("#id_username", FEDERAL_ADMIN)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Code").fill(fresh_demo_code(FEDERAL_ADMIN))
    page.get_by_role("button", name="Anmelden").click()


def test_the_federal_administrator_invites_an_analyst_and_onboards_a_canton(
    browser: Browser, platform_with_mail: tuple[ServerProcess, Mailbox]
) -> None:
    server, mailbox = platform_with_mail
    mailbox.messages.clear()
    page = browser.new_context(locale="de-CH", viewport={"width": 1200, "height": 800}).new_page()
    sign_in_as_federal_admin(page, server)

    page.get_by_role("link", name="Personen auf Bundesebene").click()
    page.get_by_role("link", name="Person einladen").click()
    page.get_by_label("E-Mail-Adresse").fill("not an address")
    page.get_by_role("button", name="Einladung senden").click()
    assert page.get_by_text("Gib eine gültige E-Mail Adresse an.").first.is_visible()
    page.get_by_label("E-Mail-Adresse").fill("nadia.analyst@fedpol.test")
    page.get_by_label("Vollständiger Name").fill("Nadia Analyst")
    page.get_by_label("Rolle").select_option("analyst")
    page.get_by_label("Sprache der Einladung").select_option("it")
    page.get_by_role("button", name="Einladung senden").click()
    assert page.get_by_text("Die Einladung wurde versandt.").is_visible()
    row = page.get_by_role("row").filter(has_text="nadia.analyst@fedpol.test")
    assert "Einladung offen" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS_DIR / "federal-people-de.png"), full_page=True)
    subject = str(make_header(decode_header(mailbox.messages[-1]["Subject"])))
    assert subject == "Invito al livello federale della piattaforma delle tavole rotonde", "in Nadia's language"

    page.get_by_role("link", name="Kantone und Aufschaltung").click()
    assert page.get_by_role("row").count() == 27
    page.get_by_role("link", name=f"{CANTON} aufschalten").click()
    assert page.get_by_label("Kanton (Abkürzung)").input_value() == CANTON
    page.get_by_label("E-Mail-Adresse der Kantonsadministration").fill("olga@ow.test")
    page.get_by_label("Vollständiger Name der Kantonsadministration").fill("Olga Obwalden")
    page.get_by_role("button", name="Kanton aufschalten").click()
    page.wait_for_url("**/federal/cantons/")
    assert page.get_by_text("OW ist eingerichtet").is_visible()
    row = page.get_by_role("row").filter(has_text="OW · Obwalden")
    assert "aktiv" in row.inner_text() and "Einladung offen" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS_DIR / "federal-cantons-onboarded-de.png"), full_page=True)

    link = re.search(r"(http://ow\.localhost:\d+/manage/invitation/[^/\s]+/)", mailbox.body()).group(1)
    olga = browser.new_context(locale="de-CH", viewport={"width": 1200, "height": 800}).new_page()
    olga.goto(link)
    olga.get_by_label("Neues Passwort").fill(PASSWORD)
    olga.get_by_label("Passwort wiederholen").fill(PASSWORD)
    olga.get_by_role("button", name="Passwort speichern").click()
    olga.fill("#id_username", "olga@ow.test")
    olga.fill("#id_password", PASSWORD)
    olga.get_by_role("button", name="Weiter").click()
    olga.wait_for_url("**/accounts/enrol/**")
    secret = olga.locator("code.secret").inner_text().replace(" ", "")
    olga.get_by_label("Code").fill(f"{totp(b32decode(secret)):06d}")
    olga.get_by_role("button", name="Bestätigen").click()
    olga.get_by_role("link", name="Ich habe sie aufbewahrt, weiter").click()
    assert "Olga Obwalden" in olga.locator(".signed-in").inner_text()
    assert "Kantonsadministration" in olga.locator(".signed-in").inner_text()
    olga.screenshot(path=str(ARTIFACTS_DIR / "onboarded-canton-admin-ow-de.png"), full_page=True)
    olga.context.close()
    page.context.close()
