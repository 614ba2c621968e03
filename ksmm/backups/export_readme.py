"""The README of an export for a canton leaving the platform: what the archive holds and how to read it."""

from django.utils import timezone

from ksmm.cantons.models import Canton

TEXT = """Export of canton {code} ({name}) from the ksmm platform, {date}

This directory holds everything the platform kept for the canton. It is as sensitive as the
database itself: store and move it encrypted only.

  schema.dump    PostgreSQL dump (custom format) of schema "{schema}": every table of the
                 canton, its sequences and its audit trail. Read it with PostgreSQL of the major
                 version pg_dump_major in manifest.json, or newer:
                   createdb ksmm_{schema} && pg_restore --no-owner -d ksmm_{schema} schema.dump
                 Its foreign keys point at accounts, groups and permissions of the platform's
                 public schema; public.json holds those rows (restore them first, or restore with
                 --section=pre-data --section=data to read the tables without the keys).
  public.json    the canton's registry and host rows and the user accounts and grant groups the
                 tables point at (names, e-mail addresses, password hashes).
  files/         the attachments, encrypted with the canton's key (AES-256-GCM).
  manifest.json  row counts and digests per table, sequence values, the audit chain's head hash,
                 the migrations, and the sha256 of every file here.

Identity and counselling fields and the attachments are encrypted (AES-256-GCM) with keys derived
from the platform's master key (KSMM_FIELD_ENCRYPTION_KEY) and the schema name "{schema}". To read
them, restore the archive into a ksmm installation of the same version with the same master key:
    manage.py canton_restore <this directory>
The audit trail is a hash chain; `manage.py audit_verify --schema {schema}` proves it unbroken, and
its head must equal the audit_head in manifest.json.
"""


def export_readme(*, canton: Canton) -> str:
    return TEXT.format(
        code=canton.code, name=canton.name, schema=canton.schema_name, date=timezone.now().date().isoformat()
    )
