"""One case from intake to closure, as a police officer and a victim-aid counsellor would walk it."""

import re
import secrets
import time

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from cases.models import Case
from cases.steps.models import Accommodation, Interview
from demo.seed import DEMO_PASSWORD
from tests.browser.totp import fresh_demo_code
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

POLICE = "police.zh@demo.ksmm.test"
AID = "victimaid.zh@demo.ksmm.test"
AID_ORGANISATION = "Opferhilfe-Beratungsstelle Zürich (Demo)"
PROSECUTOR = "prosecutor.zh@demo.ksmm.test"
PROSECUTION = "Staatsanwaltschaft des Kantons Zürich"


_LAST_STEP: dict[str, int] = {}


def sign_in(page: Page, platform: ServerProcess, email: str) -> None:
    # A TOTP code is accepted once: a second sign-in of the same person waits for the next code.
    while int(time.time() // 30) <= _LAST_STEP.get(email, -1) + 1:
        time.sleep(1)
    _LAST_STEP[email] = int(time.time() // 30)
    page.goto(platform.url("zh.localhost", "/accounts/login/"))
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Code").fill(fresh_demo_code(email))
    page.get_by_role("button", name="Anmelden").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS_DIR / f"casework-{name}.png"), full_page=True)


def test_police_and_victim_aid_walk_a_case_from_intake_to_closure(
    page: Page, live_platform: ServerProcess, demo_data: None
) -> None:
    try:
        walk_the_case(page, live_platform)
    except Exception:
        shot(page, "failure")  # what the page showed when the walk broke off
        raise


def walk_the_case(page: Page, live_platform: ServerProcess) -> None:
    # Intake by the police after a check in the milieu.
    sign_in(page, live_platform, POLICE)
    page.goto(live_platform.url("zh.localhost", "/cases/new/"))
    page.fill("#id_pseudonym", "Ana Walk")
    page.fill("#id_opened_on", today_iso())
    page.select_option("#id_source", "police_check")
    page.select_option("#id_exploitation_type", "sexual")
    page.select_option("#id_place_of_exploitation", "switzerland")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))
    case_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    expect(page.locator("#identification")).to_be_visible()
    shot(page, "1-intake-case-page")

    # Identification: the checklist, then the assessment.
    page.get_by_role("link", name="Checkliste öffnen").click()
    # Each section of the checklist is its own form, saved on its own.
    for indicator in (
        "Pass oder Ausweis von Dritten einbehalten",
        "Bewegungsfreiheit eingeschränkt",
        "Muss eine Mindestzahl von Kunden",
    ):
        section = page.locator("form[id^=section-]", has=page.get_by_label(re.compile(indicator)))
        section.get_by_label(re.compile(indicator)).check()
        if indicator.startswith("Pass"):
            section.get_by_role("textbox", name=re.compile("DOC-01")).fill("Pass liegt beim Betreiber")
        with page.expect_navigation():
            section.get_by_role("button", name=re.compile("speichern")).click()
        expect(page.get_by_text("Dieser Abschnitt wurde gespeichert.")).to_be_visible()
    expect(page.get_by_text("2 starke, 1 mittlere, 0 schwache", exact=False)).to_be_visible()
    page.locator("#assessment").get_by_label("Mutmassliches Opfer", exact=True).check()
    page.get_by_role("button", name="Einschätzung festhalten").click()
    expect(page.locator("#assessment .result-yes")).to_have_text("Mutmassliches Opfer")
    shot(page, "2-identification")

    # The police refer the case to victim aid, sharing identity and counselling.
    page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/refer/"))
    page.select_option("#id_recipient", label=AID_ORGANISATION)
    page.locator("input[name=compartments][value=identity]").check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/referrals/\d+/$"))
    page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/refer/"))
    page.select_option("#id_recipient", label=PROSECUTION)
    for compartment in ("identity", "investigation"):
        page.locator(f"input[name=compartments][value={compartment}]").check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/referrals/\d+/$"))

    # The police record the interview with the StPO checklist.
    page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/steps/"))
    interviews = page.locator("#interviews")
    interviews.get_by_label("durchgeführt am").fill(today_iso())
    interviews.get_by_label("Vertrauensperson angeboten (Art. 152 StPO)").check()
    interviews.get_by_label("keine Gegenüberstellung mit der beschuldigten Person").check()
    expect(interviews.get_by_label("Delikt gegen die sexuelle Integrität")).to_be_checked()
    interviews.get_by_label("Befragung durch eine Person gleichen Geschlechts (Art. 153 StPO)").check()
    interviews.get_by_label("Notiz").fill("Erste Einvernahme, Aussage zur Anwerbung")
    interviews.get_by_role("button", name="Speichern").click()
    expect(page.locator("#interviews .record")).to_have_count(1)
    shot(page, "3-interview-by-police")
    sign_out(page)

    # Victim aid accepts the referral and records accommodation and welfare.
    sign_in(page, live_platform, AID)
    page.goto(live_platform.url("zh.localhost", "/cases/referrals/"))
    page.get_by_role("link", name=re.compile(r"ZH-")).first.click()
    page.locator("form", has=page.locator("input[value=accept]")).locator("button").click()
    sign_out(page)

    # The prosecution takes the case on and gives victim aid its counselling compartment: a
    # referral shares only what the sender sees, so the lead changes the grant with a reason.
    sign_in(page, live_platform, PROSECUTOR)
    page.goto(live_platform.url("zh.localhost", "/cases/referrals/"))
    page.get_by_role("link", name=re.compile(r"ZH-")).first.click()
    page.locator("form", has=page.locator("input[value=accept]")).locator("button").click()
    page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/grants/"))
    page.select_option("#id_organisation", label=AID_ORGANISATION)
    page.select_option("#id_compartment", "counselling")
    page.select_option("#id_granted", "1")
    page.fill("#id_reason", "Die Opferberatung übernimmt die Begleitung.")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/grants/$"))
    sign_out(page)
    sign_in(page, live_platform, AID)
    page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/steps/"))
    expect(page.locator("#interviews")).to_have_count(0)
    accommodation = page.locator("#accommodation")
    accommodation.get_by_label("Unterbringung", exact=True).select_option("shelter")
    accommodation.get_by_label("vertrauliche Adresse").fill("Schutzunterkunft Nord, Zimmer 4")
    accommodation.get_by_label("Ab", exact=True).fill(today_iso())
    accommodation.get_by_label("medizinische Hilfe").check()
    accommodation.get_by_label("psychosoziale Hilfe").check()
    accommodation.get_by_role("button", name="Speichern").click()
    expect(page.locator("#accommodation .record")).to_contain_text("Schutzunterkunft Nord")
    shot(page, "4-accommodation-by-victim-aid")

    # Only the lead organisation closes: the counsellor is told so and has no button for it.
    page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/steps/close/"))
    expect(page.get_by_text("Nur die federführende Organisation schliesst den Fall ab.")).to_be_visible()
    expect(page.get_by_role("button", name="Fall abschliessen")).to_have_count(0)
    sign_out(page)

    # The police, who opened the case, lead it and close it for every party; without a proposal
    # the parties agreed to, they say why.
    sign_in(page, live_platform, POLICE)
    page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/steps/close/"))
    confirm = page.locator("#confirm")
    confirm.get_by_label("abgeschlossen am").fill(today_iso())
    confirm.get_by_label("Begründung").select_option("further_stay")
    confirm.get_by_label("Warum Sie ohne Zustimmung der Beteiligten abschliessen").fill(
        "Die Opferberatung hat im Gespräch zugestimmt."
    )
    confirm.get_by_label("Ich habe die Hinweise oben gelesen").check()
    confirm.get_by_role("button", name="Fall abschliessen").click()
    expect(page.get_by_text("Der Fall wurde abgeschlossen.")).to_be_visible()
    page.goto(live_platform.url("zh.localhost", f"/cases/{case_id}/"))
    expect(page.get_by_role("link", name=re.compile("Fall abgeschlossen: Weiterer Aufenthalt"))).to_be_visible()
    shot(page, "5-closed-case-page")

    with schema_context("zh"):
        case = Case.objects.get(pk=case_id)
        assert case.status == Case.Status.CLOSED and case.closed_on is not None
        assert Interview.objects.filter(case=case, same_sex_interviewer=True).count() == 1
        assert Accommodation.objects.filter(case=case, medical_help=True).count() == 1


def today_iso() -> str:
    return timezone.localdate().isoformat()


def test_a_name_search_leaves_no_name_in_any_url_and_sign_out_leaves_nothing_behind(
    page: Page, live_platform: ServerProcess, demo_data: None
) -> None:
    marker = f"Qzmarker{secrets.token_hex(4)}"
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    cacheable: list[str] = []
    page.on(
        "response",
        lambda response: (
            cacheable.append(response.url)
            if "/static/" not in response.url and "no-store" not in (response.headers.get("cache-control") or "")
            else None
        ),
    )
    log_start = len(live_platform.log())
    try:
        sign_in(page, live_platform, POLICE)
        page.goto(live_platform.url("zh.localhost", "/cases/new/"))
        page.fill("#id_pseudonym", "Suchprobe")
        page.fill("#id_opened_on", today_iso())
        page.select_option("#id_source", "police_check")
        page.select_option("#id_exploitation_type", "labour")
        page.select_option("#id_place_of_exploitation", "switzerland")
        page.fill("#id_official_name", marker)
        page.fill("#id_first_name", "Anna")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/cases/\d+/$"))
        case_url = page.url

        page.goto(live_platform.url("zh.localhost", "/cases/"))
        page.fill("#id_name", f"Anna {marker}")
        page.locator("form.filters button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/cases/\?search=.+"))
        expect(page.locator("table.table")).to_contain_text("Suchprobe")
        shot(page, "search-by-name")

        # Open the case, sign out, press back: nothing of the case is kept to be shown again.
        page.goto(case_url)
        expect(page.locator("main")).to_contain_text(marker)
        sign_out(page)
        page.wait_for_load_state()
        page.go_back()
        page.wait_for_load_state()
        assert marker not in page.content()
        assert "Suchprobe" not in page.content()
        expect(page.locator("#id_username")).to_be_visible()
    except Exception:
        shot(page, "search-failure")
        raise
    assert requested, "the walk made requests"
    assert cacheable == [], "answers a browser may keep"
    assert [url for url in requested if marker.lower() in url.lower()] == []
    access_log = live_platform.log()[log_start:]
    assert "/cases/?search=" in access_log, "the walk shows in the access log"
    assert marker.lower() not in access_log.lower()
