"""Where a deadline is dealt with: its case and the page of the action that meets it.

Deadlines belong to the platform and know no domain app, so the apps that open deadlines
register the page for their rules (`register_deadline_action`) and cases registers the case
page (`register_case_page`). Links are computed from ids the rows already hold: no query.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise

from .models import Deadline

CasePage = Callable[[int], str]
ActionPage = Callable[[Deadline], str | None]

_case_pages: list[CasePage] = []
_actions: dict[str, tuple[Promise, ActionPage]] = {}


def register_case_page(page: CasePage) -> None:
    _case_pages[:] = [page]


def register_deadline_action(rule_key: str, *, label: Promise, page: ActionPage) -> None:
    """`page(deadline)` is the URL where the deadline is met (e.g. the delivery form), or None."""
    _actions[rule_key] = (label, page)


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    case_url: str
    action_label: str
    action_url: str
    days_overdue: int


def deadline_rows(deadlines: Iterable[Deadline], *, today: date) -> list[DeadlineRow]:
    rows = []
    for deadline in deadlines:
        case_url = _case_pages[0](deadline.case_id) if _case_pages and deadline.case_id else ""
        label, page = _actions.get(deadline.rule_key, ("", lambda _deadline: None))
        action_url = page(deadline) or ""
        rows.append(
            DeadlineRow(
                deadline=deadline,
                case_url=case_url,
                action_label=str(label) if action_url else "",
                action_url=action_url,
                days_overdue=max((today - deadline.due_on).days, 0),
            )
        )
    return rows
