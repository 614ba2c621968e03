"""Encryption at rest and blind indexes for identity and counselling data (DESIGN.md 9).

One master key comes from the environment; each canton gets its own keys, derived with HKDF
from the master key and the schema name, so a dump of one canton's schema cannot be read with
another canton's keys. Ciphertext is AES-256-GCM with the schema name as associated data: a
value copied into another canton's schema fails to decrypt, and a failed decryption raises.
"""

import base64
import hashlib
import hmac
import os
import unicodedata
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Lookup

from ksmm.cantons.current import current_schema, in_canton

PREFIX = "v1:"
NONCE_BYTES = 12


class DecryptionFailed(Exception):
    """Stored ciphertext could not be decrypted with this canton's key (no value in the message)."""


def _current_schema() -> str:
    schema = current_schema()
    if not in_canton():
        raise ImproperlyConfigured("Encrypted case data exists only inside a canton's schema.")
    return schema


@cache
def _master_key() -> bytes:
    raw = base64.urlsafe_b64decode(settings.KSMM_FIELD_ENCRYPTION_KEY.encode())
    if len(raw) != 32:
        raise ImproperlyConfigured("KSMM_FIELD_ENCRYPTION_KEY must be 32 bytes, base64-encoded.")
    return raw


@cache
def derived_key(*, schema: str, purpose: str) -> bytes:
    """A 32-byte key for one canton and one purpose ("fields" or "blind-index")."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"ksmm:{purpose}:{schema}".encode()).derive(
        _master_key()
    )


def check_master_key(**kwargs: Any) -> list[CheckMessage]:
    """A system check: the master key must decode to 32 bytes, or no case data can be stored."""
    try:
        _master_key.cache_clear()
        _master_key()
    except (ImproperlyConfigured, ValueError):
        return [Error("KSMM_FIELD_ENCRYPTION_KEY must be 32 bytes, urlsafe base64.", id="cases.E001")]
    return []


def encrypt(plaintext: str, *, schema: str | None = None) -> str:
    schema = schema or _current_schema()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(derived_key(schema=schema, purpose="fields")).encrypt(nonce, plaintext.encode(), schema.encode())
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str, *, schema: str | None = None) -> str:
    schema = schema or _current_schema()
    if not token.startswith(PREFIX):
        raise DecryptionFailed("The stored value is not ciphertext of this platform.")
    try:
        blob = base64.b64decode(token.removeprefix(PREFIX).encode("ascii"), validate=True)
        key = derived_key(schema=schema, purpose="fields")
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], schema.encode()).decode()
    except (InvalidTag, ValueError) as error:
        raise DecryptionFailed("The stored value could not be decrypted with this canton's key.") from error


def normalise(value: str) -> str:
    """Case, accents, punctuation and spacing removed: "Müller-Lüdenscheidt " = "muller ludenscheidt"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.split())


def blind_index(kind: str, value: str, *, schema: str | None = None) -> str:
    """A keyed digest of a normalised value; equal inputs give equal digests within one canton."""
    schema = schema or _current_schema()
    message = f"{kind}\x1f{value}".encode()
    return hmac.new(derived_key(schema=schema, purpose="blind-index"), message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored as ciphertext; it can be written and read, never searched."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> "type[Lookup[Any]] | None":
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise ImproperlyConfigured("Encrypted fields cannot be searched; use the blind index.")
