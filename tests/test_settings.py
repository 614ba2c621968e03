import os

from django.conf import settings


def test_the_suite_runs_on_the_test_settings() -> None:
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings.test"
    assert settings.CELERY_TASK_DEFAULT_QUEUE == "ksmm-test"


def test_the_embedded_services_module_leaves_the_settings_module_alone() -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import os, ksmm.embedded_services; print(os.environ.get('DJANGO_SETTINGS_MODULE'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"


def test_the_cache_uses_another_redis_database_than_the_broker() -> None:
    from config.settings.base import cache_redis_url

    assert cache_redis_url("unix:///srv/run/redis.sock?db=0") == "unix:///srv/run/redis.sock?db=1"
    assert cache_redis_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/1"
    assert cache_redis_url("redis://:secret@cache.internal:6380") == "redis://:secret@cache.internal:6380/1"


def test_the_cache_is_redis_shared_by_every_process() -> None:
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("ksmm-test-probe", "1", 5)
    assert cache.get("ksmm-test-probe") == "1"
