"""The coordinator's page: which notices exist in which language, review, new versions, publishing."""

from html import unescape

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.memberships.models import Membership
from notices.actions import do_new_version
from notices.models import Notice, NoticeText, NoticeVersion
from tests.auth import sign_in
from tests.conftest import canton_client

pytestmark = pytest.mark.django_db


def _assistance() -> Notice:
    return Notice.objects.get(kind=Notice.Kind.ASSISTANCE)


def _published_text(language: str) -> NoticeText:
    return NoticeText.objects.get(version__status="published", version__notice__kind="assistance", language=language)


def test_the_catalogue_shows_every_notice_and_what_awaits_review_or_is_missing(carla: User) -> None:
    with schema_context("zh"):
        NoticeText.objects.filter(version__notice__kind="minors", language="th").delete()
    page = sign_in(canton_client("zh"), carla).get("/notices/")
    assert page.status_code == 200
    html = unescape(page.content.decode())
    for label in ("Assistance and victim-aid services", "Victims' rights in criminal proceedings",
                  "Recovery and reflection period", "Information for children and young people"):  # fmt: skip
        assert label in html
    assert html.count('title="Missing"') == 1
    assert 'data-language="th"><span class="missing"' in html
    assert html.count('title="Awaiting professional review"') == 4 * 14 - 1


def test_a_new_version_copies_the_texts_and_an_edit_awaits_review_again(carla: User) -> None:
    client = sign_in(canton_client("zh"), carla)
    with schema_context("zh"):
        notice = _assistance()
        confirmed = _published_text("ro")
    assert client.post(f"/notices/texts/{confirmed.pk}/confirm/").status_code == 302
    response = client.post(f"/notices/{notice.pk}/new-version/")
    assert response.status_code == 302
    with schema_context("zh"):
        draft = notice.versions.get(status=NoticeVersion.Status.DRAFT)
        assert draft.number == 2
        assert draft.texts.count() == 14
        assert draft.texts.get(language="ro").review == NoticeText.Review.CONFIRMED
    assert client.get(response["Location"]).status_code == 200
    edit = client.get(f"/notices/versions/{draft.pk}/texts/ro/")
    assert edit.status_code == 200 and 'lang="ro"' in edit.content.decode()
    saved = client.post(
        f"/notices/versions/{draft.pk}/texts/ro/",
        {"title": "Ajutor pentru victime", "body": "Aveți dreptul la ajutor.\n\n{victim_aid_name}"},
    )
    assert saved.status_code == 302
    with schema_context("zh"):
        text = draft.texts.get(language="ro")
        assert (text.title, text.review, text.reviewed_at) == ("Ajutor pentru victime", "awaiting", None)
        assert AuditEntry.objects.filter(object_type="notices.noticetext", object_id=str(text.pk)).exists()


def test_a_coordinator_adds_tigrinya_without_a_migration_and_publishes(carla: User) -> None:
    client = sign_in(canton_client("zh"), carla)
    with schema_context("zh"):
        draft = do_new_version(acting_user=carla, notice=_assistance())
    added = client.post(
        f"/notices/versions/{draft.pk}/texts/new/",
        {"language": "ti", "title": "ሓገዝ ንግዳያት", "body": "ናይ ሓገዝ መሰል ኣለኩም።\n\n{victim_aid_name}"},
    )
    assert added.status_code == 302
    assert client.post(f"/notices/versions/{draft.pk}/publish/").status_code == 302
    with schema_context("zh"):
        versions = dict(_assistance().versions.values_list("number", "status"))
        assert versions == {1: "retired", 2: "published"}
        assert NoticeText.objects.filter(version=draft, language="ti").exists()
    assert 'data-language="ti"' in client.get("/notices/").content.decode()


def test_an_unknown_placeholder_or_language_code_is_a_form_error_and_nothing_is_saved(carla: User) -> None:
    client = sign_in(canton_client("zh"), carla)
    with schema_context("zh"):
        draft = do_new_version(acting_user=carla, notice=_assistance())
    typo = client.post(
        f"/notices/versions/{draft.pk}/texts/de/", {"title": "Hilfe", "body": "Telefon: {victim_aid_fone}"}
    )
    assert typo.status_code == 400
    assert "Unknown placeholder: {victim_aid_fone}." in typo.content.decode()
    bad_code = client.post(
        f"/notices/versions/{draft.pk}/texts/new/", {"language": "Deutsch", "title": "x", "body": "y"}
    )
    assert bad_code.status_code == 400
    with schema_context("zh"):
        assert draft.texts.get(language="de").title != "Hilfe"
        assert not draft.texts.filter(language="Deutsch").exists()


def test_a_published_version_refuses_edits(carla: User) -> None:
    with schema_context("zh"):
        published = _assistance().versions.get(status="published")
    response = sign_in(canton_client("zh"), carla).post(
        f"/notices/versions/{published.pk}/texts/de/", {"title": "Neu", "body": "Neu"}
    )
    assert response.status_code == 400
    assert "cannot be changed; start a new version" in response.content.decode()
    with schema_context("zh"):
        assert _published_text("de").title != "Neu"


def _coordinator_requests(client: Client, *, notice: Notice, version: NoticeVersion, text: NoticeText) -> list[int]:
    return [
        client.get("/notices/").status_code,
        client.get(f"/notices/versions/{version.pk}/").status_code,
        client.post(f"/notices/{notice.pk}/new-version/").status_code,
        client.post(f"/notices/versions/{version.pk}/publish/").status_code,
        client.get(f"/notices/versions/{version.pk}/texts/new/").status_code,
        client.post(f"/notices/versions/{version.pk}/texts/de/", {"title": "x", "body": "y"}).status_code,
        client.post(f"/notices/texts/{text.pk}/confirm/").status_code,
    ]


def test_a_member_who_is_no_coordinator_gets_403_on_every_coordinator_page(vera: User) -> None:
    with schema_context("zh"):
        notice = _assistance()
        version = notice.versions.get(status="published")
        text = _published_text("de")
    statuses = _coordinator_requests(sign_in(canton_client("zh"), vera), notice=notice, version=version, text=text)
    assert statuses == [403] * 7
    with schema_context("zh"):
        assert _published_text("de").review == "awaiting"


def test_a_coordinator_of_another_canton_finds_nothing(bob: User) -> None:
    with schema_context("ge"):
        Membership.objects.filter(user=bob).update(role=Membership.Role.COORDINATOR)
    with schema_context("zh"):
        notice = _assistance()
        version = notice.versions.get(status="published")
        text = _published_text("de")
    statuses = _coordinator_requests(sign_in(canton_client("zh"), bob), notice=notice, version=version, text=text)
    assert statuses == [404] * 7
    assert sign_in(canton_client("zh"), bob).get(f"/notices/texts/{text.pk}/pdf/").status_code == 404
