import pytest
from django_tenants.utils import schema_context

from ksmm.memberships.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_canton_admin_in_ge_is_nobody_in_zh() -> None:
    with schema_context("ge"):
        admin = MembershipFactory(role=Membership.Role.CANTON_ADMIN).user
        assert admin.has_perm("memberships.manage_people")
    with schema_context("zh"):
        fresh = type(admin).objects.get(pk=admin.pk)
        assert not fresh.has_perm("memberships.manage_people")
        assert fresh.get_all_permissions() == set()


def test_global_groups_grant_nothing_in_a_canton() -> None:
    from django.contrib.auth.models import Group, Permission

    with schema_context("zh"):
        member = MembershipFactory().user
        group = Group.objects.create(name="everything")
        group.permissions.set(Permission.objects.all())
        member.groups.add(group)
        fresh = type(member).objects.get(pk=member.pk)
        assert not fresh.has_perm("memberships.manage_people")
        assert not fresh.has_perm("auth.add_user")


def test_a_plain_member_has_only_the_member_permissions() -> None:
    with schema_context("zh"):
        member = MembershipFactory(role=Membership.Role.MEMBER).user
        assert member.get_all_permissions() == {"partners.view_directory"}
