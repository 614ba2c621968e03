"""Replaces the single `read` scope by one scope per kind of data.

`read` let a client call every read endpoint, limited only by its organisation's grants. Each
client holding it gets the scopes of what it could read that way, as far as its organisation's
type is granted by default (roundtables.matrix.conservative_grants as of this migration):
directory, core, residence (status and dates) and notices for every organisation; identity for
victim aid, police, prosecution and migration; investigation for police and prosecution.
Counselling has no scope. Operators should narrow these to what each system needs.
"""

from typing import Any

from django.db import migrations, models

SCOPES = ["directory", "core", "identity", "investigation", "residence", "notices"]
EVERY_ORGANISATION = ["directory", "core", "residence", "notices"]
POLICE_AND_PROSECUTION = {"cantonal_police", "city_police", "public_prosecutor"}
IDENTITY_READERS = POLICE_AND_PROSECUTION | {"victim_aid", "migration_office", "city_migration_service"}


def scopes_for_type(organisation_type: str) -> list[str]:
    scopes = set(EVERY_ORGANISATION)
    if organisation_type in IDENTITY_READERS:
        scopes.add("identity")
    if organisation_type in POLICE_AND_PROSECUTION:
        scopes.add("investigation")
    return sorted(scopes)


def split_read(apps: Any, schema_editor: Any) -> None:
    ApiClient = apps.get_model("api", "ApiClient")
    for client in ApiClient.objects.filter(scopes__contains=["read"]).select_related("organisation"):
        client.scopes = scopes_for_type(client.organisation.type)
        client.save(update_fields=["scopes"])


def back_to_read(apps: Any, schema_editor: Any) -> None:
    apps.get_model("api", "ApiClient").objects.update(scopes=["read"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_idempotency_keys"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="apiclient", name="api_client_scopes_known_and_not_empty"),
        migrations.RunPython(split_read, back_to_read),
        migrations.AddConstraint(
            model_name="apiclient",
            constraint=models.CheckConstraint(
                condition=models.Q(("scopes__contained_by", SCOPES), ("scopes__len__gt", 0)),
                name="api_client_scopes_known_and_not_empty",
            ),
        ),
    ]
