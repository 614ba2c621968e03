from ksmm.memberships.models import Membership
from ksmm.memberships.roles import permissions_of
from ksmm.partners.models import Organisation

Role = Membership.Role
Type = Organisation.Type


def test_migration_office_caseworkers_review_requests() -> None:
    assert "permits.review_requests" in permissions_of(Role.MEMBER, organisation_type=Type.MIGRATION_OFFICE)
    assert "permits.review_requests" in permissions_of(Role.LEAD, organisation_type=Type.MIGRATION_OFFICE)


def test_no_other_role_or_organisation_reviews_requests() -> None:
    assert "permits.review_requests" not in permissions_of(Role.CANTON_ADMIN, organisation_type=Type.MIGRATION_OFFICE)
    assert "permits.review_requests" not in permissions_of(Role.COORDINATOR, organisation_type=Type.MIGRATION_OFFICE)
    for organisation_type in (Type.VICTIM_AID, Type.CANTONAL_POLICE, Type.PUBLIC_PROSECUTOR):
        for role in Role.values:
            assert "permits.review_requests" not in permissions_of(role, organisation_type=organisation_type)
