"""Loading the demo into the demo cantons, once: directory, people, cases (attachments on one in ZH),
round table, permits."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.cantons.models import Canton
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from .attachments import load_demo_attachments
from .cases import DEMO_CASES, load_demo_cases
from .hand_offs import load_hand_offs
from .operations import load_operations
from .people import (
    DEMO_ADDRESSES,
    DEMO_CANTONS,
    DEMO_EMAIL_DOMAIN,
    DIRECTORY_ENTRIES,
    FEDERAL_PEOPLE,
    ORGANISATIONS,
    PEOPLE,
    create_demo_user,
    demo_email,
    demo_totp_key,
)
from .permits import load_permits_demo
from .proceedings import load_proceedings_demo
from .round_tables import load_round_table


def demo_loaded() -> bool:
    return User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").exists()


# Postal code and town of the capital only: no invented street addresses or phone numbers.


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
            for entry in DIRECTORY_ENTRIES[code]:
                fields = {key: value for key, value in entry.items() if key != "name"}
                Organisation.objects.get_or_create(name=entry["name"], defaults={**fields, **DEMO_ADDRESSES[code]})
            for person in PEOPLE:
                email = demo_email(person, code)
                user = User.objects.filter(email=email).first() or create_demo_user(email, person.full_name)
                TOTPDevice.objects.get_or_create(
                    user=user, name="demo", defaults={"key": demo_totp_key(email), "confirmed": True}
                )
                Membership.objects.update_or_create(
                    user=user,
                    defaults={"organisation": organisations[person.organisation_type], "role": person.role},
                )
                logins.append((code, email, person.role))
            if code in DEMO_CASES:
                load_demo_cases(DEMO_CASES[code], organisations)
            if code == "ZH":
                load_demo_attachments(organisations)
            load_round_table(code, organisations)
            load_hand_offs(code, organisations)
            load_operations(code, organisations)
            load_proceedings_demo(code, organisations)
    load_permits_demo()
    return logins + load_federal_people()


def load_federal_people() -> list[tuple[str, str, str]]:
    """The federal analyst and administrator, in the public schema, with published TOTP secrets."""
    logins = []
    with transaction.atomic():
        for person in FEDERAL_PEOPLE:
            user = User.objects.filter(email=person.email).first() or create_demo_user(person.email, person.full_name)
            if user.federal_role != person.role:
                user.federal_role = person.role
                user.save(update_fields=["federal_role"])
            TOTPDevice.objects.get_or_create(
                user=user, name="demo", defaults={"key": demo_totp_key(person.email), "confirmed": True}
            )
            logins.append(("CH", person.email, str(person.role)))
    return logins
