"""Canton administration: invite people, change their membership, deactivate them."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ksmm.accounts.models import User
from ksmm.api.connections import do_revoke_all_connections
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.partners.models import Organisation

from .models import Invitation, Membership

INVITATION_VALIDITY = timedelta(days=7)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationError(Exception):
    pass


def check_invite(
    *, acting_user: User, email: str, full_name: str, organisation: Organisation, role: str, base_url: str
) -> Membership:
    """Invites a person into this canton. Someone already a member here cannot be invited twice."""
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is not None and Membership.objects.filter(user=user).exists():
        raise InvitationError(gettext("This person already has a membership in this canton."))
    return do_invite(
        acting_user=acting_user, email=email, full_name=full_name, organisation=organisation, role=role,
        base_url=base_url, user=user,
    )  # fmt: skip


def do_invite(
    *,
    acting_user: User | None,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: str,
    base_url: str,
    user: User | None,
) -> Membership:
    with transaction.atomic():
        if user is None:
            user = User.objects.create_user(email, None, full_name=full_name)
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        do_record(actor=acting_user, action=AuditEntry.Action.GRANT, obj=membership, purpose="invitation")
        _issue_invitation(acting_user=acting_user, membership=membership, base_url=base_url)
    return membership


def do_renew_invitation(*, acting_user: User | None, membership: Membership, base_url: str) -> Invitation:
    """A fresh link for a membership whose invitation expired unused; earlier links stop working."""
    with transaction.atomic():
        Invitation.objects.filter(membership=membership, used_at__isnull=True).update(expires_at=timezone.now())
        do_record(actor=acting_user, action=AuditEntry.Action.GRANT, obj=membership, purpose="invitation renewed")
        return _issue_invitation(acting_user=acting_user, membership=membership, base_url=base_url)


def _issue_invitation(*, acting_user: User | None, membership: Membership, base_url: str) -> Invitation:
    """`acting_user` None: the platform's operator, through a management command."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        membership=membership,
        token_hash=hash_token(token),
        invited_by_id=acting_user.pk if acting_user else None,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    # The canton's URL conf by name: the federal level invites a canton's first administrator
    # from the bare host, whose URL conf has no canton pages.
    link = base_url + reverse("memberships:accept_invitation", args=[token], urlconf=settings.ROOT_URLCONF)
    user = membership.user
    language = user.language or translation.get_language()
    transaction.on_commit(lambda: send_invitation(email=user.email, link=link, language=language))
    return invitation


def send_invitation(*, email: str, link: str, language: str) -> None:
    with translation.override(language):
        subject = gettext("Invitation to the round-table platform")
        body = render_to_string("memberships/email/invitation.txt", {"link": link})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def valid_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("membership__user")
        .filter(token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def do_accept_invitation(*, invitation: Invitation, password: str) -> User:
    with transaction.atomic():
        user = invitation.membership.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        do_record(actor=user, action=AuditEntry.Action.UPDATE, obj=invitation, purpose="invitation accepted")
    return user


def do_update_membership(*, acting_user: User, membership: Membership, organisation: Organisation, role: str) -> None:
    """A new role or organisation ends what systems were let do under the old ones."""
    with transaction.atomic():
        if (membership.organisation_id, membership.role) != (organisation.pk, role):
            do_revoke_all_connections(user_id=membership.user_id)
        membership.organisation = organisation
        membership.role = role
        membership.save(update_fields=["organisation", "role"])
        do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=membership, purpose=f"role {role}")


def do_set_membership_active(*, acting_user: User, membership: Membership, active: bool) -> None:
    """Deactivating ends the person's access here at the next request, and at once that of the
    systems acting for them; other cantons are untouched."""
    with transaction.atomic():
        if not active:
            do_revoke_all_connections(user_id=membership.user_id)
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        action = AuditEntry.Action.GRANT if active else AuditEntry.Action.REVOKE
        do_record(actor=acting_user, action=action, obj=membership, purpose="membership")
