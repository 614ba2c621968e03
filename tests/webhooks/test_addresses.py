import os
import subprocess
import sys

import pytest
from django.test import override_settings

from ksmm.webhooks.addresses import RefusedEndpoint, check_endpoint
from tests.processes import PROJECT_DIR

REFUSED = [
    "https://10.1.2.3/hook",  # private
    "https://172.16.0.1/hook",
    "https://192.168.1.1/hook",
    "https://127.0.0.1/hook",  # loopback, not allowed in production
    "https://[::1]/hook",
    "https://169.254.169.254/latest/meta-data/",  # link-local: the cloud's metadata service
    "https://[fe80::1]/hook",
    "https://0.0.0.0/hook",  # unspecified
    "https://[::]/hook",
    "https://224.0.0.1/hook",  # multicast
    "https://[ff02::1]/hook",
    "https://240.0.0.1/hook",  # reserved
    "https://[fd00::1]/hook",  # unique-local IPv6
    "https://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
    "https://[::ffff:8.8.8.8]/hook",
    "https://100.64.0.1/hook",  # shared address space (carrier-grade NAT)
    "https://localhost/hook",  # a name resolving to loopback
]


@override_settings(WEBHOOKS_ALLOW_LOOPBACK=False)
@pytest.mark.parametrize("url", REFUSED)
def test_an_address_inside_a_network_is_refused_in_production(url: str) -> None:
    with pytest.raises(RefusedEndpoint):
        check_endpoint(url)


@override_settings(WEBHOOKS_ALLOW_LOOPBACK=False)
@pytest.mark.parametrize("url", ["http://8.8.8.8/hook", "ftp://8.8.8.8/", "https://user:pw@8.8.8.8/", "nonsense"])
def test_anything_but_plain_https_is_refused(url: str) -> None:
    with pytest.raises(RefusedEndpoint):
        check_endpoint(url)


@override_settings(WEBHOOKS_ALLOW_LOOPBACK=False)
def test_a_public_https_address_is_accepted_and_pinned() -> None:
    endpoint = check_endpoint("https://8.8.8.8:8443/hooks?canton=zh")
    assert (endpoint.address, endpoint.port, endpoint.path) == ("8.8.8.8", 8443, "/hooks?canton=zh")
    assert endpoint.host_header == "8.8.8.8:8443"


@override_settings(WEBHOOKS_ALLOW_LOOPBACK=True)
def test_tests_may_use_http_on_loopback_and_nothing_else() -> None:
    assert check_endpoint("http://127.0.0.1:8080/hook").address == "127.0.0.1"
    for url in ("http://10.0.0.1/hook", "http://169.254.169.254/", "http://[::ffff:127.0.0.1]/"):
        with pytest.raises(RefusedEndpoint):
            check_endpoint(url)


def test_production_settings_refuse_loopback() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": ".ksmm.example.ch",
        "KSMM_BASE_DOMAIN": "ksmm.example.ch",
        "KSMM_FIELD_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1saWtlLWtleS1mb3ItY2hlY2shISE=",
        "KSMM_FEDERAL_MATCHING_KEY": "cHJvZHVjdGlvbi1saWtlLWZlZGVyYWwta2V5LWNoZWM=",
    }
    code = "from django.conf import settings; print(settings.WEBHOOKS_ALLOW_LOOPBACK)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == "False"
