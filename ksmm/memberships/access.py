"""The gate in front of every canton page: who is a member here, and in which organisation."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from ksmm.accounts.frozen import freeze, thaw
from ksmm.accounts.models import User
from ksmm.accounts.second_factor import passed_second_factor
from ksmm.accounts.stamps import stamps_for
from ksmm.audit.actions import do_record_denied
from ksmm.cantons.current import current_schema
from ksmm.partners.models import Organisation

from .models import Membership

View = Callable[..., HttpResponse]


MEMBERSHIP_KEY = "ksmm_membership"
_RESOLVED_ATTRIBUTE = "_ksmm_membership"


def membership_for(user: User | Any) -> Membership | None:
    """The active membership of `user` in the canton of the current schema, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    resolved = getattr(user, _RESOLVED_ATTRIBUTE, None)
    if resolved is not None and resolved[0] == current_schema():
        return resolved[1]
    return (
        Membership.objects.select_related("organisation")
        .filter(user_id=user.pk, is_active=True, organisation__is_active=True)
        .first()
    )


def membership_of(request: HttpRequest | Any) -> Membership | None:
    """membership_for(request.user), kept in the session while the person's and the canton's
    organisations' stamps hold (ksmm/accounts/stamps.py), so a revocation counts on the next
    request. Also answers membership_for(request.user) for the rest of the request."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    schema_name = current_schema()
    session = getattr(request, "session", None)
    if session is None:  # a request built by hand, not through the middleware
        return membership_for(user)
    stamps = stamps_for(request, user_id=user.pk)  # before any load: see stamps.bump
    kept = session.get(MEMBERSHIP_KEY)
    membership: Membership | None
    if kept and kept["schema"] == schema_name and kept["user"] == user.pk and kept["stamps"] == stamps:
        membership = thaw(Membership, kept["membership"])
        membership.organisation = thaw(Organisation, kept["organisation"])
    else:
        setattr(user, _RESOLVED_ATTRIBUTE, None)
        membership = membership_for(user)
        if membership is None:
            session.pop(MEMBERSHIP_KEY, None)
        else:
            session[MEMBERSHIP_KEY] = {
                "schema": schema_name,
                "user": user.pk,
                "stamps": stamps,
                "membership": freeze(membership),
                "organisation": freeze(membership.organisation),
            }
    setattr(user, _RESOLVED_ATTRIBUTE, (schema_name, membership))
    return membership


def member_required(view: View) -> View:
    """Anonymous or without a second factor: to the login page. Signed in without a membership
    here: 404, as if nothing existed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not passed_second_factor(request.user):
            return redirect_to_login(request.get_full_path())
        membership = membership_of(request)
        if membership is None:
            # Outside any transaction: the entry is committed although the answer is 404.
            do_record_denied(actor=request.user, request=request)
            raise Http404
        request.membership = membership  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


def permission_required_here(permission: str) -> Callable[[View], View]:
    """A verified member of this canton holding `permission` here; a member without it gets 403."""

    def decorator(view: View) -> View:
        @member_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def acting_user(request: HttpRequest) -> User:
    """The signed-in person behind a request that already passed member_required."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user
