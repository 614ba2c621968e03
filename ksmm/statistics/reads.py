"""Every read of the statistics, in the audit chain of the schema it is served from.

On the bare host that is the public chain (the federal level's reads). On a canton host the
coordinator's read of their canton's figures goes to that canton's chain: the person, their
membership and organisation live there, and the canton administrator reviews their own people's
reads in their audit trail; the public chain holds no canton member's identity.
"""

from django.http import HttpRequest

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction

from .access import StatisticsReader
from .dashboard import Scope
from .models import Release


def do_record_statistics_read(
    *, reader: StatisticsReader, release: Release, action: AuditAction, what: str, scope: Scope, request: HttpRequest
) -> None:
    """One entry naming the release read and what of it: the page, table or report and filters."""
    period = f"{scope.year}" + (f"-q{scope.quarter}" if scope.quarter else "")
    do_record(
        actor=reader.user,
        action=action,
        obj=release,
        purpose=f"statistics {what}; canton {scope.canton}; period {period}; form {scope.form}",
        request=request,
    )
