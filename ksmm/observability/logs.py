"""Log lines without personal data: one JSON object per line, or a plain line in development.

What a line may carry is listed here and nothing else is copied from a record: the message,
the request id, the canton's schema, the route name, the task, and for the request line its
method, status and duration. No user id (the request id leads to the audit trail, which names
the actor under access control), no path with its query, no header.

Two things can carry what people typed even when the code logs only ids, and both are cut:
- exception messages (an IntegrityError's DETAIL repeats the values of the row, a ValueError
  the input): an exception is logged as its type and its frames (file, line, function),
  without its message and without locals;
- Celery's task lines, whose arguments name the task's args, kwargs, return value and the
  exception's repr: those values are replaced before the message is formatted, and a Celery
  or kombu debug line that prints a whole task message is replaced altogether.
A PostgreSQL DETAIL/HINT/CONTEXT line inside any message is removed as well, and so is the path
in Django's own lines about a request ("Not Found: /path"): the route name stands for it.
"""

import json
import logging
import re
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from . import context

REDACTED = "[redacted]"
MAX_MESSAGE_CHARS = 2000
MAX_FRAMES = 40
# psycopg appends the server's DETAIL (the conflicting values), HINT and CONTEXT lines.
_SERVER_DETAIL = re.compile(r"^\s*(DETAIL|HINT|CONTEXT):.*$", re.MULTILINE)
# Celery's trace and strategy lines format a dict; these keys hold the task's data.
_TASK_DATA_KEYS = frozenset({"args", "kwargs", "return_value", "exc", "traceback", "einfo"})
# Celery's and kombu's debug lines that print a whole task message (its argsrepr, kwargsrepr).
_TASK_MESSAGE = re.compile(r"argsrepr|kwargsrepr|'args':|'kwargs':")
# Extras a record may carry into a JSON line (set by the request middleware, Django, Celery).
_EXTRA_FIELDS = ("method", "status", "duration_ms", "upstream_request_id")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def current_canton() -> str:
    """The schema the connection is in at the time of the line ("public" on the federal level)."""
    try:
        from django.db import connection

        return str(getattr(connection, "schema_name", "") or "")
    except Exception:  # noqa: BLE001 - a log line must never fail on its context
        return ""


class ContextFilter(logging.Filter):
    """Puts the request or task context on every record a handler emits."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.request_id.get()
        record.canton = current_canton()
        record.route = context.route.get()
        record.task_id = context.task_id.get()
        record.task = context.task_name.get()
        return True


def safe_message(record: logging.LogRecord) -> str:
    """The record's message with task data and server DETAIL lines cut, at most 2000 characters."""
    args = record.args
    if isinstance(args, Mapping) and _TASK_DATA_KEYS & set(args):
        args = {key: (REDACTED if key in _TASK_DATA_KEYS else value) for key, value in args.items()}
    elif isinstance(args, tuple) and hasattr(record, "request"):
        args = tuple(_without_path(arg, request=record.request) for arg in args)
    try:
        message = str(record.msg) % args if args else str(record.msg)
    except (TypeError, ValueError, KeyError):
        message = str(record.msg)
    if record.name.startswith(("celery", "kombu")) and _TASK_MESSAGE.search(message):
        return f"{REDACTED} task message"
    message = _SERVER_DETAIL.sub(f"  {REDACTED}", message)
    return message[:MAX_MESSAGE_CHARS]


def _without_path(arg: object, *, request: object) -> object:
    """Django's "Not Found: /path" names the path someone typed; the route name stands for it."""
    paths = {getattr(request, "path", None), getattr(request, "path_info", None)}
    return "[path]" if isinstance(arg, str) and arg in paths else arg


def exception_fields(exc_info: ExcInfo) -> dict[str, Any]:
    """The exception's type, its causes' types and its frames: never its message or locals."""
    exc_type, value, tb = exc_info
    causes: list[str] = []
    seen = value.__cause__ or value.__context__
    while seen is not None and len(causes) < 5:
        causes.append(_qualified(type(seen)))
        seen = seen.__cause__ or seen.__context__
    frames = traceback.extract_tb(tb, limit=MAX_FRAMES) if tb else []
    return {
        "exc_type": _qualified(exc_type),
        "exc_causes": causes,
        "exc_frames": [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames],
    }


def _qualified(exc_type: type[BaseException]) -> str:
    module = exc_type.__module__
    return exc_type.__qualname__ if module == "builtins" else f"{module}.{exc_type.__qualname__}"


def _exc_info(record: logging.LogRecord) -> ExcInfo | None:
    info = record.exc_info
    if info and info[0] is not None and info[1] is not None:
        return (info[0], info[1], info[2])
    return None


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for the log collector; the default in production."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": safe_message(record),
        }
        for field in ("request_id", "canton", "route", "task_id", "task"):
            value = getattr(record, field, "")
            if value:
                line[field] = value
        if _process(record):
            line["process"] = _process(record)  # a Celery pool worker: ForkPoolWorker-2
        for field in _EXTRA_FIELDS:
            value = getattr(record, field, None)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                line[field] = value
        status_code = getattr(record, "status_code", None)  # django.request's extra
        if "status" not in line and isinstance(status_code, int):
            line["status"] = status_code
        exc_info = _exc_info(record)
        if exc_info is not None:
            line.update(exception_fields(exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """A readable line for the console in development, cut the same way as the JSON lines."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created).isoformat(sep=" ", timespec="milliseconds")
        where = " ".join(
            str(value)
            for value in (getattr(record, "canton", ""), getattr(record, "request_id", "")[:8], _process(record))
            if value
        )
        line = f"{moment} {record.levelname} {record.name} [{where}] {safe_message(record)}"
        exc_info = _exc_info(record)
        if exc_info is not None:
            fields = exception_fields(exc_info)
            frames = "\n".join(f"  {frame}" for frame in fields["exc_frames"])
            causes = "".join(f" (from {cause})" for cause in fields["exc_causes"])
            line += f"\n{fields['exc_type']}{causes}: {REDACTED}\n{frames}"
        return line


def _process(record: logging.LogRecord) -> str:
    return record.processName if record.processName and record.processName != "MainProcess" else ""


def logging_settings(*, log_format: str, level: str) -> dict[str, Any]:
    """Django's LOGGING: every line through the context filter and the chosen formatter."""
    if log_format not in {"json", "plain"}:
        raise ValueError(f"LOG_FORMAT must be json or plain, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "ksmm.observability.logs.ContextFilter"}},
        "formatters": {
            "json": {"()": "ksmm.observability.logs.JsonFormatter"},
            "plain": {"()": "ksmm.observability.logs.PlainFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["context"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # axes would log the e-mail address typed at a failed login: personal data.
            "axes": {"level": "ERROR"},
            "weasyprint.progress": {"level": "WARNING"},
        },
    }
