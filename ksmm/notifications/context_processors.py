from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ksmm.cantons.models import Canton

from .queries import unread_count


def inbox(request: HttpRequest) -> dict[str, object]:
    """The unread count in the navigation; queried only where a canton page shows it."""
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    if user is None or not user.is_authenticated or not isinstance(tenant, Canton) or tenant.is_federal:
        return {}
    return {"unread_reminders": SimpleLazyObject(lambda: unread_count(user_id=user.pk))}
