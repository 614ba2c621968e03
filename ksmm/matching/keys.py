"""The federal key and the digest of a person under it.

Every canton's blind index (cases/encryption.py) is keyed per canton, so the same person gives
different digests in ZH and GE: good for a stolen dump, useless for a match across cantons.
The federal digest uses one key for all cantons, from the environment (KSMM_FEDERAL_MATCHING_KEY),
never derived from the field-encryption key: whoever holds one cannot compute the other.
"""

import base64
import hashlib
import hmac
import re
from functools import cache
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

# Only outside production (config/settings/base.py); the deploy check refuses it.
DEVELOPMENT_KEY = "ZmVkZXJhbC1tYXRjaGluZy1kZXZlbG9wbWVudC1rZXk="
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def _decoded(raw: str) -> bytes:
    key = base64.urlsafe_b64decode(raw.encode())
    if len(key) != 32:
        raise ImproperlyConfigured("KSMM_FEDERAL_MATCHING_KEY must be 32 bytes, base64-encoded.")
    return key


def federal_key() -> bytes:
    """Read from the settings at each call (cached per value), so a changed setting takes effect."""
    return _decoded(settings.KSMM_FEDERAL_MATCHING_KEY)


def key_version() -> int:
    return int(settings.KSMM_FEDERAL_MATCHING_KEY_VERSION)


def person_digest(*, name: str, born: str) -> str:
    """The federal digest of a normalised name (words sorted, as cases/identity.py builds it) and a
    full date of birth ("YYYY-MM-DD"). Refuses anything else: a partial date has no federal digest."""
    if not name or name != " ".join(name.split()) or name != name.casefold():
        raise ValueError("The name must be normalised before it is digested.")
    if not _FULL_DATE.match(born):
        raise ValueError("Only a full date of birth is digested.")
    message = f"person\x1f{name}\x1f{born}".encode()
    return hmac.new(federal_key(), message, hashlib.sha256).hexdigest()


def check_federal_key(**kwargs: Any) -> list[CheckMessage]:
    """The key must decode to 32 bytes, or no identity can be saved."""
    try:
        federal_key()
    except (ImproperlyConfigured, ValueError):
        return [Error("KSMM_FEDERAL_MATCHING_KEY must be 32 bytes, urlsafe base64.", id="matching.E001")]
    return []


def check_federal_key_deployed(**kwargs: Any) -> list[CheckMessage]:
    """In production the key is the deployment's own: not the development default, and not the
    field-encryption key (one leaked secret must not open both)."""
    errors: list[CheckMessage] = []
    if settings.KSMM_FEDERAL_MATCHING_KEY == DEVELOPMENT_KEY:
        errors.append(Error("KSMM_FEDERAL_MATCHING_KEY is the development key.", id="matching.E002"))
    field_keys = {settings.KSMM_FIELD_ENCRYPTION_KEY} | {
        entry.partition(":")[2].strip() for entry in settings.KSMM_FIELD_ENCRYPTION_KEYS.split(",")
    }
    if settings.KSMM_FEDERAL_MATCHING_KEY in field_keys:
        errors.append(
            Error("KSMM_FEDERAL_MATCHING_KEY must differ from KSMM_FIELD_ENCRYPTION_KEY.", id="matching.E003")
        )
    return errors
