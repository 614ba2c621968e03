from django.http import HttpRequest

from .models import Canton


def canton(request: HttpRequest) -> dict[str, object]:
    """The canton of the current host, or None on the federal level and on the 404 page."""
    tenant = getattr(request, "tenant", None)
    if isinstance(tenant, Canton) and not tenant.is_federal:
        return {"canton": tenant}
    return {"canton": None}
