"""Who works on the federal level: analysts read the statistics, administrators also onboard.

Decided on the bare host only; a canton host never asks. `federal_role_of` is the one question
every federal page asks (ksmm/statistics views, onboarding, invitations).
"""

from ksmm.accounts.models import FederalRole, User

__all__ = ["FederalRole", "federal_role_of", "is_federal_admin"]


def federal_role_of(user: object) -> FederalRole | None:
    """The federal role of a signed-in person, or None; administrators are analysts too."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return None
    return FederalRole(user.federal_role) if user.federal_role else None


def is_federal_admin(user: object) -> bool:
    return federal_role_of(user) == FederalRole.ADMIN
