import datetime
from datetime import date

import factory
from factory.django import DjangoModelFactory

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.partners.models import ContactPerson, Organisation
from roundtables.models import ActionItem, Decision, Meeting, RoundTable, RoundTableMember

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.django.Password(TEST_PASSWORD)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = Organisation.Type.CANTONAL_POLICE
    group = Organisation.Group.CORE


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class ContactPersonFactory(DjangoModelFactory[ContactPerson]):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")


def open_test_case(
    *, organisation: Organisation, pseudonym: str = "Rosa", opened_on: date | None = None, **fields: object
) -> Case:
    """A case opened at `organisation` through the real intake action, in the current schema."""
    from cases.actions import do_open_case

    return do_open_case(
        acting_user=None,
        organisation=organisation,
        pseudonym=pseudonym,
        opened_on=opened_on or date(2026, 3, 1),
        **fields,  # type: ignore[arg-type]
    )


class RoundTableFactory(DjangoModelFactory[RoundTable]):
    class Meta:
        model = RoundTable
        django_get_or_create = ("singleton",)

    singleton = True
    name = "Runder Tisch gegen Menschenhandel"
    mandate_authority = "Regierungsrat"


class RoundTableMemberFactory(DjangoModelFactory[RoundTableMember]):
    class Meta:
        model = RoundTableMember

    round_table = factory.SubFactory(RoundTableFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    group = "core"
    role = "police"


class MeetingFactory(DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    round_table = factory.SubFactory(RoundTableFactory)
    date = datetime.date(2026, 3, 12)
    kind = "regular"
    minutes = "Die Partner berichten über die Fälle des Quartals."


class DecisionFactory(DjangoModelFactory[Decision]):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Beschluss {n}")


class ActionItemFactory(DjangoModelFactory[ActionItem]):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Aufgabe {n}")
    owner = factory.SubFactory(OrganisationFactory)
    due_date = datetime.date(2026, 6, 30)
