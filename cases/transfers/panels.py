"""The transfer line of the case page: where the case went or came from, for readers of core.

Most cases were never transferred: the page's one existence query (cases/facts.py) says so,
and the transfer tables are read only for a case that has a row there.
"""

from typing import Any

from cases.facts import case_has, register_case_fact
from cases.policy import CaseAccess

from .models import IncomingTransfer, TransferRequest
from .queries import requests_of

SENT = "casetransfers_sent"
ARRIVED = "casetransfers_arrived"


def register_facts() -> None:
    register_case_fact(SENT, lambda case: TransferRequest.objects.filter(case_id=case))
    register_case_fact(ARRIVED, lambda case: IncomingTransfer.objects.filter(case_id=case))


def transfer_panel(*, access: CaseAccess) -> dict[str, Any]:
    case = access.case
    sent = list(requests_of(case=case)[:1]) if case_has(access, SENT) else []
    arrival = IncomingTransfer.objects.filter(case=case).first() if case_has(access, ARRIVED) else None
    return {"case": case, "sent": sent, "arrival": arrival}
