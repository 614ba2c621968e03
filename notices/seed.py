"""The starter catalogue: four notices, version 1 published, texts in every shipped language.

Run by migration 0002 in each canton schema, so a canton provisioned later gets it too (its
schema is created and migrated then). Written against the models passed in, so the migration
can hand over its historical models.
"""

import importlib
from typing import Any

from django.utils import timezone

from .languages import SHIPPED

KINDS = ("assistance", "victims_rights", "reflection_period", "minors")


def starter_texts() -> dict[str, dict[str, tuple[str, str]]]:
    """{language: {kind: (title, body)}} for every shipped language."""
    return {code: importlib.import_module(f"notices.texts.{code}").TEXTS for code in SHIPPED}


def seed_catalogue(*, notice_model: Any, version_model: Any, text_model: Any) -> int:
    """Creates the notices that are missing, each with a published version 1; returns how many."""
    texts = starter_texts()
    created = 0
    now = timezone.now()
    for order, kind in enumerate(KINDS):
        notice, is_new = notice_model.objects.get_or_create(kind=kind, defaults={"order": order})
        if not is_new or notice.versions.exists():
            continue
        version = version_model.objects.create(notice=notice, number=1, status="published", published_at=now)
        text_model.objects.bulk_create(
            text_model(version=version, language=code, title=by_kind[kind][0], body=by_kind[kind][1])
            for code, by_kind in texts.items()
        )
        created += 1
    return created
