"""Seeds version 1 of the default indicator catalogue into every canton schema.

A canton provisioned later gets it too: its schema runs this migration when it is created.
"""

from typing import Any

from django.db import migrations

from cases.identification.default_catalogue import seed_default_catalogue


def seed(apps: Any, schema_editor: Any) -> None:
    seed_default_catalogue(
        catalogue_model=apps.get_model("identification", "CatalogueVersion"),
        dimension_model=apps.get_model("identification", "Dimension"),
        indicator_model=apps.get_model("identification", "Indicator"),
    )


class Migration(migrations.Migration):
    dependencies = [("identification", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
