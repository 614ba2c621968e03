"""What the pages of one request read of a case, read once and shared by the view, its panels
and the timeline (kept on the gate's decision, `CaseAccess.loaded`)."""

from typing import Any, TypeVar

from django.db.models import Model

from .models import CaseParty, Identity
from .policy import CaseAccess
from .records import records_for

RecordT = TypeVar("RecordT", bound=Model)


def parties_of(*, access: CaseAccess) -> list[CaseParty]:
    """Every organisation that is or was party to the case, with the organisation, in order joined."""
    return access.loaded(
        "parties", lambda: list(CaseParty.objects.filter(case=access.case).select_related("organisation"))
    )


def current_parties(*, access: CaseAccess) -> list[CaseParty]:
    return [party for party in parties_of(access=access) if party.left_at is None]


def identity_of(*, access: CaseAccess) -> Identity | None:
    """The identity with its identifiers; the caller asked the decision whether it may show it."""
    return access.loaded(
        "identity", lambda: Identity.objects.filter(case=access.case).prefetch_related("identifiers").first()
    )


def readable_records(*, access: CaseAccess, model: type[RecordT]) -> list[RecordT]:
    """`records_for` as a list, in the model's order: the rows of the case the reader may read."""
    rows: list[Any] = access.loaded(
        f"records:{model._meta.label_lower}", lambda: list(records_for(access=access, model=model))
    )
    return rows
