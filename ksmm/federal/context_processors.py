from django.http import HttpRequest

from ksmm.cantons.current import in_canton

from .roles import FederalRole, federal_role_of


def federal_role(request: HttpRequest) -> dict[str, FederalRole | None]:
    """The federal role of the signed-in person on the bare host (None on a canton host), for
    the header's links; no query (the role is a field of the user)."""
    user = getattr(request, "user", None)
    return {"federal_role": None if in_canton() else federal_role_of(user)}
