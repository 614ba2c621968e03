"""What the federal statistics count: measures, their dimensions and the values of each.

This is the vocabulary shared by the counting inside each canton (the `counting` app), the
disclosure control, the pages and the exports. Categories follow REFERENCE.md §4: the PKS
injured-person variables (sex, age bands, residence status) and the OHS/NGO ones (form of
exploitation, place, nationality by region). Cases, persons and offences are counted apart:
each measure names its unit.

Every dimension partitions its measure: each counted unit has exactly one value in it
(`unknown` or `none` included), so the values of a dimension add up to the measure's total.
Every measure counts events dated in the period, so months add up to quarters and quarters to
years. Disclosure control relies on both (ksmm/statistics/disclosure.py).

Change RULES_VERSION whenever what a measure counts changes; each aggregate and release keeps
the version it was counted with.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RULES_VERSION = "2026_1"

ALL_FORMS = "all"
SWITZERLAND = "ch"


@dataclass(frozen=True)
class Dimension:
    key: str
    label: Promise
    values: tuple[tuple[str, Promise], ...]

    @property
    def value_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _label in self.values)


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise
    unit: str  # one of UNITS
    dimensions: tuple[Dimension, ...]
    description: Promise


UNITS = {
    "cases": _("cases"),
    "persons": _("persons"),
    "offences": _("offences"),
    "periods": _("reflection periods"),
    "permits": _("permits"),
}

FORM = Dimension(
    "form",
    _("Form of exploitation"),
    (
        ("sexual", _("Sexual exploitation")),
        ("labour", _("Labour exploitation")),
        ("organ_removal", _("Organ removal")),
        ("unknown", pgettext_lazy("exploitation type", "Unknown")),
    ),
)
SEX = Dimension(
    "sex",
    _("Sex"),
    (("female", _("Female")), ("male", _("Male")), ("unknown", _("Unknown or undetermined"))),
)
AGE_BAND = Dimension(
    "age_band",
    _("Age (PKS bands)"),
    (
        ("under_10", _("under 10")),
        ("10_14", _("10–14")),
        ("15_17", _("15–17")),
        ("18_19", _("18–19")),
        ("20_24", _("20–24")),
        ("25_29", _("25–29")),
        ("30_34", _("30–34")),
        ("35_39", _("35–39")),
        ("40_49", _("40–49")),
        ("50_59", _("50–59")),
        ("60_69", _("60–69")),
        ("70_plus", _("70 and over")),
        ("unknown", _("Age unknown")),
    ),
)
MINOR = Dimension(
    "minor",
    _("Minors"),
    (("minor", _("Minor or presumed minor")), ("adult", _("Adult"))),
)
RESIDENCE_STATUS = Dimension(
    "residence_status",
    _("Residence status (PKS)"),
    (
        ("swiss", _("Swiss")),
        ("foreign_permanent", _("Foreigners in the permanent resident population")),
        ("asylum", _("Asylum population")),
        ("other_foreign", _("Other foreigners")),
        ("unknown", _("Status unknown")),
    ),
)
NATIONALITY_REGION = Dimension(
    "nationality_region",
    _("Nationality by region"),
    (
        ("switzerland", _("Switzerland")),
        ("eu_efta", _("EU/EFTA")),
        ("other_europe", _("Rest of Europe")),
        ("africa", _("Africa")),
        ("asia", _("Asia")),
        ("americas", _("Americas")),
        ("oceania", _("Oceania")),
        ("unknown", _("Nationality unknown")),
    ),
)
PLACE = Dimension(
    "place",
    _("Place of exploitation"),
    (
        ("switzerland", _("In Switzerland")),
        ("abroad", _("Abroad")),
        ("unknown", pgettext_lazy("place of exploitation", "Unknown")),
    ),
)
SOURCE = Dimension(
    "source",
    _("Source of identification"),
    (
        ("police_check", _("Police check")),
        ("aid_contact", _("Contact with a victim-aid service")),
        ("self_referral", _("Self-referral")),
        ("hotline", _("Hotline")),
        ("other_canton", _("Another canton")),
        ("abroad", _("Abroad")),
    ),
)
CLOSURE_OUTCOME = Dimension(
    "closure_outcome",
    _("Outcome"),
    (
        ("returned", _("Returned to the country of origin")),
        ("further_stay", _("Further stay in Switzerland")),
        ("proceedings_ended", _("Proceedings ended")),
        ("lost_contact", _("Contact lost")),
        ("other", _("Other reason")),
    ),
)
REFLECTION_DECISION = Dimension(
    "reflection_decision",
    _("Decision"),
    (("granted", _("Granted")), ("refused", _("Refused"))),
)
REFLECTION_LENGTH = Dimension(
    "reflection_length",
    _("Length granted"),
    (
        ("days_30", _("30 days")),
        ("days_31_60", _("31–60 days")),
        ("days_61_90", _("61–90 days")),
        ("days_91_plus", _("more than 90 days")),
    ),
)
PERMIT_KIND = Dimension(
    "permit_kind",
    _("Permit"),
    (("l", _("L permit (short stay)")), ("b", _("B permit (residence)"))),
)
NOTICE_TIMING = Dimension(
    "notice_timing",
    _("Information on assistance"),
    (
        ("within_3_days", _("Delivered within 3 days of intake")),
        ("later", _("Delivered later")),
        ("none", _("Not delivered yet")),
    ),
)
FIRST_CONTACT = Dimension(
    "first_contact",
    _("Days from intake to first victim-aid contact"),
    (
        ("days_0_1", _("0–1 days")),
        ("days_2_7", _("2–7 days")),
        ("days_8_30", _("8–30 days")),
        ("days_31_plus", _("more than 30 days")),
        ("none", _("No contact yet")),
    ),
)
OFFENCE = Dimension(
    "offence",
    _("Offence"),
    (
        ("art_182", _("Human trafficking (Art. 182 SCC)")),
        ("art_195", _("Encouraging prostitution (Art. 195 SCC)")),
        ("art_157", _("Usury (Art. 157 SCC)")),
        ("art_181a", _("Forced marriage (Art. 181a SCC)")),
        ("aig_116", _("Facilitating unlawful employment (Art. 116 FNIA)")),
        ("other", _("Other offence")),
    ),
)

MEASURES: tuple[Measure, ...] = (
    Measure(
        "cases_opened",
        _("Cases opened"),
        "cases",
        (SOURCE, PLACE),
        _(
            "Cases opened in the period, by the date of intake. A case transferred from another canton "
            "is counted in both cantons, in the receiving one with the source “Another canton”."
        ),
    ),
    Measure(
        "cases_closed",
        _("Cases closed"),
        "cases",
        (CLOSURE_OUTCOME,),
        _(
            "Cases closed in the period, by the reason recorded at closure; a case transferred to another "
            "canton is not closed but goes on there."
        ),
    ),
    Measure(
        "victims_identified",
        _("Presumed victims identified"),
        "persons",
        (SEX, AGE_BAND, MINOR, RESIDENCE_STATUS, NATIONALITY_REGION, PLACE, SOURCE),
        _(
            "Persons first assessed as presumed victims in the period. A person with two cases in one "
            "canton is counted once; persons in two cantons are counted in each."
        ),
    ),
    Measure(
        "offences",
        _("Offences in criminal proceedings"),
        "offences",
        (OFFENCE,),
        _("Offences named in criminal proceedings opened in the period; one proceeding can name several."),
    ),
    Measure(
        "reflection_requested",
        _("Reflection periods requested"),
        "periods",
        (),
        _("Requests for a recovery and reflection period (Art. 35 VZAE), by the date of the request."),
    ),
    Measure(
        "reflection_decided",
        _("Reflection periods decided"),
        "periods",
        (REFLECTION_DECISION,),
        _("Decisions of the migration office on reflection periods, by the date of the decision."),
    ),
    Measure(
        "reflection_length",
        _("Length of reflection periods granted"),
        "periods",
        (REFLECTION_LENGTH,),
        _("Reflection periods granted in the period, by the length granted including extensions."),
    ),
    Measure(
        "permits_requested",
        _("Permits requested"),
        "permits",
        (PERMIT_KIND,),
        _("Requests for an L permit (Art. 36 VZAE) or a B permit (Art. 31 VZAE), by the date of the request."),
    ),
    Measure(
        "permits_granted",
        _("Permits granted"),
        "permits",
        (PERMIT_KIND,),
        _("L and B permits granted, by the date of the decision."),
    ),
    Measure(
        "notice_timing",
        _("Information on assistance"),
        "cases",
        (NOTICE_TIMING,),
        _("Cases opened in the period, by when the first notice was delivered in the victim's language."),
    ),
    Measure(
        "first_aid_contact",
        _("First victim-aid contact"),
        "cases",
        (FIRST_CONTACT,),
        _("Cases opened in the period, by the days from intake to the first contact with victim aid."),
    ),
)

MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}
FORM_KEYS = FORM.value_keys


def measure(key: str) -> Measure:
    return MEASURES_BY_KEY[key]
