"""The federal level knows two roles, analyst and administrator: the boolean becomes a role."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def analysts_keep_their_access(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_federal_analyst=True).update(federal_role="analyst")


def roles_back_to_the_boolean(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    User = apps.get_model("accounts", "User")
    User.objects.exclude(federal_role="").update(is_federal_analyst=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_inbox_email")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="federal_role",
            field=models.CharField(
                blank=True,
                choices=[("analyst", "Federal analyst"), ("admin", "Federal administrator")],
                db_default="",
                default="",
                help_text="Empty: no access to the federal level.",
                max_length=8,
                verbose_name="federal role",
            ),
        ),
        migrations.RunPython(analysts_keep_their_access, roles_back_to_the_boolean),
        migrations.RemoveField(model_name="user", name="is_federal_analyst"),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("federal_role__in", ["", "analyst", "admin"])), name="user_federal_role_is_known"
            ),
        ),
    ]
