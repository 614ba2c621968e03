"""A case from intake to the final judgment and its closing, walked in the browser by the people
who do it (ZH): the police officer in German, the victim-aid counsellor in French.

The police open the case (they lead it) and refer it to victim aid and the prosecution; they
record the criminal proceedings and move them on stage by stage, one wrong date refused with
the input kept. Victim aid sees the stage and its dates but not the file number or the note,
asks for a reflection period, records the OHG satisfaction claim and finds its window on its
deadline list and in its calendar feed, then marks it filed. The prosecution records that the
judgment is final; the lead is told in its inbox, proposes closing, the other parties agree,
and the lead closes after the confirmation screen has warned of the pending reflection period
and settled each open deadline. Afterwards the case is closed for all, and neither victim
aid's deadline list nor its calendar holds anything of it."""

import re
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Browser, BrowserContext, Page, StorageState, expect

from cases.models import Case
from demo.seed import ORGANISATIONS
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import Organisation
from tests.browser.main_pages import Person
from tests.processes import ARTIFACTS_DIR, ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

HOST = "zh.localhost"
NAMES = ORGANISATIONS["ZH"]
Type = Organisation.Type
POLICE, AID = Person("police", "zh"), Person("victimaid", "zh")
PROSECUTOR, MIGRATION = Person("prosecutor", "zh"), Person("migration", "zh")
# Typed by the police into the investigation compartment only: victim aid must never see them.
FILE_NUMBER = "ST.2025.Qfilemarker"
POLICE_NOTE = "Qnotemarker: verdeckte Ermittlung im Milieu"
# The stages, in their order and in the past (a stage cannot be dated in the future).
OPENED, INDICTED, COURT, JUDGED, FINAL = (
    date(2024, 3, 4), date(2024, 11, 18), date(2025, 2, 10), date(2025, 2, 24), date(2025, 4, 7),
)  # fmt: skip
OFFENCE_ON = date(2023, 9, 1)  # the five-year claim window runs from the offence


def swiss(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def walk(
    browser: Browser, live_platform: ServerProcess, demo_data: None, signed_in: Callable[[Person], StorageState]
) -> Iterator[Callable[[Person, str], Page]]:
    """One browser context per person for the whole walk, signed in once (cookies reused)."""
    contexts: list[BrowserContext] = []

    def page_of(person: Person, locale: str) -> Page:
        context = browser.new_context(
            storage_state=signed_in(person), locale=locale, viewport={"width": 1200, "height": 900}
        )
        contexts.append(context)
        return context.new_page()

    yield page_of
    for context in contexts:
        context.close()


def calendar(feed: str) -> str:
    """The feed as a calendar program fetches it: without the browser's cookies. The host name
    is the canton's; the connection goes to the loopback server (no resolver for *.localhost)."""
    parts = urlsplit(feed)
    request = urllib.request.Request(f"http://127.0.0.1:{parts.port}{parts.path}", headers={"Host": parts.netloc})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        assert answer.headers["Content-Type"].startswith("text/calendar")
        return str(answer.read().decode())


def shot(page: Page, step: str) -> None:
    page.screenshot(path=str(ARTIFACTS_DIR / f"proceedings-walk-{step}.png"), full_page=True)


def test_a_case_from_intake_to_final_judgment_and_closing(
    walk: Callable[[Person, str], Page], live_platform: ServerProcess
) -> None:
    url = lambda path: live_platform.url(HOST, path)  # noqa: E731
    police = walk(POLICE, "de-CH")
    try:
        _walk(walk, police, url)
    except Exception:
        shot(police, "failure-police")
        raise


def _walk(walk: Callable[[Person, str], Page], police: Page, url: Callable[[str], str]) -> None:
    # 1. The police open the case at intake: their organisation leads it.
    police.goto(url("/cases/new/"))
    police.fill("#id_pseudonym", "Lina Prozess")
    police.fill("#id_opened_on", swiss(timezone.localdate()))
    police.select_option("#id_source", "police_check")
    police.select_option("#id_exploitation_type", "sexual")
    police.select_option("#id_place_of_exploitation", "switzerland")
    police.locator("form.form button[type=submit]").click()
    police.wait_for_url(re.compile(r".*/cases/\d+/$"))
    case_id = int(police.url.rstrip("/").rsplit("/", 1)[1])
    with schema_context("zh"):
        case_number = Case.objects.get(pk=case_id).case_number
    # Victim aid and the prosecution join through referrals.
    for recipient, compartments in ((NAMES[Type.VICTIM_AID], ()), (NAMES[Type.PUBLIC_PROSECUTOR], ("investigation",))):
        police.goto(url(f"/cases/{case_id}/refer/"))
        police.select_option("#id_recipient", label=recipient)
        for compartment in ("identity", *compartments):
            police.locator(f"input[name=compartments][value={compartment}]").check()
        police.locator("form.form button[type=submit]").click()
        police.wait_for_url(re.compile(r".*/cases/referrals/\d+/$"))
    aid = walk(AID, "fr-CH")
    prosecutor = walk(PROSECUTOR, "de-CH")
    for page in (aid, prosecutor):
        page.goto(url("/cases/referrals/"))
        page.get_by_role("link", name=re.compile(case_number)).first.click()
        page.locator("form", has=page.locator("input[value=accept]")).locator("button").click()
        page.wait_for_load_state()

    # 2. The police record the proceedings: Art. 182 StGB, the prosecution office, then the stages.
    police.goto(url(f"/cases/{case_id}/proceedings/"))
    police.get_by_role("link", name="Strafverfahren erfassen").first.click()
    police.select_option("#id_proceeding-prosecution_office", label=NAMES[Type.PUBLIC_PROSECUTOR])
    police.fill("#id_proceeding-file_number", FILE_NUMBER)
    police.locator("input[name=proceeding-offences][value=stgb_182]").check()
    police.fill("#id_proceeding-opened_on", swiss(OPENED))
    police.fill("#id_proceeding-note", POLICE_NOTE)
    police.locator("input[name=proceeding-claimant_criminal]").check()
    shot(police, "1-proceedings-form-de")
    police.get_by_role("button", name="Speichern").click()
    police.wait_for_url(re.compile(r".*/proceedings/(#proceeding-\d+)?$"))
    expect(police.locator("main")).to_contain_text("Untersuchung eröffnet")
    edit = police.get_by_role("link", name="Nächsten Schritt erfassen")
    edit_url = edit.get_attribute("href")
    assert edit_url is not None
    for field, day in (("indicted_on", INDICTED), ("court_on", COURT)):
        police.goto(url(edit_url))
        police.fill(f"#id_proceeding-{field}", swiss(day))
        police.get_by_role("button", name="Speichern").click()
        police.wait_for_url(re.compile(r".*/proceedings/(#proceeding-\d+)?$"))
    # A judgment dated before the opening is refused, translated, and nothing typed is lost.
    police.goto(url(edit_url))
    police.fill("#id_proceeding-judged_on", "15.01.2024")
    police.get_by_role("button", name="Speichern").click()
    expect(police.locator("main")).to_contain_text("Dieser Schritt kann nicht vor")
    expect(police.locator("#id_proceeding-judged_on")).to_have_value("15.01.2024")
    expect(police.locator("#id_proceeding-file_number")).to_have_value(FILE_NUMBER)
    shot(police, "2-stage-refused-de")
    police.fill("#id_proceeding-judged_on", swiss(JUDGED))
    police.get_by_role("button", name="Speichern").click()
    police.wait_for_url(re.compile(r".*/proceedings/(#proceeding-\d+)?$"))
    expect(police.locator("main")).to_contain_text("Erstinstanzliches Urteil")
    expect(police.locator("main")).to_contain_text(FILE_NUMBER)
    shot(police, "3-proceedings-police-de")

    # 3. Victim aid, in French: the stage and its dates, not the file number nor the note.
    aid.goto(url("/"))
    aid.select_option("#language-select", "fr")
    aid.locator("form.language-switch button").click()
    aid.wait_for_load_state()
    aid.goto(url(f"/cases/{case_id}/proceedings/"))
    expect(aid.locator("html")).to_have_attribute("lang", "fr")
    main = aid.locator("main")
    expect(main).to_contain_text("Jugement de première instance")
    for day in (OPENED, INDICTED, COURT, JUDGED):
        expect(main).to_contain_text(swiss(day))
    for secret in (FILE_NUMBER, "Qnotemarker", "182"):
        assert secret not in aid.content(), secret
    # The counsellor asks the migration office for a reflection period (it joins the case).
    aid.goto(url(f"/residence/cases/{case_id}/reflection/new/"))
    aid.fill("#id_grounds", "Indices concrets (entretien initial)")
    aid.locator("form.form button[type=submit]").click()
    aid.wait_for_load_state()
    # The satisfaction claim, to be filed: its five-year window opens a deadline.
    aid.goto(url(f"/cases/{case_id}/proceedings/claims/new/"))
    aid.select_option("#id_claim-kind", "satisfaction")
    aid.fill("#id_claim-window_anchor", swiss(OFFENCE_ON))
    shot(aid, "4-claim-form-fr")
    aid.locator("form.form button[type=submit]").click()
    aid.wait_for_url(re.compile(r".*/proceedings/(#claims)?$"))
    shot(aid, "5-proceedings-victim-aid-fr")
    window_end = swiss(OFFENCE_ON.replace(year=OFFENCE_ON.year + 5))
    aid.goto(url("/deadlines/"))
    row = aid.get_by_role("row").filter(has_text=case_number)
    expect(row.filter(has_text=window_end)).to_have_count(1)
    shot(aid, "6-deadlines-victim-aid-fr")
    # Its calendar address carries the window too.
    aid.goto(url("/inbox/calendar/"))
    aid.locator("form[action$='/calendar/new/'] button").click()
    feed = aid.locator("#feed-url").input_value()
    assert case_number in calendar(feed)
    # Filed: the window's deadline is met. A compensation claim still to be filed stays open.
    aid.goto(url(f"/cases/{case_id}/proceedings/"))
    aid.locator("#claims a[href*='/claims/']").first.click()
    aid.select_option("#id_claim-status", "filed")
    aid.fill("#id_claim-filed_on", swiss(timezone.localdate()))
    aid.locator("form.form button[type=submit]").click()
    aid.wait_for_url(re.compile(r".*/proceedings/(#claims)?$"))
    aid.goto(url(f"/cases/{case_id}/proceedings/claims/new/"))
    aid.select_option("#id_claim-kind", "compensation")
    aid.fill("#id_claim-window_anchor", swiss(OFFENCE_ON))
    aid.locator("form.form button[type=submit]").click()
    aid.wait_for_url(re.compile(r".*/proceedings/(#claims)?$"))
    claims = aid.locator("#claims tbody tr")
    expect(claims).to_have_count(2)
    expect(claims.filter(has_text="Déposée")).to_have_count(1)

    # 4. The prosecution records that the judgment is final; the lead is told.
    prosecutor.goto(url(edit_url))
    prosecutor.fill("#id_proceeding-final_on", swiss(FINAL))
    prosecutor.get_by_role("button", name="Speichern").click()
    prosecutor.wait_for_url(re.compile(r".*/proceedings/(#proceeding-\d+)?$"))
    expect(prosecutor.locator("main")).to_contain_text("Rechtskräftiges Urteil")
    police.goto(url("/inbox/"))
    told = police.get_by_role("row").filter(has_text=case_number).filter(has_text="Strafverfahren beendet")
    expect(told.get_by_role("link", name=re.compile("Der Fallabschluss kann vorgeschlagen werden"))).to_be_visible()
    shot(police, "7-inbox-lead-de")

    # The lead proposes closing; victim aid sees the proposal but cannot close.
    police.goto(url(f"/cases/{case_id}/steps/close/"))
    police.select_option("#id_propose-reason", "proceedings_ended")
    police.get_by_role("button", name="Fallabschluss vorschlagen").click()
    expect(police.locator("#proposal")).to_contain_text("Noch nicht geantwortet")
    aid.goto(url(f"/cases/{case_id}/steps/close/"))
    expect(aid.locator("#confirm")).to_have_count(0)
    expect(aid.locator("button.danger")).to_have_count(0)
    aid.locator("input[name=answer-agrees][value=yes]").check()
    aid.get_by_role("button", name="Envoyer la réponse").click()
    aid.wait_for_load_state()
    shot(aid, "8-closing-answered-fr")
    migration = walk(MIGRATION, "de-CH")
    for page in (prosecutor, migration):
        page.goto(url(f"/cases/{case_id}/steps/close/"))
        page.locator("input[name=answer-agrees][value=yes]").check()
        page.get_by_role("button", name="Antwort senden").click()
        page.wait_for_load_state()

    # The lead closes: warned of the pending reflection period, each open deadline settled.
    police.goto(url(f"/cases/{case_id}/steps/close/"))
    confirm = police.locator("#confirm")
    expect(police.locator("#proposal")).to_contain_text("Die Beteiligten haben zugestimmt")
    expect(confirm.locator(".warning")).to_contain_text("Erholungs- und Bedenkzeit")
    # Each open deadline of the case, to cancel or hand over: the compensation claim's window
    # goes to victim aid, which keeps it in its own diary; the rest is cancelled.
    window = confirm.get_by_label(f"Ende der Frist für Ansprüche nach OHG, fällig am {window_end}")
    window.select_option(label=f"An {NAMES[Type.VICTIM_AID]} übergeben")
    expect(confirm.locator("select[name^=close-deadline_]")).to_have_count(2)  # and the notice's delivery
    shot(police, "9-closing-confirmation-de")
    confirm.get_by_label(re.compile("Ich habe die Hinweise oben gelesen")).check()
    confirm.get_by_role("button", name="Fall abschliessen").click()
    police.wait_for_url(re.compile(rf".*/cases/{case_id}/$"))
    expect(police.locator("main")).to_contain_text("Abgeschlossen")
    shot(police, "10-closed-police-de")

    # Closed for every party; nothing of it on victim aid's deadlines or in its calendar.
    aid.goto(url(f"/cases/{case_id}/"))
    expect(aid.locator("main")).to_contain_text("Clos")
    shot(aid, "11-closed-victim-aid-fr")
    aid.goto(url(f"/cases/{case_id}/steps/close/"))
    expect(aid.locator("button.danger")).to_have_count(0)
    aid.goto(url("/deadlines/"))
    expect(aid.locator("main")).not_to_contain_text(case_number)
    shot(aid, "12-deadlines-after-closing-fr")
    assert case_number not in calendar(feed)

    with schema_context("zh"):
        case = Case.objects.get(pk=case_id)
        assert case.status == Case.Status.CLOSED
        still_open = Deadline.objects.filter(case=case, status=Deadline.Status.OPEN).exclude(rule_key=RuleKey.RETENTION)
        assert list(still_open) == []
