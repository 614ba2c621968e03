"""At a phone's width (390 px) no main page scrolls sideways: tables become stacked rows."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, StorageState

from tests.browser.main_pages import CANTON_HOSTS, Person, main_pages
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 390, "height": 844}
PEOPLE = [Person(role, "zh") for role in ("police", "victimaid", "migration", "prosecutor", "coordinator", "admin")]
# The innermost elements that reach past the right edge, to say what to fix.
WIDEST = """() => {
  const edge = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > edge + 1);
  return wide.filter(e => !wide.some(inner => inner !== e && e.contains(inner))).slice(0, 3)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "")
      + " " + (e.textContent || "").trim().slice(0, 40));
}"""
SCREENSHOTS = {"/cases/", "/deadlines/", "/partners/", "/audit/"}


@pytest.mark.parametrize("person", PEOPLE, ids=lambda person: person.role)
def test_no_main_page_is_wider_than_a_phone(
    browser: Browser,
    live_platform: ServerProcess,
    demo_data: None,
    signed_in: Callable[[Person], StorageState],
    person: Person,
) -> None:
    context = browser.new_context(
        locale="de-CH", viewport=PHONE, is_mobile=True, has_touch=True, storage_state=signed_in(person)
    )
    page = context.new_page()
    too_wide = []
    try:
        for path in main_pages(person):
            response = page.goto(live_platform.url(CANTON_HOSTS[person.canton], path))
            assert response is not None and response.status == 200, (path, response and response.status)
            widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if widths[0] > widths[1]:
                too_wide.append((path, widths, page.evaluate(WIDEST)))
            if path in SCREENSHOTS or path.endswith(("/steps/", "/attachments/")):
                name = path.strip("/").replace("/", "-") or "home"
                page.screenshot(path=str(ARTIFACTS_DIR / f"phone-{person.role}-{name}.png"), full_page=True)
    finally:
        context.close()
    report = "\n".join(f"{path} {widths}: {culprits}" for path, widths, culprits in too_wide)
    assert not too_wide, f"pages wider than {PHONE['width']} px [scrollWidth, clientWidth]:\n{report}"
