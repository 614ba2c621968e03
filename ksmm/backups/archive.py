"""An archive on disk: its layout, its manifest, and the checks it must pass before a restore.

    <dir>/manifest.json   canton, schema, versions, state (inventory.py), sha256 of every file
    <dir>/schema.dump     pg_dump --format=custom of the canton's schema only
    <dir>/public.json     the public rows the schema stands on (public_rows.py)
    <dir>/files/<storage>/<schema>/...   the canton's sealed files, byte for byte
    <dir>/README.txt      only in an export for a canton leaving the platform

The checksums find a damaged or partly copied archive; they do not stop a forger who rewrites the
manifest too. An archive is as sensitive as the database: keep it encrypted (README).
"""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import sha256_of

FORMAT = "ksmm-canton-backup/1"
MANIFEST = "manifest.json"
DUMP = "schema.dump"
PUBLIC_ROWS = "public.json"
FILES = "files"
README = "README.txt"


class ArchiveRefused(Exception):
    """The archive cannot be restored here; the message says why (never a row's contents)."""


@dataclass(frozen=True)
class Archive:
    path: Path
    manifest: dict[str, Any]

    @property
    def schema(self) -> str:
        return str(self.manifest["schema"])

    @property
    def code(self) -> str:
        return str(self.manifest["canton"])

    @property
    def state(self) -> dict[str, Any]:
        return dict(self.manifest["state"])

    def public_rows(self) -> dict[str, Any]:
        return dict(json.loads((self.path / PUBLIC_ROWS).read_text()))

    def files(self) -> dict[str, str]:
        """Relative path under files/ -> sha256."""
        return {
            name.removeprefix(f"{FILES}/"): digest
            for name, digest in self.manifest["checksums"].items()
            if name.startswith(f"{FILES}/")
        }


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def open_archive(path: Path) -> Archive:
    """Reads the manifest and checks every file's sha256 against it, and that nothing was added."""
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise ArchiveRefused(f"No readable manifest in {path}.") from error
    if manifest.get("format") != FORMAT:
        raise ArchiveRefused(f"Not a canton backup of this platform (format {manifest.get('format')!r}).")
    expected: dict[str, str] = manifest["checksums"]
    present = {str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()} - {MANIFEST}
    if present - set(expected):
        raise ArchiveRefused(f"{len(present - set(expected))} files in the archive are not in its manifest.")
    for name, digest in sorted(expected.items()):
        if name not in present:
            raise ArchiveRefused(f"The archive lacks {name}.")
        if sha256_of(path / name) != digest:
            raise ArchiveRefused(f"Checksum mismatch: {name} is not the file that was backed up.")
    return Archive(path=path, manifest=manifest)


def dumped_schemas(*, pg_restore: Path, dump: Path) -> set[str]:
    """The schemas the dump creates (pg_restore --list: `id; oid oid SCHEMA - <name> <owner>`)."""
    listing = subprocess.run([str(pg_restore), "--list", str(dump)], capture_output=True, text=True, check=True).stdout  # noqa: S603 - our own arguments, no shell
    schemas: set[str] = set()
    for line in listing.splitlines():
        words = line.split()
        if not line.startswith(";") and len(words) > 5 and words[3] == "SCHEMA" and words[4] == "-":
            schemas.add(words[5])
    return schemas
