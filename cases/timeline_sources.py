"""The case app's own timeline entries; registered in CasesConfig.ready()."""

from collections.abc import Iterable
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ksmm.compartments import Compartment

from .case_file import identity_of, parties_of, readable_records
from .consents import consents_of
from .models import Consent, CounsellingEntry, EvidenceNote, GrantChange, Referral
from .policy import CaseAccess
from .timeline import TimelineEntry, register_timeline_source

SUMMARY_WORDS = 30


def _start_of(day: object) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))  # type: ignore[arg-type]


def case_events(*, access: CaseAccess) -> Iterable[TimelineEntry]:
    case = access.case
    url = reverse("cases:detail", args=[case.pk])
    yield TimelineEntry(
        when=_start_of(case.opened_on),
        compartment=Compartment.CORE,
        title=_("Case opened"),
        detail=str(case.get_source_display()),
        url=url,
    )
    # The closing is the closure step's entry (cases/steps/timeline.py: its day, reason and the
    # lead that closed), the only way a case closes; a second entry here said it twice.
    for party in parties_of(access=access):
        yield TimelineEntry(
            when=party.joined_at,
            compartment=Compartment.CORE,
            title=_("%(organisation)s joined the case") % {"organisation": party.organisation},
            url=url,
        )
    for change in GrantChange.objects.filter(case=case).select_related("organisation"):
        title = (
            _("Access to %(compartment)s granted to %(organisation)s")
            if change.granted
            else _("Access to %(compartment)s withdrawn from %(organisation)s")
        )
        yield TimelineEntry(
            when=change.changed_at,
            compartment=Compartment.CORE,
            title=title % {"compartment": change.get_compartment_display(), "organisation": change.organisation},
            detail=change.reason,
            url=reverse("cases:grants", args=[case.pk]),
        )
    for referral in Referral.objects.filter(case=case).select_related("from_organisation", "to_organisation"):
        yield TimelineEntry(
            when=referral.requested_at,
            compartment=Compartment.CORE,
            title=_("Referral from %(sender)s to %(recipient)s: %(status)s")
            % {
                "sender": referral.from_organisation,
                "recipient": referral.to_organisation,
                "status": referral.get_status_display(),
            },
            url=reverse("cases:referral", args=[referral.pk]),
        )


def identity_events(*, access: CaseAccess) -> Iterable[TimelineEntry]:
    case, identity = access.case, identity_of(access=access)
    if identity is not None:
        yield TimelineEntry(
            when=identity.updated_at,
            compartment=Compartment.IDENTITY,
            title=_("Identity recorded"),
            detail=f"{identity.first_name} {identity.official_name}".strip(),
            url=reverse("cases:identity", args=[case.pk]),
        )


def counselling_events(*, access: CaseAccess) -> Iterable[TimelineEntry]:
    case = access.case
    url = reverse("cases:counselling", args=[case.pk])
    for entry in readable_records(access=access, model=CounsellingEntry):
        yield TimelineEntry(
            when=entry.created_at,
            compartment=Compartment.COUNSELLING,
            title=str(entry.get_part_display()),
            detail=Truncator(entry.text).words(SUMMARY_WORDS),
            url=url,
            part=entry.part,
        )
    # Only the disclosures this reader sees on the consents page: a recipient sees its own.
    for consent in consents_of(access=access):
        yield TimelineEntry(
            when=consent.recorded_at,
            compartment=Compartment.COUNSELLING,
            title=(
                _("Consent for %(recipient)s recorded")
                if consent.basis == Consent.Basis.CONSENT
                else _("Disclosure without consent to %(recipient)s recorded")
            )
            % {"recipient": consent.recipient_organisation},
            detail=consent.purpose,
            url=reverse("cases:consents", args=[case.pk]),
        )
        if consent.revoked_at:
            yield TimelineEntry(
                when=consent.revoked_at,
                compartment=Compartment.COUNSELLING,
                title=_("Consent for %(recipient)s revoked") % {"recipient": consent.recipient_organisation},
                url=reverse("cases:consents", args=[case.pk]),
            )


def investigation_events(*, access: CaseAccess) -> Iterable[TimelineEntry]:
    case = access.case
    url = reverse("cases:investigation", args=[case.pk])
    for note in readable_records(access=access, model=EvidenceNote):
        yield TimelineEntry(
            when=note.created_at,
            compartment=Compartment.INVESTIGATION,
            title=_("Evidence note %(reference)s") % {"reference": note.reference},
            detail=Truncator(note.text).words(SUMMARY_WORDS),
            url=url,
        )


def register() -> None:
    for source, compartment in (
        (case_events, Compartment.CORE),
        (identity_events, Compartment.IDENTITY),
        (counselling_events, Compartment.COUNSELLING),
        (investigation_events, Compartment.INVESTIGATION),
    ):
        register_timeline_source(source, compartments=[compartment], takes_access=True)
