"""Demo data for `make run`: four cantons, one organisation per core-group type, one user per role.

Every name here is invented or a public institution's name; no real person appears.
"""

import hashlib
from base64 import b32encode
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.consents import do_record_consent
from cases.identity import IdentityData, do_save_identity
from cases.intake import do_take_in
from cases.models import Case, Consent, CounsellingPart
from cases.notes import do_add_counselling_entry, do_add_evidence_note
from ksmm.accounts.models import User
from ksmm.cantons.models import Canton
from ksmm.memberships.models import Membership
from partners.models import Organisation

DEMO_PASSWORD = "ksmm-demo-2026"  # noqa: S105 - printed by `make run` on purpose
DEMO_EMAIL_DOMAIN = "demo.ksmm.test"
DEMO_CANTONS = ("ZH", "GE", "TI", "BE")

Type = Organisation.Type
Role = Membership.Role

ORGANISATIONS: dict[str, dict[str, str]] = {
    "ZH": {
        Type.PUBLIC_PROSECUTOR: "Staatsanwaltschaft des Kantons Zürich",
        Type.CANTONAL_POLICE: "Kantonspolizei Zürich",
        Type.MIGRATION_OFFICE: "Migrationsamt des Kantons Zürich",
        Type.VICTIM_AID: "Opferhilfe-Beratungsstelle Zürich (Demo)",
    },
    "GE": {
        Type.PUBLIC_PROSECUTOR: "Ministère public du canton de Genève",
        Type.CANTONAL_POLICE: "Police cantonale genevoise",
        Type.MIGRATION_OFFICE: "Office cantonal de la population et des migrations",
        Type.VICTIM_AID: "Centre de consultation LAVI Genève (démo)",
    },
    "TI": {
        Type.PUBLIC_PROSECUTOR: "Ministero pubblico del Cantone Ticino",
        Type.CANTONAL_POLICE: "Polizia cantonale ticinese",
        Type.MIGRATION_OFFICE: "Sezione della popolazione, Ufficio della migrazione",
        Type.VICTIM_AID: "Servizio di aiuto alle vittime (demo)",
    },
    "BE": {
        Type.PUBLIC_PROSECUTOR: "Staatsanwaltschaft des Kantons Bern",
        Type.CANTONAL_POLICE: "Kantonspolizei Bern",
        Type.MIGRATION_OFFICE: "Migrationsdienst des Kantons Bern",
        Type.VICTIM_AID: "Opferhilfe Bern / Aide aux victimes Berne (Demo)",
    },
}


@dataclass(frozen=True)
class DemoPerson:
    key: str
    full_name: str
    organisation_type: str
    role: str
    language: str = ""


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("police", "Demo Police Officer", Type.CANTONAL_POLICE, Role.MEMBER),
    DemoPerson("prosecutor", "Demo Prosecutor", Type.PUBLIC_PROSECUTOR, Role.LEAD),
    DemoPerson("migration", "Demo Migration Officer", Type.MIGRATION_OFFICE, Role.MEMBER),
    DemoPerson("victimaid", "Demo Victim-Aid Counsellor", Type.VICTIM_AID, Role.MEMBER),
    DemoPerson("coordinator", "Demo Round-Table Coordinator", Type.PUBLIC_PROSECUTOR, Role.COORDINATOR),
    DemoPerson("admin", "Demo Canton Administrator", Type.PUBLIC_PROSECUTOR, Role.CANTON_ADMIN),
)


def demo_email(person: DemoPerson, code: str) -> str:
    return f"{person.key}.{code.lower()}@{DEMO_EMAIL_DOMAIN}"


def demo_totp_key(email: str) -> str:
    """A fixed, published TOTP key per demo account (hex), so a newcomer can sign in."""
    return hashlib.sha1(f"ksmm-demo:{email}".encode()).hexdigest()  # noqa: S324 - not a security use


def demo_totp_secret(email: str) -> str:
    """The same key in base32, as authenticator apps expect it."""
    return b32encode(bytes.fromhex(demo_totp_key(email))).decode()


def demo_totp_code(email: str) -> str:
    return f"{totp(bytes.fromhex(demo_totp_key(email))):06d}"


def demo_loaded() -> bool:
    return User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").exists()


# Postal code and town of the capital only: no invented street addresses or phone numbers.
DEMO_ADDRESSES = {
    "ZH": {"postal_code": "8001", "town": "Zürich"},
    "GE": {"postal_code": "1204", "town": "Genève"},
    "TI": {"postal_code": "6500", "town": "Bellinzona"},
    "BE": {"postal_code": "3011", "town": "Bern"},
}


def load_demo() -> list[tuple[str, str, str]]:
    """Creates the demo organisations, users and memberships; returns (canton, email, role) rows."""
    logins: list[tuple[str, str, str]] = []
    for code in DEMO_CANTONS:
        canton = Canton.objects.get(code=code)
        with transaction.atomic(), schema_context(canton.schema_name):
            organisations = {
                org_type: Organisation.objects.get_or_create(
                    name=name,
                    defaults={"type": org_type, "group": Organisation.Group.CORE, **DEMO_ADDRESSES[code]},
                )[0]
                for org_type, name in ORGANISATIONS[code].items()
            }
            for person in PEOPLE:
                email = demo_email(person, code)
                user = User.objects.filter(email=email).first() or User.objects.create_user(
                    email, DEMO_PASSWORD, full_name=person.full_name
                )
                TOTPDevice.objects.get_or_create(
                    user=user, name="demo", defaults={"key": demo_totp_key(email), "confirmed": True}
                )
                Membership.objects.update_or_create(
                    user=user,
                    defaults={"organisation": organisations[person.organisation_type], "role": person.role},
                )
                logins.append((code, email, person.role))
            if code in DEMO_CASES:
                _load_demo_cases(DEMO_CASES[code], organisations)
    return logins


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


DEMO_CASES: dict[str, tuple[DemoCase, ...]] = {
    "ZH": (
        DemoCase("Aurora", date(2026, 2, 3), Case.Source.POLICE_CHECK, Case.ExploitationType.SEXUAL,
                 ("prostitution",), Case.Place.SWITZERLAND, "Demovska", "Mira", "1998-05", "BG", ("bg", "en"),
                 "Erstgespräch geführt; Unterbringung in der Schutzwohnung organisiert.",
                 "Kontrolle im Salon, Mobiltelefon sichergestellt.", consent_to_police=True),
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
}  # fmt: skip


def _load_demo_cases(cases: tuple[DemoCase, ...], organisations: dict[str, Organisation]) -> None:
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
