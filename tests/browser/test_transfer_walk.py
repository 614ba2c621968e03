"""A transfer ZH → GE walked as its people would: the ZH prosecutor (a lead, in German) asks to
hand a case over to GE's victim-aid service; GE's coordinator (in French) finds it among the
incoming transfers and accepts it; the real Celery worker copies the case; GE's counsellor
opens the new case, which names where it came from, and the ZH case names where it went and is
read-only. Real gunicorn, Celery worker and Chromium; screenshots in test-artifacts/."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from cases.models import Case
from demo.seed import ORGANISATIONS
from ksmm.partners.models import Organisation
from tests.browser.test_hand_off_walk import CANTONS, Platform, police_case, sign_in
from tests.mailbox import start_smtp_server
from tests.processes import ARTIFACTS_DIR, start_celery_worker, start_web_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

Type = Organisation.Type
QUEUE = "ksmm-test-transfer-walk"
ZH, GE = CANTONS


@pytest.fixture(scope="module")
def platform(demo_data: None, django_db_blocker) -> Iterator[Platform]:  # type: ignore[no-untyped-def]
    controller, mailbox = start_smtp_server()
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(controller.port), "KSMM_TEST_QUEUE": QUEUE}
    with django_db_blocker.unblock():
        web = start_web_server(name="web-transfer-walk", **env)
        worker = start_celery_worker(
            queue=QUEUE, name="celery-transfer-walk", concurrency=1, KSMM_PUBLIC_PORT=str(web.port), **env
        )
    try:
        yield Platform(web=web, mailbox=mailbox)
    finally:
        worker.stop()
        web.stop()
        controller.stop()


@pytest.fixture(scope="module")
def zh_case(demo_data: None, django_db_blocker) -> Case:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        return police_case("ZH")


def shot(page, step: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(ARTIFACTS_DIR / f"transfer-{step}.png"), full_page=True)


def test_a_case_goes_from_zurich_to_geneva_in_german_and_french(
    browser: Browser, platform: Platform, zh_case: Case
) -> None:
    zh_host, ge_host = "zh.localhost", "ge.localhost"
    ge_aid = ORGANISATIONS["GE"][Type.VICTIM_AID]

    # The ZH prosecutor, lead of a party, asks for the transfer on the case's transfer page.
    lead = sign_in(browser, platform, ZH, "prosecutor")
    lead.goto(platform.web.url(zh_host, f"/cases/{zh_case.pk}/transfer/"))
    expect(lead.locator("h1")).to_have_text("Übergabe an einen anderen Kanton")
    lead.select_option("#id_recipient", label=ge_aid)
    lead.fill("#id_reason", "Unterbringung in einer spezialisierten Unterkunft in Genf")
    lead.locator("input[name=compartments][value=identity]").check()
    shot(lead, "1-de-request-form")
    lead.locator("form.form button[type=submit]").click()
    expect(lead.locator("td[data-status=requested]")).to_be_visible()
    shot(lead, "2-de-requested")

    # GE's coordinator finds it among the incoming transfers, in French, and accepts it.
    coordinator = sign_in(browser, platform, GE, "coordinator")
    coordinator.goto(platform.web.url(ge_host, "/transfers/"))
    expect(coordinator.locator("h1")).to_have_text("Transferts depuis d'autres cantons")
    coordinator.get_by_role("row", name=re.compile(zh_case.case_number)).get_by_role("link").click()
    shot(coordinator, "3-fr-incoming")
    coordinator.locator("form", has=coordinator.locator("input[value=accept]")).locator("button").click()
    # The worker copies the case; the page shows the new case once it is there.
    for _attempt in range(60):
        coordinator.reload()
        if coordinator.locator("td[data-status=completed]").count():
            break
        coordinator.wait_for_timeout(500)
    expect(coordinator.locator("td[data-status=completed]")).to_have_text("Terminé")
    expect(coordinator.get_by_text("Identité : 1")).to_be_visible()
    shot(coordinator, "4-fr-completed")
    new_case = coordinator.get_by_role("link", name=re.compile(r"Ouvrir le dossier GE-"))
    ge_number = re.search(r"GE-\d{4}-\d{4}", new_case.inner_text()).group(0)  # type: ignore[union-attr]
    href = new_case.get_attribute("href")
    coordinator.context.close()

    # GE's counsellor works the new case, which says where it came from.
    counsellor = sign_in(browser, platform, GE, "victimaid")
    counsellor.goto(platform.web.url(ge_host, str(href)))
    expect(counsellor.get_by_text(f"Transféré depuis le canton ZH (dossier {zh_case.case_number}).")).to_be_visible()
    shot(counsellor, "5-fr-new-case")
    counsellor.context.close()

    # In ZH the case names where it went and is read-only.
    lead.goto(platform.web.url(zh_host, f"/cases/{zh_case.pk}/"))
    expect(
        lead.get_by_text(f"An den Kanton GE übergeben (Fall {ge_number}): Dieser Fall kann nur noch gelesen werden.")
    ).to_be_visible()
    shot(lead, "6-de-read-only")
    lead.context.close()
