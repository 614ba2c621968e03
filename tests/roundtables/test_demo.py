"""The demo gives every demo canton a round table with an approved annual assessment."""

import pytest
from django_tenants.utils import schema_context

from demo.seed import DEMO_CANTONS, load_demo
from ksmm.deadlines.models import Deadline, RuleKey
from roundtables.models import ActionItem, Meeting, RoundTable

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", DEMO_CANTONS)
def test_each_demo_canton_has_a_round_table_with_an_annual_assessment(demo_data: None, code: str) -> None:
    load_demo()  # a second run adds nothing
    with schema_context(code.lower()):
        round_table = RoundTable.objects.get()
        assert round_table.mandate_authority and round_table.mandate_document and round_table.mandate_date
        assert round_table.chair_organisation is not None and round_table.chair_contact is not None
        groups = set(round_table.members.values_list("group", flat=True))
        assert groups == {"core", "associate"}
        assert not round_table.members.filter(representative__isnull=True).exists()
        meeting = Meeting.objects.get(kind=Meeting.Kind.ANNUAL_ASSESSMENT)
        assert meeting.status == Meeting.Status.APPROVED
        assert meeting.minutes and meeting.attendees.count() == 6
        assert meeting.decisions.count() == 2
        items = ActionItem.objects.filter(meeting=meeting)
        assert items.count() == 2
        open_deadlines = Deadline.objects.filter(
            rule_key=RuleKey.ACTION_ITEM, status="open", subject_id__in=items.values("pk")
        )
        assert sorted(open_deadlines.values_list("due_on", flat=True)) == sorted(
            items.values_list("due_date", flat=True)
        )


@pytest.mark.parametrize("code", DEMO_CANTONS)
def test_each_demo_round_table_has_its_next_annual_assessment_open(demo_data: None, code: str) -> None:
    with schema_context(code.lower()):
        round_table = RoundTable.objects.get()
        meeting = Meeting.objects.get(kind=Meeting.Kind.ANNUAL_ASSESSMENT)
        deadline = Deadline.objects.get(
            rule_key=RuleKey.ANNUAL_ASSESSMENT, status="open", subject_type="roundtables.roundtable",
            subject_id=round_table.pk,
        )  # fmt: skip
        assert deadline.anchor == meeting.date


def test_the_demo_has_an_extension_of_a_reflection_period_waiting_in_zurich(demo_data: None) -> None:
    from permits.models import ReflectionExtension

    with schema_context("zh"):
        extension = ReflectionExtension.objects.get(period__case__pseudonym="Demo Lea")
        assert extension.status == ReflectionExtension.Status.REQUESTED


@pytest.mark.parametrize("code", DEMO_CANTONS)
def test_each_demo_canton_has_an_adopted_valid_agreement_signed_by_every_member(demo_data: None, code: str) -> None:
    from roundtables.agreements.actions import missing_for_adoption
    from roundtables.models import Agreement

    load_demo()  # a second run adopts no second version
    with schema_context(code.lower()):
        # The demo's is the first version (a browser test may adopt a later one, superseding it).
        agreement = Agreement.objects.order_by("version").first()
        assert agreement is not None and agreement.adopted_at is not None
        assert Agreement.objects.filter(status=Agreement.Status.ADOPTED).count() == 1
        assert agreement.valid_from is not None and agreement.review_date is not None
        assert missing_for_adoption(agreement) == []
        members = set(RoundTable.objects.get().members.values_list("organisation_id", flat=True))
        assert set(agreement.signatories.values_list("organisation_id", flat=True)) == members
        assert set(agreement.duties.values_list("organisation_id", flat=True)) == members


@pytest.mark.parametrize("code", DEMO_CANTONS)
def test_each_demo_canton_lists_a_kesb_and_an_iom_without_accounts(demo_data: None, code: str) -> None:
    from ksmm.memberships.models import Membership
    from ksmm.partners.models import Organisation

    with schema_context(code.lower()):
        for org_type in (Organisation.Type.KESB, Organisation.Type.IOM):
            entry = Organisation.objects.get(type=org_type)
            assert entry.languages
            assert not Membership.objects.filter(organisation=entry).exists()


@pytest.mark.parametrize("code", DEMO_CANTONS)
def test_each_demo_cantons_specialised_ngo_is_in_the_core_group(demo_data: None, code: str) -> None:
    from ksmm.partners.models import Organisation

    with schema_context(code.lower()):
        ngo = Organisation.objects.get(specialised_in_trafficking=True)
        assert ngo.type == Organisation.Type.NGO and ngo.group == Organisation.Group.CORE
        assert RoundTable.objects.get().members.get(organisation=ngo).group == "core"
