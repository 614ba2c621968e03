"""Sign-in, sign-out and failed sign-in, recorded in the chain of the host's schema.

The connection is already in the schema of the request's host when the signals fire. A failed
sign-in is stored without anything from the credentials: no e-mail address, no password.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from ksmm.accounts.models import User

from .actions import do_record
from .models import AuditEntry

DISPATCH_PREFIX = "ksmm.audit."


def record_login(sender: Any, *, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    do_record(actor=user, action=AuditEntry.Action.LOGIN, request=request)


def record_logout(sender: Any, *, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None:  # a sign-out without a session: nobody signed out
        return
    do_record(actor=user, action=AuditEntry.Action.LOGOUT, request=request)


def record_login_failed(sender: Any, *, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # kwargs["credentials"] holds the typed e-mail address: deliberately ignored.
    do_record(actor=None, action=AuditEntry.Action.LOGIN_FAILED, request=request)


def connect() -> None:
    user_logged_in.connect(record_login, dispatch_uid=f"{DISPATCH_PREFIX}login")
    user_logged_out.connect(record_logout, dispatch_uid=f"{DISPATCH_PREFIX}logout")
    user_login_failed.connect(record_login_failed, dispatch_uid=f"{DISPATCH_PREFIX}login_failed")
