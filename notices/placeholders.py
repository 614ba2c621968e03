"""Contact details of the canton's victim-aid service, filled into a notice from the directory.

A text names a placeholder in braces: {victim_aid_name}. Placeholders stand on lines of their
own (the contact block); a line whose value the directory lacks is left out of the printed
notice, and the coordinator is told which value is missing.
"""

import re
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ksmm.partners.models import Organisation

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS: dict[str, Promise] = {
    "victim_aid_name": _("name of the victim-aid service"),
    "victim_aid_address": _("postal address of the victim-aid service"),
    "victim_aid_phone": _("phone of the victim-aid service"),
    "victim_aid_email": _("e-mail of the victim-aid service"),
    "hotline": _("24/7 emergency phone of the victim-aid service"),
}


@dataclass(frozen=True)
class Filled:
    paragraphs: list[str]
    missing: list[str] = field(default_factory=list)


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def victim_aid_service(*, printed_by: Organisation | None = None) -> Organisation | None:
    """The canton's victim-aid service that notices name. A victim-aid service printing a
    notice names itself, since it is the one that will counsel the victim; anyone else prints
    the canton's first service, core group first, then by name."""
    if printed_by is not None and printed_by.type == Organisation.Type.VICTIM_AID and printed_by.is_active:
        return printed_by
    return (
        Organisation.objects.filter(type=Organisation.Type.VICTIM_AID, is_active=True)
        .order_by("group", "name", "pk")
        .first()
    )


def contact_values(organisation: Organisation | None) -> dict[str, str]:
    if organisation is None:
        return {}
    # The street address only: a post-office box is no place a victim can go to.
    address = ", ".join(part for part in (organisation.street_line, organisation.town_line) if part)
    values = {
        "victim_aid_name": organisation.name,
        "victim_aid_address": address,
        "victim_aid_phone": organisation.phone,
        "victim_aid_email": organisation.email,
        "hotline": organisation.emergency_phone,
    }
    return {name: value for name, value in values.items() if value}


# First strong isolate ... pop directional isolate: a phone number keeps its digit groups in order
# inside a right-to-left line ("044 436 90 00" would otherwise read "00 90 436 044").
ISOLATE = "\u2068%s\u2069"


def fill(body: str, values: dict[str, str], *, isolate: bool = False) -> Filled:
    """The paragraphs of body with values filled in; lines naming a missing value are left out.

    With isolate, each value is a bidirectional isolate, for texts laid out right to left.
    """
    wrap = ISOLATE if isolate else "%s"
    missing: set[str] = set()
    paragraphs: list[str] = []
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        lines: list[str] = []
        for line in paragraph.splitlines():
            names = PLACEHOLDER.findall(line)
            absent = [name for name in names if name not in values]
            if absent:
                missing.update(absent)
                continue
            lines.append(PLACEHOLDER.sub(lambda match: wrap % values[match.group(1)], line).strip())
        if any(lines):
            paragraphs.append("\n".join(line for line in lines if line))
    return Filled(paragraphs=paragraphs, missing=sorted(missing))


def missing_labels(names: list[str]) -> list[str]:
    return [str(PLACEHOLDERS.get(name, name)) for name in names]
