"""The main pages of each role on the committed demo, and signing in once per person for them."""

from dataclasses import dataclass

from django_tenants.utils import schema_context
from playwright.sync_api import Browser, StorageState

from cases.models import Case, Referral
from demo.seed import DEMO_PASSWORD
from roundtables.models import Meeting
from tests.browser.totp import fresh_demo_code
from tests.processes import ServerProcess

# The demo canton's language is the interface's: Zurich reads German, Geneva French.
CANTON_HOSTS = {"zh": "zh.localhost", "ge": "ge.localhost"}
LETTER_STEPS = ("dispatch", "answer")
# A demo case of each canton that its intake organisation opened (demo/seed/cases.py).
DEMO_CASE = {"zh": "Aurora", "ge": "Dahlia"}


@dataclass(frozen=True)
class Person:
    role: str  # the demo account's key: police, victimaid, migration, prosecutor, coordinator, admin
    canton: str

    @property
    def email(self) -> str:
        return f"{self.role}.{self.canton}@demo.ksmm.test"


def sign_in_through_the_form(browser: Browser, platform: ServerProcess, person: Person) -> StorageState:
    """Password and second factor as a person types them; the signed-in cookies for other contexts."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(platform.url(CANTON_HOSTS[person.canton], "/accounts/login/"))
    page.fill("#id_username", person.email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/verify/**")
    page.fill("#id_token", fresh_demo_code(person.email))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    state = context.storage_state()
    context.close()
    return state


def demo_case_id(canton: str) -> int:
    with schema_context(canton):
        return Case.objects.get(pseudonym=DEMO_CASE[canton]).pk


def demo_meeting_id(canton: str) -> int:
    with schema_context(canton):
        meeting = Meeting.objects.order_by("pk").first()
        assert meeting is not None, "the demo holds a meeting of each round table"
        return meeting.pk


def letter_pages(canton: str) -> list[str]:
    """The demo's referral to the KESB by letter (ZH), its dispatch and answer forms."""
    with schema_context(canton):
        referral = Referral.objects.filter(channel=Referral.Channel.LETTER).order_by("pk").first()
    if referral is None:
        return []
    return [f"/cases/referrals/{referral.pk}/", *(f"/cases/referrals/{referral.pk}/{step}/" for step in LETTER_STEPS)]


def casework_pages(case_id: int) -> list[str]:
    return [
        "/",
        "/work/",
        "/cases/",
        "/cases/?mine=1",
        f"/cases/{case_id}/",
        f"/cases/{case_id}/steps/",
        f"/cases/{case_id}/attachments/",
        f"/cases/{case_id}/identification/",
        f"/residence/cases/{case_id}/",
        f"/notices/cases/{case_id}/",
        "/deadlines/",
        "/inbox/",
        "/partners/",
        "/roundtable/meetings/",
        "/roundtable/agreements/",
    ]


# What coordinators and administrators start from: they are not party to the demo cases.
ROUND_TABLE_PAGES = (
    "/",
    "/work/",
    "/cases/",
    "/deadlines/",
    "/inbox/",
    "/partners/",
    "/roundtable/meetings/",
    "/roundtable/agreements/",
)


def main_pages(person: Person) -> list[str]:
    """What the role works with day to day; every path answers 200 for that person."""
    case_id = demo_case_id(person.canton)
    meeting = f"/roundtable/meetings/{demo_meeting_id(person.canton)}/"
    pages = [*casework_pages(case_id), meeting]
    if person.role == "victimaid":
        pages += [f"/cases/{case_id}/consents/", *letter_pages(person.canton)]
    if person.role == "prosecutor":  # a lead
        pages.append("/cases/workload/")
    if person.role == "migration":
        pages.append("/residence/review/")
    if person.role == "coordinator":
        pages = [
            *ROUND_TABLE_PAGES,
            meeting,
            "/deadlines/canton/",
            "/cases/workload/",
            "/roundtable/",
            "/notices/",
            "/identification/catalogue/",
        ]
    if person.role == "admin":
        pages = [*ROUND_TABLE_PAGES, "/deadlines/rules/", "/manage/people/", "/audit/"]
    return pages
