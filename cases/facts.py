"""Whether a case has rows in tables that most cases leave empty, asked in one statement.

Sections of the case page from apps above `cases` (criminal proceedings, OHG claims,
attachments, the operation a case came from) register an existence test here, once:

    register_case_fact("caseattachments", lambda case: Attachment.objects.filter(case_id=case))

The page then asks every registered test in one SELECT, and a section reads its own table only
where the case holds something there: a case without any costs one statement, not one per section.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from .models import Case
from .policy import CaseAccess

RowsOfCase = Callable[[OuterRef], QuerySet[Any]]

_FACTS: dict[str, RowsOfCase] = {}


def register_case_fact(name: str, rows: RowsOfCase) -> None:
    """`rows(case)` filters a model by the case's primary key, given as an OuterRef."""
    _FACTS[name] = rows


def case_has(access: CaseAccess, name: str) -> bool:
    """Whether the case of the decision has rows under the fact `name` (asked once per request)."""
    facts: dict[str, bool] = access.loaded("case_facts", lambda: _ask(case_id=access.case.pk))
    return facts[name]


def _ask(*, case_id: int) -> dict[str, bool]:
    names = sorted(_FACTS)
    if not names:
        return {}
    columns = {f"fact_{index}": Exists(_FACTS[name](OuterRef("pk"))) for index, name in enumerate(names)}
    row = Case.objects.filter(pk=case_id).annotate(**columns).values_list(*columns).first()
    return dict(zip(names, row or (False,) * len(names), strict=True))
