"""The notices sections of "My work": cases of my organisation whose victim has no notice yet;
for coordinators, the victim-aid services whose phone numbers the printed notices lack."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.memberships.models import Membership
from ksmm.partners.queries import victim_aid_phone_gaps
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


def notice_phone_gaps(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    """For the coordinator, before anyone prints: the services without a phone or 24/7 number."""
    if membership.role != Membership.Role.COORDINATOR:
        return None
    return [
        WorkRow(
            title=gap.organisation.name,
            url=reverse("partners:organisation_edit", args=[gap.organisation.pk]),
            detail=", ".join(
                str(label)
                for label, lacking in (
                    (_("phone"), gap.lacks_phone),
                    (_("24/7 emergency phone"), gap.lacks_emergency_phone),
                )
                if lacking
            ),
            urgent=True,
        )
        for gap in victim_aid_phone_gaps()[:ROWS_PER_SECTION]
    ]


def register() -> None:
    register_work_section(
        WorkSectionProvider(
            key="notice-phones", order=45, title=_("Phone numbers the printed notices lack"),
            empty=_("Every victim-aid service has its phone and 24/7 number in the directory."),
            rows=notice_phone_gaps,
        )
    )  # fmt: skip
    register_work_section(
        WorkSectionProvider(
            key="notices", order=40, title=_("Notices still to deliver"),
            empty=_("Every victim of your cases has received the notice."), rows=notices_to_deliver,
        )
    )  # fmt: skip
