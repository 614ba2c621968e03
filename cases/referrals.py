"""Hand-offs between organisations: request, accept, decline with a reason, done, revoke."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.events.actions import do_emit, event_key_for
from ksmm.events.models import EventKind
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from . import grants
from .access import decision_on
from .actions import do_add_party, do_remove_party
from .models import Case, CaseParty, Referral
from .models.referrals import OPEN
from .notifying import Kind, tell_organisations
from .policy import CaseAccess, Reader

Status = Referral.Status


class ReferralRefused(Exception):
    """A step the referral's state or the rules do not allow; the message is shown."""


def shareable_compartments(*, access: CaseAccess, recipient: Organisation) -> frozenset[str]:
    """What the sender may pass on: what its decision lets it read, within the matrix for the recipient."""
    own = access.readable
    return (own & grants.default_read(organisation_type=recipient.type)) | {Compartment.CORE.value}


def has_users(organisation: Organisation) -> bool:
    """Whether anybody can answer for the organisation on the platform: an active member with
    an active account. Without one, a referral goes out by letter (cases/letters.py)."""
    return organisation.memberships.filter(is_active=True, user__is_active=True).exists()


def with_users_flag(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """`organisations`, each with `has_users` (see `has_users`), in the same query."""
    active = Membership.objects.filter(organisation=OuterRef("pk"), is_active=True, user__is_active=True)
    return organisations.annotate(has_users=Exists(active))


def channel_for(recipient: Organisation) -> str:
    return Referral.Channel.PLATFORM if has_users(recipient) else Referral.Channel.LETTER


def referrals_for(*, membership: Reader) -> QuerySet[Referral]:
    """Referrals sent or received by the reader's organisation."""
    organisation_id = membership.organisation.pk
    return Referral.objects.filter(
        Q(from_organisation_id=organisation_id) | Q(to_organisation_id=organisation_id)
    ).select_related("case", "from_organisation", "to_organisation")


def access_referral(*, membership: Reader, referral_id: int | str) -> Referral:
    try:
        pk = int(referral_id)
    except (TypeError, ValueError):
        raise Http404 from None
    referral = referrals_for(membership=membership).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def may_refer(*, access: CaseAccess) -> bool:
    """Whether the case page offers a referral: not on a case handed over to another canton,
    which is the record of what was sent (the request would be refused)."""
    return not access.case.transferred_out


def check_request_referral(
    *,
    acting_user: User | None,
    membership: Reader,
    case: Case,
    recipient: Organisation,
    compartments: Iterable[str],
    message: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    chosen = frozenset(compartments) | {Compartment.CORE.value}
    access = decision_on(membership=membership, case=case, request=request)
    allowed = shareable_compartments(access=access, recipient=recipient)
    if not may_refer(access=access):
        raise ReferralRefused(_("This case was transferred to another canton: it is read-only here."))
    if not recipient.is_active or recipient.pk == membership.organisation.pk:
        raise ReferralRefused(_("Choose another active organisation."))
    if not chosen <= allowed:
        raise ReferralRefused(_("You can only share what you see yourself, within the agreement's matrix."))
    if CaseParty.objects.filter(case=case, organisation=recipient, left_at__isnull=True).exists():
        raise ReferralRefused(_("This organisation is already a party to the case."))
    if Referral.objects.filter(case=case, to_organisation=recipient, status__in=OPEN).exists():
        raise ReferralRefused(_("A referral to this organisation is already open."))
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case,
            from_organisation=membership.organisation,
            to_organisation=recipient,
            compartments=sorted(chosen),
            message=message.strip(),
            channel=channel_for(recipient),
            requested_by_user_id=acting_user.pk if acting_user else None,
        )
        _audit(acting_user, referral, "referral requested", request)
        _tell(referral, kind=Kind.REFERRAL_RECEIVED, acting_user=acting_user)
    return referral


def _decide(referral: Referral, *, acting_user: User | None, status: str) -> None:
    referral.status = status
    referral.decided_by_user_id = acting_user.pk if acting_user else None
    referral.decided_at = timezone.now()


def another_counselling_holder(*, case: Case, excluding: Organisation) -> bool:
    """Whether another active party already holds the case's counselling compartment."""
    codename = grants.read_codename(Compartment.COUNSELLING)
    active = set(
        CaseParty.objects.filter(case=case, left_at__isnull=True)
        .exclude(organisation=excluding)
        .values_list("organisation_id", flat=True)
    )
    return any(
        organisation_id in active and codename in codenames
        for organisation_id, codenames in grants.grants_by_organisation(case=case).items()
    )


def accepted_compartments(*, referral: Referral) -> frozenset[str]:
    """What the recipient gets on accepting: the compartments the sender chose and, for a
    victim-aid service that the agreement lets counsel, its own counselling compartment, so
    that it can record its counselling from the first day. Not when another service already
    holds counselling on the case: that data was confided to the other service, and reaches
    this one only by the victim's consent (OHG Art. 11)."""
    chosen = frozenset(referral.compartments)
    recipient = referral.to_organisation
    counselling = Compartment.COUNSELLING.value
    if (
        recipient.type == Organisation.Type.VICTIM_AID
        and counselling in grants.default_read(organisation_type=recipient.type)
        and not another_counselling_holder(case=referral.case, excluding=recipient)
    ):
        return chosen | {counselling}
    return chosen


def check_accept_referral(
    *, acting_user: User | None, membership: Reader, referral: Referral, request: HttpRequest | None = None
) -> Referral:
    """The recipient takes the case on and becomes a party with the chosen compartments
    (and, for victim aid, see `accepted_compartments`)."""
    _require(referral, membership=membership, side="to", status=Status.REQUESTED)
    with transaction.atomic():
        _decide(referral, acting_user=acting_user, status=Status.ACCEPTED)
        referral.save()
        do_add_party(
            acting_user=acting_user,
            case=referral.case,
            organisation=referral.to_organisation,
            compartments=accepted_compartments(referral=referral),
            request=request,
        )
        _audit(acting_user, referral, "referral accepted", request)
        _tell(referral, kind=Kind.REFERRAL_ACCEPTED, acting_user=acting_user)
    return referral


def check_decline_referral(
    *,
    acting_user: User | None,
    membership: Reader,
    referral: Referral,
    reason: str,
    request: HttpRequest | None = None,
) -> Referral:
    _require(referral, membership=membership, side="to", status=Status.REQUESTED)
    if not reason.strip():
        raise ReferralRefused(_("Give a reason for declining."))
    with transaction.atomic():
        _decide(referral, acting_user=acting_user, status=Status.DECLINED)
        referral.decline_reason = reason.strip()
        referral.save()
        _audit(acting_user, referral, "referral declined", request)
        _tell(referral, kind=Kind.REFERRAL_DECLINED, acting_user=acting_user)
    return referral


def check_finish_referral(
    *, acting_user: User | None, membership: Reader, referral: Referral, request: HttpRequest | None = None
) -> Referral:
    """The recipient's part of the hand-off is done; it stays a party with its grants."""
    _require(referral, membership=membership, side="to", status=Status.ACCEPTED)
    with transaction.atomic():
        referral.status = Status.DONE
        referral.closed_at = timezone.now()
        referral.save()
        _audit(acting_user, referral, "referral done", request)
    return referral


def check_revoke_referral(
    *, acting_user: User | None, membership: Reader, referral: Referral, request: HttpRequest | None = None
) -> Referral:
    """The sender withdraws it; an accepted referral also takes the recipient's grants back
    (one accepted by letter gave none)."""
    if referral.status not in (*OPEN, Status.ACCEPTED):
        raise ReferralRefused(_("This referral can no longer be revoked."))
    _require(referral, membership=membership, side="from", status=str(referral.status))
    with transaction.atomic():
        if referral.status == Status.ACCEPTED and referral.channel == Referral.Channel.PLATFORM:
            do_remove_party(
                acting_user=acting_user, case=referral.case, organisation=referral.to_organisation, request=request
            )
        referral.status = Status.REVOKED
        referral.closed_at = timezone.now()
        referral.save()
        _audit(acting_user, referral, "referral revoked", request)
    return referral


def _require(referral: Referral, *, membership: Reader, side: str, status: str) -> None:
    organisation_id = referral.to_organisation_id if side == "to" else referral.from_organisation_id
    if organisation_id != membership.organisation.pk:
        raise ReferralRefused(_("Only the other organisation can take this step."))
    if referral.status != status:
        raise ReferralRefused(_("This referral is no longer open for that step."))


def _tell(referral: Referral, *, kind: str, acting_user: User | None) -> None:
    """A new referral to its recipient; the answer to its sender."""
    to = referral.to_organisation_id if kind == Kind.REFERRAL_RECEIVED else referral.from_organisation_id
    tell_organisations(
        kind=kind,
        case_id=referral.case_id,
        organisation_ids=[to],
        link=reverse("cases:referral", args=[referral.pk]),
        event_key=f"{kind}:{referral.pk}",
        acting_user=acting_user,
    )
    if kind == Kind.REFERRAL_RECEIVED:  # for the recipient's systems too (webhooks, change feed)
        do_emit(
            kind=EventKind.REFERRAL_RECEIVED,
            obj=referral,
            organisation_id=to,
            compartment=Compartment.CORE,
            event_key=event_key_for(EventKind.REFERRAL_RECEIVED, referral),
        )


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
