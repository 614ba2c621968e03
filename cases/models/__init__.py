"""The case file: core data, its parties and grants, and the identity, counselling and
investigation compartments (DESIGN.md 3). Every read goes through cases/policy.py."""

from .assignments import CaseAssignment
from .case import (
    Case,
    CaseGrant,
    CaseNumberCounter,
    CaseParty,
    DuplicateFlag,
    ExploitationSubtype,
    ExploitationType,
    GrantChange,
    OrganisationGroup,
    Place,
    Source,
)
from .consents import Consent, ExceptionPurpose
from .letters import ReferralDispatch
from .records import (
    BlindIndexEntry,
    CaseRecord,
    CounsellingEntry,
    CounsellingPart,
    EvidenceNote,
    FederalMatch,
    Identity,
    PersonIdentifier,
    Sex,
)
from .referrals import Referral
from .rotation import KeyRotation

__all__ = [
    "BlindIndexEntry",
    "Case",
    "CaseAssignment",
    "CaseGrant",
    "CaseNumberCounter",
    "CaseParty",
    "CaseRecord",
    "Consent",
    "CounsellingEntry",
    "CounsellingPart",
    "DuplicateFlag",
    "EvidenceNote",
    "ExceptionPurpose",
    "ExploitationSubtype",
    "ExploitationType",
    "FederalMatch",
    "GrantChange",
    "Identity",
    "KeyRotation",
    "OrganisationGroup",
    "PersonIdentifier",
    "Place",
    "Referral",
    "ReferralDispatch",
    "Sex",
    "Source",
]
