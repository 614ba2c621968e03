"""Who answers for a case inside each organisation that works on it."""

from collections.abc import Iterable

from ksmm.memberships.models import Membership


def people_to_tell(*, case_id: int, organisation_ids: Iterable[int]) -> set[int]:
    """The users to tell of an event on a case, for each organisation: the case's assignee of
    that organisation if one is set (active user, active membership in that organisation),
    otherwise every active member of that organisation (active user, active membership,
    active organisation)."""
    organisation_ids = set(organisation_ids)
    if not organisation_ids:
        return set()
    return set(
        Membership.objects.filter(
            organisation_id__in=organisation_ids,
            is_active=True,
            user__is_active=True,
            organisation__is_active=True,
        ).values_list("user_id", flat=True)
    )
