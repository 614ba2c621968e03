"""Nationality by region: every ISO 3166-1 alpha-2 code in one of the catalogue's regions.

Rule (quoted by the data dictionary): the nationality recorded on the identity (ISO 3166-1
alpha-2, as eCH-0011 keeps it) is placed in a region of the dimension `nationality_region`:

- `switzerland`: CH;
- `eu_efta`: the 27 member states of the European Union and the EFTA states Iceland,
  Liechtenstein and Norway (Switzerland, the fourth EFTA state, has its own value);
- `other_europe`, `africa`, `asia`, `americas`, `oceania`: the continent of the United Nations'
  M49 standard, with one exception taken from the BFS nationality groups: Türkiye counts to the
  rest of Europe. Dependent territories count where they lie (Réunion in Africa, Greenland in the
  Americas, New Caledonia in Oceania);
- `unknown`: no nationality recorded, a value that is not an ISO 3166-1 code, and Antarctica
  (AQ), which has no nationality and no M49 continent.
"""

SWITZERLAND = "switzerland"
UNKNOWN = "unknown"


def _codes(*lines: str) -> frozenset[str]:
    return frozenset(code for line in lines for code in line.split())


# The 27 member states of the European Union, and the EFTA states but Switzerland (IS LI NO).
EU_EFTA = _codes(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO",
    "PL PT RO SE SI SK",
)
# Türkiye (TR): Asia in M49, the rest of Europe in the BFS groups.
OTHER_EUROPE = _codes(
    "AD AL AX BA BY FO GB GG GI IM JE MC MD ME MK RS RU SJ SM TR UA VA",
)
AFRICA = _codes(
    "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO",
    "KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS",
    "ST SZ TD TF TG TN TZ UG YT ZA ZM ZW",
)
ASIA = _codes(
    "AE AF AM AZ BD BH BN BT CN GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ",
    "LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TW UZ VN",
    "YE",
)
AMERICAS = _codes(
    "AG AI AR AW BB BL BM BO BQ BR BS BV BZ CA CL CO CR CU CW DM DO EC FK GD",
    "GF GL GP GS GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV",
    "SX TC TT US UY VC VE VG VI",
)
OCEANIA = _codes(
    "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO",
    "TV UM VU WF WS",
)
NO_NATIONALITY = frozenset({"AQ"})

REGIONS: dict[str, frozenset[str]] = {
    "eu_efta": EU_EFTA,
    "other_europe": OTHER_EUROPE,
    "africa": AFRICA,
    "asia": ASIA,
    "americas": AMERICAS,
    "oceania": OCEANIA,
}
REGION_OF: dict[str, str] = {
    "CH": SWITZERLAND,
    **{code: region for region, codes in REGIONS.items() for code in codes},
    **dict.fromkeys(NO_NATIONALITY, UNKNOWN),
}


def nationality_region(nationality: str) -> str:
    """The region of an ISO 3166-1 alpha-2 nationality; `unknown` for anything else."""
    return REGION_OF.get(nationality.strip().upper(), UNKNOWN)
