"""Demo data for `make run`: four cantons, one organisation per core-group type, one user per role,
and each canton's round table with an approved annual assessment.

Every name here is invented or a public institution's name; no real person appears.
"""

import functools
import hashlib
import time
from base64 import b32encode
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
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
from ksmm.partners.models import ContactPerson, Organisation

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
    """The demo person's code for now. A code works once: right after a sign-in, the next time
    step's code (within the one-step tolerance), or a short wait for one."""

    key = bytes.fromhex(demo_totp_key(email))
    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
    while True:
        if device is None:
            return f"{totp(key):06d}"
        now_step = (int(time.time()) - device.t0) // device.step
        ahead = max(0, device.last_t + 1 - now_step)
        if ahead <= device.tolerance:
            return f"{totp(key, step=device.step, t0=device.t0, digits=device.digits, drift=ahead):06d}"
        time.sleep(1)
        device.refresh_from_db()


@functools.cache
def _demo_password_hash() -> str:
    """Hashed once for all demo accounts, which share a published password: PBKDF2 takes about
    half a second per hash, which was most of the demo seed's time for 24 accounts."""
    return make_password(DEMO_PASSWORD)


def _create_demo_user(email: str, full_name: str) -> User:
    user = User.objects.create_user(email, None, full_name=full_name)
    user.password = _demo_password_hash()
    user.save(update_fields=["password"])
    return user


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
                user = User.objects.filter(email=email).first() or _create_demo_user(email, person.full_name)
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
            load_round_table(code, organisations)
    load_permits_demo()
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


@dataclass(frozen=True)
class DemoRoundTable:
    name: str
    authority: str
    document: str
    associate: str
    minutes: str
    decisions: tuple[str, str]
    items: tuple[tuple[str, str], tuple[str, str]]  # (task, organisation type of the owner)


ROUND_TABLES: dict[str, DemoRoundTable] = {
    "ZH": DemoRoundTable(
        name="Runder Tisch gegen Menschenhandel des Kantons Zürich",
        authority="Regierungsrat des Kantons Zürich",
        document="RRB Nr. 100/2020 (Demo)",
        associate="Fachstelle gegen Menschenhandel Zürich (Demo)",
        minutes=(
            "Die erweiterte Gruppe beurteilt die Zusammenarbeit des vergangenen Jahres.\n\n"
            "Die Vorankündigung von Kontrollen an die Opferhilfe hat sich bewährt; bei zwei Einsätzen "
            "fehlte eine Übersetzung. Die Bedenkzeit wurde in allen Fällen innert einer Woche bewilligt."
        ),
        decisions=(
            "Die Polizei meldet Kontrollen mindestens 24 Stunden im Voraus der Opferhilfe.",
            "Die Vereinbarung wird bis Ende Jahr überprüft.",
        ),
        items=(
            ("Dolmetscherpool für Einsätze ausserhalb der Bürozeiten klären", Type.CANTONAL_POLICE),
            ("Entwurf der überarbeiteten Vereinbarung vorlegen", Type.PUBLIC_PROSECUTOR),
        ),
    ),
    "GE": DemoRoundTable(
        name="Table ronde contre la traite des êtres humains du canton de Genève",
        authority="Conseil d'État de la République et canton de Genève",
        document="Arrêté du 12 février 2020 (démo)",
        associate="Association genevoise contre la traite (démo)",
        minutes=(
            "Le groupe élargi évalue la coopération de l'année écoulée.\n\n"
            "L'annonce préalable des contrôles au centre LAVI a fait ses preuves ; l'hébergement "
            "d'urgence a manqué de places à deux reprises."
        ),
        decisions=(
            "Le centre LAVI dispose de deux places d'hébergement d'urgence supplémentaires.",
            "La convention est révisée d'ici la fin de l'année.",
        ),
        items=(
            ("Trouver deux places d'hébergement d'urgence supplémentaires", Type.VICTIM_AID),
            ("Présenter le projet de convention révisée", Type.PUBLIC_PROSECUTOR),
        ),
    ),
    "TI": DemoRoundTable(
        name="Tavola rotonda contro la tratta di esseri umani del Cantone Ticino",
        authority="Consiglio di Stato del Cantone Ticino",
        document="Risoluzione n. 100/2020 (demo)",
        associate="Associazione ticinese contro la tratta (demo)",
        minutes=(
            "Il gruppo allargato valuta la cooperazione dell'anno trascorso.\n\n"
            "Il periodo di riflessione è stato concesso in tutti i casi; la collaborazione con i "
            "cantoni vicini va rafforzata."
        ),
        decisions=(
            "La polizia informa il servizio di aiuto alle vittime prima di ogni controllo.",
            "La convenzione è rivista entro la fine dell'anno.",
        ),
        items=(
            ("Organizzare un incontro con i cantoni vicini", Type.CANTONAL_POLICE),
            ("Presentare la bozza della convenzione rivista", Type.PUBLIC_PROSECUTOR),
        ),
    ),
    "BE": DemoRoundTable(
        name="Runder Tisch gegen Menschenhandel des Kantons Bern / Table ronde du canton de Berne",
        authority="Regierungsrat des Kantons Bern / Conseil-exécutif du canton de Berne",
        document="RRB Nr. 100/2020 (Demo)",
        associate="Fachstelle Menschenhandel Bern / Service traite Berne (Demo)",
        minutes=(
            "Die erweiterte Gruppe beurteilt die Zusammenarbeit des vergangenen Jahres. "
            "Le groupe élargi évalue la coopération de l'année écoulée.\n\n"
            "Die Information über die Opferrechte liegt neu auf Deutsch und Französisch vor."
        ),
        decisions=(
            "Die Informationsblätter werden zweisprachig abgegeben. / Les fiches sont remises en deux langues.",
            "Die Vereinbarung wird überprüft. / La convention est révisée.",
        ),
        items=(
            ("Merkblatt zweisprachig drucken / Imprimer la fiche en deux langues", Type.VICTIM_AID),
            ("Entwurf der Vereinbarung vorlegen / Présenter le projet de convention", Type.PUBLIC_PROSECUTOR),
        ),
    ),
}

MEMBER_ROLES: dict[str, str] = {
    Type.PUBLIC_PROSECUTOR: "chair",
    Type.CANTONAL_POLICE: "police",
    Type.MIGRATION_OFFICE: "migration",
    Type.VICTIM_AID: "victim_aid",
}
REPRESENTATIVES: dict[str, tuple[str, str]] = {
    Type.PUBLIC_PROSECUTOR: ("Demo Prosecutor", "Demo Deputy Prosecutor"),
    Type.CANTONAL_POLICE: ("Demo Police Officer", "Demo Deputy Police Officer"),
    Type.MIGRATION_OFFICE: ("Demo Migration Officer", "Demo Deputy Migration Officer"),
    Type.VICTIM_AID: ("Demo Victim-Aid Counsellor", "Demo Deputy Counsellor"),
    Type.NGO: ("Demo NGO Counsellor", "Demo Deputy NGO Counsellor"),
}
ASSESSMENT_DATE = date(2026, 3, 18)


def load_round_table(code: str, organisations: dict[str, Organisation]) -> None:
    """The canton's round table with its groups and one approved annual assessment, once."""
    from roundtables.meetings.actions import check_approve, check_save_action_item, do_create_meeting, do_save_part
    from roundtables.models import ActionItem, Decision, RoundTable, RoundTableMember
    from roundtables.round_tables.actions import check_save_member, check_save_round_table

    if RoundTable.objects.exists():
        return
    demo = ROUND_TABLES[code]
    associate, _created = Organisation.objects.get_or_create(
        name=demo.associate,
        defaults={"type": Type.NGO, "level": "ngo", "group": Organisation.Group.ASSOCIATE, **DEMO_ADDRESSES[code]},
    )
    members = {**organisations, Type.NGO: associate}
    representatives = {
        org_type: tuple(
            ContactPerson.objects.get_or_create(organisation=organisation, name=name)[0]
            for name in REPRESENTATIVES[org_type]
        )
        for org_type, organisation in members.items()
    }
    prosecution = organisations[Type.PUBLIC_PROSECUTOR]
    round_table = check_save_round_table(
        acting_user=None,
        round_table=RoundTable(
            name=demo.name, mandate_authority=demo.authority, mandate_date=date(2020, 2, 12),
            mandate_document=demo.document, chair_organisation=prosecution,
            chair_contact=representatives[Type.PUBLIC_PROSECUTOR][0], steward_organisation=prosecution,
        ),
    )  # fmt: skip
    for org_type, organisation in members.items():
        representative, deputy = representatives[org_type]
        check_save_member(
            acting_user=None,
            member=RoundTableMember(
                round_table=round_table, organisation=organisation, representative=representative, deputy=deputy,
                group="associate" if org_type == Type.NGO else "core", role=MEMBER_ROLES.get(org_type, "prevention"),
            ),
        )  # fmt: skip
    meeting = do_create_meeting(
        acting_user=None, round_table=round_table, date=ASSESSMENT_DATE, kind="annual_assessment",
        minutes=demo.minutes, attendance=[(org.pk, representatives[t][0].pk) for t, org in members.items()],
    )  # fmt: skip
    for order, text in enumerate(demo.decisions, start=1):
        do_save_part(acting_user=None, meeting=meeting, obj=Decision(meeting=meeting, order=order, text=text))
    for months, (task, owner_type) in enumerate(demo.items, start=9):
        item = ActionItem(description=task, owner=members[owner_type], due_date=date(2026, months + 2, 30))
        check_save_action_item(acting_user=None, meeting=meeting, item=item)
    check_approve(acting_user=None, meeting=meeting)


DEMO_RESIDENCE_PSEUDONYM = "Demo Lea"


def load_permits_demo() -> None:
    """ZH: a case with a granted recovery and reflection period and an open L permit request.

    Made through the real actions, so its deadlines and audit entries exist as in use; skipped
    when the case is already there.
    """
    from datetime import timedelta

    from django.utils import timezone

    from cases.actions import do_add_party, do_open_case
    from cases.models import Case
    from permits.actions import check_decide_reflection_period, check_request_reflection_period
    from permits.models import PermitKind, Stay
    from permits.permit_actions import check_request_permit
    from permits.stays.actions import check_record_stay

    with transaction.atomic(), schema_context("zh"):
        if Case.objects.filter(pseudonym=DEMO_RESIDENCE_PSEUDONYM).exists():
            return
        by_type = {
            organisation.type: organisation
            for organisation in Organisation.objects.filter(name__in=ORGANISATIONS["ZH"].values())
        }
        aid, migration = by_type[Type.VICTIM_AID], by_type[Type.MIGRATION_OFFICE]
        today = timezone.localdate()
        start = today - timedelta(days=10)
        case = do_open_case(
            acting_user=None, organisation=aid, pseudonym=DEMO_RESIDENCE_PSEUDONYM, opened_on=start - timedelta(days=2)
        )
        for organisation_type in (Type.CANTONAL_POLICE, Type.PUBLIC_PROSECUTOR):
            do_add_party(acting_user=None, case=case, organisation=by_type[organisation_type])
        period = check_request_reflection_period(
            acting_user=None,
            organisation=aid,
            case=case,
            addressed_to=migration,
            requested_on=start - timedelta(days=1),
            grounds="Begründete Hinweise aus dem Erstgespräch (Demo).",
        )
        check_decide_reflection_period(
            acting_user=None, organisation=migration, period=period, grant=True, decided_on=start, length_days=30
        )
        check_record_stay(
            acting_user=None,
            organisation=aid,
            case=case,
            basis=Stay.Basis.SUSPENDED_REMOVAL,
            starts_on=start,
            expected_until=start + timedelta(days=365),
        )
        check_request_permit(
            acting_user=None,
            organisation=by_type[Type.PUBLIC_PROSECUTOR],
            case=case,
            kind=PermitKind.L,
            addressed_to=migration,
            requested_on=today,
            expected_until=start + timedelta(days=365),
            grounds="Die Anwesenheit ist für das Strafverfahren nötig (Demo).",
        )
