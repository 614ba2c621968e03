"""The 26 cantons as reference data (domain/REFERENCE.md section 3.3).

BFS number, eCH-0007 abbreviation, names, official languages and the default UI language.
English names are the usual English exonyms; where English has none the German name is used.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CantonRecord:
    bfs_number: int
    code: str
    name_de: str
    name_fr: str
    name_it: str
    name_en: str
    official_languages: tuple[str, ...]
    default_language: str


CANTONS: tuple[CantonRecord, ...] = (
    CantonRecord(1, "ZH", "Zürich", "Zurich", "Zurigo", "Zurich", ("de",), "de"),
    CantonRecord(2, "BE", "Bern", "Berne", "Berna", "Bern", ("de", "fr"), "de"),
    CantonRecord(3, "LU", "Luzern", "Lucerne", "Lucerna", "Lucerne", ("de",), "de"),
    CantonRecord(4, "UR", "Uri", "Uri", "Uri", "Uri", ("de",), "de"),
    CantonRecord(5, "SZ", "Schwyz", "Schwytz", "Svitto", "Schwyz", ("de",), "de"),
    CantonRecord(6, "OW", "Obwalden", "Obwald", "Obvaldo", "Obwalden", ("de",), "de"),
    CantonRecord(7, "NW", "Nidwalden", "Nidwald", "Nidvaldo", "Nidwalden", ("de",), "de"),
    CantonRecord(8, "GL", "Glarus", "Glaris", "Glarona", "Glarus", ("de",), "de"),
    CantonRecord(9, "ZG", "Zug", "Zoug", "Zugo", "Zug", ("de",), "de"),
    CantonRecord(10, "FR", "Freiburg", "Fribourg", "Friburgo", "Fribourg", ("fr", "de"), "fr"),
    CantonRecord(11, "SO", "Solothurn", "Soleure", "Soletta", "Solothurn", ("de",), "de"),
    CantonRecord(12, "BS", "Basel-Stadt", "Bâle-Ville", "Basilea Città", "Basel-Stadt", ("de",), "de"),
    CantonRecord(13, "BL", "Basel-Landschaft", "Bâle-Campagne", "Basilea Campagna", "Basel-Landschaft", ("de",), "de"),
    CantonRecord(14, "SH", "Schaffhausen", "Schaffhouse", "Sciaffusa", "Schaffhausen", ("de",), "de"),
    CantonRecord(
        15,
        "AR",
        "Appenzell Ausserrhoden",
        "Appenzell Rhodes-Extérieures",
        "Appenzello Esterno",
        "Appenzell Ausserrhoden",
        ("de",),
        "de",
    ),
    CantonRecord(
        16,
        "AI",
        "Appenzell Innerrhoden",
        "Appenzell Rhodes-Intérieures",
        "Appenzello Interno",
        "Appenzell Innerrhoden",
        ("de",),
        "de",
    ),
    CantonRecord(17, "SG", "St. Gallen", "Saint-Gall", "San Gallo", "St. Gallen", ("de",), "de"),
    CantonRecord(18, "GR", "Graubünden", "Grisons", "Grigioni", "Graubünden", ("de", "rm", "it"), "de"),
    CantonRecord(19, "AG", "Aargau", "Argovie", "Argovia", "Aargau", ("de",), "de"),
    CantonRecord(20, "TG", "Thurgau", "Thurgovie", "Turgovia", "Thurgau", ("de",), "de"),
    CantonRecord(21, "TI", "Tessin", "Tessin", "Ticino", "Ticino", ("it",), "it"),
    CantonRecord(22, "VD", "Waadt", "Vaud", "Vaud", "Vaud", ("fr",), "fr"),
    CantonRecord(23, "VS", "Wallis", "Valais", "Vallese", "Valais", ("fr", "de"), "fr"),
    CantonRecord(24, "NE", "Neuenburg", "Neuchâtel", "Neuchâtel", "Neuchâtel", ("fr",), "fr"),
    CantonRecord(25, "GE", "Genf", "Genève", "Ginevra", "Geneva", ("fr",), "fr"),
    CantonRecord(26, "JU", "Jura", "Jura", "Giura", "Jura", ("fr",), "fr"),
)

FEDERAL_CODE = "CH"
FEDERAL_NAMES = {
    "name_de": "Bund",
    "name_fr": "Confédération",
    "name_it": "Confederazione",
    "name_en": "Confederation",
}


def record_for(code: str) -> CantonRecord:
    """The reference record of a canton by its abbreviation, in any case."""
    wanted = code.upper()
    for record in CANTONS:
        if record.code == wanted:
            return record
    raise KeyError(code)
