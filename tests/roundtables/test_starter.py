import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from roundtables.agreements.actions import missing_for_adoption
from roundtables.models import Agreement, AgreementSection
from roundtables.starter import TEXTS, do_create_starter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_the_starter_has_every_section_in_each_language(language: str) -> None:
    with schema_context("ti"):
        agreement = do_create_starter(acting_user=None, form="A", language=language)
        assert agreement.sections.count() == len(AgreementSection.Key.values) == len(TEXTS)
        assert len(missing_for_adoption(agreement)) == 2  # a duty and a signatory
        assert "30" in agreement.sections.get(key="reflection_period").text


def test_bern_gets_both_languages_from_the_command() -> None:
    call_command("tenant_command", "agreement_starter", "--form", "B", "--language", "de", schema_name="be")
    with schema_context("be"):
        agreement = Agreement.objects.order_by("-version").first()
        assert agreement is not None
        assert agreement.second_language == "fr"
        minors = agreement.sections.get(key="minors")
        assert "KESB" in minors.text
        assert "APEA" in minors.text_second
