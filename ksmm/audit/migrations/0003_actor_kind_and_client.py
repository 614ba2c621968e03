"""Names the actor of every entry: a person, an API client (with its organisation) or the system.

Existing entries are immutable (append-only trigger): they get a blank `actor_kind` (a column
default, which fires no trigger), their
hashes stay as they were (chain.py hashes the new fields only on entries that have a kind), and
the constraint is added NOT VALID: PostgreSQL checks it on every entry written from now on.
"""

from typing import Any

from django.db import migrations, models
from django.db.models import Q

# A copy of models.actor_is_named() as of this migration.
_NO_USER, _NO_CLIENT = Q(actor_user_id__isnull=True), Q(actor_client_id__isnull=True)
CONSTRAINT = models.CheckConstraint(
    name="audit_entry_actor_is_named",
    condition=(Q(actor_kind="person") & Q(actor_user_id__isnull=False) & _NO_CLIENT)
    | (Q(actor_kind="client") & Q(actor_client_id__isnull=False) & Q(actor_organisation_id__isnull=False) & _NO_USER)
    | (Q(actor_kind="system") & _NO_USER & _NO_CLIENT & Q(request_id=""))
    | (Q(actor_kind="unidentified") & _NO_USER & _NO_CLIENT & Q(action__in=["login_failed", "access_denied"])),
)


def add_constraint_for_new_entries(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("audit", "AuditEntry")
    schema_editor.execute(f"{CONSTRAINT.create_sql(model, schema_editor)} NOT VALID")


def drop_constraint(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(CONSTRAINT.remove_sql(apps.get_model("audit", "AuditEntry"), schema_editor))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="actor_kind",
            field=models.CharField(
                choices=[
                    ("person", "Person"),
                    ("client", "API client"),
                    ("system", "System"),
                    ("unidentified", "Unidentified"),
                ],
                max_length=16,
                blank=True,
                default="",
                verbose_name="kind of actor",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="actor_client_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="API client"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_constraint_for_new_entries, drop_constraint)],
            state_operations=[migrations.AddConstraint(model_name="auditentry", constraint=CONSTRAINT)],
        ),
    ]
