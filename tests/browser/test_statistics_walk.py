"""The statistics in a browser: a federal analyst in German on the bare host, a Geneva
coordinator in French on the canton's host. Screenshots in test-artifacts/ were looked at."""

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context
from playwright.sync_api import Browser, ConsoleMessage, Page

from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from ksmm.statistics.queries import latest_dashboard_release
from tests.browser.totp import FORGET_LAST_STEP
from tests.factories import TEST_PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.processes import ARTIFACTS_DIR, ServerProcess, test_database_url
from tests.statistics.releases import make_dashboard_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@dataclass(frozen=True)
class Walker:
    email: str
    host: str
    key: str  # hex TOTP secret


@pytest.fixture(scope="module")
def walkers(django_db_setup: None, django_db_blocker) -> Iterator[dict[str, Walker]]:  # type: ignore[no-untyped-def]
    """A committed release, an analyst (German) and a Geneva coordinator (French)."""
    with django_db_blocker.unblock():
        if latest_dashboard_release() is None:
            make_dashboard_release(years=(2023, 2024, 2025))
        analyst = UserFactory(email="anna.analyst@walk.test", language="de", federal_role="analyst")
        with schema_context("ge"):
            organisation = OrganisationFactory(type=Organisation.Type.VICTIM_AID)
            coordinator = MembershipFactory(
                organisation=organisation, role=Membership.Role.COORDINATOR,
                user__email="claire.coordinatrice@walk.test", user__language="fr",
            ).user  # fmt: skip
        found = {}
        for name, user, host in (("analyst", analyst, "localhost"), ("coordinator", coordinator, "ge.localhost")):
            key = secrets.token_hex(20)
            TOTPDevice.objects.create(user=user, name="walk", key=key, confirmed=True)
            found[name] = Walker(email=user.email, host=host, key=key)
        connection.set_schema_to_public()
    yield found


def code_for(walker: Walker) -> str:
    import psycopg

    with psycopg.connect(test_database_url(), autocommit=True) as own:
        own.execute(FORGET_LAST_STEP, [walker.email])
    return f"{totp(bytes.fromhex(walker.key)):06d}"


def signed_in_page(browser: Browser, platform: ServerProcess, walker: Walker) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: _keep_refusals(message, refused))
    page.goto(platform.url(walker.host, "/accounts/login/"))
    page.fill("#id_username", walker.email)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/verify/**")
    page.fill("#id_token", code_for(walker))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    return page, refused


def _keep_refusals(message: ConsoleMessage, refused: list[str]) -> None:
    # Only what the CSP refused: a missing favicon is no concern of these pages.
    if "Content Security Policy" in message.text or "Refused to" in message.text:
        refused.append(message.text)


def test_an_analyst_walks_the_federal_dashboard_in_german(
    browser: Browser, live_platform: ServerProcess, walkers: dict[str, Walker]
) -> None:
    page, refused = signed_in_page(browser, live_platform, walkers["analyst"])
    page.get_by_role("link", name="Statistik öffnen").click()
    page.wait_for_url("**/statistics/")
    assert page.locator("h1").inner_text() == "Bundesstatistik zum Menschenhandel"
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("#chart-cantons-title").count() == 1
    assert page.locator("svg.chart").count() >= 16
    assert page.locator("#cantons g.tile").count() == 26
    page.screenshot(path=str(ARTIFACTS_DIR / "statistics-analyst-de.png"), full_page=True)

    page.select_option("#id_quarter", "2")
    page.select_option("#id_form", "labour")
    page.select_option("#id_canton", "ge")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**/statistics/?*quarter=2*")
    details = page.locator("#figure-victims_sex details")
    details.locator("summary").click()
    assert details.locator("table caption").inner_text().startswith("Geschlecht")
    page.locator("#victims").screenshot(path=str(ARTIFACTS_DIR / "statistics-analyst-de-victims.png"))
    with page.expect_download() as download:
        page.locator("#figure-victims_sex").get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "ksmm-statistics-victims_sex-ge-2025-q2-labour.csv"
    assert refused == []


def test_a_coordinator_walks_the_canton_dashboard_in_french(
    browser: Browser, live_platform: ServerProcess, walkers: dict[str, Walker]
) -> None:
    page, refused = signed_in_page(browser, live_platform, walkers["coordinator"])
    page.get_by_role("link", name="Statistique", exact=True).click()
    page.wait_for_url("**/statistics/")
    assert page.locator("h1").inner_text().startswith("Statistique du canton")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#id_canton").count() == 0
    assert page.locator("#cantons").count() == 0
    assert "Contrôle de la divulgation" in page.locator("#disclosure").inner_text()
    page.screenshot(path=str(ARTIFACTS_DIR / "statistics-coordinator-fr.png"), full_page=True)
    with page.expect_download() as download:
        page.locator(".downloads").get_by_role("link", name="FR").first.click()
    assert download.value.suggested_filename.startswith("ksmm-annual-report-ge-")
    assert refused == []
