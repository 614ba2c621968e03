"""The e-mails of the inbox, in the recipient's language: what kind of item, the case number and
a link, never a name. One message per item, or the day's digest listing several.

Rendered from `values()` rows of the send loops (ITEM_FIELDS), so a batch costs one query.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ksmm.cantons.current import current_schema
from ksmm.deadlines.models import RuleKey, SourceKind, shown_reference

from .models import OVERDUE, Reminder

ITEM_FIELDS = (
    "pk", "kind", "offset_days", "is_escalation", "link", "case__case_number",
    "deadline__rule_key", "deadline__due_on", "deadline__case__case_number",
    "deadline__rule__source_kind", "deadline__rule__source_reference",
)  # fmt: skip
DEADLINES_PATH = "/deadlines/"


def public_url(*, host: str, path: str) -> str:
    """The address people open from an e-mail: the deployment's scheme and port
    (KSMM_PUBLIC_URL_SCHEME, KSMM_PUBLIC_PORT) on the canton's host."""
    port = str(settings.KSMM_PUBLIC_PORT or "")
    scheme = settings.KSMM_PUBLIC_URL_SCHEME
    default_port = {"http": "80", "https": "443"}.get(scheme)
    netloc = host if not port or port == default_port else f"{host}:{port}"
    return f"{scheme}://{netloc}{path}"


def _case_number(row: dict[str, Any]) -> str:
    return str(row["case__case_number"] or row["deadline__case__case_number"] or "")


def _label(row: dict[str, Any]) -> str:
    """The item's kind in the active language; for a deadline its rule."""
    if row["kind"] != Reminder.Kind.DEADLINE:
        return str(Reminder.Kind(row["kind"]).label)
    rule = str(RuleKey(row["deadline__rule_key"]).label)
    if row["offset_days"] == OVERDUE:
        return gettext("Overdue: %(rule)s") % {"rule": rule}
    return gettext("Deadline: %(rule)s") % {"rule": rule}


def _url(row: dict[str, Any], *, host: str) -> str:
    return public_url(host=host, path=DEADLINES_PATH if row["kind"] == Reminder.Kind.DEADLINE else row["link"])


def _message(*, subject: str, body: str, to: str, message_id: str, host: str) -> EmailMessage:
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])
    # The same id on a resend lets mail clients fold a duplicate after a crash.
    message.extra_headers["Message-ID"] = f"<{message_id}@{host}>"
    return message


def item_message(*, row: dict[str, Any], to: str, language: str, host: str) -> EmailMessage:
    """The e-mail of one inbox item."""
    with translation.override(language):
        if row["kind"] == Reminder.Kind.DEADLINE:
            due_on: date = row["deadline__due_on"]
            context: dict[str, Any] = {
                "is_overdue": row["offset_days"] == OVERDUE,
                "is_escalation": row["is_escalation"],
                "rule_label": str(RuleKey(row["deadline__rule_key"]).label),
                "source_kind": str(SourceKind(row["deadline__rule__source_kind"]).label),
                "source_reference": shown_reference(row["deadline__rule__source_reference"]),
                "due_on": due_on,
                "case_number": _case_number(row),
                "url": _url(row, host=host),
            }
            template = "notifications/email/reminder"
        else:
            context = {"label": _label(row), "case_number": _case_number(row), "url": _url(row, host=host)}
            template = "notifications/email/event"
        context["settings_url"] = public_url(host=host, path=reverse("notifications:inbox"))
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    return _message(subject=subject, body=body, to=to, message_id=f"reminder.{current_schema()}.{row['pk']}", host=host)


def digest_message(
    *, rows: list[dict[str, Any]], recipient_id: int, day: date, to: str, language: str, host: str
) -> EmailMessage:
    """The day's digest: one line per unread item (kind, case number, link)."""
    with translation.override(language):
        items = [{"label": _label(row), "case_number": _case_number(row), "url": _url(row, host=host)} for row in rows]
        context = {
            "items": items,
            "count": len(items),
            "inbox_url": public_url(host=host, path=reverse("notifications:inbox")),
        }
        subject = render_to_string("notifications/email/digest_subject.txt", context)
        body = render_to_string("notifications/email/digest_body.txt", context)
    return _message(
        subject=subject,
        body=body,
        to=to,
        message_id=f"digest.{current_schema()}.{recipient_id}.{day.isoformat()}",
        host=host,
    )
