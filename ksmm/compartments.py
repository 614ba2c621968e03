"""The compartments of a case file (DESIGN.md 3): the platform's shared vocabulary.

Every grant, consent, audit entry and API scope names one of these; the domain apps import them
from here.
"""

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Compartment(models.TextChoices):
    """A part of a case file that is shared as a whole or not at all."""

    CORE = "core", _("Core data")
    IDENTITY = "identity", _("Identity")
    COUNSELLING = "counselling", _("Counselling")
    INVESTIGATION = "investigation", _("Investigation")
    RESIDENCE = "residence", _("Residence")


class SubGrant(models.TextChoices):
    """A named part of a compartment that the agreement's matrix can share with an organisation
    type that does not read the whole compartment (a column of the matrix beside the compartments).

    Safety details: the threats and protective measures of the safety assessments the police or
    the prosecution made (investigation compartment), for the victim-aid service that shelters
    and counsels the person at risk.
    """

    SAFETY_DETAILS = "safety_details", _("Safety details (threats and protective measures)")


# The compartment each sub-grant is a part of: an API client reads it only when its scopes open
# that compartment, and a read of it is audited as a read of that compartment.
SUB_GRANT_COMPARTMENT: dict[str, str] = {SubGrant.SAFETY_DETAILS.value: Compartment.INVESTIGATION.value}


class DefaultGrants(Protocol):
    def __call__(self, *, organisation_type: str) -> frozenset[str]: ...


_default_grants: list[DefaultGrants] = []


def register_default_grants(provider: DefaultGrants) -> None:
    """The round tables app supplies the agreement's data-sharing matrix (its AppConfig.ready)."""
    _default_grants[:] = [provider]


def default_grants(*, organisation_type: str) -> frozenset[str]:
    """The compartments (and sub-grants) an organisation of this type reads by default in the
    current canton."""
    if not _default_grants:
        raise ImproperlyConfigured("No data-sharing matrix is registered (is the roundtables app installed?).")
    return _default_grants[0](organisation_type=organisation_type)
