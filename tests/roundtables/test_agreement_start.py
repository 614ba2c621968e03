"""A coordinator starts an agreement from the canton's starter text on a page (no command line),
and the printed agreement carries its version, adoption and validity."""

import datetime
import io

import pypdf
import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from roundtables.agreements.actions import check_adopt
from roundtables.models import Agreement, AgreementSection
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory
from tests.queries import assert_statements

from .conftest import complete_draft

pytestmark = pytest.mark.django_db
START = "/roundtable/agreements/new/starter/"


def test_a_coordinator_starts_a_draft_with_all_fourteen_sections(carla: User) -> None:
    client = sign_in(canton_client("zh"), carla)
    assert client.get(START).status_code == 200
    response = client.post(START, {"form": "A", "language": "de"})
    assert response.status_code == 302
    with schema_context("zh"):
        agreement = Agreement.objects.order_by("-version").first()
        assert agreement is not None
        assert (agreement.form, agreement.language, agreement.status) == ("A", "de", "draft")
        assert agreement.title == "Kooperationsvereinbarung gegen Menschenhandel"
        assert set(agreement.sections.values_list("key", flat=True)) == set(AgreementSection.Key.values)
    assert response["Location"] == f"/roundtable/agreements/{agreement.pk}/"


def test_bern_gets_the_second_language_beside_the_first(db: None) -> None:
    with schema_context("be"):
        coordinator = MembershipFactory(role="coordinator").user
    client = sign_in(canton_client("be"), coordinator)
    assert client.post(START, {"form": "B", "language": "fr"}).status_code == 302
    with schema_context("be"):
        agreement = Agreement.objects.order_by("-version").first()
        assert agreement is not None and (agreement.language, agreement.second_language) == ("fr", "de")
        assert not agreement.sections.filter(text_second="").exists()


def test_a_bad_choice_is_refused_and_nothing_is_created(carla: User) -> None:
    client = sign_in(canton_client("zh"), carla)
    with schema_context("zh"):
        before = Agreement.objects.count()
    response = client.post(START, {"form": "Z", "language": "xx"})
    assert response.status_code == 400
    with schema_context("zh"):
        assert Agreement.objects.count() == before


def test_a_member_is_refused_and_an_outsider_gets_404(alice: User, bob: User) -> None:
    assert sign_in(canton_client("zh"), alice).get(START).status_code == 403
    assert sign_in(canton_client("zh"), alice).post(START, {"form": "B", "language": "de"}).status_code == 403
    assert sign_in(canton_client("zh"), bob).get(START).status_code == 404


def test_the_start_page_runs_a_fixed_number_of_statements(carla: User) -> None:
    assert_statements(sign_in(canton_client("zh"), carla), START, 4, without_search_path=3)


def _pdf_text(code: str, agreement: Agreement) -> str:
    with schema_context(code):
        member = MembershipFactory().user
    response = sign_in(canton_client(code), member).get(f"/roundtable/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())


def test_the_pdf_prints_version_adoption_and_validity() -> None:
    with schema_context("zh"):
        agreement = complete_draft()
        agreement.valid_from = datetime.date(2026, 1, 1)
        agreement.valid_until = datetime.date(2029, 12, 31)
        agreement.save()
        draft_text = _pdf_text("zh", agreement)
        check_adopt(acting_user=None, agreement=agreement)
        adopted_on = timezone.localtime(agreement.adopted_at).date()  # type: ignore[arg-type]
    assert f"Version {agreement.version}" in draft_text
    assert "Entwurf, nicht verabschiedet" in draft_text
    assert "Gültig vom 1. Januar 2026 bis 31. Dezember 2029" in draft_text
    text = _pdf_text("zh", agreement)
    assert f"Verabschiedet am {adopted_on.day}." in text
    assert "Entwurf" not in text


def test_an_agreement_without_an_end_is_valid_until_the_next_version() -> None:
    with schema_context("ge"):
        agreement = complete_draft(language="fr")
        agreement.valid_from = datetime.date(2026, 3, 1)
        agreement.save()
    assert "Valable dès le 1 mars 2026 jusqu'à l'adoption d'une nouvelle version" in _pdf_text("ge", agreement)
