"""The gate in front of every statistics page, export and report: who reads, and which cantons.

On the bare host, federal analysts and administrators (ksmm/federal/roles.py) read every canton
and Switzerland. On a canton host, the round-table coordinators and canton administrators of
that canton read their canton only (`statistics.view_canton_statistics`, ksmm/memberships/roles.py).
Everyone else: 404 where they have no business (a canton user on the bare host, anyone who is not
a member of the canton of the host), 403 for a member of the canton whose role is too weak
(DESIGN.md §3). The decision is handed to the view, which asks nothing again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from ksmm.accounts.models import User
from ksmm.accounts.second_factor import passed_second_factor
from ksmm.audit.actions import do_record_denied
from ksmm.cantons.current import current_schema, in_canton
from ksmm.federal.roles import federal_role_of
from ksmm.memberships.access import permission_required_here

from .catalogue import SWITZERLAND

VIEW_CANTON_STATISTICS = "statistics.view_canton_statistics"

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class StatisticsReader:
    """A person allowed to read the statistics, and the one canton they are limited to (if any)."""

    user: User
    canton: str | None  # lower-case code; None on the federal level: every canton and Switzerland

    @property
    def is_federal(self) -> bool:
        return self.canton is None

    @property
    def default_canton(self) -> str:
        return self.canton or SWITZERLAND

    def may_read(self, canton: str) -> bool:
        return self.canton is None or canton == self.canton


def statistics_reader_required(view: View) -> View:
    """Calls `view(request, reader, ...)` for a reader of the statistics on this host."""

    def with_reader(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - only reached past the sign-in checks
        reader = StatisticsReader(user=user, canton=current_schema() if in_canton() else None)
        return view(request, reader, *args, **kwargs)

    canton_view = permission_required_here(VIEW_CANTON_STATISTICS)(with_reader)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if in_canton():
            return canton_view(request, *args, **kwargs)
        if not request.user.is_authenticated or not passed_second_factor(request.user):
            return redirect_to_login(request.get_full_path())
        if federal_role_of(request.user) is None:
            do_record_denied(actor=request.user if isinstance(request.user, User) else None, request=request)
            raise Http404
        return with_reader(request, *args, **kwargs)

    return wrapped
