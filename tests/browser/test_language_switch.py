import pytest
from playwright.sync_api import Page

from tests.processes import ARTIFACTS_DIR, ServerProcess

# The django_db mark makes pytest-django build the test database even when only browser
# tests are selected; the server process works on committed data of that database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_zh_opens_in_german_and_switches_to_french(page: Page, live_platform: ServerProcess) -> None:
    page.goto(live_platform.url("zh.localhost"))
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Runder Tisch gegen Menschenhandel, Kanton Zürich"
    page.screenshot(path=str(ARTIFACTS_DIR / "zh-home-de.png"), full_page=True)

    page.select_option("#language-select", "fr")
    page.get_by_role("button", name="Sprache wechseln").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Table ronde contre la traite des êtres humains, canton de Zurich"
    page.screenshot(path=str(ARTIFACTS_DIR / "zh-home-fr.png"), full_page=True)
