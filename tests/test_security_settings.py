import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.processes import PROJECT_DIR

pytestmark = pytest.mark.django_db


def test_production_settings_pass_the_deploy_check_without_warnings() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 64 + "production-like-secret-for-the-check",
        "ALLOWED_HOSTS": ".ksmm.example.ch",
        "KSMM_BASE_DOMAIN": "ksmm.example.ch",
        "KSMM_FIELD_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1saWtlLWtleS1mb3ItY2hlY2shISE=",
        "KSMM_FEDERAL_MATCHING_KEY": "cHJvZHVjdGlvbi1saWtlLWZlZGVyYWwta2V5LWNoZWM=",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_csp_with_a_fresh_nonce_and_no_foreign_origins(zh_client: Client) -> None:
    first = zh_client.get("/")["Content-Security-Policy"]
    second = zh_client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in first
    assert "frame-ancestors 'none'" in first
    assert "'nonce-" in first and first != second
    assert "http" not in first
