"""The people of the tests, defined once (as Healthchecks keeps alice, bob and charlie together).

A persona is a person with an organisation type, a role and a canton. `member(PERSONA)` makes the
persona a member in their canton, of the organisation a test hands over or else of a new one of
their type; `new_organisation(...)` makes that organisation. A folder's conftest names its fixtures
after the personas and says only what its tests need beyond them: an organisation two people
share, the language its assertions quote, a name a page shows.

    ZH  alice  police officer                   paul   police officer (not party to the case)
        polly  police officer (case tests)      adam   canton administrator at the police
        carla  round-table coordinator          vera   victim-aid counsellor
        mia    migration office caseworker      max    canton administrator, migration office
        piet   public prosecutor                nora   canton administrator of an NGO
        karl   KESB (child and adult protection) vicky  coordinator of the demo victim aid
    GE  bob    victim-aid counsellor            gabi   victim-aid counsellor (the outsider)
        gaston round-table coordinator
    CH  fiona  federal administrator            anton  federal analyst (bare host, no canton)
"""

from dataclasses import dataclass

from django_tenants.utils import schema_context

from ksmm.accounts.models import FederalRole, User
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

Type = Organisation.Type
Role = Membership.Role


@dataclass(frozen=True)
class Persona:
    full_name: str
    organisation_type: Type
    role: Role
    canton: str  # schema name

    @property
    def key(self) -> str:
        return self.full_name.split()[0].lower()


ALICE = Persona("Alice Ammann", Type.CANTONAL_POLICE, Role.MEMBER, "zh")
PAUL = Persona("Paul Perrin", Type.CANTONAL_POLICE, Role.MEMBER, "zh")
POLLY = Persona("Polly Polizei", Type.CANTONAL_POLICE, Role.MEMBER, "zh")
ADAM = Persona("Adam Admin", Type.CANTONAL_POLICE, Role.CANTON_ADMIN, "zh")
CARLA = Persona("Carla Coordinatrice", Type.CANTONAL_POLICE, Role.COORDINATOR, "zh")
VERA = Persona("Vera Beraterin", Type.VICTIM_AID, Role.MEMBER, "zh")
MIA = Persona("Mia Migration", Type.MIGRATION_OFFICE, Role.MEMBER, "zh")
MAX = Persona("Max Meier", Type.MIGRATION_OFFICE, Role.CANTON_ADMIN, "zh")
PIET = Persona("Piet Staatsanwalt", Type.PUBLIC_PROSECUTOR, Role.MEMBER, "zh")
NORA = Persona("Nora Netzwerk", Type.NGO, Role.CANTON_ADMIN, "zh")
KARL = Persona("Karl KESB", Type.KESB, Role.MEMBER, "zh")
VICKY = Persona("Vicky Vollzugriff", Type.VICTIM_AID, Role.COORDINATOR, "zh")
BOB = Persona("Bob Bonvin", Type.VICTIM_AID, Role.MEMBER, "ge")
GABI = Persona("Gabi Genoud", Type.VICTIM_AID, Role.MEMBER, "ge")
GASTON = Persona("Gaston Girard", Type.CANTONAL_POLICE, Role.COORDINATOR, "ge")


@dataclass(frozen=True)
class FederalPersona:
    full_name: str
    role: FederalRole


FIONA = FederalPersona("Fiona Federer", FederalRole.ADMIN)
ANTON = FederalPersona("Anton Analyst", FederalRole.ANALYST)


def federal_person(persona: FederalPersona, **user_fields: object) -> User:
    """`persona` with their federal role, in the public schema only."""
    return UserFactory(full_name=persona.full_name, federal_role=persona.role, **user_fields)


# The organisations several folders give their people, by the names their assertions quote.
GE_VICTIM_AID = "Centre LAVI Genève"


def new_organisation(canton: str, type: Type, name: str | None = None, **fields: object) -> Organisation:
    """A new organisation of `type` in `canton`'s schema (a numbered name unless given)."""
    with schema_context(canton):
        if name is not None:
            fields["name"] = name
        return OrganisationFactory(type=type, **fields)


def membership(
    persona: Persona,
    *,
    organisation: Organisation | None = None,
    organisation_name: str | None = None,
    role: Role | None = None,
    **user_fields: object,
) -> Membership:
    """`persona` as a member in their canton, of `organisation` or of a new one of their type.

    `role` and the user's fields (`language`, `email`, …) override the persona's where a test
    needs it; the organisation must be in the persona's canton.
    """
    with schema_context(persona.canton):
        if organisation is None:
            fields = {"name": organisation_name} if organisation_name is not None else {}
            organisation = OrganisationFactory(type=persona.organisation_type, **fields)
        return MembershipFactory(
            organisation=organisation,
            role=role or persona.role,
            user__full_name=persona.full_name,
            **{f"user__{name}": value for name, value in user_fields.items()},
        )


def member(persona: Persona, **options: object) -> User:
    """The user of `membership(persona, **options)`."""
    return membership(persona, **options).user  # type: ignore[arg-type]
