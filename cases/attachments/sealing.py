"""The bytes of attachments at rest: encrypted with the canton's key before they reach the storage.

The key is derived from the master key for the canton's schema and the purpose "attachments"
(cases/encryption.py); the file's header names the master key version that sealed it
("ksmm-att-v2"; files sealed before keys were versioned read "ksmm-att-v1", key version 1), and
the row's `key_version` repeats it so cases/rotation/ finds the files to seal again. The
ciphertext is AES-256-GCM with the schema and the storage key as associated data, so a file
copied to another key or another canton fails to open, and a failed opening raises. Storage
keys are `<schema>/<random hex>`: the path tells the canton (as the database schema does) and
nothing about the file. The storage is Django's named storage `attachments` (local files under
.var/attachments, or an S3-compatible store in production); it only ever sees ciphertext.
"""

import os
import re
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from cases.encryption import NONCE_BYTES, DecryptionFailed, current_key_version, derived_key

STORAGE = "attachments"
_MAGIC = re.compile(rb"^ksmm-att-v([1-9][0-9]{0,4})\n")
PURPOSE = "attachments"


def magic(version: int) -> bytes:
    return b"ksmm-att-v%d\n" % version


def storage() -> Storage:
    return storages[STORAGE]


def new_storage_key(*, schema: str) -> str:
    return f"{schema}/{secrets.token_hex(16)}"


def _associated_data(*, schema: str, storage_key: str) -> bytes:
    return f"{schema}\x1f{storage_key}".encode()


def seal(data: bytes, *, schema: str, storage_key: str) -> bytes:
    """Sealed with the current key version, which the header names."""
    nonce = os.urandom(NONCE_BYTES)
    version = current_key_version()
    key = derived_key(schema=schema, purpose=PURPOSE, version=version)
    associated = _associated_data(schema=schema, storage_key=storage_key)
    return magic(version) + nonce + AESGCM(key).encrypt(nonce, data, associated)


def unseal(sealed: bytes, *, schema: str, storage_key: str) -> bytes:
    header = _MAGIC.match(sealed)
    if header is None:
        raise DecryptionFailed("The stored attachment is not ciphertext of this platform.")
    blob = sealed[header.end() :]
    key = derived_key(schema=schema, purpose=PURPOSE, version=int(header.group(1)))
    try:
        return AESGCM(key).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], _associated_data(schema=schema, storage_key=storage_key)
        )
    except (InvalidTag, ValueError) as error:
        raise DecryptionFailed("The stored attachment could not be decrypted with this canton's key.") from error


def store(data: bytes, *, schema: str) -> str:
    """Encrypts `data` and writes it under a new random key in the canton's prefix; the key."""
    storage_key = new_storage_key(schema=schema)
    saved = storage().save(storage_key, ContentFile(seal(data, schema=schema, storage_key=storage_key)))
    if saved != storage_key:  # a storage that renamed the file: the name is bound into the ciphertext
        storage().delete(saved)
        raise RuntimeError("The attachment storage did not keep the key it was given.")
    return storage_key


def load(*, schema: str, storage_key: str) -> bytes:
    with storage().open(storage_key, "rb") as stored:
        sealed = stored.read()
    return unseal(sealed, schema=schema, storage_key=storage_key)


def discard(storage_key: str) -> None:
    storage().delete(storage_key)
