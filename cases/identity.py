"""The identity compartment: partial birth dates, the presumption of minority, the blind index
for search and duplicate detection, and saving an identity (audited)."""

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment

from .encryption import blind_index, key_versions, normalise
from .matching import do_refresh_federal_match
from .models import BlindIndexEntry, Case, DuplicateFlag, Identity, PersonIdentifier

ADULT_AGE = 18
# ASCII digits only: \d would take "١٩٩٠", which int() reads but no eCH partner does.
_BIRTH_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)


class InvalidBirthDate(ValueError):
    """Not "YYYY", "YYYY-MM" or "YYYY-MM-DD", or not a real date."""


def parse_birth_date(value: str) -> tuple[int, int | None, int | None]:
    """Year, month and day of an eCH-0044 partly known date; month and day may be unknown."""
    match = _BIRTH_DATE.match(value.strip())
    if not match:
        raise InvalidBirthDate(_("Enter a year (1990), a year and month (1990-04) or a full date (1990-04-17)."))
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # noqa: S101 (the pattern requires the year)
    try:
        date(year, month or 1, day or 1)
    except ValueError as error:
        raise InvalidBirthDate(_("This date does not exist.")) from error
    if date(year, month or 1, day or 1) > timezone.localdate():
        raise InvalidBirthDate(_("The date of birth lies in the future."))
    return year, month, day


_SWISS_BIRTH_DATE = re.compile(r"^(?:(?:(\d{1,2})\.)?(\d{1,2})\.)?(\d{4})$", re.ASCII)


def birth_date_from_input(value: str) -> str:
    """The stored form ("YYYY", "YYYY-MM" or "YYYY-MM-DD") of a date of birth typed the Swiss way
    ("31.12.1999", "12.1999", "1999") or in ISO 8601; raises InvalidBirthDate otherwise."""
    value = value.strip()
    swiss = _SWISS_BIRTH_DATE.match(value)
    if swiss:
        day, month, year = swiss.groups()
        value = "-".join(part for part in (year, month and month.zfill(2), day and day.zfill(2)) if part)
    elif not _BIRTH_DATE.match(value):
        raise InvalidBirthDate(_("Enter a year (1990), a month and year (04.1990) or a full date (17.04.1990)."))
    parse_birth_date(value)
    return value


def latest_possible_birth_date(value: str) -> date:
    year, month, day = parse_birth_date(value)
    last_month = month or 12
    return date(year, last_month, day or calendar.monthrange(year, last_month)[1])


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def is_presumed_minor(*, date_of_birth: str, age_in_doubt: bool, today: date | None = None) -> bool:
    """Minor, or possibly minor: in doubt the person is treated as a child (ECAT Art. 10(3)).

    A partly known birth date counts from its latest possible day, so someone born "in 2008" is
    presumed a minor until the end of 2026.
    """
    if age_in_doubt:
        return True
    if not date_of_birth:
        return False
    return age_on(latest_possible_birth_date(date_of_birth), today or timezone.localdate()) < ADULT_AGE


def name_digests(names: Iterable[str], *, version: int | None = None) -> set[str]:
    """Digests of names, word order ignored ("Anna Muster" = "Muster Anna"), under one key
    version (default: the current one)."""
    digests = set()
    for name in names:
        words = normalise(name).split()
        if words:
            digests.add(blind_index("name", " ".join(sorted(words)), version=version))
    return digests


def birth_digests(value: str, *, version: int | None = None) -> set[str]:
    """A digest per known precision: a full date also matches a search by its year or month."""
    if not value:
        return set()
    year, month, day = parse_birth_date(value)
    digests = {blind_index("birth", f"{year:04d}", version=version)}
    if month:
        digests.add(blind_index("birth", f"{year:04d}-{month:02d}", version=version))
    if month and day:
        digests.add(blind_index("birth", f"{year:04d}-{month:02d}-{day:02d}", version=version))
    return digests


def index_entries(identity: Identity) -> list[BlindIndexEntry]:
    """The blind index of an identity under every key version of the ring: a case written during
    a rotation matches both the cases not yet rotated and those already rotated."""
    names = searchable_names(identity)
    return [
        BlindIndexEntry(case_id=identity.case_id, kind=kind, digest=digest, key_version=version)
        for version in key_versions()
        for kind, digests in (
            (BlindIndexEntry.Kind.NAME, name_digests(names, version=version)),
            (BlindIndexEntry.Kind.BIRTH, birth_digests(identity.date_of_birth, version=version)),
        )
        for digest in digests
    ]


def searchable_names(identity: Identity) -> list[str]:
    full = f"{identity.first_name} {identity.official_name}".strip()
    return [name for name in (full, identity.official_name, *identity.alias_list) if name]


@dataclass(kw_only=True)
class IdentityData:
    """What a form or serializer validated; the action stores it."""

    official_name: str = ""
    first_name: str = ""
    aliases: str = ""
    sex: str = "3"
    date_of_birth: str = ""
    age_in_doubt: bool = False
    nationality: str = ""
    languages: list[str] = field(default_factory=list)
    interpreter_needed: bool = False
    interpreter_notes: str = ""
    identifiers: list[tuple[str, str]] | None = None  # None: keep the existing ones


def do_save_identity(
    *, acting_user: User | None, case: Case, data: IdentityData, request: HttpRequest | None = None
) -> Identity:
    """Stores the identity, rebuilds its blind index, sets the minor flag and flags duplicates,
    in the canton and across cantons (cases/matching.py; may raise LookupLimitReached)."""
    with transaction.atomic():
        identity = Identity.objects.filter(case=case).first()
        created = identity is None
        identity = identity or Identity(case=case)
        for name in (
            "official_name", "first_name", "aliases", "sex", "date_of_birth", "age_in_doubt", "nationality",
            "languages", "interpreter_needed", "interpreter_notes",
        ):  # fmt: skip
            setattr(identity, name, getattr(data, name))
        identity.save()
        if data.identifiers is not None:
            identity.identifiers.all().delete()
            PersonIdentifier.objects.bulk_create(
                PersonIdentifier(identity=identity, category=category, value=value)
                for category, value in data.identifiers
                if value.strip()
            )
        _rebuild_index(case=case, identity=identity)
        do_refresh_federal_match(acting_user=acting_user, case=case, identity=identity, request=request)
        minor = is_presumed_minor(date_of_birth=identity.date_of_birth, age_in_doubt=identity.age_in_doubt)
        if minor != case.is_minor:
            case.is_minor = minor
            case.save(update_fields=["is_minor"])
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=identity,
            compartment=Compartment.IDENTITY,
            purpose="identity",
            request=request,
        )
        flag_duplicates(case=case)
    return identity


def _rebuild_index(*, case: Case, identity: Identity) -> None:
    BlindIndexEntry.objects.filter(case=case).delete()
    BlindIndexEntry.objects.bulk_create(index_entries(identity))


def flag_duplicates(*, case: Case) -> list[DuplicateFlag]:
    """Other cases of the canton with a same name and a same birth date (at any precision).

    Searched across all cases of the canton on purpose: a duplicate matters most where the
    organisation cannot see the other case. What is shown about it is decided by the policy.
    """
    own = BlindIndexEntry.objects.filter(case=case)
    names = own.filter(kind=BlindIndexEntry.Kind.NAME).values("digest")
    births = own.filter(kind=BlindIndexEntry.Kind.BIRTH).values("digest")
    others = (
        BlindIndexEntry.objects.filter(kind=BlindIndexEntry.Kind.NAME, digest__in=names)
        .exclude(case=case)
        .filter(
            case__in=BlindIndexEntry.objects.filter(kind=BlindIndexEntry.Kind.BIRTH, digest__in=births).values(
                "case_id"
            )
        )
        .values_list("case_id", flat=True)
        .distinct()
    )
    flags = []
    for other_id in others:
        for first, second in ((case.pk, other_id), (other_id, case.pk)):
            flag, _created = DuplicateFlag.objects.get_or_create(case_id=first, other_case_id=second)
            if first == case.pk:
                flags.append(flag)
    return flags


def name_search_digests(*, name: str) -> set[str]:
    """The name's digests under every key version of the ring: a case not yet rotated is found."""
    return {digest for version in key_versions() for digest in name_digests([name], version=version)}


def birth_search_digests(*, value: str) -> set[str]:
    """The digests of one precision of a birth date ("1990", "1990-04"), under every key version."""
    return {blind_index("birth", value, version=version) for version in key_versions()}
