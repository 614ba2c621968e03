"""The KESB report step takes the case to the authority as a referral, usually by letter.

A KESB has no users on the platform: the referral made from the step goes out by letter
(cases/letters.py), and the step keeps the referral, so the step page shows how it stands.
"""

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cases.models import Referral
from cases.models.referrals import OPEN
from cases.policy import Reader
from cases.referrals import ReferralRefused, check_request_referral
from ksmm.accounts.models import User

from .models import KesbReferral


def referral_pending(step: KesbReferral) -> bool:
    """Whether the step's referral still stands (waiting or taken on): no second one then."""
    referral = step.referral
    return referral is not None and referral.status in (*OPEN, Referral.Status.ACCEPTED)


def check_refer_to_kesb(
    *,
    acting_user: User | None,
    membership: Reader,
    step: KesbReferral,
    compartments: Iterable[str],
    message: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Refers the case to the step's KESB with the chosen compartments and links the referral."""
    if step.kesb is None:
        raise ReferralRefused(_("Choose the KESB in the step first."))
    if referral_pending(step):
        raise ReferralRefused(_("A referral to this organisation is already open."))
    with transaction.atomic():
        referral = check_request_referral(
            acting_user=acting_user, membership=membership, case=step.case, recipient=step.kesb,
            compartments=compartments, message=message, request=request,
        )  # fmt: skip
        step.referral = referral
        step.save(update_fields=["referral", "updated_at"])
    return referral
