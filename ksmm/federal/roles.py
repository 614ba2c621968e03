"""Who works on the federal level: analysts read the statistics, administrators also onboard.

Decided on the bare host only; a canton host never asks. `federal_role_of` is the one question
every federal page asks (ksmm/statistics views, onboarding, invitations).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User


class FederalRole(models.TextChoices):
    ANALYST = "analyst", _("Federal analyst")
    ADMIN = "admin", _("Federal administrator")


def federal_role_of(user: object) -> FederalRole | None:
    """The federal role of a signed-in person, or None; administrators are analysts too."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return None
    return FederalRole.ANALYST if user.is_federal_analyst else None
