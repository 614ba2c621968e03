"""The safety-details sub-grant as a column of the agreement's data-sharing matrix."""

import pytest
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.compartments import SubGrant
from ksmm.partners.models import Organisation
from roundtables.matrix import COLUMNS
from roundtables.models import Agreement, SharingRule
from tests.auth import sign_in
from tests.conftest import canton_client

pytestmark = pytest.mark.django_db

DETAILS = SubGrant.SAFETY_DETAILS.value


def test_a_new_draft_has_a_cell_for_every_type_and_column(zh_agreement: Agreement) -> None:
    with schema_context("zh"):
        cells = set(zh_agreement.sharing_rules.values_list("organisation_type", "compartment"))
        assert cells == {(t, c) for t in Organisation.Type.values for c in COLUMNS}
        granted = set(zh_agreement.sharing_rules.filter(compartment=DETAILS, can_read=True).values_list(
            "organisation_type", flat=True))  # fmt: skip
        assert granted == {Organisation.Type.VICTIM_AID}


def test_the_coordinator_sets_the_safety_details_in_the_matrix(carla: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), carla)
    page = client.get(f"/roundtable/agreements/{zh_agreement.pk}/matrix/").content.decode()
    assert 'value="victim_aid:safety_details" aria-label' in page and 'value="kesb:safety_details"' in page
    response = client.post(
        f"/roundtable/agreements/{zh_agreement.pk}/matrix/", {"grant": ["victim_aid:core", "kesb:safety_details"]}
    )
    assert response.status_code == 302
    with schema_context("zh"):
        granted = set(zh_agreement.sharing_rules.filter(compartment=DETAILS, can_read=True).values_list(
            "organisation_type", flat=True))  # fmt: skip
        assert granted == {Organisation.Type.KESB}


def test_a_draft_older_than_the_column_gains_it_when_the_matrix_is_saved(carla: User, zh_agreement: Agreement) -> None:
    with schema_context("zh"):
        SharingRule.objects.filter(agreement=zh_agreement, compartment=DETAILS).delete()
    client = sign_in(canton_client("zh"), carla)
    response = client.post(
        f"/roundtable/agreements/{zh_agreement.pk}/matrix/", {"grant": ["victim_aid:safety_details"]}
    )
    assert response.status_code == 302
    with schema_context("zh"):
        cells = zh_agreement.sharing_rules.filter(compartment=DETAILS)
        assert cells.count() == len(Organisation.Type.values)
        assert list(cells.filter(can_read=True).values_list("organisation_type", flat=True)) == ["victim_aid"]
