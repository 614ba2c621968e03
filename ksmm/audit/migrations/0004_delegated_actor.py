"""Names a system acting for a person (a delegated OAuth2 token): kind `delegated`, with the
person, the client and the organisation.

Entries are immutable and their hashes unchanged (chain.py already hashes the actor's user and
client). The constraint is re-added NOT VALID, as in 0003: entries from before 0003 have a
blank kind and cannot satisfy it.
"""

from typing import Any

from django.db import migrations, models
from django.db.models import Q

# A copy of models.actor_is_named() as of this migration.
_NO_USER, _NO_CLIENT = Q(actor_user_id__isnull=True), Q(actor_client_id__isnull=True)
OLD_CONSTRAINT = models.CheckConstraint(
    name="audit_entry_actor_is_named",
    condition=(Q(actor_kind="person") & Q(actor_user_id__isnull=False) & _NO_CLIENT)
    | (Q(actor_kind="client") & Q(actor_client_id__isnull=False) & Q(actor_organisation_id__isnull=False) & _NO_USER)
    | (Q(actor_kind="system") & _NO_USER & _NO_CLIENT & Q(request_id=""))
    | (Q(actor_kind="unidentified") & _NO_USER & _NO_CLIENT & Q(action__in=["login_failed", "access_denied"])),
)
CONSTRAINT = models.CheckConstraint(
    name="audit_entry_actor_is_named",
    condition=(Q(actor_kind="person") & Q(actor_user_id__isnull=False) & _NO_CLIENT)
    | (Q(actor_kind="client") & Q(actor_client_id__isnull=False) & Q(actor_organisation_id__isnull=False) & _NO_USER)
    | (
        Q(actor_kind="delegated")
        & Q(actor_user_id__isnull=False)
        & Q(actor_client_id__isnull=False)
        & Q(actor_organisation_id__isnull=False)
    )
    | (Q(actor_kind="system") & _NO_USER & _NO_CLIENT & Q(request_id=""))
    | (Q(actor_kind="unidentified") & _NO_USER & _NO_CLIENT & Q(action__in=["login_failed", "access_denied"])),
)


def _replace(old: models.CheckConstraint, new: models.CheckConstraint) -> Any:
    def operation(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model("audit", "AuditEntry")
        schema_editor.execute(old.remove_sql(model, schema_editor))
        schema_editor.execute(f"{new.create_sql(model, schema_editor)} NOT VALID")

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_actor_kind_and_client"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="actor_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("person", "Person"),
                    ("client", "API client"),
                    ("delegated", "Person via API client"),
                    ("system", "System"),
                    ("unidentified", "Unidentified"),
                ],
                max_length=16,
                verbose_name="kind of actor",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(_replace(OLD_CONSTRAINT, CONSTRAINT), _replace(CONSTRAINT, OLD_CONSTRAINT))
            ],
            state_operations=[
                migrations.RemoveConstraint(model_name="auditentry", name="audit_entry_actor_is_named"),
                migrations.AddConstraint(model_name="auditentry", constraint=CONSTRAINT),
            ],
        ),
    ]
