"""Signing in for tests: a session that passed password and second factor, as after a real login."""

import copy
import time

from django.contrib.sessions.backends.base import SessionBase
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.accounts.remembered_device import remembered_device
from ksmm.accounts.session_policy import AUTH_AT_KEY, LAST_SEEN_KEY, SCHEMA_KEY
from ksmm.memberships.access import membership_of


def totp_device_for(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def schema_of_host(client: Client) -> str:
    host = str(client.defaults.get("HTTP_HOST", "localhost"))
    return host.split(".", maxsplit=1)[0] if host.count(".") else "public"


def sign_in(client: Client, user: User, *, verified: bool = True) -> Client:
    """Logs `user` in on `client`'s host; with the second factor unless verified=False."""
    client.force_login(user, backend="ksmm.accounts.backends.CantonMembershipBackend")
    session = client.session
    now = time.time()
    session.update({SCHEMA_KEY: schema_of_host(client), AUTH_AT_KEY: now, LAST_SEEN_KEY: now})
    if verified:
        session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
        remember_caller(session, user=user, schema_name=schema_of_host(client))
    session.save()
    return client


def remember_caller(session: SessionBase, *, user: User, schema_name: str) -> None:
    """What the first request after a real sign-in keeps in the session, so that a test's first
    request costs what every later one does."""
    request = RequestFactory().get("/")
    request.session = session
    request.user = copy.copy(user)  # the resolved membership is memoised on the request's user
    with schema_context(schema_name):
        remembered_device(request, user_id=user.pk, persistent_id=session[DEVICE_ID_SESSION_KEY])
        if schema_name != "public":
            membership_of(request)
