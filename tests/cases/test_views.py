import html
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.identity import IdentityData, do_save_identity
from cases.models import Case, Consent, CounsellingEntry, GrantChange, Identity, Referral
from cases.notes import do_add_counselling_entry
from ksmm.audit.models import AuditEntry
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory, OrganisationFactory, open_test_case
from tests.queries import assert_statements

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    return sign_in(canton_client("zh"), user)  # type: ignore[arg-type]


def test_a_police_officer_opens_a_case_with_a_number_of_the_canton(cast: Cast) -> None:
    response = _client(cast.polly).post(
        "/cases/new/",
        {
            "pseudonym": "Amira",
            "opened_on": "2026-03-02",
            "source": "police_check",
            "exploitation_type": "labour",
            "exploitation_subtypes": ["domestic_servitude"],
            "place_of_exploitation": "switzerland",
            "official_name": "Popescu",
            "first_name": "Ana",
            "date_of_birth": "2009",
        },
    )
    assert response.status_code == 302
    with schema_context("zh"):
        case = Case.objects.get(pseudonym="Amira")
        assert case.case_number.startswith("ZH-2026-")
        assert case.is_minor  # born "in 2009": possibly under 18, so presumed a minor
        assert case.exploitation_subtypes == ["domestic_servitude"]
        assert Identity.objects.get(case=case).official_name == "Popescu"
    page = _client(cast.polly).get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Popescu" in page.content.decode()


def test_intake_with_a_bad_birth_date_keeps_the_input_and_explains(cast: Cast) -> None:
    response = _client(cast.polly).post(
        "/cases/new/",
        {"pseudonym": "Amira", "opened_on": "2026-03-02", "source": "hotline", "exploitation_type": "sexual",
         "place_of_exploitation": "abroad", "date_of_birth": "2009-13"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "This date does not exist." in body
    assert 'value="Amira"' in body


def test_a_duplicate_is_flagged_without_showing_a_case_the_reader_cannot_see(cast: Cast) -> None:
    with schema_context("zh"):
        hidden = open_test_case(organisation=cast.aid, pseudonym="Hidden")
        do_save_identity(
            acting_user=None, case=hidden, data=IdentityData(official_name="Muster", first_name="Anna",
                                                             date_of_birth="1990-04-17"),
        )  # fmt: skip
    response = _client(cast.polly).post(
        "/cases/new/",
        {"pseudonym": "Seen", "opened_on": "2026-03-02", "source": "hotline", "exploitation_type": "sexual",
         "place_of_exploitation": "switzerland", "official_name": "muster", "first_name": "ANNA",
         "date_of_birth": "1990"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    page = _client(cast.polly).get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cases you cannot see: 1." in page
    assert hidden.case_number not in page
    assert "Hidden" not in page


def test_the_victim_aid_service_writes_a_note_the_police_cannot_open(cast: Cast, rosa: Case) -> None:
    response = _client(cast.vera).post(
        f"/cases/{rosa.pk}/counselling/", {"part": "notes", "occurred_on": "2026-03-03", "text": "Erstgespräch"}
    )
    assert response.status_code == 302
    with schema_context("zh"):
        assert CounsellingEntry.objects.get(case=rosa).text == "Erstgespräch"
    assert _client(cast.polly).get(f"/cases/{rosa.pk}/counselling/").status_code == 404
    assert _client(cast.polly).post(f"/cases/{rosa.pk}/counselling/", {"part": "notes"}).status_code == 404


def test_consent_revoked_means_the_next_request_no_longer_shows_counselling_data(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        do_add_counselling_entry(
            acting_user=None, organisation=cast.aid, case=rosa, part="notes", occurred_on=rosa.opened_on,
            text="SECRET-NOTE-42",
        )  # fmt: skip
    aid = _client(cast.vera)
    response = aid.post(
        f"/cases/{rosa.pk}/consents/",
        {"basis": "consent", "recipient": cast.police.pk, "purpose": "Einvernahme", "scope": ["notes"],
         "given_on": "2026-03-04"},
    )  # fmt: skip
    assert response.status_code == 302, response.content
    police = _client(cast.polly)
    assert "SECRET-NOTE-42" in police.get(f"/cases/{rosa.pk}/counselling/").content.decode()
    with schema_context("zh"):
        consent = Consent.objects.get(case=rosa)
    assert aid.post(f"/cases/{rosa.pk}/consents/{consent.pk}/revoke/", {"confirm": "yes"}).status_code == 302
    assert police.get(f"/cases/{rosa.pk}/counselling/").status_code == 404
    assert "SECRET-NOTE-42" not in police.get(f"/cases/{rosa.pk}/").content.decode()


def test_the_police_cannot_record_a_consent(cast: Cast, rosa: Case) -> None:
    response = _client(cast.polly).post(
        f"/cases/{rosa.pk}/consents/", {"basis": "consent", "recipient": cast.police.pk, "purpose": "x"}
    )
    assert response.status_code == 404


def test_a_member_may_see_the_grants_but_only_a_lead_changes_them(cast: Cast, rosa: Case) -> None:
    data = {"organisation": cast.migration.pk, "compartment": "identity", "granted": "0", "reason": "Nicht nötig"}
    assert _client(cast.polly).get(f"/cases/{rosa.pk}/grants/").status_code == 200
    assert _client(cast.polly).post(f"/cases/{rosa.pk}/grants/", data).status_code == 403
    with schema_context("zh"):
        lead = MembershipFactory(organisation=cast.police, role=Membership.Role.LEAD, user__language="en").user
    assert _client(lead).post(f"/cases/{rosa.pk}/grants/", data).status_code == 302
    with schema_context("zh"):
        change = GrantChange.objects.get(case=rosa)
        assert (change.compartment, change.granted, change.reason) == ("identity", False, "Nicht nötig")
        assert AuditEntry.objects.filter(action="revoke", compartment="identity", object_id=str(rosa.pk)).exists()
    assert _client(cast.mia).get(f"/cases/{rosa.pk}/identity/").status_code == 404


def test_a_grant_change_without_reason_is_refused_with_a_message(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        lead = MembershipFactory(organisation=cast.police, role=Membership.Role.LEAD, user__language="en").user
    response = _client(lead).post(
        f"/cases/{rosa.pk}/grants/",
        {"organisation": cast.police.pk, "compartment": "counselling", "granted": "1", "reason": "Weil"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "only with a consent" in response.content.decode()


def test_a_referral_is_accepted_and_makes_the_recipient_a_party_with_the_chosen_grants(cast: Cast, rosa: Case) -> None:
    response = _client(cast.polly).post(
        f"/cases/{rosa.pk}/refer/",
        {"recipient": cast.ngo.pk, "compartments": [], "message": "Bitte übernehmen"},
    )
    assert response.status_code == 302, response.content
    with schema_context("zh"):
        referral = Referral.objects.get(case=rosa)
    nora = _client(cast.nora)
    assert nora.get(f"/cases/{rosa.pk}/").status_code == 404
    assert nora.get(f"/cases/referrals/{referral.pk}/").status_code == 200
    assert nora.post(f"/cases/referrals/{referral.pk}/", {"step": "accept"}).status_code == 302
    assert nora.get(f"/cases/{rosa.pk}/").status_code == 200
    assert nora.get(f"/cases/{rosa.pk}/identity/").status_code == 404
    # The sender revokes: the recipient's grants go with it.
    assert _client(cast.polly).post(f"/cases/referrals/{referral.pk}/", {"step": "revoke"}).status_code == 302
    assert nora.get(f"/cases/{rosa.pk}/").status_code == 404


def _refer_and_accept(*, sender: object, case: Case, recipient: Organisation, accepter: object) -> None:
    response = _client(sender).post(f"/cases/{case.pk}/refer/", {"recipient": recipient.pk})
    assert response.status_code == 302, response.content
    with schema_context("zh"):
        referral = Referral.objects.get(case=case, to_organisation=recipient)
    assert _client(accepter).post(f"/cases/referrals/{referral.pk}/", {"step": "accept"}).status_code == 302


def test_a_victim_aid_service_taking_a_case_on_records_its_counselling_from_the_first_day(cast: Cast) -> None:
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police, pseudonym="Dana")
    _refer_and_accept(sender=cast.polly, case=case, recipient=cast.aid, accepter=cast.vera)
    vera = _client(cast.vera)
    response = vera.post(
        f"/cases/{case.pk}/counselling/", {"part": "notes", "occurred_on": "2026-03-03", "text": "Erstgespräch"}
    )
    assert response.status_code == 302, response.content
    assert "Erstgespräch" in vera.get(f"/cases/{case.pk}/counselling/").content.decode()
    # The police, who sent the case, still do not read it.
    assert _client(cast.polly).get(f"/cases/{case.pk}/counselling/").status_code == 404


def test_a_second_victim_aid_service_reads_the_firsts_counselling_only_by_consent(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        do_add_counselling_entry(
            acting_user=None, organisation=cast.aid, case=rosa, part="notes", occurred_on=rosa.opened_on,
            text="SECRET-NOTE-7",
        )  # fmt: skip
        fiz = OrganisationFactory(name="Fachstelle Frauenhandel Fallakte", type=Organisation.Type.VICTIM_AID)
        fay = MembershipFactory(organisation=fiz, user__language="en").user
    _refer_and_accept(sender=cast.polly, case=rosa, recipient=fiz, accepter=fay)
    assert _client(fay).get(f"/cases/{rosa.pk}/").status_code == 200
    assert _client(fay).get(f"/cases/{rosa.pk}/counselling/").status_code == 404


def test_a_referral_cannot_pass_on_what_the_sender_does_not_see(cast: Cast, rosa: Case) -> None:
    response = _client(cast.polly).post(
        f"/cases/{rosa.pk}/refer/", {"recipient": cast.ngo.pk, "compartments": ["counselling"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert "only share what you see yourself" in response.content.decode()


def test_declining_a_referral_needs_a_reason(cast: Cast, rosa: Case) -> None:
    _client(cast.polly).post(f"/cases/{rosa.pk}/refer/", {"recipient": cast.ngo.pk})
    with schema_context("zh"):
        referral = Referral.objects.get(case=rosa)
    nora = _client(cast.nora)
    assert nora.post(f"/cases/referrals/{referral.pk}/", {"step": "decline", "reason": ""}).status_code == 400
    assert (
        nora.post(f"/cases/referrals/{referral.pk}/", {"step": "decline", "reason": "Keine Kapazität"}).status_code
        == 302
    )
    with schema_context("zh"):
        referral.refresh_from_db()
        assert (referral.status, referral.decline_reason) == ("declined", "Keine Kapazität")
    # Only the recipient decides; the sender cannot accept its own referral.
    assert _client(cast.vera).get(f"/cases/referrals/{referral.pk}/").status_code == 404


def test_the_summary_pdf_is_audited_per_compartment(cast: Cast, rosa: Case) -> None:
    response = _client(cast.polly).get(f"/cases/{rosa.pk}/summary.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with schema_context("zh"):
        printed = set(
            AuditEntry.objects.filter(action="print", object_id=str(rosa.pk)).values_list("compartment", flat=True)
        )
    assert printed == {Compartment.CORE, Compartment.IDENTITY, Compartment.INVESTIGATION}


LIST_STATEMENTS = 5  # search path, session, user, one page of cases, the header's unread reminders


@pytest.mark.parametrize("count", [1, 50])
def test_the_case_list_runs_a_fixed_number_of_statements(cast: Cast, count: int) -> None:
    with schema_context("zh"):
        for number in range(count):
            open_test_case(organisation=cast.police, pseudonym=f"Fall {number}")
    client = _client(cast.polly)
    assert_statements(client, "/cases/", LIST_STATEMENTS)
    assert_statements(client, "/cases/?q=Fall", LIST_STATEMENTS)


def test_the_case_list_pages_by_cursor_through_every_case_newest_first_and_back(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cases.views import lists

    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    with schema_context("zh"):
        # Two cases on one day: the id orders them within it.
        days = [date(2026, 3, 1), date(2026, 3, 4), date(2026, 3, 4), date(2026, 3, 2), date(2026, 3, 9)]
        cases = [
            open_test_case(organisation=cast.police, pseudonym=f"Fall {n}", opened_on=day) for n, day in enumerate(days)
        ]
    newest_first = [
        case.case_number for case in sorted(cases, key=lambda case: (case.opened_on, case.pk), reverse=True)
    ]
    client = _client(cast.polly)
    pages, path = [], "/cases/?status=open"
    while path:
        page = client.get(path).content.decode()
        pages.append(re.findall(r'<a href="/cases/\d+/">([^<]+)</a>', page))
        links = {rel: href for href, rel in re.findall(r'href="(\?[^"]*)" rel="(next|prev)"', page)}
        assert "status=open" in links.get("next", "status=open")  # the filter travels with the cursor
        path = "/cases/" + html.unescape(links["next"]) if "next" in links else ""
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:]]
    back = {rel: href for href, rel in re.findall(r'href="(\?[^"]*)" rel="(next|prev)"', page)}["prev"]
    previous = client.get("/cases/" + html.unescape(back)).content.decode()
    assert re.findall(r'<a href="/cases/\d+/">([^<]+)</a>', previous) == newest_first[2:4]


def test_the_case_list_links_each_row_to_its_case_page_and_shows_its_labels(cast: Cast, rosa: Case) -> None:
    page = _client(cast.polly).get("/cases/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="{reverse("cases:detail", args=[rosa.pk])}">{rosa.case_number}</a>' in page
    assert f"<td>{rosa.get_status_display()}</td>" in page
    assert f"<td>{rosa.get_exploitation_type_display()}</td>" in page
    assert f"<td>{cast.police}</td>" in page


def test_a_cursor_that_does_not_parse_shows_the_first_page(cast: Cast, rosa: Case) -> None:
    response = _client(cast.polly).get("/cases/?after=yesterday.x")
    assert response.status_code == 200 and rosa.case_number in response.content.decode()


@pytest.mark.parametrize("language", ["de", "fr", "it", "en"])
def test_the_intake_form_offers_today_the_swiss_way_in_every_language(cast: Cast, language: str) -> None:
    from django.utils import timezone

    cast.polly.language = language
    cast.polly.save(update_fields=["language"])
    page = _client(cast.polly).get("/cases/new/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'lang="{language}"' in page
    # A text field with day.month.year: a browser date picker would show the browser's locale.
    assert f'type="text" name="opened_on" value="{timezone.localdate():%d.%m.%Y}"' in page


def _anna_muster_cases(cast: Cast, count: int) -> list[Case]:
    with schema_context("zh"):
        cases = [open_test_case(organisation=cast.police, pseudonym=f"Fall {number}") for number in range(count)]
        for case in cases:
            do_save_identity(acting_user=None, case=case, data=IdentityData(official_name="Muster", first_name="Anna"))
    return cases


@pytest.mark.parametrize("query", ["name=Muster", "birth=1990", "q=&name="])
def test_a_name_or_birth_date_in_the_address_is_refused_and_finds_nothing(cast: Cast, query: str) -> None:
    [case] = _anna_muster_cases(cast, 1)
    response = _client(cast.polly).get(f"/cases/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert "they never go in the address" in page
    assert case.case_number not in page


def test_a_name_search_is_posted_and_its_pages_carry_only_a_token(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    from cases.views import lists

    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    cases = _anna_muster_cases(cast, 3)
    client = _client(cast.polly)
    with schema_context("zh"):
        audited = AuditEntry.objects.filter(purpose="case search by name or date of birth").count()
    response = client.post("/cases/", {"name": "Anna Muster", "birth": "", "q": "", "status": ""})
    assert response.status_code == 303
    location = response["Location"]
    assert "Muster" not in location and "name" not in location and location.startswith("/cases/?search=")
    first = client.get(location, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="Anna Muster"' in first  # the form shows what was searched, in the page only
    [next_link] = re.findall(r'href="(\?[^"]*after=[^"]*)" rel="next"', first)
    assert "Muster" not in next_link and "search=" in next_link
    second = client.get("/cases/" + next_link.replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    shown = [case.case_number for case in cases if case.case_number in first + second]
    assert len(shown) == 3
    with schema_context("zh"):
        assert AuditEntry.objects.filter(purpose="case search by name or date of birth").count() == audited + 2


def test_a_search_token_is_worth_nothing_to_another_person(cast: Cast, rosa: Case) -> None:
    [case] = _anna_muster_cases(cast, 1)
    location = _client(cast.polly).post("/cases/", {"name": "Muster"})["Location"]
    with schema_context("zh"):
        colleague = MembershipFactory(organisation=cast.police, user__language="en").user
    response = _client(colleague).get(location, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert case.case_number not in response.content.decode()


def test_a_search_without_name_or_birth_date_stays_in_the_address(cast: Cast, rosa: Case) -> None:
    response = _client(cast.polly).post("/cases/", {"q": "Rosa", "status": "open"})
    assert response.status_code == 303
    assert response["Location"] == "/cases/?q=Rosa&status=open"


def test_an_invalid_posted_search_shows_the_error_and_no_case(cast: Cast, rosa: Case) -> None:
    response = _client(cast.polly).post("/cases/", {"birth": "2009-13"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This date does not exist." in response.content.decode()
    assert rosa.case_number not in response.content.decode()
