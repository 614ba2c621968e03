"""The demo's organisations and people: one account per role and canton, a shared password and
published TOTP secrets (never for production)."""

import functools
import hashlib
import time
from base64 import b32encode
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ksmm.accounts.models import FederalRole, User
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

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


@dataclass(frozen=True)
class FederalDemoPerson:
    key: str
    full_name: str
    role: FederalRole

    @property
    def email(self) -> str:
        return f"{self.key}.ch@{DEMO_EMAIL_DOMAIN}"


# The federal level (the bare host): ".ch" in the address, as the cantons' codes are in theirs.
FEDERAL_PEOPLE: tuple[FederalDemoPerson, ...] = (
    FederalDemoPerson("analyst", "Demo Federal Analyst", FederalRole.ANALYST),
    FederalDemoPerson("admin", "Demo Federal Administrator", FederalRole.ADMIN),
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


def create_demo_user(email: str, full_name: str) -> User:
    user = User.objects.create_user(email, None, full_name=full_name)
    user.password = _demo_password_hash()
    user.save(update_fields=["password"])
    return user


DEMO_ADDRESSES = {
    "ZH": {"postal_code": "8001", "town": "Zürich"},
    "GE": {"postal_code": "1204", "town": "Genève"},
    "TI": {"postal_code": "6500", "town": "Bellinzona"},
    "BE": {"postal_code": "3011", "town": "Bern"},
}


# Directory entries of authorities that take part without accounts: referrals to them go out by letter.
DIRECTORY_ENTRIES: dict[str, tuple[dict[str, object], ...]] = {
    "ZH": (
        {"name": "KESB Stadt Zürich (Demo)", "type": Type.KESB, "languages": ["de"]},
        {"name": "IOM Bern (Demo)", "type": Type.IOM, "level": "international", "languages": ["en", "de", "fr"]},
    ),
    "GE": (
        {"name": "Tribunal de protection de l'adulte et de l'enfant (démo)", "type": Type.KESB, "languages": ["fr"]},
        {"name": "OIM Berne (démo)", "type": Type.IOM, "level": "international", "languages": ["fr", "en"]},
    ),
    "TI": (
        {"name": "Autorità regionale di protezione Bellinzona (demo)", "type": Type.KESB, "languages": ["it"]},
        {"name": "OIM Berna (demo)", "type": Type.IOM, "level": "international", "languages": ["it", "en"]},
    ),
    "BE": (
        {"name": "KESB Bern / APEA Berne (Demo)", "type": Type.KESB, "languages": ["de", "fr"]},
        {"name": "IOM Bern (Demo)", "type": Type.IOM, "level": "international", "languages": ["de", "en"]},
    ),
}
