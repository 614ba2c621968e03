from datetime import date

import factory
from factory.django import DjangoModelFactory

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from partners.models import ContactPerson, Organisation

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
