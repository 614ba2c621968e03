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

EU_EFTA = frozenset(
    # The 27 member states of the European Union.
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
    # EFTA without Switzerland.
    + "IS LI NO".split()
)
OTHER_EUROPE = frozenset(
    "AD AL AX BA BY FO GB GG GI IM JE MC MD ME MK RS RU SJ SM UA VA".split()
    # Türkiye: Asia in M49, the rest of Europe in the BFS groups.
    + ["TR"]
)
AFRICA = frozenset(
    "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG ML MR "
    "MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW".split()
)
ASIA = frozenset(
    "AE AF AM AZ BD BH BN BT CN GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY "
    "NP OM PH PK PS QA SA SG SY TH TJ TL TM TW UZ VN YE".split()
)
AMERICAS = frozenset(
    "AG AI AR AW BB BL BM BO BQ BR BS BV BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT GY HN HT JM "
    "KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI".split()
)
OCEANIA = frozenset(
    "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS".split()
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
