"""Seeds the starter notices in every canton schema, including cantons provisioned later."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from notices.seed import seed_catalogue

    seed_catalogue(
        notice_model=apps.get_model("notices", "Notice"),
        version_model=apps.get_model("notices", "NoticeVersion"),
        text_model=apps.get_model("notices", "NoticeText"),
    )


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
