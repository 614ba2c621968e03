"""The gate in front of every canton page: who is a member here, and in which organisation."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from ksmm.accounts.models import User

from .models import Membership

View = Callable[..., HttpResponse]


def membership_for(user: User | Any) -> Membership | None:
    """The active membership of `user` in the canton of the current schema, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.select_related("organisation")
        .filter(user_id=user.pk, is_active=True, organisation__is_active=True)
        .first()
    )


def member_required(view: View) -> View:
    """Anonymous or without a second factor: to the login page. Signed in without a membership
    here: 404, as if nothing existed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.is_verified():  # type: ignore[attr-defined]
            return redirect_to_login(request.get_full_path())
        membership = membership_for(request.user)
        if membership is None:
            raise Http404
        request.membership = membership  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped
