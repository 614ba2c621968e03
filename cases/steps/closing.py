"""Closing a case and withdrawing from it (guidelines 4.3: the mechanism runs until the
criminal proceedings end).

- An organisation WITHDRAWS: its part ends (grants withdrawn, no longer a party), its open
  deadlines on the case are handed over to another party or cancelled, the others are told. A
  lead that withdraws names the party that leads after it; the last party closes instead.
- The CASE CLOSES by its lead organisation (cases/lead.py) only. The lead first proposes the
  closure; the other parties agree or object within the answer period. The lead closes without
  a recorded reason once every other party agreed, or the period passed without objection;
  otherwise (no proposal, an objection, answers still awaited) it closes with the reason it
  overrides them. The end of the last proceedings tells the lead to propose it.
- On closing, the confirmation screen warns of what still runs (proceedings, and what apps
  above cases register: reflection periods, permits) and settles every open deadline of the
  case: cancelled, or handed over to an organisation that keeps it in its own diary (closed
  here too, with the hand-over recorded). After closing nothing reminds about the case.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions import do_remove_party
from cases.lead import do_hand_over_lead, is_lead, lead_party
from cases.models import Case, CaseParty
from cases.notifying import Kind, tell_organisations
from cases.proceedings.models import ENDED, CriminalProceeding
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.deadlines.actions import do_settle_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import Organisation

from .models import Closure, ClosureAnswer, ClosureProposal

ANSWER_DAYS_DEFAULT = 10
ANSWER_DAYS_RANGE = (3, 30)
CANCEL = "cancel"
PURPOSE = "case closure"

ClosingWarning = Callable[..., list[str]]
_WARNINGS: list[ClosingWarning] = []


def register_closing_warning(warning: ClosingWarning) -> ClosingWarning:
    """Apps above cases (permits) say what still runs on a case: `warning(case=...)` returns
    sentences without personal data."""
    if warning not in _WARNINGS:
        _WARNINGS.append(warning)
    return warning


def closing_warnings(*, case: Case) -> list[str]:
    warnings: list[str] = []
    running = CriminalProceeding.objects.filter(case=case).exclude(stage__in=ENDED).count()
    if running:
        warnings.append(
            _("Criminal proceedings are still running (%(count)s): the mechanism usually lasts until they end.")
            % {"count": running}
        )
    for warning in _WARNINGS:
        warnings.extend(warning(case=case))
    return warnings


def lead_only_message() -> str:
    return _("Only the lead organisation of the case closes it. Answer its proposal, or withdraw from the case.")


def _require_lead(*, case: Case, organisation: Organisation) -> None:
    if not is_lead(case_id=case.pk, organisation_id=organisation.pk):
        raise PermissionDenied(lead_only_message())


def _require_open(case: Case) -> None:
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("This case is already closed."))


# --- the parties' answers ----------------------------------------------------------------------


def open_proposal(*, case: Case) -> ClosureProposal | None:
    proposal = ClosureProposal.objects.filter(case=case, status=ClosureProposal.Status.OPEN).first()
    if proposal is not None:
        proposal.case = case  # the case in hand: no second read
    return proposal


def other_parties(*, case: Case, organisation_id: int) -> QuerySet[CaseParty]:
    return (
        CaseParty.objects.filter(case=case, left_at__isnull=True)
        .exclude(organisation_id=organisation_id)
        .select_related("organisation")
    )


@dataclass(frozen=True)
class ProposalState:
    proposal: ClosureProposal
    agreed: list[Organisation]
    objections: list[ClosureAnswer]
    waiting: list[Organisation]
    period_over: bool
    answers: dict[int, ClosureAnswer]  # by organisation id

    @property
    def settled(self) -> bool:
        """Every other party agreed, or the answer period passed without an objection."""
        return not self.objections and (not self.waiting or self.period_over)


def proposal_state(*, proposal: ClosureProposal, today: date, lead_id: int | None = None) -> ProposalState:
    answers = {a.organisation_id: a for a in proposal.answers.select_related("organisation")}
    lead_id = _lead_id(proposal) if lead_id is None else lead_id
    parties = [party.organisation for party in other_parties(case=proposal.case, organisation_id=lead_id)]
    agreed = [org for org in parties if org.pk in answers and answers[org.pk].agrees]
    objections = [answers[org.pk] for org in parties if org.pk in answers and not answers[org.pk].agrees]
    waiting = [org for org in parties if org.pk not in answers]
    return ProposalState(
        proposal=proposal, agreed=agreed, objections=objections, waiting=waiting,
        period_over=today > proposal.answer_by, answers=answers,
    )  # fmt: skip


def _lead_id(proposal: ClosureProposal) -> int:
    lead = lead_party(case_id=proposal.case_id)
    return lead.organisation_id if lead is not None else proposal.proposed_by_organisation_id


def check_propose_closure(
    *, acting_user: User | None, organisation: Organisation, case: Case, reason: str, note: str, answer_days: int
) -> ClosureProposal:
    _require_lead(case=case, organisation=organisation)
    _require_open(case)
    errors: dict[str, list[str]] = {}
    if open_proposal(case=case) is not None:
        errors.setdefault("__all__", []).append(_("A proposal is already waiting for answers."))
    low, high = ANSWER_DAYS_RANGE
    if not low <= answer_days <= high:
        errors.setdefault("answer_days", []).append(
            _("The parties get between %(low)s and %(high)s days to answer.") % {"low": low, "high": high}
        )
    if reason == Closure.Reason.OTHER and not note.strip():
        errors.setdefault("note", []).append(_("Describe the other reason."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        proposal = ClosureProposal.objects.create(
            case=case,
            proposed_by=acting_user,
            proposed_by_organisation=organisation,
            reason=reason,
            note=note.strip(),
            answer_by=timezone.localdate() + timedelta(days=answer_days),
        )
        do_record(
            actor=acting_user, action=AuditAction.CREATE, obj=proposal, compartment=Compartment.CORE, purpose=PURPOSE
        )
        tell_organisations(
            kind=Kind.CLOSURE_PROPOSED,
            case_id=case.pk,
            organisation_ids=other_parties(case=case, organisation_id=organisation.pk).values_list(
                "organisation_id", flat=True
            ),
            link=reverse("casesteps:close", args=[case.pk]),
            event_key=f"{Kind.CLOSURE_PROPOSED}:{proposal.pk}",
            acting_user=acting_user,
        )
    return proposal


def check_answer_proposal(
    *, acting_user: User | None, organisation: Organisation, case: Case, agrees: bool, note: str
) -> ClosureAnswer:
    """A party other than the lead agrees or objects (with its reason); it may change its answer
    while the proposal waits."""
    _require_open(case)
    proposal = open_proposal(case=case)
    if proposal is None:
        raise ValidationError(_("No proposal to close the case is waiting for answers."))
    if is_lead(case_id=case.pk, organisation_id=organisation.pk):
        raise ValidationError(_("The lead organisation made the proposal; it does not answer it."))
    if not agrees and not note.strip():
        raise ValidationError({"note": [_("An objection needs its reason.")]})
    with transaction.atomic():
        answer, _created = ClosureAnswer.objects.update_or_create(
            proposal=proposal,
            organisation=organisation,
            defaults={"agrees": agrees, "note": note.strip(), "answered_by": acting_user},
        )
        do_record(
            actor=acting_user, action=AuditAction.UPDATE, obj=proposal, compartment=Compartment.CORE, purpose=PURPOSE
        )
        if not agrees:
            lead = lead_party(case_id=case.pk)
            tell_organisations(
                kind=Kind.CLOSURE_OBJECTED,
                case_id=case.pk,
                organisation_ids=[lead.organisation_id if lead else None],
                link=reverse("casesteps:close", args=[case.pk]),
                event_key=f"{Kind.CLOSURE_OBJECTED}:{answer.pk}:{int(answer.answered_at.timestamp())}",
                acting_user=acting_user,
            )
    return answer


# --- closing -----------------------------------------------------------------------------------


def open_case_deadlines(*, case: Case) -> list[Deadline]:
    """The deadlines the closure settles: every open one of the case but its retention."""
    return list(
        Deadline.objects.filter(case=case, status=Deadline.Status.OPEN)
        .exclude(rule_key=RuleKey.RETENTION)
        .select_related("responsible_organisation", "case")
        .order_by("due_on", "pk")
    )


def closure_errors(*, closure: Closure, today: date) -> dict[str, list[str]]:
    case = closure.case
    errors: dict[str, list[str]] = {}
    if closure.pk is None and case.status == Case.Status.CLOSED:
        errors.setdefault("__all__", []).append(_("This case is already closed."))
    if closure.closed_on < case.opened_on:
        errors.setdefault("closed_on", []).append(_("A case cannot be closed before it was opened."))
    if closure.closed_on > today:
        # The retention deadline counts from this day; a day to come is a typing error.
        errors.setdefault("closed_on", []).append(_("A case cannot be closed on a day still to come."))
    if closure.reason == Closure.Reason.OTHER and not closure.note.strip():
        errors.setdefault("note", []).append(_("Describe the other reason."))
    if closure.pk is None:
        proposal = open_proposal(case=case)
        settled = proposal is not None and proposal_state(proposal=proposal, today=today).settled
        closure.proposal = proposal
        if settled:
            closure.override_reason = ""
        elif not closure.override_reason.strip():
            errors.setdefault("override_reason", []).append(
                _(
                    "The parties have not agreed (no proposal, an objection, or answers still awaited): "
                    "record why you close now."
                )
            )
    return errors


def check_close_case(
    *,
    acting_user: User | None,
    organisation: Organisation,
    closure: Closure,
    hand_overs: dict[int, Organisation | None] | None = None,
) -> Closure:
    """The lead closes (or corrects its closure); `hand_overs` says per open deadline id whom it
    goes to (None: cancelled); deadlines it does not name are cancelled, the default."""
    _require_lead(case=closure.case, organisation=organisation)
    errors = closure_errors(closure=closure, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    from .actions import do_save_step  # actions delegates closures here: imported when called

    with transaction.atomic():
        creating = closure.pk is None
        do_save_step(acting_user=acting_user, organisation=organisation, step=closure)
        if creating:
            do_settle_case_deadlines(case=closure.case, acting_user=acting_user, hand_overs=hand_overs or {})
            if closure.proposal_id is not None:
                ClosureProposal.objects.filter(pk=closure.proposal_id).update(status=ClosureProposal.Status.CLOSED)
            ClosureProposal.objects.filter(case=closure.case, status=ClosureProposal.Status.OPEN).update(
                status=ClosureProposal.Status.WITHDRAWN
            )
    return closure


def do_settle_case_deadlines(
    *, case: Case, acting_user: User | None, hand_overs: dict[int, Organisation | None]
) -> None:
    for deadline in open_case_deadlines(case=case):
        to = hand_overs.get(deadline.pk)
        reason = "case closed" if to is None else f"case closed; handed over to organisation {to.pk}"
        do_settle_deadline(deadline=deadline, acting_user=acting_user, reason=reason)
        if to is not None:
            do_record(
                actor=acting_user, action=AuditAction.UPDATE, obj=deadline, purpose="handed over on closure",
                recipient_organisation_id=to.pk,
            )  # fmt: skip


# --- withdrawing -------------------------------------------------------------------------------


def deadlines_of_party(*, case: Case, organisation: Organisation) -> list[Deadline]:
    return [d for d in open_case_deadlines(case=case) if d.responsible_organisation_id == organisation.pk]


def check_withdraw(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    reason: str,
    successor: Organisation | None,
    hand_overs: dict[int, Organisation | None],
) -> CaseParty:
    """The organisation's part ends. Its deadlines go where `hand_overs` says (default: to the
    lead after it), the others are told; the lead names its successor first."""
    _require_open(case)
    others = list(other_parties(case=case, organisation_id=organisation.pk))
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors.setdefault("reason", []).append(_("Say why your organisation withdraws."))
    if not others:
        errors.setdefault("__all__", []).append(
            _("Your organisation is the only one working on the case: close the case instead.")
        )
    leading = is_lead(case_id=case.pk, organisation_id=organisation.pk)
    other_ids = {party.organisation_id for party in others}
    if leading and (successor is None or successor.pk not in other_ids):
        errors.setdefault("successor", []).append(_("Name the organisation that leads the case after you."))
    for to in hand_overs.values():
        if to is not None and to.pk not in other_ids:
            errors.setdefault("__all__", []).append(_("A deadline can be handed over only to a party of the case."))
            break
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if leading and successor is not None:
            do_hand_over_lead(acting_user=acting_user, case=case, to=successor)
        lead = lead_party(case_id=case.pk)
        default = lead.organisation if lead is not None and lead.organisation_id != organisation.pk else None
        for deadline in deadlines_of_party(case=case, organisation=organisation):
            to = hand_overs.get(deadline.pk, default)
            do_settle_deadline(
                deadline=deadline, acting_user=acting_user, hand_over_to=to,
                reason="party withdrew" if to is None else "handed over: party withdrew",
            )  # fmt: skip
        do_remove_party(acting_user=acting_user, case=case, organisation=organisation)
        party = CaseParty.objects.get(case=case, organisation=organisation)
        party.left_reason = reason.strip()
        party.save(update_fields=["left_reason"])
        left_stamp = int(party.left_at.timestamp()) if party.left_at else 0  # a party may rejoin and leave again
        tell_organisations(
            kind=Kind.PARTY_WITHDREW,
            case_id=case.pk,
            organisation_ids=other_ids,
            link=reverse("cases:detail", args=[case.pk]),
            event_key=f"{Kind.PARTY_WITHDREW}:{party.pk}:{left_stamp}",
            acting_user=acting_user,
        )
    return party


def hand_over_choices(*, case: Case, excluding: Iterable[int] = ()) -> list[Organisation]:
    excluded = set(excluding)
    return [
        party.organisation
        for party in CaseParty.objects.filter(case=case, left_at__isnull=True).select_related("organisation")
        if party.organisation_id not in excluded
    ]
