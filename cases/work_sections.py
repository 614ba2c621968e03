"""The case app's sections of "My work" (ksmm/work/sections.py): referrals awaiting an answer
and recent changes on the cases assigned to me. Caseworkers only (roles member and lead)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.models import AuditAction, AuditEntry
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from ksmm.work.sections import ROWS_PER_SECTION, WorkRow, WorkSectionProvider, register_work_section

from .assignments import CASEWORKER_ROLES, current_assignments
from .models import Referral

RECENT = timedelta(days=14)
CHANGES = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.GRANT, AuditAction.REVOKE)


def incoming_referrals(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    """Referrals to my organisation that nobody has answered yet (one statement)."""
    if membership.role not in CASEWORKER_ROLES:
        return None
    referrals = (
        Referral.objects.filter(to_organisation_id=membership.organisation_id, status=Referral.Status.REQUESTED)
        .select_related("case", "from_organisation")
        .order_by("requested_at", "pk")[:ROWS_PER_SECTION]
    )
    return [
        WorkRow(
            title=referral.case.case_number,
            url=reverse("cases:referral", args=[referral.pk]),
            detail=str(_("From %(organisation)s") % {"organisation": referral.from_organisation}),
            when=referral.requested_at,
        )
        for referral in referrals
    ]


def recent_changes(*, membership: Membership, user: User, today: date) -> list[WorkRow] | None:
    """What others changed on my open cases in the last two weeks: the action, the compartment,
    the acting organisation and when; never who, and never the entry's purpose text (a grant's
    reason is typed freely). Three statements."""
    if membership.role not in CASEWORKER_ROLES:
        return None
    mine = dict(
        current_assignments()
        .filter(user_id=user.pk, organisation_id=membership.organisation_id, case__status="open")
        .values_list("case_id", "case__case_number")
    )
    if not mine:
        return []
    entries = list(
        AuditEntry.objects.filter(
            object_type="cases.case",
            object_id__in=[str(case_id) for case_id in mine],
            action__in=CHANGES,
            occurred_at__gte=timezone.now() - RECENT,
        )
        .exclude(actor_user_id=user.pk)
        .order_by("-sequence")[:ROWS_PER_SECTION]
    )
    names = {
        organisation.pk: str(organisation)
        for organisation in Organisation.objects.filter(
            pk__in={entry.actor_organisation_id for entry in entries if entry.actor_organisation_id}
        )
    }
    actions, compartments = dict(AuditAction.choices), dict(Compartment.choices)
    rows = []
    for entry in entries:
        case_id = int(entry.object_id)
        label = str(actions.get(entry.action, entry.action))
        if entry.compartment:
            label = f"{label} ({compartments.get(entry.compartment, entry.compartment)})"
        rows.append(
            WorkRow(
                title=f"{mine[case_id]}: {label}",
                url=reverse("cases:detail", args=[case_id]),
                detail=names.get(entry.actor_organisation_id or 0, ""),
                when=entry.occurred_at,
            )
        )
    return rows


def register() -> None:
    register_work_section(
        WorkSectionProvider(
            key="referrals", order=10, title=_("Incoming referrals awaiting an answer"),
            empty=_("No referral awaits an answer."), rows=incoming_referrals, more_url="cases:referrals",
        )
    )  # fmt: skip
    register_work_section(
        WorkSectionProvider(
            key="changes", order=50, title=_("Recent changes on my cases"),
            empty=_("No changes by others on your cases in the last two weeks."), rows=recent_changes,
        )
    )  # fmt: skip
