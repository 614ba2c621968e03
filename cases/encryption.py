"""Encryption at rest and blind indexes for identity and counselling data (DESIGN.md 9).

One master key comes from the environment; each canton gets its own keys, derived with HKDF
from the master key and the schema name, so a dump of one canton's schema cannot be read with
another canton's keys. Ciphertext is AES-256-GCM with the schema name as associated data: a
value copied into another canton's schema fails to decrypt, and a failed decryption raises.

The master key is versioned (a key ring, README "Rotating keys"): every ciphertext names the
version that wrote it ("v2:..."), new data is written with the current version, and any version
still in the ring is read. Blind-index digests carry their version in a column beside them
(BlindIndexEntry.key_version); cases/rotation/ rewrites old data in the background.
"""

import base64
import hashlib
import hmac
import os
import re
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

NONCE_BYTES = 12
# "v<key version>:" before the base64 of nonce and ciphertext. Data written before key rotation
# existed reads "v1:", which is key version 1: the single KSMM_FIELD_ENCRYPTION_KEY.
_TOKEN = re.compile(r"^v([1-9][0-9]{0,4}):")
MAX_KEY_VERSION = 32767  # fits the PositiveSmallIntegerField of the blind index


class DecryptionFailed(Exception):
    """Stored ciphertext could not be decrypted with this canton's key (no value in the message)."""


def _current_schema() -> str:
    schema = current_schema()
    if not in_canton():
        raise ImproperlyConfigured("Encrypted case data exists only inside a canton's schema.")
    return schema


def _ring_setting() -> tuple[str, str]:
    return settings.KSMM_FIELD_ENCRYPTION_KEYS, settings.KSMM_FIELD_ENCRYPTION_KEY


@cache
def _parse_ring(keys: str, single: str) -> tuple[tuple[int, bytes], ...]:
    """(version, master key) pairs, the current version first.

    KSMM_FIELD_ENCRYPTION_KEYS ("2:<base64>,1:<base64>") wins; without it the single
    KSMM_FIELD_ENCRYPTION_KEY is version 1, as it was before keys could be rotated.
    Raises ImproperlyConfigured (never naming a key) for anything malformed.
    """
    entries = [entry.strip() for entry in keys.split(",") if entry.strip()] if keys.strip() else [f"1:{single}"]
    ring: list[tuple[int, bytes]] = []
    for entry in entries:
        version_text, colon, encoded = entry.partition(":")
        if not colon or not version_text.strip().isdigit():
            raise ImproperlyConfigured("Each entry of KSMM_FIELD_ENCRYPTION_KEYS reads <version>:<base64 key>.")
        version = int(version_text)
        if not 1 <= version <= MAX_KEY_VERSION:
            raise ImproperlyConfigured(f"Key versions run from 1 to {MAX_KEY_VERSION}.")
        if version in dict(ring):
            raise ImproperlyConfigured(f"Key version {version} appears twice in KSMM_FIELD_ENCRYPTION_KEYS.")
        try:
            raw = base64.urlsafe_b64decode(encoded.strip().encode())
        except ValueError as error:
            raise ImproperlyConfigured(f"Key version {version} is not urlsafe base64.") from error
        if len(raw) != 32:
            raise ImproperlyConfigured(f"Key version {version} must be 32 bytes, base64-encoded.")
        ring.append((version, raw))
    if not ring:
        raise ImproperlyConfigured("No field-encryption key is configured.")
    return tuple(ring)


def key_ring() -> tuple[tuple[int, bytes], ...]:
    """The master keys, current first; read from the settings at each call (parsed once per
    value), so a changed setting takes effect as KSMM_FEDERAL_MATCHING_KEY's does."""
    return _parse_ring(*_ring_setting())


def current_key_version() -> int:
    """The version new data is written with."""
    return key_ring()[0][0]


def key_versions() -> list[int]:
    """Every version that can still be read, current first."""
    return [version for version, _key in key_ring()]


def _master_key(version: int) -> bytes:
    for known, key in key_ring():
        if known == version:
            return key
    raise DecryptionFailed(
        f"The stored value was written with key version {version}, which KSMM_FIELD_ENCRYPTION_KEYS no longer holds."
    )


@cache
def _derive(master: bytes, info: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info.encode()).derive(master)


def derived_key(*, schema: str, purpose: str, version: int | None = None) -> bytes:
    """A 32-byte key for one canton, one purpose ("fields", "blind-index", "attachments") and one
    master key version (default: the current one). Raises DecryptionFailed for a version the
    ring does not hold."""
    master = _master_key(current_key_version() if version is None else version)
    return _derive(master, f"ksmm:{purpose}:{schema}")


def check_master_key(**kwargs: Any) -> list[CheckMessage]:
    """A system check: the key ring must parse (versions unique, each key 32 bytes), or no case
    data can be stored or read."""
    try:
        key_ring()
    except ImproperlyConfigured as error:
        return [Error(f"KSMM_FIELD_ENCRYPTION_KEYS: {error}", id="cases.E001")]
    return []


def token_version(token: str) -> int | None:
    """The key version a stored value names, None if it is not ciphertext of this platform."""
    match = _TOKEN.match(token)
    return int(match.group(1)) if match else None


def encrypt(plaintext: str, *, schema: str | None = None) -> str:
    schema = schema or _current_schema()
    version = current_key_version()
    nonce = os.urandom(NONCE_BYTES)
    key = derived_key(schema=schema, purpose="fields", version=version)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), schema.encode())
    return f"v{version}:" + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str, *, schema: str | None = None) -> str:
    """The plaintext, whichever version of the ring wrote it; raises DecryptionFailed otherwise."""
    schema = schema or _current_schema()
    version = token_version(token)
    if version is None:
        raise DecryptionFailed("The stored value is not ciphertext of this platform.")
    key = derived_key(schema=schema, purpose="fields", version=version)
    try:
        blob = base64.b64decode(token[token.index(":") + 1 :].encode("ascii"), validate=True)
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], schema.encode()).decode()
    except (InvalidTag, ValueError) as error:
        raise DecryptionFailed("The stored value could not be decrypted with this canton's key.") from error


def normalise(value: str) -> str:
    """Case, accents, punctuation and spacing removed: "Müller-Lüdenscheidt " = "muller ludenscheidt"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.split())


def blind_index(kind: str, value: str, *, schema: str | None = None, version: int | None = None) -> str:
    """A keyed digest of a normalised value; equal inputs give equal digests within one canton
    and one key version (default: the current one)."""
    schema = schema or _current_schema()
    message = f"{kind}\x1f{value}".encode()
    key = derived_key(schema=schema, purpose="blind-index", version=version)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


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
