"""The demo cases of each demo canton, opened as their intake organisations would."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from cases.actions import do_add_party
from cases.consents import do_record_consent
from cases.identity import IdentityData, do_save_identity
from cases.intake import do_take_in
from cases.models import Case, Consent, CounsellingPart
from cases.notes import do_add_counselling_entry, do_add_evidence_note
from cases.steps.actions import check_save_step
from cases.steps.models import RiskLevel, SafetyAssessment
from ksmm.partners.models import Organisation

from .people import Type


@dataclass(frozen=True)
class DemoCase:
    """A fictitious case: pseudonym, invented identity, and what the partners have noted."""

    pseudonym: str
    opened_on: date
    source: str
    exploitation_type: str
    subtypes: tuple[str, ...]
    place: str
    official_name: str
    first_name: str
    date_of_birth: str
    nationality: str
    languages: tuple[str, ...]
    counselling: str
    evidence: str
    consent_to_police: bool = False
    safety_threats: str = ""  # a police safety assessment, due for review in two weeks


DEMO_CASES: dict[str, tuple[DemoCase, ...]] = {
    "ZH": (
        DemoCase("Aurora", date(2026, 2, 3), Case.Source.POLICE_CHECK, Case.ExploitationType.SEXUAL,
                 ("prostitution",), Case.Place.SWITZERLAND, "Demovska", "Mira", "1998-05", "BG", ("bg", "en"),
                 "Erstgespräch geführt; Unterbringung in der Schutzwohnung organisiert.",
                 "Kontrolle im Salon, Mobiltelefon sichergestellt.", consent_to_police=True,
                 safety_threats="Drohnachrichten des mutmasslichen Zuhälters an die Familie im Herkunftsland."),
        DemoCase("Birke", date(2026, 3, 10), Case.Source.HOTLINE, Case.ExploitationType.LABOUR,
                 ("domestic_servitude",), Case.Place.SWITZERLAND, "Beispielsson", "Lin", "2009", "PH", ("tl",),
                 "Telefonische Beratung; Dolmetscherin für Tagalog organisiert.", "Hinweis der Hotline erfasst."),
        DemoCase("Cedro", date(2026, 4, 1), Case.Source.OTHER_CANTON, Case.ExploitationType.LABOUR,
                 ("construction",), Case.Place.ABROAD, "Fiktivescu", "Andrei", "1985-11-02", "RO", ("ro",),
                 "Beratung zu Ansprüchen nach OHG trotz Ausbeutung im Ausland.", ""),
    ),
    "GE": (
        DemoCase("Dahlia", date(2026, 1, 20), Case.Source.AID_CONTACT, Case.ExploitationType.SEXUAL,
                 ("prostitution",), Case.Place.SWITZERLAND, "Exemplo", "Joy", "2001", "NG", ("en",),
                 "Premier entretien au centre LAVI ; hébergement d'urgence.", "Plainte en préparation."),
        DemoCase("Erable", date(2026, 3, 5), Case.Source.SELF_REFERRAL, Case.ExploitationType.LABOUR,
                 ("begging",), Case.Place.UNKNOWN, "Fictivo", "Ana", "", "RO", ("ro", "fr"),
                 "Orientation vers l'aide au retour discutée.", ""),
    ),
    "TI": (
        DemoCase("Faggio", date(2026, 2, 16), Case.Source.POLICE_CHECK, Case.ExploitationType.SEXUAL,
                 ("prostitution",), Case.Place.SWITZERLAND, "Esempiova", "Dana", "2000-08", "HU", ("hu", "it"),
                 "Primo colloquio svolto; alloggio protetto organizzato.",
                 "Controllo in un locale, documenti sequestrati.", consent_to_police=True),
        DemoCase("Glicine", date(2026, 4, 22), Case.Source.AID_CONTACT, Case.ExploitationType.LABOUR,
                 ("agriculture",), Case.Place.SWITZERLAND, "Fittizio", "Marco", "1990", "RO", ("ro", "it"),
                 "Consulenza sui diritti LAV; interprete rumeno organizzato.", ""),
    ),
}  # fmt: skip


def load_demo_cases(cases: tuple[DemoCase, ...], organisations: dict[str, Organisation]) -> None:
    """Opens the demo cases once, through the real actions (numbers, grants, encryption, audit)."""
    police, aid = organisations[Type.CANTONAL_POLICE], organisations[Type.VICTIM_AID]
    for demo in cases:
        if Case.objects.filter(pseudonym=demo.pseudonym).exists():
            continue
        intake = police if demo.source == Case.Source.POLICE_CHECK else aid
        case, _duplicates = do_take_in(
            acting_user=None,
            organisation=intake,
            pseudonym=demo.pseudonym,
            opened_on=demo.opened_on,
            source=demo.source,
            exploitation_type=demo.exploitation_type,
            exploitation_subtypes=demo.subtypes,
            place_of_exploitation=demo.place,
            identity=None,
        )
        for org_type in (Type.CANTONAL_POLICE, Type.VICTIM_AID, Type.MIGRATION_OFFICE, Type.PUBLIC_PROSECUTOR):
            do_add_party(acting_user=None, case=case, organisation=organisations[org_type])
        do_save_identity(
            acting_user=None,
            case=case,
            data=IdentityData(
                official_name=demo.official_name,
                first_name=demo.first_name,
                date_of_birth=demo.date_of_birth,
                age_in_doubt=not demo.date_of_birth,
                nationality=demo.nationality,
                languages=list(demo.languages),
                interpreter_needed=True,
            ),
        )
        do_add_counselling_entry(
            acting_user=None, organisation=aid, case=case, part=CounsellingPart.NOTES, occurred_on=demo.opened_on,
            text=demo.counselling,
        )  # fmt: skip
        if demo.evidence:
            do_add_evidence_note(acting_user=None, organisation=police, case=case, text=demo.evidence)
        if demo.consent_to_police:
            do_record_consent(
                acting_user=None, organisation=aid, case=case, recipient=police, purpose="Einvernahme vorbereiten",
                scope=[CounsellingPart.NOTES], basis=Consent.Basis.CONSENT, given_on=demo.opened_on, justification="",
            )  # fmt: skip
        if demo.safety_threats:
            _assess_safety(case=case, police=police, threats=demo.safety_threats)


def _assess_safety(*, case: Case, police: Organisation, threats: str) -> None:
    """The police's assessment: victim aid reads its threats and measures under the agreement's
    safety-details grant, and its review date opens a deadline of the police."""
    today = timezone.localdate()
    check_save_step(
        acting_user=None,
        organisation=police,
        step=SafetyAssessment(
            case=case, assessed_on=max(case.opened_on, today - timedelta(days=7)), risk_level=RiskLevel.HIGH,
            review_on=today + timedelta(days=14), threats=threats,
            measures="Adresse gesperrt; Notfallnummer der Polizei an die Schutzwohnung gegeben.",
        ),
    )  # fmt: skip
