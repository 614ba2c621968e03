"""PostgreSQL itself refuses changes to an adopted agreement's parts, whatever the caller."""

from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from ksmm.partners.models import Organisation
from roundtables.agreements.actions import check_adopt, do_new_version_from
from roundtables.models import Agreement, AgreementSection, PartnerDuty, SharingRule, Signatory

from .conftest import complete_draft

pytestmark = pytest.mark.django_db


def _refused(change: Callable[[], object]) -> None:
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        change()


def _raw(sql: str, *params: object) -> Callable[[], None]:
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run


@pytest.fixture
def adopted() -> Agreement:
    with schema_context("zh"):
        return check_adopt(acting_user=None, agreement=complete_draft())


def test_the_duties_of_an_adopted_agreement_cannot_be_changed_added_or_deleted(adopted: Agreement) -> None:
    with schema_context("zh"):
        duty = adopted.duties.first()
        assert duty is not None
        original = duty.duties
        _refused(lambda: PartnerDuty.objects.filter(pk=duty.pk).update(duties="Forged"))
        _refused(_raw("UPDATE roundtables_partnerduty SET duties = 'Forged' WHERE id = %s", duty.pk))
        _refused(lambda: PartnerDuty.objects.create(agreement=adopted, organisation=duty.organisation, duties="New"))
        _refused(_raw("DELETE FROM roundtables_partnerduty WHERE id = %s", duty.pk))
        duty.refresh_from_db()
        assert duty.duties == original


def test_the_signatories_of_an_adopted_agreement_cannot_be_changed_added_or_deleted(adopted: Agreement) -> None:
    with schema_context("zh"):
        signatory = adopted.signatories.first()
        assert signatory is not None
        _refused(lambda: Signatory.objects.filter(pk=signatory.pk).update(name="Mallory"))
        _refused(_raw("UPDATE roundtables_signatory SET name = 'Mallory' WHERE id = %s", signatory.pk))
        _refused(lambda: Signatory.objects.create(agreement=adopted, organisation=signatory.organisation, name="X"))
        _refused(_raw("DELETE FROM roundtables_signatory WHERE id = %s", signatory.pk))
        assert adopted.signatories.count() == 2


def test_the_matrix_of_an_adopted_agreement_cannot_be_changed_added_or_deleted(adopted: Agreement) -> None:
    with schema_context("zh"):
        rule = adopted.sharing_rules.get(organisation_type=Organisation.Type.NGO, compartment="counselling")
        _refused(lambda: SharingRule.objects.filter(pk=rule.pk).update(can_read=True))
        _refused(_raw("UPDATE roundtables_sharingrule SET can_read = true WHERE id = %s", rule.pk))
        _refused(_raw("DELETE FROM roundtables_sharingrule WHERE agreement_id = %s", adopted.pk))
        _refused(
            _raw(
                "INSERT INTO roundtables_sharingrule (agreement_id, organisation_type, compartment, can_read)"
                " VALUES (%s, 'ngo', 'other', true)",
                adopted.pk,
            )
        )
        assert not SharingRule.objects.get(pk=rule.pk).can_read


def test_a_part_cannot_be_moved_out_of_an_adopted_agreement(adopted: Agreement) -> None:
    with schema_context("zh"):
        draft = do_new_version_from(acting_user=None, agreement=adopted)
        section = adopted.sections.get(key=AgreementSection.Key.MINORS)
        duty = adopted.duties.first()
        assert duty is not None
        _refused(lambda: AgreementSection.objects.filter(pk=section.pk).update(agreement=draft))
        _refused(lambda: PartnerDuty.objects.filter(pk=duty.pk).update(agreement=draft))


def test_a_superseded_agreement_is_guarded_too_and_a_draft_is_not(adopted: Agreement) -> None:
    with schema_context("zh"):
        draft = do_new_version_from(acting_user=None, agreement=adopted)
        check_adopt(acting_user=None, agreement=draft)
        _refused(lambda: PartnerDuty.objects.filter(agreement=adopted).update(duties="Forged"))
        newest = do_new_version_from(acting_user=None, agreement=draft)
        assert PartnerDuty.objects.filter(agreement=newest).update(duties="Changed in the draft") == 2
        assert SharingRule.objects.filter(agreement=newest).update(can_read=True) > 0
        assert Signatory.objects.filter(agreement=newest).delete()[0] == 2
