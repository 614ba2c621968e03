import os

from django.conf import settings


def test_the_suite_runs_on_the_test_settings() -> None:
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "ksmm.settings.test"
    assert settings.CELERY_TASK_DEFAULT_QUEUE == "ksmm-test"


def test_the_embedded_services_module_leaves_the_settings_module_alone() -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import os, ksmm.embedded_services; print(os.environ.get('DJANGO_SETTINGS_MODULE'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"
