"""The gate in front of every federal page: a verified person with a federal role, on the bare host.

The federal pages are routed on the bare host only (config/urls_federal.py), so a canton host
answers 404 for them before any gate runs. On the bare host, a signed-in person without a federal
role gets 404, as a stranger does in a canton; an analyst on an administrator's page gets 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django_tenants.utils import get_public_schema_name

from ksmm.accounts.models import User
from ksmm.accounts.second_factor import passed_second_factor
from ksmm.audit.actions import do_record_denied
from ksmm.cantons.current import current_schema

from .roles import FederalRole, federal_role_of

View = Callable[..., HttpResponse]


def federal_role_required(role: FederalRole | None = None) -> Callable[[View], View]:
    """A verified person with a federal role; with `role`, that role (else 403)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if current_schema() != get_public_schema_name():
                raise Http404
            if not request.user.is_authenticated or not passed_second_factor(request.user):
                return redirect_to_login(request.get_full_path())
            held = federal_role_of(request.user)
            if held is None:
                # Outside any transaction: the entry is committed although the answer is 404.
                do_record_denied(actor=federal_user(request), request=request)
                raise Http404
            if role is not None and held != role:
                do_record_denied(actor=federal_user(request), request=request)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


federal_member_required = federal_role_required()
federal_admin_required = federal_role_required(FederalRole.ADMIN)


def federal_user(request: HttpRequest) -> User:
    """The signed-in person behind a request that passed the gate."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user
