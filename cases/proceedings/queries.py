"""Reading the proceedings and claims of a case, cut to what the reader may see; read once per
page (the panel, the timeline and the page share it through the gate's decision)."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

from cases.facts import case_has, register_case_fact
from cases.policy import CaseAccess
from ksmm.compartments import Compartment
from ksmm.deadlines.models import Deadline, RuleKey

from .models import STAGE_DATES, CriminalProceeding, OhgClaim


@dataclass(frozen=True)
class CaseProceedings:
    proceedings: list[CriminalProceeding]
    claims: list[OhgClaim]
    windows: dict[int, Deadline]  # the open claim-window deadline by claim id

    @property
    def running(self) -> list[CriminalProceeding]:
        return [proceeding for proceeding in self.proceedings if not proceeding.has_ended]


PROCEEDINGS_FACT = "caseproceedings.proceedings"
CLAIMS_FACT = "caseproceedings.claims"
register_case_fact(PROCEEDINGS_FACT, lambda case: CriminalProceeding.objects.filter(case_id=case))
register_case_fact(CLAIMS_FACT, lambda case: OhgClaim.objects.filter(case_id=case))


def case_proceedings(*, access: CaseAccess) -> CaseProceedings:
    """Proceedings and claims of the case (no query of its own for a case without any, up
    to three with both; none when the page asked before).

    The rows hold investigation data; callers show a reader without the investigation
    compartment only the CORE_FIELDS (`stage_lines`)."""

    def load() -> CaseProceedings:
        case = access.case
        # Most cases have neither: the page's one question about such tables says which to read.
        has_proceedings = case_has(access, PROCEEDINGS_FACT)
        has_claims = case_has(access, CLAIMS_FACT)
        proceedings: list[CriminalProceeding] = []
        claims: list[OhgClaim] = []
        if has_proceedings:
            proceedings = list(
                CriminalProceeding.objects.filter(case=case).select_related(
                    "prosecution_office", "recorded_by_organisation"
                )
            )
        if has_claims:
            claims = list(OhgClaim.objects.filter(case=case).select_related("recorded_by_organisation"))
        windows = {}
        if claims:
            rows = Deadline.objects.filter(
                rule_key=RuleKey.OHG_CLAIM_WINDOW,
                subject_type=OhgClaim._meta.label_lower,
                subject_id__in=[claim.pk for claim in claims],
                status=Deadline.Status.OPEN,
            )
            windows = {row.subject_id: row for row in rows}
        return CaseProceedings(proceedings=proceedings, claims=claims, windows=windows)

    return access.loaded("caseproceedings", load)


def stage_lines(proceeding: CriminalProceeding) -> list[tuple[str, str]]:
    """The dated stages of a proceeding (core: shown to every party), in their order."""
    lines = []
    for _stage, field in (*STAGE_DATES, ("discontinued", "discontinued_on")):
        value: date | None = getattr(proceeding, field)
        if value is not None:
            label = str(getattr(CriminalProceeding._meta.get_field(field), "verbose_name", field))
            lines.append((label, date_format(value, "SHORT_DATE_FORMAT")))
    return lines


def sees_full(access: CaseAccess) -> bool:
    return access.can_read(Compartment.INVESTIGATION)
