"""The files of a canton kept outside the database, found through the apps that write them.

The platform imports no domain app, so an app whose storage keeps files per canton registers the
storage's name here (cases.attachments does, for its sealed attachments). Such a storage keeps a
canton's files under the prefix `<schema>/`, and they are already encrypted with the canton's
key: a backup copies them byte for byte and never opens them.
"""

import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import Storage, storages

_CANTON_STORAGES: list[str] = []
CHUNK = 1024 * 1024


def register_canton_storage(name: str) -> None:
    """Makes the named storage (settings.STORAGES) part of every canton backup; idempotent."""
    if name not in _CANTON_STORAGES:
        _CANTON_STORAGES.append(name)


def canton_storages() -> list[str]:
    return list(_CANTON_STORAGES)


def stored_names(storage: Storage, *, schema: str) -> list[str]:
    """Every file name under the canton's prefix, sorted; none when the prefix does not exist."""
    return sorted(_walk(storage, schema))


def _walk(storage: Storage, directory: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{directory}/{name}"
    for name in directories:
        yield from _walk(storage, f"{directory}/{name}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def do_copy_out(*, schema: str, target: Path) -> dict[str, str]:
    """Copies every file of the canton into `target/<storage>/<name>`; relative path -> sha256."""
    copied: dict[str, str] = {}
    for storage_name in canton_storages():
        storage = storages[storage_name]
        for name in stored_names(storage, schema=schema):
            relative = Path(storage_name) / name
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with storage.open(name, "rb") as source, destination.open("wb") as sink:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    sink.write(chunk)
            copied[str(relative)] = digest.hexdigest()
    return copied


def do_put_back(*, schema: str, source: Path, archived: dict[str, str]) -> tuple[int, int]:
    """Makes the canton's files exactly those of the archive: missing or changed files are written
    back, files the archive does not hold are deleted. Returns (written, deleted)."""
    written = deleted = 0
    for storage_name in canton_storages():
        storage = storages[storage_name]
        wanted = {
            relative.removeprefix(f"{storage_name}/"): digest
            for relative, digest in archived.items()
            if relative.startswith(f"{storage_name}/")
        }
        for name in stored_names(storage, schema=schema):
            if name not in wanted:
                storage.delete(name)
                deleted += 1
            elif _stored_sha256(storage, name) == wanted[name]:
                del wanted[name]
            else:
                storage.delete(name)
        for name in sorted(wanted):
            with (source / storage_name / name).open("rb") as stream:
                saved = storage.save(name, File(stream))
            if saved != name:  # the name is bound into the ciphertext: a renamed file cannot open
                raise RuntimeError(f"The storage {storage_name} did not keep the name of a restored file.")
            written += 1
    return written, deleted


def do_delete_all(*, schema: str) -> int:
    """Deletes every file of the canton from every registered storage; how many."""
    count = 0
    for storage_name in canton_storages():
        storage = storages[storage_name]
        for name in stored_names(storage, schema=schema):
            storage.delete(name)
            count += 1
    return count


def _stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
