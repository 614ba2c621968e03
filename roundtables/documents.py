"""The printed co-operation agreement and meeting minutes."""

import datetime
from typing import Any

from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ksmm.cantons.current import print_language, print_languages
from ksmm.documents.rendering import render_pdf
from ksmm.partners.models import Organisation

from .matrix import COLUMNS, column_labels
from .models import ActionItem, Agreement, Meeting
from .queries import meeting_with_parts

CHECK = "✓"


def _context(agreement: Agreement) -> dict[str, Any]:
    sections: list[dict[str, Any]] = []
    if agreement.shared_objective:
        sections.append({"id": "objective", "title": _("Shared objective"), "paragraphs": [agreement.shared_objective]})
    for section in agreement.sections.all():
        paragraphs = [section.text]
        if section.heading_second or section.text_second:
            paragraphs += [
                f"{section.heading_second}: {section.text_second}" if section.heading_second else section.text_second
            ]
        sections.append({"id": f"section-{section.key}", "title": section.heading, "paragraphs": paragraphs})
    duties = list(agreement.duties.select_related("organisation"))
    sections.append(
        {
            "id": "duties",
            "title": _("Duties of the partners"),
            "paragraphs": [f"{duty.organisation.name}: {duty.duties}" for duty in duties],
        }
    )
    granted = {(rule.organisation_type, rule.compartment) for rule in agreement.sharing_rules.filter(can_read=True)}
    types = sorted({organisation_type for organisation_type, _compartment in granted})
    labels = dict(Organisation.Type.choices)
    sections.append(
        {
            "id": "matrix",
            "title": _("Data-sharing matrix"),
            "paragraphs": [_("A check mark means that the organisations of this type read the compartment.")],
            "table": {
                "header": [_("Organisation type"), *column_labels()],
                "rows": [[labels.get(t, t), *[CHECK if (t, c) in granted else "" for c in COLUMNS]] for t in types],
            },
        }
    )
    if agreement.financing:
        sections.append({"id": "financing", "title": _("Financing"), "paragraphs": [agreement.financing]})
    signatories = [
        {"name": ", ".join(part for part in (s.name, s.function, s.organisation.name) if part), "place": ""}
        for s in agreement.signatories.select_related("organisation")
    ]
    return {
        "sections": sections,
        "signatories": signatories,
        "document_subtitle": agreement.get_form_display(),
        "document_facts": agreement_facts(agreement),
        "document_issuer": getattr(getattr(connection, "tenant", None), "name", ""),
    }


def _day(day: datetime.date | datetime.datetime | None) -> str:
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    return date_format(day, "DATE_FORMAT") if day else ""


def agreement_facts(agreement: Agreement) -> list[str]:
    """Version, adoption and validity, as printed under the title (a draft says it is one), in
    the canton's print language."""
    with translation.override(print_language()):
        return _facts(agreement)


def _facts(agreement: Agreement) -> list[str]:
    adopted = (
        _("Adopted on %(day)s") % {"day": _day(agreement.adopted_at)}
        if agreement.adopted_at
        else str(_("Draft, not adopted"))
    )
    if agreement.valid_from and agreement.valid_until:
        validity = _("Valid from %(start)s until %(end)s") % {
            "start": _day(agreement.valid_from), "end": _day(agreement.valid_until),
        }  # fmt: skip
    elif agreement.valid_from:
        validity = _("Valid from %(start)s until a new version is adopted") % {"start": _day(agreement.valid_from)}
    else:
        validity = str(_("Date of effect not yet set"))
    facts = [_("Version %(version)s") % {"version": agreement.version}, adopted, validity]
    if agreement.status == Agreement.Status.SUPERSEDED:
        facts.append(str(_("Superseded by a later version")))
    return facts


def agreement_pdf(agreement: Agreement) -> bytes:
    return render_pdf(
        template_name="documents/sections.html",
        context=_context(agreement),
        language=print_language(),
        title=agreement.title,
    )


def _in(languages: tuple[str, ...], text: str | Promise, **values: Any) -> str:
    """`text` in each of `languages`, joined by a slash; dates in `values` in each language's format."""
    rendered: list[str] = []
    for language in languages:
        with translation.override(language):
            filled = {
                key: date_format(value, "DATE_FORMAT") if hasattr(value, "isoformat") else value
                for key, value in values.items()
            }
            translated = str(text) % filled if values else str(text)
        if translated not in rendered:
            rendered.append(translated)
    return " / ".join(rendered)


MINUTES_LABELS = {
    "attendees": _("Attendees"),
    "minutes": _("Minutes"),
    "decisions": _("Decisions"),
    "action_items": _("Action items"),
    "task": _("Task"),
    "owner": _("Responsible"),
    "due_date": _("Due date"),
    "status": _("Status"),
    "location": _("Location"),
    "none": _("None recorded."),
}


def _minutes_context(meeting: Meeting, languages: tuple[str, ...]) -> dict[str, Any]:
    def both(text: str | Promise) -> str:
        return _in(languages, text)

    attendees = [
        f"{row.contact.name} ({row.organisation.name})" if row.contact else row.organisation.name
        for row in meeting.attendees.all()
    ]
    items = [
        {
            "task": item.description,
            "owner": f"{item.owner.name}, {item.owner_contact.name}" if item.owner_contact else item.owner.name,
            "due_date": date_format(item.due_date, "SHORT_DATE_FORMAT"),
            "status": both(ActionItem.Status(item.status).label),
        }
        for item in meeting.action_items.all()
    ]
    round_table = meeting.round_table
    return {
        "labels": {key: both(label) for key, label in MINUTES_LABELS.items()},
        "meeting": meeting,
        "attendees": attendees,
        "paragraphs": [part.strip() for part in meeting.minutes.split("\n\n") if part.strip()],
        "decisions": [decision.text for decision in meeting.decisions.all()],
        "action_items": items,
        "document_subtitle": both(Meeting.Kind(meeting.kind).label),
        "document_status": both(Meeting.Status(meeting.status).label),
        "document_issuer": round_table.name,
    }


def minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes in the canton's language; bilingual cantons get every heading in both."""
    languages = print_languages()
    full = meeting_with_parts(meeting.pk)
    assert full is not None  # noqa: S101 - the caller holds the meeting
    title = _in(languages, _("Minutes of the meeting of %(date)s"), date=full.date)
    with translation.override(languages[0]):
        context = _minutes_context(full, languages)
    return render_pdf(template_name="documents/minutes.html", context=context, language=languages[0], title=title)
