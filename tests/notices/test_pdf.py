"""The printed notice: the stored text in the victim's script and direction, no glyph missing,
the canton's own victim-aid service filled in from its directory."""

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.partners.models import Organisation
from notices.actions import check_save_text, do_confirm_review, do_new_version
from notices.documents import notice_pdf, printed_notice
from notices.languages import SHIPPED, language_for
from notices.models import Notice, NoticeText
from tests.auth import sign_in
from tests.conftest import canton_client

from .conftest import GE_AID, ZH_AID
from .pdf_fonts import embedded_fonts, text_of

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _visible(text: str) -> str:
    """The characters a reader sees, compared as the PDF stores them (NFKC, no spaces)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS))


def _assert_every_character_is_drawn_from_an_embedded_font(pdf: bytes, expected: str) -> None:
    fonts = embedded_fonts(pdf)
    covered: set[str] = set()
    for font in fonts.values():
        assert font.embedded, font.name
        assert 0 not in font.used_glyphs, f"{font.name} draws the missing-glyph box"
        assert font.used_glyphs <= set(font.to_unicode), f"{font.name} draws glyphs that stand for no text"
        covered.update("".join(font.to_unicode[glyph] for glyph in font.used_glyphs))
    missing = set(_visible(expected)) - {unicodedata.normalize("NFKC", c) for c in covered}
    assert missing == set(), f"characters without a glyph: {sorted(missing)}"


def _assert_extracted_text_is_the_stored_text(pdf: bytes, expected: str, *, direction: str) -> None:
    raw = text_of(pdf)
    extracted = _visible(raw)
    if direction == "ltr":
        assert extracted == _visible(expected)
        return
    # Text extraction places a number or a Latin name inside a right-to-left line in visual
    # order; every right-to-left word keeps its letters in reading order, and no character is
    # lost or added.
    assert Counter(extracted) == Counter(_visible(expected))
    arabic_words = re.compile(r"[\u0600-\u06ff]+")

    def words(text: str) -> Counter[str]:
        return Counter(arabic_words.findall(unicodedata.normalize("NFKC", text)))

    assert words(raw) == words(expected)


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_notice_prints_its_stored_text_with_a_glyph_for_every_character(
    language: str, zh_aid: Organisation
) -> None:
    with schema_context("zh"):
        texts = NoticeText.objects.filter(version__status="published", language=language).select_related(
            "version__notice"
        )
        assert len(texts) == len(Notice.Kind.values)
        for text in texts:
            expected = printed_notice(text)
            assert expected.missing == [], "the test directory entry is complete"
            pdf = notice_pdf(text)
            direction = language_for(language).direction
            _assert_extracted_text_is_the_stored_text(pdf, expected.plain_text, direction=direction)
            _assert_every_character_is_drawn_from_an_embedded_font(pdf, expected.plain_text)


def test_a_greek_text_added_by_a_coordinator_prints_in_greek(carla: User, zh_aid: Organisation) -> None:
    body = (
        "Έχετε δικαίωμα σε βοήθεια. Η βοήθεια είναι δωρεάν και εμπιστευτική.\n\n"
        "{victim_aid_name}\nΤηλέφωνο: {victim_aid_phone}"
    )
    with schema_context("zh"):
        draft = do_new_version(acting_user=carla, notice=Notice.objects.get(kind=Notice.Kind.ASSISTANCE))
        text = check_save_text(acting_user=carla, version=draft, language="el", title="Βοήθεια για θύματα", body=body)
        expected = printed_notice(text).plain_text
        pdf = notice_pdf(text)
    assert ZH_AID["name"] in expected
    _assert_extracted_text_is_the_stored_text(pdf, expected, direction="ltr")
    _assert_every_character_is_drawn_from_an_embedded_font(pdf, expected)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils renders the page")
def test_the_arabic_notice_is_laid_out_right_to_left(zh_aid: Organisation) -> None:
    with schema_context("zh"):
        text = NoticeText.objects.get(version__status="published", version__notice__kind="assistance", language="ar")
        # Reviewed, so that the title is the first line (a draft's banner stands above it).
        text = do_confirm_review(acting_user=None, text=text)  # type: ignore[arg-type]
        pdf = notice_pdf(text)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "notice-assistance-ar.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf_path), str(ARTIFACTS / "notice-assistance-ar")],
        check=True,
    )
    assert (ARTIFACTS / "notice-assistance-ar.png").stat().st_size > 10_000
    # The words of the title, in reading order, stand right to left on the page, right-aligned.
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf_path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', boxes)
    first_line_y = words[0][1]
    title = [(float(x_min), float(x_max), word) for x_min, y, x_max, word in words if y == first_line_y]
    in_reading_order = text.title.split()
    by_position = [word for _x_min, _x_max, word in sorted(title, key=lambda box: -box[1])]
    # pdftotext spells each word in visual order: compare the letters, the order is the point.
    assert [sorted(_visible(w)) for w in by_position] == [sorted(_visible(w)) for w in in_reading_order]
    page_width = 595.0
    assert max(x_max for _x_min, x_max, _word in title) > page_width - 80  # starts at the right margin
    assert min(x_min for x_min, _x_max, _word in title) > 150  # and does not reach the left one
    # A phone number inside a right-to-left line keeps its digit groups in dialling order.
    # (The body's contact line; the contact box below it repeats the number on a line of its own.)
    phone_y = next(y for _x_min, y, _x_max, word in words if word == "044")
    phone_line = [
        (float(x_min), word) for x_min, y, _x_max, word in words if y == phone_y and word in {"044", "436", "90", "00"}
    ]
    assert [word for _x, word in sorted(phone_line)] == ["044", "436", "90", "00"]


def test_the_notice_names_the_cantons_own_victim_aid_service(ge_aid: Organisation, zh_aid: Organisation) -> None:
    printed = {}
    for schema in ("zh", "ge"):
        with schema_context(schema):
            text = NoticeText.objects.get(
                version__status="published", version__notice__kind="assistance", language="ro"
            )
            printed[schema] = text_of(notice_pdf(text))
    assert ZH_AID["name"] in printed["zh"] and GE_AID["name"] not in printed["zh"]
    assert GE_AID["name"] in printed["ge"] and ZH_AID["name"] not in printed["ge"]
    assert "Telefon: 022 320 01 02" in printed["ge"]
    assert "Boulevard de Saint-Georges 72, 1205 Genève" in printed["ge"]
    assert "Zi și noapte: 0800 100 200" in printed["zh"]
    assert "{" not in printed["zh"] + printed["ge"]


def test_a_value_missing_from_the_directory_leaves_its_line_out_and_tells_the_coordinator(
    carla: User, zh_aid: Organisation
) -> None:
    with schema_context("zh"):
        Organisation.objects.filter(pk=zh_aid.pk).update(emergency_phone="", email="")
        text = NoticeText.objects.get(version__status="published", version__notice__kind="assistance", language="de")
        printed = text_of(notice_pdf(text))
    assert "Tag und Nacht" not in printed and "E-Mail" not in printed
    assert "Telefon: 044 436 90 00" in printed and "{" not in printed
    page = sign_in(canton_client("zh"), carla).get("/notices/").content.decode()
    assert "The directory entry lacks:" in page
    assert "e-mail of the victim-aid service, 24/7 emergency phone of the victim-aid service" in page


def test_a_member_downloads_the_pdf_and_the_print_is_audited(vera: User, zh_aid: Organisation) -> None:
    with schema_context("zh"):
        text = NoticeText.objects.get(version__status="published", version__notice__kind="minors", language="uk")
    response = sign_in(canton_client("zh"), vera).get(f"/notices/texts/{text.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "notice-minors-v1-uk.pdf" in response["Content-Disposition"]
    with schema_context("zh"):
        assert AuditEntry.objects.filter(action=AuditEntry.Action.PRINT, object_id=str(text.pk)).exists()


def test_a_drafts_text_is_not_printed_for_a_member(carla: User, vera: User) -> None:
    with schema_context("zh"):
        draft = do_new_version(acting_user=carla, notice=Notice.objects.get(kind=Notice.Kind.MINORS))
        text = draft.texts.get(language="de")
    assert sign_in(canton_client("zh"), vera).get(f"/notices/texts/{text.pk}/pdf/").status_code == 404
    assert sign_in(Client(HTTP_HOST="zh.localhost"), carla).get(f"/notices/texts/{text.pk}/pdf/").status_code == 200


def test_a_victim_aid_service_printing_a_notice_names_itself_others_print_the_first(
    zh_aid: Organisation, vera: User, paul: User
) -> None:
    from tests.factories import MembershipFactory, OrganisationFactory

    with schema_context("zh"):
        second = OrganisationFactory(
            name="Zentrum für Opferberatung Winterthur (Test)", type=Organisation.Type.VICTIM_AID, phone="052 111 22 33"
        )
        wanda = MembershipFactory(organisation=second, user__language="en").user
        text = NoticeText.objects.get(version__status="published", version__notice__kind="assistance", language="de")

    def printed(user: User) -> str:
        response = sign_in(canton_client("zh"), user).get(f"/notices/texts/{text.pk}/pdf/")
        assert response.status_code == 200
        return text_of(response.content)

    assert second.name in printed(wanda) and ZH_AID["name"] not in printed(wanda)
    assert ZH_AID["name"] in printed(vera)
    assert ZH_AID["name"] in printed(paul) and second.name not in printed(paul)
