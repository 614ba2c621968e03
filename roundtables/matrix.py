"""Who may read which compartment of a case: the adopted agreement's data-sharing matrix.

Its columns are the compartments and the sub-grants (named parts of a compartment shared on
their own, ksmm.compartments.SubGrant); its rows the organisation types.
"""

from django.utils.functional import Promise

from ksmm.compartments import Compartment, SubGrant
from ksmm.partners.models import Organisation

from .models import Agreement, SharingRule

Type = Organisation.Type

_POLICE_AND_PROSECUTION = frozenset({Type.CANTONAL_POLICE, Type.CITY_POLICE, Type.PUBLIC_PROSECUTOR})
_MIGRATION = frozenset({Type.MIGRATION_OFFICE, Type.CITY_MIGRATION_SERVICE})


COLUMNS: tuple[str, ...] = (*Compartment.values, *SubGrant.values)


def column_labels() -> list[Promise | str]:
    """The headings of the matrix's columns, in the order of COLUMNS."""
    return [*Compartment.labels, *SubGrant.labels]


def conservative_grants(*, organisation_type: str) -> frozenset[str]:
    """The grants without an adopted agreement: core for all, everything else only where needed."""
    grants = {Compartment.CORE.value}
    if organisation_type == Type.VICTIM_AID:
        # The service that shelters the person must know the threats to protect them (safety).
        grants |= {Compartment.COUNSELLING.value, Compartment.IDENTITY.value, SubGrant.SAFETY_DETAILS.value}
    if organisation_type in _POLICE_AND_PROSECUTION:
        grants |= {Compartment.INVESTIGATION.value, Compartment.IDENTITY.value}
    if organisation_type in _MIGRATION:
        grants |= {Compartment.IDENTITY.value, Compartment.RESIDENCE.value}
    return frozenset(grants)


def default_grants(*, organisation_type: str) -> frozenset[str]:
    """The compartments and sub-grants an organisation of this type reads by default in the
    current canton. A sub-grant column an older agreement lacks counts as not granted."""
    adopted = Agreement.objects.filter(status=Agreement.Status.ADOPTED).values_list("pk", flat=True).first()
    if adopted is None:
        return conservative_grants(organisation_type=organisation_type)
    return frozenset(
        SharingRule.objects.filter(
            agreement_id=adopted, organisation_type=organisation_type, can_read=True
        ).values_list("compartment", flat=True)
    )
