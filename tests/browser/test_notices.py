import io
import subprocess

import pypdf
import pytest
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import Page

from cases.models import Case
from demo.seed import DEMO_PASSWORD, ORGANISATIONS
from ksmm.partners.models import Organisation
from notices.models import NoticeDelivery, NoticeText
from tests.browser.totp import fresh_demo_code
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AID_WORKER = "victimaid.zh@demo.ksmm.test"


@pytest.fixture(scope="session")
def zh_aid_case(demo_data: None, django_db_blocker) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The demo case the victim-aid service of ZH took in (a Romanian speaker), and the notice."""
    with django_db_blocker.unblock(), schema_context("zh"):
        case = Case.objects.get(pseudonym="Cedro")
        text = NoticeText.objects.get(version__status="published", version__notice__kind="assistance", language="ro")
    connection.set_schema_to_public()
    return case.pk, text.pk


def test_an_aid_worker_delivers_the_romanian_notice_with_an_interpreter_and_downloads_it(
    page: Page, live_platform: ServerProcess, zh_aid_case: tuple[int, int]
) -> None:
    case_id, text_id = zh_aid_case
    page.goto(live_platform.url("zh.localhost"))
    page.get_by_role("link", name="Anmelden").click()
    page.fill("#id_username", AID_WORKER)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Code").fill(fresh_demo_code(AID_WORKER))
    page.get_by_role("button", name="Anmelden").click()

    page.goto(live_platform.url("zh.localhost", f"/notices/cases/{case_id}/"))
    page.get_by_label("Merkblatt und Sprache").select_option(str(text_id))
    page.get_by_label("Abgegeben am").fill("2026-04-02")
    page.get_by_label("Wie").select_option("interpreter")
    page.get_by_label("Dolmetscher/in").fill("Ioana Popescu, Dolmetschdienst Zürich")
    page.get_by_label("Ja, das Opfer hat den Empfang bestätigt").check()
    # The shipped texts await professional review: a draft is delivered only with its reason.
    page.get_by_label("Begründung für die Abgabe eines ungeprüften Texts").fill("Prüfung ausstehend, Opfer reist ab")
    page.get_by_role("button", name="Abgabe erfassen").click()
    assert page.get_by_text("Die Abgabe wurde erfasst.").is_visible()
    row = page.locator("#deliveries tbody tr").first
    assert "Ioana Popescu" in row.inner_text()
    assert "Rumänisch" in row.inner_text()  # the language by name, not "ro"
    page.screenshot(path=str(ARTIFACTS_DIR / "notice-delivered-ro.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajutor pentru victimele traficului de persoane").click()
    pdf_path = ARTIFACTS_DIR / "notice-assistance-ro.pdf"
    download_info.value.save_as(str(pdf_path))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "Aveți dreptul la ajutor." in text
    assert ORGANISATIONS["ZH"][Organisation.Type.VICTIM_AID] in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf_path), str(ARTIFACTS_DIR / "notice-assistance-ro")],
        check=True,
    )
    with schema_context("zh"):
        delivery = NoticeDelivery.objects.get(case_id=case_id)
        assert (delivery.text_id, delivery.method) == (text_id, NoticeDelivery.Method.INTERPRETER)
