"""Signing in for tests: a session that passed password and second factor, as after a real login."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ksmm.accounts.models import User
from ksmm.accounts.session_policy import AUTH_AT_KEY, LAST_SEEN_KEY, SCHEMA_KEY


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
    session.save()
    return client
