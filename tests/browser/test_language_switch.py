from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.chromium import LAUNCH_ARGS, NO_BROWSER_MESSAGE, find_chromium
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.fail(NO_BROWSER_MESSAGE, pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 800})
    page = context.new_page()
    yield page
    context.close()


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
