"""What a log line says about the work it was written in: request id, canton, route, task.

Context variables, not thread locals: a request or a Celery task sets them on entry and resets
them on exit, so a line written anywhere below (an action, a library) carries them without
being passed anything.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("ksmm_request_id", default="")
route: ContextVar[str] = ContextVar("ksmm_route", default="")
task_id: ContextVar[str] = ContextVar("ksmm_task_id", default="")
task_name: ContextVar[str] = ContextVar("ksmm_task_name", default="")


@contextmanager
def bound(variable: ContextVar[str], value: str) -> Iterator[None]:
    """Sets `variable` for the duration of the block, then restores what it was."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)
