"""The printed co-operation agreement."""

from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _

from ksmm.documents.rendering import render_pdf
from partners.models import Organisation

from .compartments import Compartment
from .models import Agreement

CHECK = "✓"
LANGUAGES = ("de", "fr", "it", "en")


def print_language() -> str:
    """The canton's default language, the language of the printed chrome."""
    language = getattr(getattr(connection, "tenant", None), "default_language", "de")
    return language if language in LANGUAGES else "de"


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
                "header": [_("Organisation type"), *Compartment.labels],
                "rows": [
                    [labels.get(t, t), *[CHECK if (t, c) in granted else "" for c in Compartment.values]] for t in types
                ],
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
        "document_subtitle": f"{agreement.get_form_display()} · {_('Version')} {agreement.version}",
        "document_issuer": getattr(getattr(connection, "tenant", None), "name", ""),
    }


def agreement_pdf(agreement: Agreement) -> bytes:
    return render_pdf(
        template_name="documents/sections.html",
        context=_context(agreement),
        language=print_language(),
        title=agreement.title,
    )
