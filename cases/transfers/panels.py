"""The transfer line of the case page: where the case went or came from, for readers of core."""

from typing import Any

from cases.policy import CaseAccess

from .queries import arrival_of, requests_of


def transfer_panel(*, access: CaseAccess) -> dict[str, Any]:
    case = access.case
    return {
        "case": case,
        "sent": access.loaded("transfer_requests", lambda: list(requests_of(case=case)[:1])),
        "arrival": access.loaded("transfer_arrival", lambda: arrival_of(case=case)),
    }
