import pytest
from django.db import IntegrityError, transaction

from ksmm.cantons.models import Canton
from ksmm.cantons.registry import CANTONS

pytestmark = pytest.mark.django_db

# domain/REFERENCE.md section 3.3, written out independently of the registry module.
EXPECTED = {
    "ZH": (1, "Zürich", "Zurich", "Zurigo", ["de"], "de"),
    "BE": (2, "Bern", "Berne", "Berna", ["de", "fr"], "de"),
    "LU": (3, "Luzern", "Lucerne", "Lucerna", ["de"], "de"),
    "UR": (4, "Uri", "Uri", "Uri", ["de"], "de"),
    "SZ": (5, "Schwyz", "Schwytz", "Svitto", ["de"], "de"),
    "OW": (6, "Obwalden", "Obwald", "Obvaldo", ["de"], "de"),
    "NW": (7, "Nidwalden", "Nidwald", "Nidvaldo", ["de"], "de"),
    "GL": (8, "Glarus", "Glaris", "Glarona", ["de"], "de"),
    "ZG": (9, "Zug", "Zoug", "Zugo", ["de"], "de"),
    "FR": (10, "Freiburg", "Fribourg", "Friburgo", ["fr", "de"], "fr"),
    "SO": (11, "Solothurn", "Soleure", "Soletta", ["de"], "de"),
    "BS": (12, "Basel-Stadt", "Bâle-Ville", "Basilea Città", ["de"], "de"),
    "BL": (13, "Basel-Landschaft", "Bâle-Campagne", "Basilea Campagna", ["de"], "de"),
    "SH": (14, "Schaffhausen", "Schaffhouse", "Sciaffusa", ["de"], "de"),
    "AR": (15, "Appenzell Ausserrhoden", "Appenzell Rhodes-Extérieures", "Appenzello Esterno", ["de"], "de"),
    "AI": (16, "Appenzell Innerrhoden", "Appenzell Rhodes-Intérieures", "Appenzello Interno", ["de"], "de"),
    "SG": (17, "St. Gallen", "Saint-Gall", "San Gallo", ["de"], "de"),
    "GR": (18, "Graubünden", "Grisons", "Grigioni", ["de", "rm", "it"], "de"),
    "AG": (19, "Aargau", "Argovie", "Argovia", ["de"], "de"),
    "TG": (20, "Thurgau", "Thurgovie", "Turgovia", ["de"], "de"),
    "TI": (21, "Tessin", "Tessin", "Ticino", ["it"], "it"),
    "VD": (22, "Waadt", "Vaud", "Vaud", ["fr"], "fr"),
    "VS": (23, "Wallis", "Valais", "Vallese", ["fr", "de"], "fr"),
    "NE": (24, "Neuenburg", "Neuchâtel", "Neuchâtel", ["fr"], "fr"),
    "GE": (25, "Genf", "Genève", "Ginevra", ["fr"], "fr"),
    "JU": (26, "Jura", "Jura", "Giura", ["fr"], "fr"),
}


def test_all_26_cantons_exist_with_bfs_number_names_and_languages() -> None:
    cantons = {c.code: c for c in Canton.objects.cantons()}
    assert len(cantons) == 26
    for code, (bfs, name_de, name_fr, name_it, languages, default) in EXPECTED.items():
        canton = cantons[code]
        assert canton.bfs_number == bfs, code
        assert (canton.name_de, canton.name_fr, canton.name_it) == (name_de, name_fr, name_it), code
        assert canton.name_en, code
        assert canton.official_languages == languages, code
        assert canton.default_language == default, code
        assert canton.schema_name == code.lower(), code


def test_registry_module_agrees_with_the_reference_table() -> None:
    assert [record.code for record in CANTONS] == list(EXPECTED)


def test_the_federal_level_is_the_only_row_on_the_public_schema() -> None:
    federal = Canton.objects.get(schema_name="public")
    assert federal.is_federal
    assert federal.bfs_number is None
    assert Canton.objects.filter(level=Canton.Level.FEDERAL).count() == 1


def test_a_canton_cannot_claim_the_public_schema() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Canton.objects.filter(code="UR").update(schema_name="public")
