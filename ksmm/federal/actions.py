"""The federal level's people: invite an analyst or administrator, accept, revoke the role.

Every change is written to the public schema's audit chain, in the same transaction.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ksmm.accounts.models import FederalRole, User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.memberships.actions import INVITATION_VALIDITY, hash_token
from ksmm.notifications.emails import public_url

from .models import FederalInvitation


class FederalPeopleError(Exception):
    """A request the federal administrator can correct; the message is translated."""


def check_invite_federal(
    *, acting_user: User | None, email: str, full_name: str, role: FederalRole, language: str
) -> FederalInvitation:
    """Invites a person to the federal level. Someone who already holds a federal role and has
    chosen a password is not invited again; someone who never accepted gets a fresh link."""
    email = get_user_model().objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email=email).first()
    if user is not None and user.federal_role and user.has_usable_password():
        raise FederalPeopleError(gettext("This person already has a federal role."))
    return do_invite_federal(
        acting_user=acting_user, email=email, full_name=full_name, role=role, language=language, user=user
    )


def do_invite_federal(
    *, acting_user: User | None, email: str, full_name: str, role: FederalRole, language: str, user: User | None
) -> FederalInvitation:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if user is None:
            user = User.objects.create_user(email, None, full_name=full_name, language=language)
        user.federal_role = role
        user.save(update_fields=["federal_role"])
        # Earlier links of the same person stop working: one valid link at a time.
        FederalInvitation.objects.filter(user=user, used_at__isnull=True).update(expires_at=timezone.now())
        invitation = FederalInvitation.objects.create(
            user=user,
            role=role,
            token_hash=hash_token(token),
            invited_by=acting_user,
            expires_at=timezone.now() + INVITATION_VALIDITY,
        )
        do_record(actor=acting_user, action=AuditEntry.Action.GRANT, obj=user, purpose=f"federal role {role}")
        link = public_url(
            host=settings.KSMM_BASE_DOMAIN,
            path=reverse("federal:accept_invitation", args=[token], urlconf=settings.PUBLIC_SCHEMA_URLCONF),
        )
        send_in = user.language or language or translation.get_language()
        address = user.email
        transaction.on_commit(lambda: send_federal_invitation(email=address, link=link, role=role, language=send_in))
    return invitation


def send_federal_invitation(*, email: str, link: str, role: FederalRole, language: str) -> None:
    with translation.override(language):
        subject = gettext("Invitation to the federal level of the round-table platform")
        body = render_to_string("federal/email/invitation.txt", {"link": link, "role": role.label})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def valid_federal_invitation(token: str) -> FederalInvitation | None:
    """The unused, unexpired invitation behind `token` whose role the person still holds."""
    invitation = (
        FederalInvitation.objects.select_related("user")
        .filter(token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None or invitation.user.federal_role != invitation.role or not invitation.user.is_active:
        return None
    return invitation


def do_accept_federal_invitation(*, invitation: FederalInvitation, password: str) -> User:
    with transaction.atomic():
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        do_record(actor=user, action=AuditEntry.Action.UPDATE, obj=invitation, purpose="invitation accepted")
    return user


def check_revoke_federal_role(*, acting_user: User, user: User) -> None:
    """Nobody revokes their own role: the last administrator would lock the federal level out."""
    if user.pk == acting_user.pk:
        raise FederalPeopleError(gettext("You cannot revoke your own federal role."))
    do_revoke_federal_role(acting_user=acting_user, user=user)


def do_revoke_federal_role(*, acting_user: User, user: User) -> None:
    """The person can no longer sign in on the bare host, and their sessions there end at their
    next request (ksmm/accounts/session_policy.py); their canton memberships are untouched."""
    with transaction.atomic():
        role = user.federal_role
        user.federal_role = ""
        user.save(update_fields=["federal_role"])
        FederalInvitation.objects.filter(user=user, used_at__isnull=True).update(expires_at=timezone.now())
        do_record(actor=acting_user, action=AuditEntry.Action.REVOKE, obj=user, purpose=f"federal role {role}")
