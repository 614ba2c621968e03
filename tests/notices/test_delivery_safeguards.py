"""Issue 15, point 4: a draft text is marked on screen and in print and delivered only with its
reason; a language the victim does not speak needs a reason; nothing is delivered on a closed
case; the print always carries the counselling centre's phone and a 24-hour number, and the
coordinator learns beforehand what the directory lacks."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from cases.identity import IdentityData, do_save_identity
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.partners.models import Organisation
from notices.actions import check_record_delivery, do_confirm_review
from notices.documents import notice_pdf, printed_notice
from notices.languages import SHIPPED, speaks
from notices.models import NoticeDelivery, NoticeText
from notices.print_labels import LABELS, POLICE_EMERGENCY
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.personas import CARLA, member
from tests.queries import assert_statements

from .conftest import ZH_AID, yesterday
from .pdf_fonts import text_of

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _text(language: str = "ro", kind: str = "assistance") -> NoticeText:
    return NoticeText.objects.get(version__status="published", version__notice__kind=kind, language=language)


def _deliver(vera: User, case: Case, text: NoticeText, **reasons: object) -> NoticeDelivery:
    return check_record_delivery(
        acting_user=vera, organisation=case.intake_organisation, case=case, text=text, delivered_on=yesterday(),
        method="handed_over", acknowledged=True, **reasons,  # type: ignore[arg-type]
    )  # fmt: skip


def _form(text: NoticeText, **changes: object) -> dict[str, object]:
    return {"text": text.pk, "delivered_on": yesterday().isoformat(), "method": "handed_over", "acknowledged": "yes",
            **changes}  # fmt: skip


@pytest.fixture
def coordinator(db: None) -> User:
    return member(CARLA, organisation_name="Koordination Runder Tisch ZH", language="en")


# (a) Drafts: marked, and delivered only with a recorded reason.


@pytest.mark.parametrize("reviewed", [True, False])
@pytest.mark.parametrize("reason", ["", "The victim leaves tomorrow"])
def test_only_an_unreviewed_text_needs_its_reason(vera: User, zh_case: Case, reviewed: bool, reason: str) -> None:
    with schema_context("zh"):
        text = _text()
        if reviewed:
            do_confirm_review(acting_user=vera, text=text)
        if not reviewed and not reason:
            with pytest.raises(ValidationError) as refused:
                _deliver(vera, zh_case, text, unreviewed_reason=reason)
            assert set(refused.value.message_dict) == {"unreviewed_reason"}
            assert not NoticeDelivery.objects.exists()
            return
        delivery = _deliver(vera, zh_case, text, unreviewed_reason=reason)
        assert delivery.text_reviewed == reviewed
        assert delivery.unreviewed_reason == ("" if reviewed else reason)
        entry = AuditEntry.objects.get(object_type="notices.noticedelivery", object_id=str(delivery.pk))
        assert ("unreviewed text" in entry.purpose) == (not reviewed)


def test_the_page_marks_drafts_and_asks_for_the_reason(vera: User, zh_case: Case) -> None:
    client = sign_in(canton_client("zh"), vera)
    page = client.get(f"/notices/cases/{zh_case.pk}/").content.decode()
    assert 'class="draft-mark">Draft – not reviewed' in page
    with schema_context("zh"):
        text = _text()
    refused = client.post(f"/notices/cases/{zh_case.pk}/", _form(text))
    assert refused.status_code == 400
    assert "This text awaits professional review" in refused.content.decode()
    saved = client.post(f"/notices/cases/{zh_case.pk}/", _form(text, unreviewed_reason="Leaves tomorrow"))
    assert saved.status_code == 302
    listing = client.get(f"/notices/cases/{zh_case.pk}/").content.decode()
    assert "Leaves tomorrow" in listing


def test_the_api_needs_the_reason_for_a_draft_too(vera: User, zh_case: Case) -> None:
    with schema_context("zh"):
        text = _text()
    client = sign_in(canton_client("zh"), vera)
    url = f"/api/v1/cases/{zh_case.pk}/notice-deliveries/"
    payload = {"text": text.pk, "delivered_on": yesterday().isoformat(), "method": "handed_over", "acknowledged": True}
    refused = client.post(url, payload, content_type="application/json")
    assert refused.status_code == 400 and refused["Content-Type"].startswith("application/problem+json")
    assert "unreviewed_reason" in refused.content.decode()
    created = client.post(url, {**payload, "unreviewed_reason": "Urgent"}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["text_reviewed"] is False and created.json()["unreviewed_reason"] == "Urgent"


# (b) A language the victim does not speak.


@pytest.mark.parametrize("language", SHIPPED)
@pytest.mark.parametrize("victim", [None, [], ["ro"], ["zh-Hans", "de"]])
def test_a_language_outside_the_victims_needs_its_reason(
    vera: User, zh_case: Case, language: str, victim: list[str] | None
) -> None:
    with schema_context("zh"):
        text = _text(language)
        needs_reason = bool(victim) and not speaks(language=language, languages=victim or [])
        assert needs_reason == (bool(victim) and language not in {code.split("-")[0] for code in victim or []})
        reasons = {"unreviewed_reason": "Urgent", "victim_languages": victim}
        if needs_reason:
            with pytest.raises(ValidationError) as refused:
                _deliver(vera, zh_case, text, **reasons)
            assert set(refused.value.message_dict) == {"language_reason"}
            delivery = _deliver(vera, zh_case, text, language_reason="Reads it fluently", **reasons)
            assert delivery.language_reason == "Reads it fluently"
        else:
            assert _deliver(vera, zh_case, text, language_reason="kept out", **reasons).language_reason == ""


def test_the_page_compares_the_language_with_the_identity_record(vera: User, zh_case: Case) -> None:
    with schema_context("zh"):
        do_save_identity(acting_user=vera, case=zh_case, data=IdentityData(official_name="Popescu", languages=["ro"]))
        german = _text("de")
    client = sign_in(canton_client("zh"), vera)
    refused = client.post(f"/notices/cases/{zh_case.pk}/", _form(german, unreviewed_reason="Urgent"))
    assert refused.status_code == 400
    assert "The identity record names other languages of the victim" in refused.content.decode()
    form = _form(german, unreviewed_reason="Urgent", language_reason="Lived in Germany for ten years")
    assert client.post(f"/notices/cases/{zh_case.pk}/", form).status_code == 302


def test_a_deliverer_who_may_not_read_the_identity_is_told_the_languages_are_unknown(
    vera: User, kesb_karl: User, zh_case: Case
) -> None:
    with schema_context("zh"):
        do_save_identity(acting_user=vera, case=zh_case, data=IdentityData(official_name="Popescu", languages=["ro"]))
    page = sign_in(canton_client("zh"), kesb_karl).get(f"/notices/cases/{zh_case.pk}/").content.decode()
    assert "languages are unknown to you" in page
    assert "Română" not in page.split("Print a notice")[1].split("<h3>")[0]


# (c) No delivery on a closed case.


def test_nothing_is_delivered_on_a_closed_case_on_the_page_nor_over_the_api(vera: User, zh_case: Case) -> None:
    with schema_context("zh"):
        Case.objects.filter(pk=zh_case.pk).update(status=Case.Status.CLOSED, closed_on=timezone.localdate())
        zh_case.refresh_from_db()
        text = _text()
        with translation.override("en"), pytest.raises(ValidationError, match="closed case"):
            _deliver(vera, zh_case, text, unreviewed_reason="Urgent")
    client = sign_in(canton_client("zh"), vera)
    page = client.get(f"/notices/cases/{zh_case.pk}/").content.decode()
    assert 'id="case-closed"' in page and 'id="delivery-form"' not in page
    posted = client.post(f"/notices/cases/{zh_case.pk}/", _form(text, unreviewed_reason="Urgent"))
    assert posted.status_code == 400 and "no notice is delivered on a closed case" in posted.content.decode()
    api = client.post(
        f"/api/v1/cases/{zh_case.pk}/notice-deliveries/",
        {"text": text.pk, "delivered_on": yesterday().isoformat(), "method": "handed_over", "acknowledged": True,
         "unreviewed_reason": "Urgent"},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 400 and "closed case" in api.content.decode()
    with schema_context("zh"):
        assert not NoticeDelivery.objects.exists()


# (d) The print: draft mark, phone numbers, never a blank.


@pytest.mark.parametrize("language", SHIPPED)
def test_a_draft_prints_its_mark_in_its_language_and_the_printers(language: str, zh_aid: Organisation) -> None:
    with schema_context("zh"), translation.override("de"):
        text = _text(language)
        printed = text_of(notice_pdf(text))
        assert LABELS[language].draft.split()[0] in printed
        assert "Entwurf – nicht geprüft" in printed
        do_confirm_review(acting_user=None, text=text)  # type: ignore[arg-type]
        reviewed = text_of(notice_pdf(text))
        assert LABELS[language].draft.split()[0] not in reviewed.split(text.title)[0]
        assert "Entwurf" not in reviewed


@pytest.mark.parametrize(
    ("phone", "emergency"), [(ZH_AID["phone"], ZH_AID["emergency_phone"]), ("", ZH_AID["emergency_phone"]),
                             (ZH_AID["phone"], ""), ("", "")],
)  # fmt: skip
def test_the_print_always_carries_a_centre_phone_and_a_24_hour_number(
    zh_aid: Organisation, phone: str, emergency: str
) -> None:
    with schema_context("zh"):
        Organisation.objects.filter(pk=zh_aid.pk).update(phone=phone, emergency_phone=emergency)
        text = _text("en")
        notice = printed_notice(text)
        printed = text_of(notice_pdf(text))
    box = {line.label: line.number for line in notice.contacts}
    assert ("Counselling centre" in box) == bool(phone)
    assert ("Day and night (24 h)" in box) == bool(emergency)
    assert (box.get("Police emergency (24 h)") == POLICE_EMERGENCY) == (not (phone and emergency))
    for label, number in box.items():
        assert f"{label}: {number}" in printed
    assert box, "never blank"


def test_without_any_victim_aid_service_the_print_still_gives_the_police_number(zh_aid: Organisation) -> None:
    with schema_context("zh"):
        Organisation.objects.filter(type=Organisation.Type.VICTIM_AID).update(is_active=False)
        printed = text_of(notice_pdf(_text("de")))
    assert "Polizei-Notruf (24 Std.): 117" in printed


def test_the_coordinator_is_told_beforehand_on_the_directory_and_my_work(
    zh_aid: Organisation, coordinator: User, vera: User
) -> None:
    with schema_context("zh"):
        Organisation.objects.filter(pk=zh_aid.pk).update(emergency_phone="")
    client = sign_in(canton_client("zh"), coordinator)
    directory = client.get("/partners/").content.decode()
    assert 'id="phone-gaps"' in directory and ZH_AID["name"] in directory.split('id="phone-gaps"')[1]
    work = client.get("/work/")
    rows = {s.key: s.rows for s in work.context["sections"]}["notice-phones"]
    assert [(row.title, row.detail) for row in rows] == [(ZH_AID["name"], "24/7 emergency phone")]
    # A member is not the one to complete the directory: no warning, no section.
    member_client = sign_in(canton_client("zh"), vera)
    assert 'id="phone-gaps"' not in member_client.get("/partners/").content.decode()
    assert "notice-phones" not in {s.key for s in member_client.get("/work/").context["sections"]}
    with schema_context("zh"):
        Organisation.objects.filter(pk=zh_aid.pk).update(emergency_phone="0800 100 200")
    assert 'id="phone-gaps"' not in client.get("/partners/").content.decode()


def test_an_outsider_finds_neither_the_directory_nor_the_case(bob: User, zh_case: Case) -> None:
    client = sign_in(canton_client("zh"), bob)
    assert client.get("/partners/").status_code == 404
    assert client.get(f"/notices/cases/{zh_case.pk}/").status_code == 404


def test_the_coordinators_directory_costs_one_statement_more_than_a_members(
    zh_aid: Organisation, coordinator: User, vera: User
) -> None:
    assert_statements(sign_in(canton_client("zh"), coordinator), "/partners/", 7)
    assert_statements(sign_in(canton_client("zh"), vera), "/partners/", 6)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils renders the page")
def test_a_draft_without_a_24_hour_number_renders_its_banner_and_the_police_number(zh_aid: Organisation) -> None:
    with schema_context("zh"), translation.override("de"):
        Organisation.objects.filter(pk=zh_aid.pk).update(emergency_phone="")
        pdf = notice_pdf(_text("ro"))
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "notice-assistance-ro-draft.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(path.with_suffix(""))], check=True)
    assert path.with_suffix(".png").stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Proiect – neverificat · Entwurf – nicht geprüft" in text
    assert "Centrul de consiliere: 044 436 90 00" in text and "Urgențe poliție (24 h): 117" in text
