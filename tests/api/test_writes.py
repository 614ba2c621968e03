"""Every endpoint of the API honours Idempotency-Key, ETag and If-Match."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ksmm.api.writes import SafeWritesMixin
from tests.api.world import World
from tests.auth import sign_in
from tests.conftest import canton_client


def _api_views(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[tuple[str, type]]:
    found: list[tuple[str, type]] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _api_views(pattern.url_patterns, route)
        elif route.startswith("api/v1/"):
            view_class = getattr(pattern.callback, "cls", None)
            if view_class is not None:
                found.append((route, view_class))
    return found


def test_every_view_of_the_api_uses_the_safe_writes() -> None:
    views = _api_views(get_resolver("config.urls_canton").url_patterns)
    assert len(views) >= 5
    missing = sorted({route for route, view_class in views if not issubclass(view_class, SafeWritesMixin)})
    assert missing == []


# The detail actions that create another object than the one their path names, with a body.
DETAIL_CREATES: dict[str, Callable[[World], dict[str, object] | None]] = {
    "/api/v1/cases/{id}/counselling-notes/": lambda world: {
        "part": "notes", "occurred_on": "2026-05-04", "text": "Zweites Gespräch geführt.",
    },
    "/api/v1/cases/{id}/evidence-notes/": lambda world: {"reference": "ZH-4711", "text": "Chat-Verlauf gesichert."},
    "/api/v1/cases/{id}/consents/": lambda world: {
        "basis": "consent", "purpose": "Einvernahme vorbereiten", "recipient_organisation": world.ids["police"],
        "scope": ["notes"], "given_on": "2026-05-04",
    },
    "/api/v1/cases/{id}/consents/{consent_id}/revoke/": lambda world: None,
    "/api/v1/agreements/{id}/new-version/": lambda world: None,
}  # fmt: skip
# Detail creates whose replay is shown where their object's state is built: the demo's period
# already waits for an extension decision, and a period takes one request at a time.
REPLAYED_ELSEWHERE = {
    "/api/v1/reflection-periods/{id}/extend/": "tests/permits/test_extensions.py",
}
# Creates under a case whose views have no object of their own to fall back on.
NESTED_CREATES: dict[str, Callable[[World], dict[str, object] | None]] = {
    "/api/v1/cases/{case_id}/safety/": lambda world: {
        "assessed_on": "2026-05-04", "risk_level": "low", "review_on": "2026-06-04", "threats": "Keine bekannt.",
        "measures": "Schutzwohnung.",
    },
    "/api/v1/cases/{case_id}/assessments/": lambda world: {"result": "yes"},
}  # fmt: skip


def _success_schema(operation: dict[str, Any]) -> object:
    responses = operation.get("responses", {})
    success = responses.get("201") or responses.get("200") or {}
    return success.get("content", {}).get("application/json", {}).get("schema")


def _detail_actions_that_create(schema: dict[str, Any]) -> set[str]:
    """POSTs under an object's path that answer 201 or with another schema than that object's."""
    found = set()
    for template, item in schema["paths"].items():
        post = item.get("post")
        parent = template[: template.find("}/") + 2]
        if post is None or "}/" not in template or parent == template or parent not in schema["paths"]:
            continue
        parent_get = schema["paths"][parent].get("get", {})
        if "201" in post["responses"] or _success_schema(post) != _success_schema(parent_get):
            found.add(template)
    return found


@pytest.mark.django_db
def test_a_replayed_post_answers_with_what_the_first_one_created(world: World) -> None:
    client = sign_in(canton_client("zh"), world.vicky)
    schema = client.get("/api/schema/?format=json").json()
    assert _detail_actions_that_create(schema) == set(DETAIL_CREATES) | set(REPLAYED_ELSEWHERE)
    for template, body in {**DETAIL_CREATES, **NESTED_CREATES}.items():
        path = world.path(template)
        data = body(world)
        first, second = (
            client.post(path, data, content_type="application/json", headers={"Idempotency-Key": template})
            for _ in range(2)
        )
        assert first.status_code in (200, 201), (template, first.content)
        assert (second.status_code, second.json()) == (first.status_code, first.json()), template
        assert second.headers["Idempotent-Replayed"] == "true"
