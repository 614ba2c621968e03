"""An iCalendar (RFC 5545) feed of open deadlines: all-day events titled with the case number
and the rule, nothing else; written by hand (no icalendar package in the lock file)."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.utils import timezone, translation

from ksmm.deadlines.models import Deadline

LINE_LIMIT = 75  # octets per line before folding (RFC 5545 3.1)


def escape_text(value: str) -> str:
    """TEXT escaping of RFC 5545 3.3.11."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Folds a content line into chunks of at most 75 octets, never inside a UTF-8 sequence."""
    encoded = line.encode()
    if len(encoded) <= LINE_LIMIT:
        return line
    parts: list[str] = []
    current = ""
    limit = LINE_LIMIT
    for char in line:
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_feed(*, deadlines: Iterable[Deadline], schema_name: str, language: str) -> str:
    now = _utc_stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ksmm//deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:ksmm {schema_name.upper()}",
    ]
    with translation.override(language):
        for deadline in deadlines:
            lines += [
                "BEGIN:VEVENT",
                f"UID:deadline-{deadline.pk}@{schema_name}.ksmm",
                f"DTSTAMP:{now}",
                f"DTSTART;VALUE=DATE:{deadline.due_on:%Y%m%d}",
                f"DTEND;VALUE=DATE:{deadline.due_on + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{escape_text(deadline.title)}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
