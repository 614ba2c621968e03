"""The 26 cantons and the federal level as registry rows. Schemas come with provisioning."""

from django.db import migrations

from ksmm.cantons.registry import CANTONS, FEDERAL_CODE, FEDERAL_NAMES


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Canton = apps.get_model("cantons", "Canton")
    Canton.objects.update_or_create(
        code=FEDERAL_CODE,
        defaults={
            "schema_name": "public",
            "level": "federal",
            "bfs_number": None,
            "name": FEDERAL_NAMES["name_de"],
            **FEDERAL_NAMES,
            "official_languages": ["de", "fr", "it"],
            "default_language": "de",
            "is_active": True,
        },
    )
    for record in CANTONS:
        Canton.objects.update_or_create(
            code=record.code,
            defaults={
                "schema_name": record.code.lower(),
                "level": "canton",
                "bfs_number": record.bfs_number,
                "name": record.name_de,
                "name_de": record.name_de,
                "name_fr": record.name_fr,
                "name_it": record.name_it,
                "name_en": record.name_en,
                "official_languages": list(record.official_languages),
                "default_language": record.default_language,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cantons", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
