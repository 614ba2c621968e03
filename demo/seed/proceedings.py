"""The criminal proceedings of a demo case: Aurora (ZH) is before the court, and her
satisfaction claim under the OHG waits to be filed, with its five-year window open."""

from datetime import timedelta

from django.utils import timezone

from cases.models import Case
from cases.proceedings.actions import check_save_claim, check_save_proceeding
from cases.proceedings.models import CriminalProceeding, Offence, OhgClaim
from ksmm.partners.models import Organisation

from .people import Type


def load_proceedings_demo(code: str, organisations: dict[str, Organisation]) -> None:
    if code != "ZH":
        return
    case = Case.objects.filter(pseudonym="Aurora").first()
    if case is None or CriminalProceeding.objects.filter(case=case).exists():
        return
    today = timezone.localdate()
    prosecution, aid = organisations[Type.PUBLIC_PROSECUTOR], organisations[Type.VICTIM_AID]
    proceeding = check_save_proceeding(
        acting_user=None,
        organisation=prosecution,
        proceeding=CriminalProceeding(
            case=case, prosecution_office=prosecution, file_number="ST.2026.0417",
            offences=[Offence.TRAFFICKING, Offence.PROSTITUTION], opened_on=today - timedelta(days=150),
            indicted_on=today - timedelta(days=60), court_on=today - timedelta(days=5), claimant_criminal=True,
            claimant_civil=True, judgment_copy=CriminalProceeding.JudgmentCopy.REQUESTED,
            note="Hauptverhandlung am Bezirksgericht; Opfer mit Vertrauensperson.",
        ),
    )  # fmt: skip
    check_save_claim(
        acting_user=None,
        organisation=aid,
        claim=OhgClaim(
            case=case, proceeding=proceeding, kind=OhgClaim.Kind.SATISFACTION,
            window_from=OhgClaim.WindowFrom.OFFENCE, window_anchor=today - timedelta(days=240),
        ),
    )  # fmt: skip
