"""The federal level's lists, read on the bare host."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ksmm.accounts.models import User

from .models import FederalInvitation


def federal_people() -> QuerySet[User]:
    """Everyone with a federal role, with whether an invitation of theirs is still open."""
    open_invitation = FederalInvitation.objects.filter(
        user=OuterRef("pk"), used_at__isnull=True, expires_at__gt=timezone.now()
    )
    return (
        User.objects.exclude(federal_role="")
        .annotate(has_open_invitation=Exists(open_invitation))
        .only("email", "full_name", "federal_role", "password", "is_active")
        .order_by("federal_role", "email")
    )


def federal_person(user_id: int) -> User | None:
    return User.objects.exclude(federal_role="").filter(pk=user_id).first()
