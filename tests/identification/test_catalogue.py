import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from cases.identification.models import CatalogueVersion, Indicator

pytestmark = pytest.mark.django_db


def test_every_canton_has_the_default_catalogue_in_four_languages() -> None:
    for schema in ("zh", "ge", "ti", "be"):
        with schema_context(schema):
            catalogue = CatalogueVersion.objects.get(version=1)
            indicators = Indicator.objects.filter(catalogue=catalogue)
            assert indicators.count() >= 40
            assert not indicators.filter(is_cantonal=True).exists()
    with schema_context("zh"):
        indicator = Indicator.objects.get(code="DOC-01")
        texts = {indicator.text_de, indicator.text_fr, indicator.text_it, indicator.text_en}
        assert len(texts) == 4 and all(texts)
        with translation.override("it"):
            assert Indicator.objects.get(code="DOC-01").text == indicator.text_it


def test_the_catalogue_covers_every_strength_target_and_form() -> None:
    with schema_context("zh"):
        indicators = Indicator.objects.all()
        assert set(indicators.values_list("strength", flat=True)) == {"strong", "medium", "weak"}
        assert {"adults", "children", "all"} <= set(indicators.values_list("target", flat=True))
        assert set(indicators.values_list("exploitation_form", flat=True)) == {"sexual", "labour", "both"}
