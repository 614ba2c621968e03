import io
import subprocess

import pypdf
import pytest
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import Page

from demo.seed import DEMO_PASSWORD
from ksmm.partners.models import Organisation
from roundtables.models import Agreement, PartnerDuty, Signatory
from roundtables.starter import do_create_starter
from tests.browser.totp import fresh_demo_code
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

COORDINATOR = "coordinator.zh@demo.ksmm.test"


@pytest.fixture(scope="session")
def zh_starter_draft(demo_data: None, django_db_blocker) -> int:  # type: ignore[no-untyped-def]
    """A complete draft in ZH, committed for the server process."""
    with django_db_blocker.unblock(), schema_context("zh"):
        agreement = do_create_starter(acting_user=None, form=Agreement.Form.B, language="de")
        organisation = Organisation.objects.order_by("name").first()
        assert organisation is not None
        PartnerDuty.objects.create(agreement=agreement, organisation=organisation, duties="Begleitet die Opfer.")
        Signatory.objects.create(agreement=agreement, organisation=organisation, name="Vera Vorsitz")
    connection.set_schema_to_public()
    return agreement.pk


def test_a_coordinator_adopts_the_agreement_and_downloads_the_pdf(
    page: Page, live_platform: ServerProcess, zh_starter_draft: int
) -> None:
    page.goto(live_platform.url("zh.localhost"))
    page.get_by_role("link", name="Anmelden").click()
    page.fill("#id_username", COORDINATOR)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Code").fill(fresh_demo_code(COORDINATOR))
    page.get_by_role("button", name="Anmelden").click()

    page.get_by_role("link", name="Kooperationsvereinbarung").first.click()
    page.goto(live_platform.url("zh.localhost", f"/roundtable/agreements/{zh_starter_draft}/"))
    _edit_in_the_one_editor(page)
    page.get_by_role("button", name="Verabschieden").click()
    assert page.get_by_text("Die Vereinbarung wurde verabschiedet.").is_visible()
    page.screenshot(path=str(ARTIFACTS_DIR / "agreement-adopted-de.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    pdf_path = ARTIFACTS_DIR / "agreement-zh.pdf"
    download_info.value.save_as(str(pdf_path))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "Erholungs- und Bedenkzeit" in text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(ARTIFACTS_DIR / "agreement-zh-page1"),
        ],
        check=True,
    )
    assert (ARTIFACTS_DIR / "agreement-zh-page1.png").exists()


def _edit_in_the_one_editor(page: Page) -> None:
    """Every part on one page: an emptied text is refused with the other input kept, then saved."""
    page.get_by_role("link", name="Alle Abschnitte bearbeiten").click()
    minors = page.locator("#section-minors")
    minors.get_by_label("Text", exact=True).fill("Die KESB wird sofort benachrichtigt.")
    page.locator("#section-safety").get_by_label("Text", exact=True).fill("")
    page.get_by_role("button", name="Alles speichern").click()
    summary = page.locator("[data-error-summary]")
    assert summary.get_by_text("Nichts wurde gespeichert").is_visible()
    assert minors.get_by_label("Text", exact=True).input_value() == "Die KESB wird sofort benachrichtigt."
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(ARTIFACTS_DIR / "agreement-editor-errors-phone-de.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    summary.get_by_role("link").first.click()
    page.locator("#section-safety").get_by_label("Text", exact=True).fill("Die Polizei beurteilt die Gefährdung.")
    page.screenshot(path=str(ARTIFACTS_DIR / "agreement-editor-de.png"))
    page.get_by_role("button", name="Alles speichern").click()
    assert page.get_by_text("Der Entwurf wurde gespeichert.").is_visible()
    assert page.get_by_text("Die KESB wird sofort benachrichtigt.").is_visible()
