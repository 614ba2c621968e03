"""Admits the write scopes by capability (intake, steps, decisions, deliveries).

Only clients acting for people (authorisation code) may hold them; that is checked where a client
is created and where a token is issued, as the grant type lives on the OAuth2 application.
"""

from django.db import migrations, models

SCOPES = [
    "directory",
    "core",
    "identity",
    "investigation",
    "residence",
    "notices",
    "intake",
    "steps",
    "decisions",
    "deliveries",
]


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_scopes_per_compartment"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="apiclient", name="api_client_scopes_known_and_not_empty"),
        migrations.AddConstraint(
            model_name="apiclient",
            constraint=models.CheckConstraint(
                condition=models.Q(("scopes__contained_by", SCOPES), ("scopes__len__gt", 0)),
                name="api_client_scopes_known_and_not_empty",
            ),
        ),
    ]
