"""The printed case summary: only what the reader may see, never the confidential address."""

from typing import Any

from django.db import connection
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ksmm.cantons.current import print_language
from ksmm.compartments import Compartment
from ksmm.documents.rendering import render_pdf

from .models import Case, CaseParty, CounsellingEntry, EvidenceNote, Identity
from .policy import CaseAccess
from .records import records_for
from .timeline import timeline_for


def core_section(case: Case) -> dict[str, Any]:
    parties = ", ".join(
        str(party.organisation)
        for party in CaseParty.objects.filter(case=case, left_at__isnull=True).select_related("organisation")
    )
    subtypes = ", ".join(str(Case.ExploitationSubtype(value).label) for value in case.exploitation_subtypes)
    rows = [
        [_("Case number"), case.case_number],
        [_("Pseudonym"), case.pseudonym],
        [_("Status"), case.get_status_display()],
        [_("Opened on"), date_format(case.opened_on)],
        [_("Source"), case.get_source_display()],
        [_("Form of exploitation"), case.get_exploitation_type_display()],
        [_("Details of the exploitation"), subtypes],
        [_("Place of exploitation"), case.get_place_of_exploitation_display()],
        [_("Minor or presumed minor"), _("yes") if case.is_minor else _("no")],
        [_("Parties"), parties],
    ]
    return {"id": "core", "title": _("Core data"), "paragraphs": [case.ohg_hint], "table": {"header": [], "rows": rows}}


def identity_section(case: Case) -> dict[str, Any] | None:
    identity = Identity.objects.filter(case=case).prefetch_related("identifiers").first()
    if identity is None:
        return None
    rows = [
        [_("Official name"), identity.official_name],
        [_("First name"), identity.first_name],
        [_("Aliases"), ", ".join(identity.alias_list)],
        [_("Sex"), identity.get_sex_display()],
        [_("Date of birth"), identity.date_of_birth_swiss],
        [_("Nationality"), identity.nationality_name],
        [_("Languages"), identity.language_names],
        [_("Interpreter needs"), identity.interpreter_notes if identity.interpreter_needed else _("no")],
        *[[identifier.get_category_display(), identifier.value] for identifier in identity.identifiers.all()],
    ]
    return {"id": "identity", "title": _("Identity"), "paragraphs": [], "table": {"header": [], "rows": rows}}


def compartment_sections(*, access: CaseAccess) -> list[dict[str, Any]]:
    """A section per compartment the decision lets the reader read: core, identity,
    counselling (the parts it opens), investigation. The summary and referral letters use it."""
    case, readable = access.case, access.readable
    sections = [core_section(case)]
    if Compartment.IDENTITY in readable and (identity := identity_section(case)) is not None:
        sections.append(identity)
    if Compartment.COUNSELLING in readable:
        entries = records_for(access=access, model=CounsellingEntry)
        sections.append(
            {
                "id": "counselling",
                "title": _("Counselling"),
                "paragraphs": [
                    f"{date_format(entry.occurred_on)} · {entry.get_part_display()}: {entry.text}" for entry in entries
                ],
            }
        )
    if Compartment.INVESTIGATION in readable:
        notes = records_for(access=access, model=EvidenceNote)
        sections.append(
            {
                "id": "investigation",
                "title": _("Investigation"),
                "paragraphs": [f"{note.reference}: {note.text}".strip(": ") for note in notes],
            }
        )
    return sections


def summary_sections(*, access: CaseAccess) -> list[dict[str, Any]]:
    """The summary's sections for what the gate's decision lets the reader read."""
    sections = compartment_sections(access=access)
    events = timeline_for(access=access)
    sections.append(
        {
            "id": "timeline",
            "title": _("Timeline"),
            "paragraphs": [],
            "table": {
                "header": [_("Date"), _("Event"), _("Details")],
                "rows": [[date_format(event.when, "SHORT_DATE_FORMAT"), event.title, event.detail] for event in events],
            },
        }
    )
    return sections


def case_summary_pdf(*, access: CaseAccess) -> bytes:
    case = access.case
    language = print_language()
    with translation.override(language):
        sections = summary_sections(access=access)
        title = _("Case summary %(number)s") % {"number": case.case_number}
        subtitle = _("Confidential")
    return render_pdf(
        template_name="documents/sections.html",
        context={
            "sections": sections,
            "document_subtitle": subtitle,
            "document_issuer": getattr(getattr(connection, "tenant", None), "name", ""),
        },
        language=language,
        title=title,
    )
