"""Intake: open a case, record what is known of the identity, flag possible duplicates."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.http import HttpRequest

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation

from .actions import do_open_case
from .identity import IdentityData, do_save_identity
from .models import Case, DuplicateFlag


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
) -> tuple[Case, int]:
    """The new case and the number of possible duplicates found (their numbers stay hidden)."""
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
        duplicates = DuplicateFlag.objects.filter(case=case).count()
    return case, duplicates
