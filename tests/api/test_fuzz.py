"""Hostile bodies on every write operation of the schema: a 4xx problem, never a 500, nothing saved.

One request per operation and payload class, by a coordinator whose organisation holds every
grant on a real case, on real objects (tests/api/world.py), so the bodies get past the gates
to the parsers, serializers and actions. Each request runs in a savepoint that is rolled back,
so the operations don't depend on each other.
"""

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from ksmm.api.problems import TITLES
from ksmm.audit.models import AuditAction, AuditEntry
from tests.api.world import World
from tests.auth import sign_in
from tests.conftest import canton_client

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch")
Body = dict[str, Any]


def _resolve(schema: Body, node: Body) -> Body:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in node:
            return _resolve(schema, node[combined][0])
    return node


def _properties(schema: Body, body_schema: Body) -> dict[str, Body]:
    node = _resolve(schema, body_schema)
    required = set(node.get("required", []))
    return {
        name: {**_resolve(schema, prop), "x-required": name in required}
        for name, prop in node.get("properties", {}).items()
        if not prop.get("readOnly") and not _resolve(schema, prop).get("readOnly")
    }


REFERENCES = {
    "case": "case",
    "organisation": "organisation",
    "to_organisation": "organisation",
    "addressed_to": "organisation",
    "recipient_organisation": "organisation",
    "owner": "organisation",
    "agreement": "agreement",
    "meeting": "meeting",
}


def _plausible(schema: Body, name: str, prop: Body, world: World) -> Any:
    """A value of the declared type, so that hostile values elsewhere get past a type check."""
    kind = prop.get("type")
    if "enum" in prop:
        value = next((value for value in prop["enum"] if value not in ("", None)), prop["enum"][0])
    elif kind == "integer":
        value = world.ids.get(REFERENCES.get(name, ""), 1)
    elif kind == "array":
        value = [_plausible(schema, name, _resolve(schema, prop.get("items", {})), world)]
    elif kind == "object":
        value = {key: _plausible(schema, key, item, world) for key, item in _properties(schema, prop).items()}
    else:
        value = {"number": 1.5, "boolean": True}.get(kind or "")
    if value is None:
        formats = {"date": "2026-05-04", "date-time": "2026-05-04T10:00:00Z", "email": "fuzz@example.org"}
        value = formats.get(prop.get("format", ""), "Fuzz")
    return value


def _wrong_type(prop: Body) -> Any:
    return {"string": {"not": "a string"}, "integer": "not a number", "number": "not a number", "array": "x"}.get(
        prop.get("type", "string"), ["not", "this"]
    )


def _with_strings(properties: dict[str, Body], baseline: Body, value: str) -> Body:
    changed = {name: value for name, prop in properties.items() if prop.get("type", "string") == "string"}
    return {**baseline, **(changed or {value: value})}


def _overflowing(properties: dict[str, Body], baseline: Body) -> Body:
    huge = {"integer": 10**30, "number": 10**400}
    far = {"date": "9999-12-31", "date-time": "9999-12-31T23:59:59+14:00"}
    body = dict(baseline)
    for name, prop in properties.items():
        if prop.get("type") in huge:
            body[name] = huge[prop["type"]]
        elif prop.get("format") in far:
            body[name] = far[prop["format"]]
    return body


def _nested(properties: dict[str, Body], baseline: Body) -> str:
    field = next(iter(properties), "x")
    return '{"%s": %s%s}' % (field, "[" * 50_000, "]" * 50_000)  # noqa: UP031 - braces of JSON


# name → (body for the operation, whether it is invalid wherever it is sent)
PayloadClass = Callable[[dict[str, Body], Body], Body | str]
CLASSES: dict[str, tuple[PayloadClass, bool]] = {
    "nesting": (_nested, True),
    "surrogate": (lambda props, base: _with_strings(props, base, "\ud800"), True),
    "nul": (lambda props, base: _with_strings(props, base, "a\x00b"), True),
    "megabyte string": (
        lambda props, base: _with_strings(props, base, "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)),
        True,
    ),
    "type confusion": (lambda props, base: {name: _wrong_type(prop) for name, prop in props.items()}, False),
    "missing fields": (lambda props, base: {}, False),
    "required fields only": (
        lambda props, base: {name: base[name] for name in props if props[name]["x-required"]},
        False,
    ),
    "extra fields": (lambda props, base: {**base, "id": 10**9, "unexpected": {"a": [1]}}, False),
    "overflow": (_overflowing, False),
}


CHANGES = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.GRANT, AuditAction.REVOKE)


def _saved_state(client: Client, path: str, can_get: bool) -> tuple[int, bytes]:
    with schema_context("zh"):
        writes = AuditEntry.objects.filter(action__in=CHANGES).count()
    return writes, client.get(path).content if can_get else b""


def _problem_errors(response: Any) -> list[str]:
    wrong = []
    if response["Content-Type"] != "application/problem+json":
        wrong.append(f"content type {response['Content-Type']}")
        return wrong
    body = json.loads(response.content)
    if not {"type", "title", "status", "detail", "code"} <= set(body) or body["status"] != response.status_code:
        wrong.append(f"not a problem: {body}")
    with translation.override("fr"):
        title = str(TITLES.get(response.status_code, ""))
    if body.get("title") != title:
        wrong.append(f"title {body.get('title')!r} is not the caller's French {title!r}")
    return wrong


def test_every_write_operation_refuses_hostile_bodies_with_a_problem_and_saves_nothing(world: World) -> None:
    client = sign_in(canton_client("zh"), world.vicky)
    client.raise_request_exception = False
    schema = client.get("/api/schema/?format=json").json()
    failures: list[str] = []
    requests = 0
    for template, item in schema["paths"].items():
        path = world.path(template)
        for method in WRITE_METHODS:
            if method not in item:
                continue
            content = item[method].get("requestBody", {}).get("content", {}).get("application/json", {})
            properties = _properties(schema, content["schema"]) if content else {}
            baseline = {name: _plausible(schema, name, prop, world) for name, prop in properties.items()}
            for name, (payload_class, always_invalid) in CLASSES.items():
                payload = payload_class(properties, baseline)
                raw = payload if isinstance(payload, str) else json.dumps(payload)
                # Confused types are invalid where there are fields; an overflow where there are numbers.
                numbers = any(prop.get("type") in ("integer", "number") for prop in properties.values())
                invalid = (
                    always_invalid
                    or (name == "type confusion" and bool(properties))
                    or (name == "overflow" and numbers)
                )
                with transaction.atomic():
                    before = _saved_state(client, path, "get" in item and method != "post")
                    response = getattr(client, method)(path, raw, content_type="application/json")
                    requests += 1
                    status = response.status_code
                    where = f"{method.upper()} {template} [{name}]"
                    if status >= 500 or (invalid and status < 400):
                        failures.append(f"{where}: {status} {response.content[:200]!r}")
                    elif status >= 400:
                        failures += [f"{where}: {wrong}" for wrong in _problem_errors(response)]
                        if _saved_state(client, path, "get" in item and method != "post") != before:
                            failures.append(f"{where}: {status}, but something saved changed")
                    transaction.set_rollback(True)
    operations = sum(method in item for item in schema["paths"].values() for method in WRITE_METHODS)
    print(f"fuzz: {operations} write operations, {requests} requests, {len(failures)} failures")
    assert operations >= 40
    assert failures == [], "\n".join(failures)


def test_the_depth_count_ignores_brackets_inside_strings() -> None:
    from ksmm.api.parsers import MAX_DEPTH, nesting_depth

    assert nesting_depth('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"["}') == 1
    assert nesting_depth("[" * MAX_DEPTH + "]" * MAX_DEPTH) == MAX_DEPTH
    assert re.fullmatch(r"\d+", str(nesting_depth("[" * 10**6))) and nesting_depth("[" * 10**6) == MAX_DEPTH + 1
