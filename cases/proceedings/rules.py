"""The rules of a proceeding's stages and of an OHG claim, as pure functions of the record.

Stage dates must follow the legal order (STAGE_DATES): a stage needs every earlier one (the
appeal excepted: a judgment not appealed becomes final) and a date on or after it; no stage
lies in the future; the final judgment ends the sequence, and a discontinuation (Art. 319
StPO) ends it before any judgment. The stage is the latest stage
with a date. The database constraints repeat the order as a safety net.
"""

from datetime import date

from django.utils.translation import gettext as _

from .models import ENDED, STAGE_DATES, CriminalProceeding, OhgClaim, Stage

Errors = dict[str, list[str]]
# Without an appeal the judgment of first instance becomes final directly.
OPTIONAL_STAGES = frozenset({"appealed_on"})


def stage_of(proceeding: CriminalProceeding) -> str:
    """The latest stage with a date: discontinued, else the last dated one of STAGE_DATES."""
    if proceeding.discontinued_on is not None:
        return Stage.DISCONTINUED
    stage: str = Stage.OPENED
    for candidate, field in STAGE_DATES:
        if getattr(proceeding, field) is not None:
            stage = candidate
    return stage


def _label(field: str) -> str:
    return str(getattr(CriminalProceeding._meta.get_field(field), "verbose_name", field))


def stage_errors(proceeding: CriminalProceeding, *, today: date) -> Errors:
    """What is wrong with the stage dates, by field (empty: they are in order)."""
    errors: Errors = {}
    previous: tuple[str, date] | None = None
    missing: str | None = None
    for _stage, field in STAGE_DATES:
        value: date | None = getattr(proceeding, field)
        if value is None:
            if field not in OPTIONAL_STAGES:
                missing = missing or field
            continue
        if value > today:
            errors.setdefault(field, []).append(_("A stage cannot be dated in the future."))
        if missing is not None:
            errors.setdefault(field, []).append(
                _("This stage needs the earlier stage first: %(earlier)s.") % {"earlier": _label(missing)}
            )
        elif previous is not None and value < previous[1]:
            errors.setdefault(field, []).append(
                _("This stage cannot come before %(earlier)s.") % {"earlier": _label(previous[0])}
            )
        previous = (field, value)
    ended = proceeding.discontinued_on
    if ended is not None:
        if proceeding.judged_on is not None or proceeding.final_on is not None:
            errors.setdefault("discontinued_on", []).append(
                _("Proceedings with a judgment end with the final judgment, not a discontinuation.")
            )
        elif ended < proceeding.opened_on:
            errors.setdefault("discontinued_on", []).append(
                _("Proceedings cannot be discontinued before they were opened.")
            )
        elif ended > today:
            errors.setdefault("discontinued_on", []).append(_("A stage cannot be dated in the future."))
    return errors


def proceeding_errors(
    proceeding: CriminalProceeding, *, today: date, opened_before: CriminalProceeding | None
) -> Errors:
    """Every rule of a proceeding; `opened_before` is the stored version when changing one."""
    errors = stage_errors(proceeding, today=today)
    if not proceeding.offences:
        errors.setdefault("offences", []).append(_("Name at least one offence."))
    if "other" in proceeding.offences and not proceeding.offence_note.strip():
        errors.setdefault("offence_note", []).append(_("Name the other offence."))
    if opened_before is not None and opened_before.stage in ENDED:
        fields = [field for _stage, field in STAGE_DATES] + ["discontinued_on"]
        if any(getattr(proceeding, field) != getattr(opened_before, field) for field in fields):
            errors.setdefault("__all__", []).append(
                _("The proceedings have ended: the dates of their stages can no longer change.")
            )
    if proceeding.judgment_copy == CriminalProceeding.JudgmentCopy.SENT and proceeding.judged_on is None:
        errors.setdefault("judgment_copy", []).append(_("A copy can be sent only once there is a judgment."))
    return errors


def claim_errors(claim: OhgClaim, *, today: date) -> Errors:
    errors: Errors = {}
    if claim.window_anchor > today:
        errors.setdefault("window_anchor", []).append(_("The five years cannot run from a day still to come."))
    filed_needed = claim.status not in (OhgClaim.Status.TO_FILE, OhgClaim.Status.WITHDRAWN)
    if filed_needed and claim.filed_on is None:
        errors.setdefault("filed_on", []).append(_("Enter the day the claim was filed."))
    if claim.filed_on is not None:
        if claim.filed_on < claim.window_anchor:
            errors.setdefault("filed_on", []).append(
                _("A claim cannot be filed before the day the five years run from.")
            )
        if claim.filed_on > today:
            errors.setdefault("filed_on", []).append(_("A claim cannot be filed on a day still to come."))
    decided = claim.status in (OhgClaim.Status.GRANTED, OhgClaim.Status.PARTLY_GRANTED, OhgClaim.Status.REFUSED)
    if decided and claim.decided_on is None:
        errors.setdefault("decided_on", []).append(_("Enter the day of the decision."))
    if claim.decided_on is not None:
        if not decided:
            errors.setdefault("decided_on", []).append(_("Only a decided claim has a decision date."))
        elif claim.filed_on is not None and claim.decided_on < claim.filed_on:
            errors.setdefault("decided_on", []).append(_("A decision cannot come before the claim was filed."))
    return errors
