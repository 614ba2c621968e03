"""Celery's side: the same log lines as the web (Django's LOGGING, not Celery's own format),
the task on every line written while it runs, and the task counters.

Connected by config/celery.py, in every process that loads the Celery app.
"""

from typing import Any

from celery import signals

from . import context
from .counters import count_task
from .logs import current_canton


def connect() -> None:
    """Connects the handlers once (weak=False: they are module functions, kept anyway)."""
    signals.setup_logging.connect(_keep_django_logging, weak=False, dispatch_uid="ksmm-logging")
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="ksmm-task-started")
    signals.task_postrun.connect(_task_ended, weak=False, dispatch_uid="ksmm-task-ended")
    signals.task_success.connect(_task_succeeded, weak=False, dispatch_uid="ksmm-task-succeeded")
    signals.task_failure.connect(_task_failed, weak=False, dispatch_uid="ksmm-task-failed")
    signals.task_retry.connect(_task_retried, weak=False, dispatch_uid="ksmm-task-retried")


def _keep_django_logging(**kwargs: Any) -> None:
    """A receiver here tells Celery not to replace the root logger's handlers: Django's LOGGING
    (JSON in production, context filter and redaction everywhere) stays in force in the worker
    and beat, whose own format would print task arguments and exception messages."""


def _task_started(*, task_id: str = "", task: Any = None, **kwargs: Any) -> None:
    context.task_id.set(task_id or "")
    context.task_name.set(getattr(task, "name", "") or "")


def _task_ended(**kwargs: Any) -> None:
    context.task_id.set("")
    context.task_name.set("")


def _name_of(sender: Any) -> str:
    return str(getattr(sender, "name", "") or "unknown")


def _task_succeeded(*, sender: Any = None, **kwargs: Any) -> None:
    count_task(task=_name_of(sender), canton=current_canton(), outcome="success")


def _task_failed(*, sender: Any = None, **kwargs: Any) -> None:
    count_task(task=_name_of(sender), canton=current_canton(), outcome="failure")


def _task_retried(*, sender: Any = None, **kwargs: Any) -> None:
    count_task(task=_name_of(sender), canton=current_canton(), outcome="retry")
