from django import template

from ksmm.memberships.models import Membership

from ..policy import Side, side_of

register = template.Library()


@register.filter
def sees_operations(membership: object) -> bool:
    """Whether the main navigation shows the register (police, prosecution, victim aid)."""
    return isinstance(membership, Membership) and side_of(membership) != Side.NONE
