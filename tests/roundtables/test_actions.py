import pytest
from django.db import DatabaseError, transaction
from django_tenants.utils import schema_context

from ksmm.audit.models import AuditEntry
from ksmm.partners.models import Organisation
from roundtables.agreements.actions import (
    AgreementIncomplete,
    check_adopt,
    do_create_draft,
    do_new_version_from,
    do_save_part,
)
from roundtables.matrix import default_grants
from roundtables.models import Agreement, ImmutableAgreement, SharingRule

from .conftest import complete_draft

pytestmark = pytest.mark.django_db


def test_an_incomplete_draft_is_not_adopted() -> None:
    with schema_context("zh"):
        draft = do_create_draft(acting_user=None, title="Leer")
        with pytest.raises(AgreementIncomplete):
            check_adopt(acting_user=None, agreement=draft)


def test_adoption_supersedes_the_previous_version_and_is_audited() -> None:
    with schema_context("zh"):
        first = check_adopt(acting_user=None, agreement=complete_draft())
        second = check_adopt(acting_user=None, agreement=do_new_version_from(acting_user=None, agreement=first))
        first.refresh_from_db()
        assert (first.status, second.status) == (Agreement.Status.SUPERSEDED, Agreement.Status.ADOPTED)
        assert second.version == first.version + 1
        assert AuditEntry.objects.filter(object_type="roundtables.agreement", object_id=str(second.pk)).exists()


def test_an_adopted_agreement_rejects_changes_in_the_action_and_the_database() -> None:
    with schema_context("zh"):
        agreement = check_adopt(acting_user=None, agreement=complete_draft())
        section = agreement.sections.first()
        assert section is not None
        section.text = "Changed"
        with pytest.raises(ImmutableAgreement):
            do_save_part(acting_user=None, agreement=agreement, obj=section)
        stale = Agreement.objects.get(pk=agreement.pk)
        stale.status = Agreement.Status.DRAFT  # a stale or forged copy still cannot pass
        stale.title = "Forged"
        with pytest.raises(ImmutableAgreement):
            do_save_part(acting_user=None, agreement=stale, obj=stale)
        with pytest.raises(DatabaseError), transaction.atomic():
            stale.save()
        with pytest.raises(DatabaseError), transaction.atomic():
            section.save()


def test_a_new_version_copies_everything_as_a_draft() -> None:
    with schema_context("zh"):
        draft = complete_draft()
        SharingRule.objects.filter(agreement=draft, organisation_type="ngo", compartment="counselling").update(
            can_read=True
        )
        original = check_adopt(acting_user=None, agreement=draft)
        copy = do_new_version_from(acting_user=None, agreement=original)
        assert copy.status == Agreement.Status.DRAFT
        for relation in ("sections", "duties", "signatories", "sharing_rules"):
            assert getattr(copy, relation).count() == getattr(original, relation).count() > 0
        assert set(copy.sections.values_list("key", "heading", "text")) == set(
            original.sections.values_list("key", "heading", "text")
        )
        assert copy.sharing_rules.get(organisation_type="ngo", compartment="counselling").can_read


def test_default_grants_without_an_adopted_agreement_are_conservative() -> None:
    with schema_context("ti"):  # no browser test commits an agreement there
        assert default_grants(organisation_type=Organisation.Type.NGO) == {"core"}
        assert default_grants(organisation_type=Organisation.Type.VICTIM_AID) == {
            "core",
            "counselling",
            "identity",
            "safety_details",
        }
        assert default_grants(organisation_type=Organisation.Type.CANTONAL_POLICE) == {
            "core",
            "identity",
            "investigation",
        }
        assert default_grants(organisation_type=Organisation.Type.MIGRATION_OFFICE) == {
            "core",
            "identity",
            "residence",
        }


def test_default_grants_read_the_adopted_matrix() -> None:
    with schema_context("zh"):
        draft = complete_draft()
        SharingRule.objects.filter(agreement=draft, organisation_type="ngo", compartment="counselling").update(
            can_read=True
        )
        SharingRule.objects.filter(agreement=draft, organisation_type="victim_aid", compartment="identity").update(
            can_read=False
        )
        assert "counselling" not in default_grants(organisation_type="ngo")  # still a draft
        check_adopt(acting_user=None, agreement=draft)
        assert default_grants(organisation_type="ngo") == {"core", "counselling"}
        assert default_grants(organisation_type="victim_aid") == {"core", "counselling", "safety_details"}
