"""A person lets a cantonal system act for them: the consent screen in their language."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import Page, Route

from demo.seed import DEMO_PASSWORD, ORGANISATIONS
from ksmm.api.actions import NewApiClient, do_create_api_client
from ksmm.partners.models import Organisation
from tests.api.delegation import pkce
from tests.browser.totp import fresh_demo_code
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AID_WORKER = "victimaid.zh@demo.ksmm.test"
# A loopback callback no server listens on: the browser's request to it is answered by the test.
CALLBACK = "http://127.0.0.1:9/callback"


@pytest.fixture(scope="session")
def aid_system(demo_data: None, django_db_blocker) -> NewApiClient:  # type: ignore[no-untyped-def]
    """A new authorisation-code client of the demo victim aid of ZH, committed (outside the test's
    transaction) so that the server sees it; one per run."""
    with django_db_blocker.unblock(), schema_context("zh"):
        aid = Organisation.objects.get(name=ORGANISATIONS["ZH"][Organisation.Type.VICTIM_AID])
        created = do_create_api_client(
            organisation=aid,
            name="Fallsystem Opferhilfe",
            scopes=["core", "notices", "intake", "deliveries"],
            redirect_uris=[CALLBACK],
        )
    connection.set_schema_to_public()
    return created


def test_an_aid_worker_approves_a_system_on_the_consent_screen_and_the_callback_gets_a_code(
    page: Page, live_platform: ServerProcess, aid_system: NewApiClient
) -> None:
    pair = pkce()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": aid_system.client.application.client_id,
            "redirect_uri": CALLBACK,
            "scope": "core notices intake",
            "state": "s-1",
            "code_challenge": pair.challenge,
            "code_challenge_method": "S256",
        }
    )
    callbacks: list[str] = []

    def answer(route: Route) -> None:
        callbacks.append(route.request.url)
        route.fulfill(status=200, body="ok")

    page.route(CALLBACK + "*", answer)
    page.goto(live_platform.url("zh.localhost", f"/api/oauth/authorize/?{query}"))
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", AID_WORKER)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Code").fill(fresh_demo_code(AID_WORKER))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/api/oauth/authorize/**")
    page.screenshot(path=str(ARTIFACTS_DIR / "consent-de.png"), full_page=True)

    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator(".consent-client").count() == 1, page.locator("main").inner_text()[:500]
    assert page.locator(".consent-client").inner_text() == "Fallsystem Opferhilfe"
    scopes = page.locator(".consent-scopes li")
    assert scopes.count() == 3
    assert "Grunddaten der Fälle" in page.locator("[data-scope=core]").inner_text()
    page.screenshot(path=str(ARTIFACTS_DIR / "consent-de.png"), full_page=True)

    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("requestfailed", lambda request: console.append(f"failed {request.url} {request.failure}"))
    page.locator("#consent button[name=allow]").click()
    for _ in range(100):  # the redirect to the system, answered by `answer`: up to ten seconds
        if callbacks:
            break
        page.wait_for_timeout(100)
    assert len(callbacks) == 1, (page.url, console)
    returned = parse_qs(urlsplit(callbacks[0]).query)
    assert returned["state"] == ["s-1"] and returned["code"][0]
