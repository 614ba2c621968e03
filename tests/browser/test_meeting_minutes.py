import io
import subprocess
import time

import pypdf
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from demo.seed import DEMO_PASSWORD
from ksmm.deadlines.models import Deadline, RuleKey
from roundtables.models import ActionItem
from tests.browser.totp import fresh_demo_code
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

COORDINATOR = "coordinator.zh@demo.ksmm.test"
TASK = "Merkblatt für Kontrollen im Nachtleben überarbeiten"


def _unused_code(email: str) -> str:
    """A code of a time step the account has not used yet: an earlier browser test may have
    signed the same coordinator in moments ago, and a TOTP code is accepted only once."""
    device = TOTPDevice.objects.get(user__email=email, name="demo")
    while (int(time.time()) - device.t0) // device.step + device.drift <= device.last_t:
        time.sleep(1)
    return fresh_demo_code(email)


def _sign_in(page: Page, live_platform: ServerProcess) -> None:
    page.goto(live_platform.url("zh.localhost"))
    page.get_by_role("link", name="Anmelden").click()
    page.fill("#id_username", COORDINATOR)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Code").fill(_unused_code(COORDINATOR))
    page.get_by_role("button", name="Anmelden").click()


def test_a_coordinator_records_a_meeting_with_an_action_item_and_downloads_the_minutes(
    page: Page,
    live_platform: ServerProcess,
    demo_data: None,
    django_db_blocker,  # type: ignore[no-untyped-def]
) -> None:
    _sign_in(page, live_platform)
    page.get_by_role("link", name="Runder Tisch", exact=True).click()
    expect(page.get_by_role("heading", name="Runder Tisch gegen Menschenhandel des Kantons Zürich")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS_DIR / "round-table-zh.png"), full_page=True)

    page.get_by_role("link", name="Sitzungen").first.click()
    page.get_by_role("link", name="Sitzung erfassen").click()
    page.get_by_label("Datum", exact=True).fill("2026-11-20")
    page.get_by_label("Art der Sitzung", exact=True).select_option("regular")
    page.get_by_label("Ort", exact=True).fill("Kaspar-Escher-Haus")
    page.get_by_label("Protokoll", exact=True).fill("Die Kerngruppe bespricht die Kontrollen im Nachtleben.")
    page.get_by_label("Demo Police Officer (Kantonspolizei Zürich)", exact=True).check()
    page.get_by_label("Migrationsamt des Kantons Zürich", exact=True).check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Sitzung wurde erfasst.")).to_be_visible()

    page.get_by_role("link", name="Beschluss hinzufügen").click()
    page.get_by_label("Beschluss", exact=True).fill("Die Polizei lädt die Opferhilfe zu jeder Kontrolle ein.")
    page.get_by_role("button", name="Speichern").click()

    page.get_by_role("link", name="Pendenz hinzufügen").click()
    page.get_by_label("Aufgabe", exact=True).fill(TASK)
    page.get_by_label("Zuständige Organisation", exact=True).select_option(label="Kantonspolizei Zürich")
    page.get_by_label("Zuständige Person", exact=True).select_option(
        label="Demo Police Officer (Kantonspolizei Zürich)"
    )
    page.get_by_label("Frist", exact=True).fill("2027-01-31")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("cell", name=TASK)).to_be_visible()

    page.get_by_role("button", name="Protokoll genehmigen").click()
    expect(page.get_by_text("Das Protokoll wurde genehmigt.")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS_DIR / "meeting-approved-de.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Protokoll als PDF herunterladen").click()
    pdf_path = ARTIFACTS_DIR / "minutes-zh.pdf"
    download_info.value.save_as(str(pdf_path))
    text = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes())).pages
    )
    for expected in (
        "Protokoll der Sitzung vom 20. November 2026",
        "Genehmigtes Protokoll",
        TASK,
        "Demo Police Officer",
    ):
        assert expected in text, expected
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
         str(ARTIFACTS_DIR / "minutes-zh-page1")],
        check=True,
    )  # fmt: skip
    assert (ARTIFACTS_DIR / "minutes-zh-page1.png").exists()

    with schema_context("zh"):
        item = ActionItem.objects.get(description=TASK)
        deadline = Deadline.objects.get(rule_key=RuleKey.ACTION_ITEM, subject_id=item.pk, status="open")
        assert deadline.due_on == item.due_date
