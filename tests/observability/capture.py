"""Every log line of the test process, as production would write it: the root logger at DEBUG
into one JSON and one plain handler, with the loggers' own configured levels left as they are
(axes at ERROR is part of what keeps e-mail addresses out)."""

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ksmm.observability.logs import ContextFilter, JsonFormatter, PlainFormatter


@dataclass
class CapturedLogs:
    json: io.StringIO = field(default_factory=io.StringIO)
    plain: io.StringIO = field(default_factory=io.StringIO)

    def json_lines(self) -> list[str]:
        return self.json.getvalue().splitlines()

    def text(self) -> str:
        return self.json.getvalue() + "\n" + self.plain.getvalue()


@contextmanager
def captured_logs() -> Iterator[CapturedLogs]:
    logs = CapturedLogs()
    root = logging.getLogger()
    handlers = []
    for stream, formatter in ((logs.json, JsonFormatter()), (logs.plain, PlainFormatter())):
        handler = logging.StreamHandler(stream)
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(formatter)
        handler.addFilter(ContextFilter())
        handlers.append(handler)
        root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        yield logs
    finally:
        root.setLevel(level)
        for handler in handlers:
            root.removeHandler(handler)
