"""Intake: open a case, record what is known of the identity, flag possible duplicates, and
link it to what it came from in an app above cases (an operation: `register_intake_link`)."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest

from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from .actions import do_open_case
from .identity import IdentityData, do_save_identity
from .models import Case, DuplicateFlag


@dataclass(frozen=True, kw_only=True)
class IntakeLink:
    """A field of the intake form offered by an app above cases (a port, as the case panels).

    `field(membership=...)` returns the form field for this person, or None when they have
    nothing to pick; `link(acting_user=, membership=, case=, value=)` records the link inside
    the intake's transaction and raises ValidationError({name: ...}) when the value is refused.
    """

    name: str
    field: Callable[..., forms.Field | None]
    link: Callable[..., Any]


_LINKS: dict[str, IntakeLink] = {}


def register_intake_link(link: IntakeLink) -> IntakeLink:
    _LINKS[link.name] = link
    return link


def intake_fields(*, membership: Membership) -> dict[str, forms.Field]:
    fields = {name: link.field(membership=membership) for name, link in _LINKS.items()}
    return {name: field for name, field in fields.items() if field is not None}


def do_take_in(
    *,
    acting_user: User | None,
    organisation: Organisation,
    pseudonym: str,
    opened_on: date,
    source: str,
    exploitation_type: str,
    exploitation_subtypes: Iterable[str],
    place_of_exploitation: str,
    identity: IdentityData | None,
    request: HttpRequest | None = None,
    membership: Membership | None = None,
    links: Mapping[str, Any] | None = None,
) -> tuple[Case, int]:
    """The new case and the number of possible duplicates found (their numbers stay hidden).

    `links` maps the names of registered intake links to the values picked (None: nothing)."""
    with transaction.atomic():
        case = do_open_case(
            acting_user=acting_user,
            organisation=organisation,
            pseudonym=pseudonym.strip(),
            opened_on=opened_on,
            source=source,
            exploitation_type=exploitation_type,
            exploitation_subtypes=exploitation_subtypes,
            place_of_exploitation=place_of_exploitation,
            request=request,
        )
        if identity is not None:
            do_save_identity(acting_user=acting_user, case=case, data=identity, request=request)
        for name, value in (links or {}).items():
            if value is not None and membership is not None:
                _LINKS[name].link(acting_user=acting_user, membership=membership, case=case, value=value)
        duplicates = DuplicateFlag.objects.filter(case=case).count()
    return case, duplicates
