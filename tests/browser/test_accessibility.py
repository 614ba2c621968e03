"""axe-core finds no violation on the main pages, in German and in French, and a person using only
the keyboard signs in and submits a form, seeing where the focus is at every step.

axe-core is injected by the test into its own browser context, whose CSP is bypassed; the pages
themselves never load it (tests/browser/static/axe-core/)."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, StorageState, expect

from demo.seed import DEMO_PASSWORD
from tests.browser.main_pages import CANTON_HOSTS, Person, demo_case_id, main_pages
from tests.browser.totp import fresh_demo_code
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE_SOURCE = (Path(__file__).parent / "static" / "axe-core" / "axe.min.js").read_text()
# Zurich's pages read German, Geneva's French.
PEOPLE = [
    Person("police", "zh"),
    Person("victimaid", "zh"),
    Person("migration", "zh"),
    Person("coordinator", "zh"),
    Person("police", "ge"),
    Person("coordinator", "ge"),
]
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + n.failureSummary),
  }));
}"""


def violations_on(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(content=AXE_SOURCE)
    found: list[dict[str, object]] = page.evaluate(RUN_AXE)
    return found


def assert_no_violations(found: dict[str, list[dict[str, object]]]) -> None:
    report = [
        f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} at {violation['nodes']}"
        for path, violations in found.items()
        for violation in violations
    ]
    assert not report, "\n".join(report)


@pytest.mark.parametrize("person", PEOPLE, ids=lambda person: f"{person.role}-{person.canton}")
def test_axe_finds_no_violation_on_the_main_pages(
    browser: Browser,
    live_platform: ServerProcess,
    demo_data: None,
    signed_in: Callable[[Person], StorageState],
    person: Person,
) -> None:
    context = browser.new_context(
        locale="de-CH", viewport={"width": 1200, "height": 800}, bypass_csp=True, storage_state=signed_in(person)
    )
    page = context.new_page()
    found: dict[str, list[dict[str, object]]] = {}
    try:
        for path in main_pages(person):
            response = page.goto(live_platform.url(CANTON_HOSTS[person.canton], path))
            assert response is not None and response.status == 200, (path, response and response.status)
            found[path] = violations_on(page)
    finally:
        context.close()
    assert_no_violations(found)


def test_axe_finds_no_violation_on_the_sign_in_and_on_a_form_with_errors(
    browser: Browser, live_platform: ServerProcess, demo_data: None, signed_in: Callable[[Person], StorageState]
) -> None:
    context = browser.new_context(locale="de-CH", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live_platform.url("zh.localhost", "/accounts/login/"))
        assert_no_violations({"sign-in": violations_on(page)})
        page.locator("form.form button[type=submit]").click()
        expect(page.locator("[data-error-summary]")).to_be_visible()
        assert_no_violations({"sign-in with errors": violations_on(page)})
    finally:
        context.close()
    context = browser.new_context(locale="de-CH", bypass_csp=True, storage_state=signed_in(Person("police", "zh")))
    page = context.new_page()
    try:
        page.goto(live_platform.url("zh.localhost", "/cases/new/"))
        page.locator("form.form button[type=submit]").click()
        expect(page.locator("[data-error-summary]")).to_be_focused()
        assert_no_violations({"intake with errors": violations_on(page)})
    finally:
        context.close()


def tab_to(page: Page, selector: str, *, limit: int = 300) -> None:
    """Presses Tab until `selector` has the focus; every stop on the way shows where the focus is."""
    target = page.locator(selector)
    for _stop in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IS_VISIBLE), page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


FOCUS_IS_VISIBLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return false;
  const style = getComputedStyle(element);
  return element.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
}"""


def test_a_keyboard_only_person_signs_in_and_saves_a_checklist_section(
    browser: Browser, live_platform: ServerProcess, demo_data: None
) -> None:
    person = Person("police", "zh")
    case_id = demo_case_id("zh")
    context = browser.new_context(locale="de-CH")
    page = context.new_page()
    try:
        page.goto(live_platform.url("zh.localhost", "/"))
        # The first stop is the skip link; it takes the focus to the page's content.
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        assert page.evaluate(FOCUS_IS_VISIBLE)
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()
        tab_to(page, "a[href='/accounts/login/']")
        page.keyboard.press("Enter")
        page.wait_for_url("**/accounts/login/")
        expect(page.locator("#id_username")).to_be_focused()  # autofocus

        # Sign-in sent empty: the error summary takes the focus and its link leads to the field.
        tab_to(page, "form.form button[type=submit]")
        page.keyboard.press("Enter")
        expect(page.locator("[data-error-summary]")).to_be_focused()
        tab_to(page, "[data-error-summary] a[href='#id_username']")
        page.keyboard.press("Enter")
        expect(page.locator("#id_username")).to_be_focused()
        page.keyboard.type(person.email)
        tab_to(page, "#id_password")
        page.keyboard.type(DEMO_PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url("**/accounts/verify/**")
        expect(page.locator("#id_token")).to_be_focused()  # autofocus
        page.keyboard.type(fresh_demo_code(person.email))
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/accounts/" not in url)

        # A section of the indicator checklist: tick, note, save, all from the keyboard.
        page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/identification/"))
        section = page.locator("form[id^=section-]").nth(1)
        box = section.locator("input[type=checkbox]").first
        box_id = box.get_attribute("id")
        was_ticked = box.is_checked()
        tab_to(page, f"#{box_id}")
        expect(section.locator("[data-unsaved]")).to_be_hidden()
        page.keyboard.press("Space")
        expect(section.locator("[data-unsaved]")).to_be_visible()  # until its own button saves it
        page.keyboard.press("Tab")
        page.keyboard.type(" (per Tastatur)")
        tab_to(page, f"#{section.get_attribute('id')} button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*\?saved=\d+#section-\d+$"))
        expect(page.locator(f"#{box_id}")).to_be_checked(checked=not was_ticked)
        expect(page.locator(".checklist .saved")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS_DIR / "keyboard-checklist-saved.png"))
    finally:
        context.close()


def test_the_session_warning_comes_before_the_idle_timeout_and_keeps_the_person_signed_in(
    browser: Browser, live_platform: ServerProcess, demo_data: None, signed_in: Callable[[Person], StorageState]
) -> None:
    context = browser.new_context(locale="de-CH", storage_state=signed_in(Person("migration", "zh")))
    page = context.new_page()
    page.clock.install()  # the page's timers run on a clock the test moves
    try:
        page.goto(live_platform.url("zh.localhost", "/cases/"))
        warning = page.locator("#session-warning")
        expect(warning).to_be_hidden()
        page.clock.run_for("24:00")
        expect(warning).to_be_hidden()
        page.clock.run_for("02:00")  # less than five minutes left
        expect(warning).to_be_visible()
        expect(warning.locator("[data-session-soon]")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS_DIR / "session-warning.png"))
        with page.expect_response("**/accounts/keep-alive/") as answer:
            warning.get_by_role("button").click()
        assert answer.value.status == 200
        expect(warning).to_be_hidden()
        page.clock.run_for("24:00")  # the idle clock started again at the click
        expect(warning).to_be_hidden()
        page.clock.run_for("07:00")
        expect(warning.locator("[data-session-ended]")).to_be_visible()
        expect(warning.get_by_role("button")).to_be_hidden()
    finally:
        context.close()


# Text fields, selects and text areas against what is behind them (WCAG 1.4.11, non-text contrast).
WEAK_FIELD_BORDERS = """() => {
  const channels = color => color.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = c => (c /= 255) <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const background = element => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      const [r, g, b, a = 1] = channels(getComputedStyle(e).backgroundColor);
      if (a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const fields = [...document.querySelectorAll("input, select, textarea")].filter(field =>
    !["hidden", "checkbox", "radio", "submit"].includes(field.type) && field.offsetParent !== null);
  return fields.flatMap(field => {
    const style = getComputedStyle(field);
    const [l1, l2] = [luminance(channels(style.borderTopColor)), luminance(background(field))];
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    return ratio < 3 || parseFloat(style.borderTopWidth) === 0
      ? [`${field.id || field.name}: ${ratio.toFixed(2)}:1 ${style.borderTopColor}`] : [];
  });
}"""


def test_every_field_border_stands_out_at_3_to_1(
    browser: Browser, live_platform: ServerProcess, demo_data: None, signed_in: Callable[[Person], StorageState]
) -> None:
    case_id = demo_case_id("zh")
    context = browser.new_context(locale="de-CH", storage_state=signed_in(Person("police", "zh")))
    page = context.new_page()
    weak = {}
    try:
        for path in ("/cases/", "/cases/new/", f"/cases/{case_id}/steps/", f"/cases/{case_id}/identification/",
                     "/partners/", f"/cases/{case_id}/refer/"):  # fmt: skip
            page.goto(live_platform.url("zh.localhost", path))
            weak[path] = page.evaluate(WEAK_FIELD_BORDERS)
    finally:
        context.close()
    assert {path: fields for path, fields in weak.items() if fields} == {}
