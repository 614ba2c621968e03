from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, StorageState, sync_playwright

from tests.browser.chromium import LAUNCH_ARGS, NO_BROWSER_MESSAGE, find_chromium
from tests.browser.main_pages import Person, sign_in_through_the_form
from tests.processes import ServerProcess


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


@pytest.fixture(scope="session")
def signed_in(browser: Browser, live_platform: ServerProcess) -> Callable[[Person], StorageState]:
    """The cookies of a demo person signed in through the form, once per person for the session.
    Tests using it also ask for `demo_data`."""
    states: dict[Person, StorageState] = {}

    def state_of(person: Person) -> StorageState:
        if person not in states:
            states[person] = sign_in_through_the_form(browser, live_platform, person)
        return states[person]

    return state_of
