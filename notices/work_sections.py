"""The notices section of "My work": cases of my organisation whose victim has no notice yet."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.memberships.models import Membership
from ksmm.work.sections import ROWS_PER_SECTION, WorkRow, WorkSectionProvider, register_work_section

CASEWORKER_ROLES = frozenset({Membership.Role.MEMBER, Membership.Role.LEAD})


def notices_to_deliver(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    """The open delivery deadlines my organisation answers for, soonest first (one statement)."""
    if membership.role not in CASEWORKER_ROLES:
        return None
    deadlines = (
        Deadline.objects.filter(
            rule_key=RuleKey.NOTICE_DELIVERY,
            status=Deadline.Status.OPEN,
            responsible_organisation_id=membership.organisation_id,
            case__isnull=False,
        )
        .select_related("case")
        .order_by("due_on", "pk")[:ROWS_PER_SECTION]
    )
    return [
        WorkRow(
            title=deadline.case.case_number if deadline.case else "",
            url=reverse("notices:case", args=[deadline.case_id]),
            when=deadline.due_on,
            urgent=deadline.due_on < today,
        )
        for deadline in deadlines
    ]


def register() -> None:
    register_work_section(
        WorkSectionProvider(
            key="notices", order=40, title=_("Notices still to deliver"),
            empty=_("Every victim of your cases has received the notice."), rows=notices_to_deliver,
        )
    )  # fmt: skip
