"""Who sees which part of the operations register (decided by the organisation's type).

- Police and prosecution see every operation of the canton in full: the register is where they
  coordinate, and the police part is what the investigation compartment of a case holds for
  them. Only the planning organisation changes, announces, cancels or closes an operation.
- A victim-aid service or NGO sees the announced part of the operations it was told of, from the
  moment it was told, and answers them. One not told does not learn that they exist (404).
- Everyone else, round-table coordinators included (their role is the mechanism, not the
  operations), sees nothing of the register: 404, as for a case they are not party to.
"""

from enum import StrEnum

from cases.policy import Reader
from ksmm.partners.models import Organisation

Type = Organisation.Type

POLICE_TYPES = frozenset({Type.CANTONAL_POLICE, Type.CITY_POLICE, Type.PUBLIC_PROSECUTOR})
PLANNER_TYPES = frozenset({Type.CANTONAL_POLICE, Type.CITY_POLICE})
AID_TYPES = frozenset({Type.VICTIM_AID, Type.NGO})


class Side(StrEnum):
    POLICE = "police"
    AID = "aid"
    NONE = "none"


def side_of(membership: Reader) -> Side:
    organisation_type = membership.organisation.type
    if organisation_type in POLICE_TYPES:
        return Side.POLICE
    if organisation_type in AID_TYPES:
        return Side.AID
    return Side.NONE


def may_plan(membership: Reader) -> bool:
    return membership.organisation.type in PLANNER_TYPES
