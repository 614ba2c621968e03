"""Retention (DESIGN.md 9): a closed case is anonymised when the canton's retention period
after its closure has passed.

The period is the deadline rule `retention` of the canton's rule set (data with validity
dates, seeded at ten years and changed by the canton administrator like any rule); closing a
case opens its deadline, and the intake organisation is reminded before it falls due. A
Celery beat task runs `do_apply_retention` in every active canton each day.

Anonymising deletes every row that identifies or describes the person (identity, blind index,
counselling, consents, notes, referrals, the identification checklist, the mechanism's steps,
notice deliveries, grant changes, attachments with their stored bytes) and replaces the free
text of the rows kept for the statistics (the assessment's result, closure, proceedings,
reflection periods, stays, permit requests, parties, deadlines). The case keeps its number,
dates, source, form and place of exploitation; its pseudonym is replaced and all grants are
withdrawn, so nobody reads it any more. Every model with a foreign key to `Case` must be listed
here: a test fails otherwise.
"""

from datetime import date

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.deadlines.actions import do_close_deadline, do_move_deadline, do_open_deadline, open_deadline_for
from ksmm.deadlines.models import Deadline, RuleKey

from .attachments.actions import do_delete_case_attachments
from .matching import do_refresh_federal_match
from .models import Case

# What replaces free text in the rows kept; some of them must not be empty (a refusal's
# reasons, an "other" closure's note).
ANONYMISED = "[anonymised]"
PURPOSE = "retention"

# Rows that identify or describe the person: deleted.
DELETED = (
    "cases.Identity",  # with its identifiers
    "cases.BlindIndexEntry",
    "cases.FederalMatch",  # its digests leave public first (do_refresh_federal_match, below)
    "cases.CounsellingEntry",
    "cases.Consent",
    "cases.EvidenceNote",
    "cases.Referral",
    "cases.GrantChange",
    "cases.DuplicateFlag",
    "cases.CaseGrant",
    "cases.CaseAssignment",  # who worked on it: staffing history, nothing left to act on
    "identification.Checklist",  # with its observations
    "casesteps.Operation",
    "casesteps.Accommodation",
    "casesteps.Interview",
    "casesteps.SafetyAssessment",
    "casesteps.ReturnAssistance",
    "casesteps.KesbReferral",
    "casesteps.BestInterestsAssessment",
    "caseattachments.Attachment",  # with its stored bytes, removed on commit (below)
    "casesteps.ClosureProposal",  # with its answers: the parties' exchange before closing
    "operations.OperationCase",  # the link only: the operation belongs to the police's register
    "notices.NoticeDelivery",
    "notifications.Reminder",  # inbox entries about the case: nothing left to act on
)
# Rows kept for the statistics, with the free-text fields replaced.
KEPT: dict[str, tuple[str, ...]] = {
    "cases.CaseParty": ("left_reason",),
    "identification.Assessment": (),
    "casesteps.Closure": ("note", "override_reason"),
    # Offences and stages are counted apart from persons (DESIGN.md 11); claims likewise.
    "caseproceedings.CriminalProceeding": ("file_number", "offence_note", "note"),
    "caseproceedings.OhgClaim": (),
    "casesteps.Proceeding": ("reference", "assessment_note"),
    "permits.ReflectionPeriod": ("grounds", "decision_reasons", "end_notes"),
    "permits.Stay": (),
    "permits.PermitRequest": ("grounds", "hardship_criteria", "decision_reasons", "federal_reference"),
    "deadlines.Deadline": (),
    # Where a case went or came from stays (the link between the cantons); why does not.
    "casetransfers.TransferRequest": ("reason", "answer_reason"),
    "casetransfers.IncomingTransfer": ("reason", "decline_reason"),
}
# Rows below a kept row that carry free text: deleted, by the path to their case.
DELETED_BELOW_KEPT = {
    "permits.PresenceNotice": "period__case",
    "permits.ReflectionExtension": "period__case",
    "permits.PermitDocument": "request__case",
}


def case_field(label: str) -> str:
    """The name of the model's foreign key to Case (guardian's CaseGrant calls it content_object)."""
    model = apps.get_model(label)
    return next(
        field.name for field in model._meta.concrete_fields if field.is_relation and field.related_model is Case
    )


def do_anonymise_case(*, case: Case, acting_user: User | None = None) -> None:
    """Anonymises one closed case, in one transaction; safe to run twice."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.anonymised_on is not None:
            return
        # Rows and their encrypted bytes in the storage; the loop below finds no row left.
        do_delete_case_attachments(case=case)
        # The federal digests leave public, and the other cantons' signals about them go.
        do_refresh_federal_match(acting_user=None, case=case, identity=None)
        for label in DELETED:
            model = apps.get_model(label)
            condition = Q(**{case_field(label): case})
            if label == "cases.DuplicateFlag":
                condition |= Q(other_case=case)
            model._default_manager.filter(condition).delete()
        for label, path in DELETED_BELOW_KEPT.items():
            apps.get_model(label)._default_manager.filter(**{path: case}).delete()
        for label, fields in KEPT.items():
            if fields:
                rows = apps.get_model(label)._default_manager.filter(**{case_field(label): case})
                for field in fields:
                    rows.exclude(**{field: ""}).update(**{field: ANONYMISED})
        now = timezone.now()
        Deadline.objects.filter(case=case, status=Deadline.Status.OPEN).exclude(rule_key=RuleKey.RETENTION).update(
            status=Deadline.Status.CANCELLED, closed_at=now, close_reason="case anonymised"
        )
        case.pseudonym = ANONYMISED
        case.anonymised_on = timezone.localdate()
        case.save(update_fields=["pseudonym", "anonymised_on"])
        do_close_deadline(rule=RuleKey.RETENTION, subject=case, acting_user=None, reason="anonymised")
        do_record(actor=acting_user, action=AuditAction.DELETE, obj=case, compartment="core", purpose=PURPOSE)


def do_schedule_retention(*, case: Case, acting_user: User | None = None) -> Deadline | None:
    """Opens (or moves, when the closing date changed) the case's retention deadline."""
    assert case.closed_on is not None  # noqa: S101 - called on closing only
    moved = do_move_deadline(rule=RuleKey.RETENTION, subject=case, anchor=case.closed_on, acting_user=acting_user)
    return moved or do_open_deadline(
        rule=RuleKey.RETENTION,
        anchor=case.closed_on,
        subject=case,
        case=case,
        responsible_organisation=case.intake_organisation,
        acting_user=acting_user,
    )


def retention_date(*, case: Case) -> date | None:
    """The day a closed case will be anonymised, shown on the case page; None while open."""
    if case.status != Case.Status.CLOSED:
        return None
    deadline = open_deadline_for(rule=RuleKey.RETENTION, subject=case)
    return deadline.due_on if deadline else None


def do_apply_retention(*, today: date | None = None) -> int:
    """Anonymises every closed case of the current canton whose retention deadline has come;
    returns how many. A case reopened in the meantime is left alone."""
    today = today or timezone.localdate()
    due = Deadline.objects.filter(
        rule_key=RuleKey.RETENTION, status=Deadline.Status.OPEN, due_on__lte=today, case__status=Case.Status.CLOSED
    ).values_list("case_id", flat=True)
    count = 0
    for case in Case.objects.filter(pk__in=list(due), anonymised_on__isnull=True):
        do_anonymise_case(case=case)
        count += 1
    return count
