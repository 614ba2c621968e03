"""The residence section of "My work": requests waiting for the migration office's decision."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.work.sections import ROWS_PER_SECTION, WorkRow, WorkSectionProvider, register_work_section

from .queries import review_queue

REVIEW = "permits.review_requests"


def requests_to_decide(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    """Only for those who decide (ksmm/memberships/roles.py); two statements, the review queue's."""
    if not user.has_perm(REVIEW):
        return None
    return [
        WorkRow(
            title=f"{item.case.case_number}: {item.kind_label}",
            url=item.url,
            detail=item.requested_by,
            when=item.due_on or item.requested_on,
            urgent=item.due_on is not None and item.due_on < today,
        )
        for item in review_queue(membership=membership)[:ROWS_PER_SECTION]
    ]


def register() -> None:
    register_work_section(
        WorkSectionProvider(
            key="decisions", order=20, title=_("Requests to decide"),
            empty=_("No request waits for a decision."), rows=requests_to_decide, more_url="permits:queue",
        )
    )  # fmt: skip
