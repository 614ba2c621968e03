"""The formatters: what a record may carry into a line, and what is cut on the way."""

import json
import logging
import sys

import pytest

from ksmm.observability import context
from ksmm.observability.logs import REDACTED, ContextFilter, JsonFormatter, PlainFormatter, logging_settings

SECRET = "Qzformattermark"


def record(message: str, *args: object, name: str = "cases.actions", exc: bool = False) -> logging.LogRecord:
    exc_info = sys.exc_info() if exc else None
    made = logging.LogRecord(name, logging.ERROR, __file__, 1, message, args or None, exc_info)
    ContextFilter().filter(made)
    return made


def both(made: logging.LogRecord) -> tuple[dict[str, object], str]:
    return json.loads(JsonFormatter().format(made)), PlainFormatter().format(made)


def test_an_exception_is_logged_by_type_and_frames_without_its_message() -> None:
    try:
        try:
            raise KeyError(SECRET)
        except KeyError as cause:
            raise ValueError(f"bad input {SECRET}") from cause
    except ValueError:
        line, plain = both(record("write failed", exc=True))
    assert line["exc_type"] == "ValueError"
    assert line["exc_causes"] == ["KeyError"]
    frames = line["exc_frames"]
    assert isinstance(frames, list)
    assert any("test_an_exception_is_logged_by_type_and_frames_without_its_message" in frame for frame in frames)
    assert SECRET not in json.dumps(line)
    assert SECRET not in plain
    assert f"ValueError (from KeyError): {REDACTED}" in plain


def test_a_postgresql_detail_line_in_a_message_is_cut() -> None:
    message = f'duplicate key value violates unique constraint "x"\nDETAIL:  Key (email)=({SECRET}) already exists.'
    line, plain = both(record("refused: %s", message))
    assert "duplicate key value" in str(line["message"])
    assert SECRET not in str(line["message"])
    assert SECRET not in plain


def test_celery_task_data_in_a_trace_line_is_replaced() -> None:
    data = {"name": "t", "id": "1", "description": "raised", "exc": f"ValueError('{SECRET}')", "args": [SECRET]}
    line, plain = both(record("Task %(name)s[%(id)s] %(description)s: %(exc)s", data, name="celery.app.trace"))
    assert line["message"] == f"Task t[1] raised: {REDACTED}"
    assert SECRET not in plain


def test_a_line_carries_the_request_id_and_route_of_its_context() -> None:
    with context.bound(context.request_id, "rid-1"), context.bound(context.route, "cases:detail"):
        line, plain = both(record("something"))
    assert line["request_id"] == "rid-1"
    assert line["route"] == "cases:detail"
    assert line["canton"] == "public"
    assert "[public rid-1]" in plain


def test_a_message_is_cut_at_2000_characters() -> None:
    line, _plain = both(record("x" * 5000))
    assert len(str(line["message"])) == 2000


def test_only_json_and_plain_are_log_formats() -> None:
    assert logging_settings(log_format="json", level="INFO")["handlers"]["console"]["formatter"] == "json"
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_settings(log_format="xml", level="INFO")


def test_production_writes_one_json_object_per_line_by_default() -> None:
    import os
    import subprocess

    from tests.processes import PROJECT_DIR

    env = {
        **{key: value for key, value in os.environ.items() if key != "LOG_FORMAT"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": ".ksmm.example.ch",
        "KSMM_BASE_DOMAIN": "ksmm.example.ch",
        "KSMM_FIELD_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1saWtlLWtleS1mb3ItY2hlY2shISE=",
        "KSMM_FEDERAL_MATCHING_KEY": "cHJvZHVjdGlvbi1saWtlLWZlZGVyYWwta2V5LWNoZWM=",
    }
    code = "import django, logging; django.setup(); logging.getLogger('ksmm.check').warning('hello %s', 42)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=True
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello 42"
    assert line["logger"] == "ksmm.check"
    assert line["level"] == "WARNING"
