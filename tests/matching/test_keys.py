"""The federal key is a setting from the environment: production refuses to start without its
own, and a digest is one of the normalised name and the full date only."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from ksmm.matching.keys import DEVELOPMENT_KEY, check_federal_key, person_digest
from tests.processes import PROJECT_DIR

PRODUCTION_KEY = "cHJvZHVjdGlvbi1saWtlLWZlZGVyYWwta2V5LWNoZWM="
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x" * 64 + "production-like-secret-for-the-check",
    "ALLOWED_HOSTS": ".ksmm.example.ch",
    "KSMM_BASE_DOMAIN": "ksmm.example.ch",
    "KSMM_FIELD_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1saWtlLWtleS1mb3ItY2hlY2shISE=",
}


def _deploy_check(**overrides: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "KSMM_FEDERAL_MATCHING_KEY"}}
    env.update(PRODUCTION)
    env.update({key: value for key, value in overrides.items() if value is not None})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_production_does_not_start_without_a_federal_key() -> None:
    result = _deploy_check()
    assert result.returncode != 0
    assert "KSMM_FEDERAL_MATCHING_KEY" in result.stderr


@pytest.mark.parametrize(
    ("key", "code"),
    [(DEVELOPMENT_KEY, "matching.E002"), (PRODUCTION["KSMM_FIELD_ENCRYPTION_KEY"], "matching.E003")],
)
def test_production_refuses_the_development_key_and_the_field_key(key: str, code: str) -> None:
    result = _deploy_check(KSMM_FEDERAL_MATCHING_KEY=key)
    assert result.returncode != 0
    assert code in result.stdout + result.stderr


def test_a_key_that_is_not_32_bytes_fails_the_system_check() -> None:
    with override_settings(KSMM_FEDERAL_MATCHING_KEY="c2hvcnQ="):
        assert [error.id for error in check_federal_key()] == ["matching.E001"]
    assert check_federal_key() == []


def test_the_digest_depends_on_the_key() -> None:
    digest = person_digest(name="marker quux zoe", born="1991-07-08")
    with override_settings(KSMM_FEDERAL_MATCHING_KEY=PRODUCTION_KEY):
        assert person_digest(name="marker quux zoe", born="1991-07-08") != digest


@pytest.mark.parametrize(
    ("name", "born"),
    [
        ("Zoë Marker", "1991-07-08"),
        ("zoe  marker", "1991-07-08"),
        ("", "1991-07-08"),
        ("zoe", "1991-07"),
        ("zoe", "1991"),
    ],
)
def test_only_a_normalised_name_and_a_full_date_are_digested(name: str, born: str) -> None:
    with pytest.raises(ValueError):
        person_digest(name=name, born=born)
