import pytest
from playwright.sync_api import Page

from demo.seed import DEMO_PASSWORD
from tests.browser.totp import fresh_demo_code
from tests.processes import ARTIFACTS_DIR, ServerProcess

# The django_db mark makes pytest-django build the test database even when only browser
# tests are selected; the server process works on committed data of that database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_newcomer_signs_in_with_password_and_totp(page: Page, live_platform: ServerProcess, demo_data: None) -> None:
    email = "police.zh@demo.ksmm.test"
    page.goto(live_platform.url("zh.localhost"))
    page.get_by_role("link", name="Anmelden").click()
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()

    page.wait_for_url("**/accounts/verify/**")
    page.screenshot(path=str(ARTIFACTS_DIR / "login-second-factor-de.png"), full_page=True)
    page.get_by_label("Code").fill(fresh_demo_code(email))
    page.get_by_role("button", name="Anmelden").click()

    page.wait_for_url("**/work/")  # the start page after sign-in
    assert page.locator("h1").inner_text() == "Meine Arbeit"
    page.get_by_role("link", name="Partnerverzeichnis").click()
    assert page.locator("h1").inner_text() == "Partnerverzeichnis"
    # The header names the organisation too: the directory's entry is in the page's main part.
    assert page.get_by_role("main").get_by_text("Kantonspolizei Zürich").is_visible()
    page.screenshot(path=str(ARTIFACTS_DIR / "partner-directory-de.png"), full_page=True)
