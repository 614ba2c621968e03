"""Which kind of document may lie in which compartment.

An identity document is identity data, an interview record belongs to the investigation and a
permit decision to the residence matters: filed anywhere else, it would reach readers the
compartment keeps it from (a passport copy in the core would be read by every party). Consent
forms and other documents may go wherever the uploader files them.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ksmm.compartments import Compartment

from .models import AttachmentKind

ALL = frozenset(Compartment.values)
COMPARTMENTS_OF_KIND: dict[str, frozenset[str]] = {
    AttachmentKind.CONSENT_FORM: ALL,
    AttachmentKind.PERMIT_DECISION: frozenset({Compartment.RESIDENCE}),
    AttachmentKind.IDENTITY_DOCUMENT: frozenset({Compartment.IDENTITY}),
    AttachmentKind.INTERVIEW_RECORD: frozenset({Compartment.INVESTIGATION}),
    AttachmentKind.OTHER: ALL,
}
# The message when a kind is filed in the wrong compartment: where it belongs.
WHERE_IT_BELONGS: dict[str, Promise] = {
    AttachmentKind.PERMIT_DECISION: _("A permit decision belongs to the residence compartment."),
    AttachmentKind.IDENTITY_DOCUMENT: _("An identity document belongs to the identity compartment."),
    AttachmentKind.INTERVIEW_RECORD: _("An interview record belongs to the investigation compartment."),
}


def kinds_for(compartment: str) -> list[tuple[str, Promise]]:
    """The kinds that may be filed in `compartment`, as form choices."""
    return [(kind.value, kind.label) for kind in AttachmentKind if compartment in COMPARTMENTS_OF_KIND[kind.value]]
