"""Standard Webhooks signatures (https://www.standardwebhooks.com/) and the sealing of secrets.

A secret is `whsec_` + base64 of 32 random bytes; the HMAC key is those bytes. The signature of
a message is `v1,` + base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")), and
`webhook-signature` lists one per live secret, space-separated, during a rotation.

Secrets are canton secrets: stored sealed (AES-256-GCM, a key derived per canton from the
platform's master key, the schema as associated data), shown once, never logged.
"""

import base64
import hashlib
import hmac
import os
import secrets
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix the specification names, not a secret
SECRET_BYTES = 32
NONCE_BYTES = 12


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def key_of(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key_of(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(*, secrets_: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` value: one signature per live secret, newest first."""
    return " ".join(signature(secret=s, message_id=message_id, timestamp=timestamp, body=body) for s in secrets_)


@cache
def _sealing_key(schema: str) -> bytes:
    master = base64.urlsafe_b64decode(settings.KSMM_FIELD_ENCRYPTION_KEY.encode())
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"ksmm:webhook-secrets:{schema}".encode()).derive(
        master
    )


def seal(secret: str, *, schema: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_sealing_key(schema)).encrypt(nonce, secret.encode(), schema.encode())
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(sealed: str, *, schema: str) -> str:
    """The secret; raises (cryptography's InvalidTag) for a value sealed in another canton."""
    blob = base64.b64decode(sealed)
    return AESGCM(_sealing_key(schema)).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], schema.encode()).decode()
