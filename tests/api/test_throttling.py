"""Rate limits against the real Redis: a caller past the rate gets 429, the window slides, and
an unreachable Redis refuses the request rather than skipping the limit."""

import pytest
import redis
from django.test import Client

from ksmm.accounts.models import User
from ksmm.api import throttling
from ksmm.api.throttling import CallerRateThrottle
from tests.api.conftest import NewApiClient, bearer, obtain_token
from tests.auth import sign_in
from tests.conftest import canton_client

pytestmark = pytest.mark.django_db

WINDOW_START = 60 * 29_000_000.0  # a whole minute, so the tests choose where in it they are


@pytest.fixture
def three_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CallerRateThrottle, "THROTTLE_RATES", {"caller": "3/min"})


def at(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    monkeypatch.setattr(CallerRateThrottle, "timer", lambda self: WINDOW_START + seconds)


def test_a_person_past_the_rate_gets_429_until_the_window_moves_on(
    alice: User, three_a_minute: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = sign_in(canton_client("zh"), alice)
    at(monkeypatch, 10)
    assert [client.get("/api/v1/me").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get("/api/v1/me")
    assert refused["Content-Type"] == "application/problem+json"
    assert 0 < int(refused["Retry-After"]) <= 50
    # Half of the last minute still overlaps the sliding window: 3 * 0.5 counted, two more fit.
    at(monkeypatch, 60 + 30)
    assert [client.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 429]
    at(monkeypatch, 180)
    assert client.get("/api/v1/me").status_code == 200


def test_refused_requests_do_not_count(alice: User, three_a_minute: None, monkeypatch: pytest.MonkeyPatch) -> None:
    client = sign_in(canton_client("zh"), alice)
    at(monkeypatch, 59)
    assert [client.get("/api/v1/me").status_code for _ in range(10)] == [200] * 3 + [429] * 7
    # 3 * (1 - 1/60) < 3 would let one through; 10 counted would keep it refused.
    at(monkeypatch, 61)
    assert client.get("/api/v1/me").status_code == 200


def test_a_client_is_limited_apart_from_its_people(
    alice: User, zh_client: Client, zh_api_client: NewApiClient, three_a_minute: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = obtain_token(zh_client, zh_api_client).json()["access_token"]
    at(monkeypatch, 0)
    assert [zh_client.get("/api/v1/me", **bearer(token)).status_code for _ in range(4)][-1] == 429
    assert sign_in(canton_client("zh"), alice).get("/api/v1/me").status_code == 200


def test_an_unreachable_redis_refuses_the_request(alice: User, monkeypatch: pytest.MonkeyPatch) -> None:
    client = sign_in(canton_client("zh"), alice)
    unreachable = redis.Redis(unix_socket_path="/nonexistent/redis.sock")
    monkeypatch.setattr(throttling, "shared_redis", lambda: unreachable)
    with pytest.raises(redis.ConnectionError):
        client.get("/api/v1/me")
