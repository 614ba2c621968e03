import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_models_and_migrations_agree() -> None:
    """Also guards django-modeltranslation: its fields follow the fixed language list."""
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"missing migrations:\n{out.getvalue()}", pytrace=False)
        raise AssertionError from exc
