"""Referrals to organisations without users: the letter, its dispatches, the answer by hand.

A KESB, IOM, a social welfare office or a foreign authority is in the partner directory, but
nobody there signs in: a referral to it would wait in "requested" for ever. Instead the sender
prints a letter (cases/letters_pdf.py), records how each letter went out (the referral is then
"sent by letter"), and records the recipient's answer on its behalf, which closes the wait as an
answer on the platform would.

The letter path is only for recipients without users: one that has users answers for itself,
so nobody records an answer in its name. An answer by letter makes the recipient no party to
the case: nobody of it could read the case, and grants to nobody would only wait for a future
member who never saw the letter.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record, do_record_compartments
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment

from .access import access_case
from .letters_pdf import letter_language, referral_letter_pdf
from .models import Referral, ReferralDispatch
from .policy import Reader
from .referrals import ReferralRefused, access_referral, has_users

Status = Referral.Status
Channel = Referral.Channel
LETTER_PURPOSE = "referral letter"

# The answers the sender records for the recipient, and the states each may follow.
OUTCOMES_FROM: dict[str, tuple[str, ...]] = {
    Status.ACCEPTED: (Status.SENT,),
    Status.DECLINED: (Status.SENT,),
    Status.DONE: (Status.SENT, Status.ACCEPTED),
}


def goes_by_letter(referral: Referral) -> bool:
    """Whether the referral goes out by letter: made so, or (made before letters existed) still
    waiting for an organisation that nobody can answer for."""
    if referral.channel == Channel.LETTER:
        return True
    return referral.status == Status.REQUESTED and not has_users(referral.to_organisation)


def access_letter_referral(*, membership: Reader, referral_id: int | str) -> Referral:
    """The referral, for its sender, when it goes by letter.

    Not sent or received by the reader's organisation, or no letter to speak of: 404. The
    recipient's side (were anybody there): 403, only the sender writes and answers by letter.
    """
    referral = access_referral(membership=membership, referral_id=referral_id)
    if referral.from_organisation_id != membership.organisation.pk:
        raise PermissionDenied
    if not goes_by_letter(referral):
        raise Http404
    return referral


def print_letter(
    *, acting_user: User | None, membership: Reader, referral: Referral, request: HttpRequest | None = None
) -> bytes:
    """The letter, from the sender's decision on the case now; every print is audited with the
    compartments it carried. A sender no longer party to the case gets 404 from the gate."""
    access = access_case(membership=membership, case_id=referral.case_id, request=request, purpose=LETTER_PURPOSE)
    pdf, printed = referral_letter_pdf(access=access, referral=referral, today=timezone.localdate())
    do_record_compartments(
        actor=acting_user,
        action=AuditAction.PRINT,
        obj=referral.case,
        compartments=[str(value) for value in sorted(printed)],
        purpose=LETTER_PURPOSE,
        recipient_organisation_id=referral.to_organisation_id,
        request=request,
    )
    return pdf


def letter_file_name(referral: Referral) -> str:
    """Ids only: a file name is copied into download folders and mail attachments."""
    return f"referral-letter-{referral.pk}.pdf"


def check_record_dispatch(
    *,
    acting_user: User | None,
    membership: Reader,
    referral: Referral,
    method: str,
    sent_on: date,
    note: str = "",
    request: HttpRequest | None = None,
) -> ReferralDispatch:
    """A letter went out (the first, or a reminder while the answer is awaited)."""
    _require_sender(referral, membership=membership)
    if not goes_by_letter(referral):
        raise ReferralRefused(_("This organisation answers on the platform; no letter is needed."))
    if referral.status not in (Status.REQUESTED, Status.SENT):
        raise ReferralRefused(_("The answer is recorded; no further letter can be sent."))
    if method not in ReferralDispatch.Method.values:
        raise ReferralRefused(_("Choose how the letter went out."))
    if method == ReferralDispatch.Method.OTHER and not note.strip():
        raise ReferralRefused(_("Say how the letter went out."))
    _check_date(sent_on, not_before=timezone.localtime(referral.requested_at).date())
    return do_record_dispatch(
        acting_user=acting_user, referral=referral, method=method, sent_on=sent_on, note=note, request=request
    )


def do_record_dispatch(
    *,
    acting_user: User | None,
    referral: Referral,
    method: str,
    sent_on: date,
    note: str = "",
    request: HttpRequest | None = None,
) -> ReferralDispatch:
    with transaction.atomic():
        dispatch = ReferralDispatch.objects.create(
            referral=referral,
            method=method,
            sent_on=sent_on,
            note=note.strip(),
            language=letter_language(referral.to_organisation),
            sent_by_user_id=acting_user.pk if acting_user else None,
        )
        referral.channel = Channel.LETTER
        referral.status = Status.SENT
        referral.save(update_fields=["channel", "status"])
        _audit(acting_user, referral, "referral letter sent", request)
    return dispatch


def check_record_outcome(
    *,
    acting_user: User | None,
    membership: Reader,
    referral: Referral,
    outcome: str,
    answered_on: date,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """The recipient answered by letter, telephone or in person; the sender records it for it."""
    _require_sender(referral, membership=membership)
    if outcome not in OUTCOMES_FROM:
        raise ReferralRefused(_("Choose the answer."))
    if referral.channel != Channel.LETTER or referral.status == Status.REQUESTED:
        raise ReferralRefused(_("Record how the letter went out before its answer."))
    if referral.status not in OUTCOMES_FROM[outcome]:
        raise ReferralRefused(_("This referral is no longer open for that step."))
    if outcome == Status.DECLINED and not reason.strip():
        raise ReferralRefused(_("Give a reason for declining."))
    first = referral.dispatches.order_by("sent_on").values_list("sent_on", flat=True).first()
    _check_date(answered_on, not_before=first)
    return do_record_outcome(
        acting_user=acting_user, referral=referral, outcome=outcome, answered_on=answered_on, reason=reason,
        request=request,
    )  # fmt: skip


def do_record_outcome(
    *,
    acting_user: User | None,
    referral: Referral,
    outcome: str,
    answered_on: date,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    with transaction.atomic():
        now = timezone.now()
        referral.status = outcome
        referral.answered_on = answered_on
        referral.decided_by_user_id = acting_user.pk if acting_user else None
        referral.decided_at = now
        if outcome == Status.DECLINED:
            referral.decline_reason = reason.strip()
        if outcome == Status.DONE:
            referral.closed_at = now
        referral.save()
        _audit(acting_user, referral, f"referral {outcome} by letter", request)
    return referral


def _check_date(value: date, *, not_before: date | None) -> None:
    if value > timezone.localdate():
        raise ReferralRefused(_("The date cannot be in the future."))
    if not_before is not None and value < not_before:
        raise ReferralRefused(_("The date cannot be before the referral or its first letter."))


def _require_sender(referral: Referral, *, membership: Reader) -> None:
    if referral.from_organisation_id != membership.organisation.pk:
        raise ReferralRefused(_("Only the sender records letters and answers."))


def _audit(acting_user: User | None, referral: Referral, purpose: str, request: HttpRequest | None) -> None:
    do_record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=referral,
        compartment=Compartment.CORE,
        purpose=purpose,
        recipient_organisation_id=referral.to_organisation_id,
        request=request,
    )


@dataclass(frozen=True)
class DispatchRow:
    dispatch: ReferralDispatch
    sent_by: str


@dataclass(frozen=True)
class LetterRecord:
    """What the sender's page shows of the letter path: the dispatches and who recorded the answer."""

    dispatches: list[DispatchRow]
    answered_by: str
    can_send: bool
    can_answer: bool


def letter_record(referral: Referral) -> LetterRecord:
    """Two queries: the dispatches, and the names of the sender's people who recorded them."""
    dispatches = list(referral.dispatches.all())
    ids = {pk for pk in [*(d.sent_by_user_id for d in dispatches), referral.decided_by_user_id] if pk is not None}
    names: dict[int | None, str] = dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    return LetterRecord(
        dispatches=[DispatchRow(dispatch=d, sent_by=names.get(d.sent_by_user_id, "")) for d in dispatches],
        answered_by=names.get(referral.decided_by_user_id, "") if referral.answered_on else "",
        can_send=referral.status in (Status.REQUESTED, Status.SENT),
        can_answer=referral.status in (Status.SENT, Status.ACCEPTED),
    )
