import io

import pypdf
import pytest
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from roundtables.agreements.actions import check_adopt, do_create_draft
from roundtables.models import Agreement, AgreementSection
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory
from tests.queries import assert_count, statements_of

from .conftest import complete_draft

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _pdf_of(code: str, second: str = "", language: str = "de") -> tuple[str, Agreement]:
    with schema_context(code):
        agreement = complete_draft(title=f"Agreement {code}", language=language, second=second)
        member = MembershipFactory().user
    client = sign_in(canton_client(code), member)
    response = client.get(f"/roundtable/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return _squeeze(_text(response.content)), agreement


def test_genevas_pdf_is_in_french_with_every_section_duty_and_signatory() -> None:
    text, agreement = _pdf_of("ge", language="fr")
    assert "Table des matières" in text or "Sommaire" in text
    assert "Contents" not in text
    with schema_context("ge"):
        for section in agreement.sections.all():
            assert section.heading in text
        for duty in agreement.duties.select_related("organisation"):
            assert duty.duties in text
        for signatory in agreement.signatories.all():
            assert signatory.name in text
        assert AuditEntry.objects.filter(action=AuditEntry.Action.PRINT, object_id=str(agreement.pk)).exists()


def test_zurichs_pdf_is_in_german() -> None:
    text, _agreement = _pdf_of("zh")
    assert "Inhalt" in text
    assert "Seite 1" in text


def test_berns_pdf_carries_both_languages() -> None:
    text, _agreement = _pdf_of("be", second="fr")
    assert "Heading minors" in text
    assert "Second text of minors." in text


def test_an_adopted_agreement_rejects_a_form_change(carla: User) -> None:
    with schema_context("zh"):
        agreement = check_adopt(acting_user=None, agreement=complete_draft())
        section = agreement.sections.get(key=AgreementSection.Key.MINORS)
    client = sign_in(canton_client("zh"), carla)
    response = client.post(
        f"/roundtable/agreements/{agreement.pk}/section/{section.pk}/",
        {"key": "minors", "order": 1, "heading": "Neu", "text": "Neu"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert "Eine verabschiedete oder abgelöste Vereinbarung kann nicht geändert werden." in response.content.decode()
    response = client.post(f"/roundtable/agreements/{agreement.pk}/edit/", {"form": "A", "title": "Neu"})
    assert response.status_code == 400
    with schema_context("zh"):
        section.refresh_from_db()
        assert section.heading != "Neu"


def test_a_coordinator_adopts_and_starts_a_new_version(carla: User) -> None:
    with schema_context("zh"):
        draft = complete_draft()
    client = sign_in(canton_client("zh"), carla)
    assert client.post(f"/roundtable/agreements/{draft.pk}/adopt/").status_code == 302
    response = client.post(f"/roundtable/agreements/{draft.pk}/new-version/")
    assert response.status_code == 302
    with schema_context("zh"):
        draft.refresh_from_db()
        assert draft.status == Agreement.Status.ADOPTED
        copy = Agreement.objects.get(version=draft.version + 1)
        assert copy.sections.count() == 14
    response = client.post(f"/roundtable/agreements/{copy.pk}/section/{copy.sections.first().pk}/", {})  # type: ignore[union-attr]
    assert response.status_code == 400  # a draft, but the form is incomplete


COORDINATOR_PATHS = [
    ("post", "/roundtable/agreements/new/"),
    ("get", "/roundtable/agreements/{id}/edit/"),
    ("get", "/roundtable/agreements/{id}/matrix/"),
    ("post", "/roundtable/agreements/{id}/adopt/"),
    ("post", "/roundtable/agreements/{id}/new-version/"),
    ("get", "/roundtable/agreements/{id}/section/new/"),
    ("get", "/roundtable/agreements/{id}/duty/new/"),
]
MEMBER_PATHS = [
    ("get", "/roundtable/agreements/"),
    ("get", "/roundtable/agreements/{id}/"),
    ("get", "/roundtable/agreements/{id}/pdf/"),
]


def test_members_read_but_do_not_write(alice: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), alice)
    for method, path in MEMBER_PATHS:
        assert getattr(client, method)(path.format(id=zh_agreement.pk)).status_code == 200, path
    for method, path in COORDINATOR_PATHS:
        assert getattr(client, method)(path.format(id=zh_agreement.pk)).status_code == 403, path


def test_an_outsider_gets_404_everywhere(bob: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), bob)
    for method, path in MEMBER_PATHS + COORDINATOR_PATHS:
        assert getattr(client, method)(path.format(id=zh_agreement.pk)).status_code == 404, path


def test_the_coordinator_pages_answer(carla: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), carla)
    for method, path in COORDINATOR_PATHS:
        if method == "get":
            assert client.get(path.format(id=zh_agreement.pk)).status_code == 200, path
    response = client.post(f"/roundtable/agreements/{zh_agreement.pk}/matrix/", {"grant": ["ngo:counselling"]})
    assert response.status_code == 302
    with schema_context("zh"):
        assert set(
            zh_agreement.sharing_rules.filter(can_read=True).values_list("organisation_type", "compartment")
        ) == {("ngo", "counselling")}


def test_the_list_needs_as_many_queries_for_twenty_versions_as_for_one(alice: User) -> None:
    """Counted with tests/queries.py, the first request after sign-in and the next: one version
    and twenty versions both run 5 statements (4 besides SET search_path)."""
    client = sign_in(canton_client("zh"), alice)
    with schema_context("zh"):
        do_create_draft(acting_user=None, title="Eins")
    one = statements_of(client, "/roundtable/agreements/", warm_up=False)
    with schema_context("zh"):
        for number in range(19):
            do_create_draft(acting_user=None, title=f"Nr. {number}")
    twenty = statements_of(client, "/roundtable/agreements/", warm_up=False)
    assert len(twenty) == len(one)
    assert_count(one, 5, without_search_path=4)
    assert_count(twenty, 5, without_search_path=4)


def test_a_section_cannot_be_added_twice(carla: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), carla)
    response = client.post(
        f"/roundtable/agreements/{zh_agreement.pk}/section/new/",
        {"key": "minors", "order": 1, "heading": "Doppelt", "text": "Doppelt"},
    )
    assert response.status_code == 400
    with schema_context("zh"):
        assert zh_agreement.sections.filter(key="minors").count() == 1
