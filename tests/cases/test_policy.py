from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from cases import grants
from cases.actions import GrantRefused, check_change_grant, do_add_party, do_remove_party
from cases.consents import check_record_consent, do_revoke_consent
from cases.models import Case, Consent, CounsellingPart, ExceptionPurpose
from cases.policy import (
    Ground,
    Reader,
    can_read,
    can_write,
    decide,
    readable_compartments,
    sees_residence_summary,
)
from cases.queries import cases_for, cases_with_compartment
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, open_test_case
from tests.queries import assert_count, captured

from .conftest import Cast

pytestmark = pytest.mark.django_db

C = Compartment


def _readable(cast: Cast, user: object, case: Case) -> set[str]:
    return set(readable_compartments(membership=cast.membership(user), case=case))  # type: ignore[arg-type]


def test_each_organisation_type_reads_the_compartments_of_design_section_3(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        assert _readable(cast, cast.polly, rosa) == {C.CORE, C.IDENTITY, C.INVESTIGATION}
        assert _readable(cast, cast.vera, rosa) == {C.CORE, C.IDENTITY, C.COUNSELLING}
        assert _readable(cast, cast.mia, rosa) == {C.CORE, C.IDENTITY, C.RESIDENCE}
        assert _readable(cast, cast.piet, rosa) == {C.CORE, C.IDENTITY, C.INVESTIGATION}
        assert _readable(cast, cast.nora, rosa) == set()


def test_an_organisation_that_is_not_party_sees_no_case(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        assert list(cases_for(membership=cast.membership(cast.nora))) == []
        assert list(cases_for(membership=cast.membership(cast.polly))) == [rosa]


def test_only_victim_aid_writes_counselling(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        assert can_write(membership=cast.membership(cast.vera), case=rosa, compartment=C.COUNSELLING)
        assert not can_write(membership=cast.membership(cast.polly), case=rosa, compartment=C.COUNSELLING)
        assert can_write(membership=cast.membership(cast.polly), case=rosa, compartment=C.INVESTIGATION)
        assert not can_write(membership=cast.membership(cast.vera), case=rosa, compartment=C.INVESTIGATION)


def test_every_party_sees_the_residence_summary_but_only_migration_the_details(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        for user in (cast.polly, cast.vera, cast.mia, cast.piet):
            assert sees_residence_summary(membership=cast.membership(user), case=rosa)
        assert not sees_residence_summary(membership=cast.membership(cast.nora), case=rosa)
        assert can_read(membership=cast.membership(cast.mia), case=rosa, compartment=C.RESIDENCE)
        assert not can_read(membership=cast.membership(cast.polly), case=rosa, compartment=C.RESIDENCE)


def test_a_consent_opens_the_named_counselling_parts_until_it_is_revoked(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        police = cast.membership(cast.polly)
        assert not can_read(membership=police, case=rosa, compartment=C.COUNSELLING)
        consent = check_record_consent(
            acting_user=cast.vera,
            membership=cast.membership(cast.vera),
            case=rosa,
            recipient=cast.police,
            purpose="Vorbereitung der Einvernahme",
            scope=[CounsellingPart.MEDICAL],
        )
        assert can_read(membership=police, case=rosa, compartment=C.COUNSELLING)
        assert list(cases_with_compartment(membership=police, compartment=C.COUNSELLING)) == [rosa]
        do_revoke_consent(acting_user=cast.vera, consent=consent)
        assert not can_read(membership=police, case=rosa, compartment=C.COUNSELLING)
        assert list(cases_with_compartment(membership=police, compartment=C.COUNSELLING)) == []


def test_counselling_cannot_be_granted_to_the_police_without_a_consent(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"), pytest.raises(GrantRefused):
        check_change_grant(
            acting_user=None, case=rosa, organisation=cast.police, compartment=C.COUNSELLING, granted=True, reason="x"
        )


def test_a_grant_change_takes_effect_and_needs_a_reason(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        with pytest.raises(GrantRefused):
            check_change_grant(
                acting_user=None, case=rosa, organisation=cast.migration, compartment=C.IDENTITY, granted=False,
                reason="  ",
            )  # fmt: skip
        check_change_grant(
            acting_user=None, case=rosa, organisation=cast.migration, compartment=C.IDENTITY, granted=False,
            reason="Nicht mehr nötig",
        )  # fmt: skip
        assert _readable(cast, cast.mia, rosa) == {C.CORE, C.RESIDENCE}
        assert list(cases_with_compartment(membership=cast.membership(cast.mia), compartment=C.IDENTITY)) == []


def test_a_party_that_leaves_loses_every_grant(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        do_remove_party(acting_user=None, case=rosa, organisation=cast.prosecution)
        assert _readable(cast, cast.piet, rosa) == set()


def test_case_numbers_count_per_canton_and_year(cast: Cast, rosa: Case) -> None:
    from tests.factories import open_test_case

    with schema_context("zh"):
        second = open_test_case(organisation=cast.police, pseudonym="Lina")
    assert rosa.case_number.startswith("ZH-2026-")
    assert int(second.case_number.rsplit("-", 1)[1]) == int(rosa.case_number.rsplit("-", 1)[1]) + 1


def test_the_decision_names_the_grant_as_the_ground_of_granted_compartments(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        police = decide(reader=cast.membership(cast.polly), case=rosa)
        aid = decide(reader=cast.membership(cast.vera), case=rosa)
    assert police.grounds == {compartment: {Ground.GRANT} for compartment in (C.CORE, C.IDENTITY, C.INVESTIGATION)}
    assert police.writable == {C.CORE, C.IDENTITY, C.INVESTIGATION}
    assert aid.grounds[C.COUNSELLING] == {Ground.GRANT}
    assert aid.counselling_parts == set(CounsellingPart.values)


def test_the_decision_names_a_consent_and_the_exception_as_the_grounds_of_counselling(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        rosa.is_minor = True
        rosa.save(update_fields=["is_minor"])
        check_record_consent(
            acting_user=cast.vera, membership=cast.membership(cast.vera), case=rosa, recipient=cast.police,
            purpose="Vorbereitung der Einvernahme", scope=[CounsellingPart.LEGAL],
        )  # fmt: skip
        check_record_consent(
            acting_user=cast.vera, membership=cast.membership(cast.vera), case=rosa, recipient=cast.police,
            purpose="Anzeige", scope=[CounsellingPart.NOTES], basis=Consent.Basis.MINOR_AT_RISK,
            exception_purpose=ExceptionPurpose.CRIMINAL_COMPLAINT, justification="Akute Gefahr",
        )  # fmt: skip
        police = decide(reader=cast.membership(cast.polly), case=rosa)
    assert police.grounds[C.COUNSELLING] == {Ground.CONSENT, Ground.EXCEPTION}
    assert police.counselling_parts == {CounsellingPart.LEGAL, CounsellingPart.NOTES}
    assert not police.can_write(C.COUNSELLING)


def test_the_decision_costs_one_grant_query_and_one_consent_query(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        police, aid = cast.membership(cast.polly), cast.membership(cast.vera)
        decide(reader=police, case=rosa)  # resolves the organisation's group and permission ids
        decide(reader=aid, case=rosa)
        # The schema is already set (TENANT_LIMIT_SET_CALLS): the grant and the consent query only.
        with captured() as for_police:
            decide(reader=police, case=rosa)
        with captured() as for_aid:  # victim aid reads counselling by grant: no consent query
            decide(reader=aid, case=rosa)
    assert_count(for_police, 2)
    assert_count(for_aid, 1)


@dataclass(frozen=True)
class _Client:
    """An API caller as the policy sees one: an organisation and the compartments its scopes open."""

    organisation: Organisation
    compartment_ceiling: frozenset[str]


def _consent(case: Case, recipient: Organisation, scope: list[str], **fields: Any) -> None:
    Consent.objects.create(
        case=case, recipient_organisation=recipient, scope=scope, purpose="Abklärung", given_on=date(2026, 3, 2),
        recorded_by_organisation=case.intake_organisation, **fields,
    )  # fmt: skip


def _exception(case: Case, recipient: Organisation, scope: list[str], purpose: str, **fields: Any) -> None:
    _consent(case, recipient, scope, basis=Consent.Basis.MINOR_AT_RISK, exception_purpose=purpose, **fields)


def test_the_list_filter_finds_exactly_the_cases_the_decision_opens(cast: Cast) -> None:
    """readable_filter (SQL, for lists) and decide (Python, one case) over grants, consents and
    exceptions, honoured or not, revoked or not: the same cases for every reader and compartment."""
    P, kesb_purpose, complaint = (
        CounsellingPart,
        ExceptionPurpose.KESB_NOTIFICATION,
        ExceptionPurpose.CRIMINAL_COMPLAINT,
    )
    revoked = {"revoked_at": timezone.now()}
    with schema_context("zh"):
        kesb = OrganisationFactory(name="KESB Fallakte", type=Organisation.Type.KESB)
        aid_two = OrganisationFactory(name="Opferhilfe Zwei", type=Organisation.Type.VICTIM_AID)
        cases = [open_test_case(organisation=cast.police, pseudonym=f"Fall {number}") for number in range(6)]
        parties = [(), (cast.aid, cast.migration, kesb), (cast.aid, cast.prosecution, aid_two),
                   (cast.aid, cast.migration), (cast.aid, cast.ngo, kesb), (aid_two, cast.prosecution)]  # fmt: skip
        for case, organisations in zip(cases, parties, strict=True):
            for organisation in organisations:
                do_add_party(acting_user=None, case=case, organisation=organisation)
        _consent(cases[0], cast.police, [P.LEGAL])
        _exception(cases[1], kesb, [P.NOTES, P.LEGAL], kesb_purpose)  # opens the notes only
        _exception(cases[1], cast.police, [P.LEGAL], complaint)  # a part the purpose never needs
        _consent(cases[2], aid_two, [P.MEDICAL])
        _consent(cases[2], cast.prosecution, [P.NOTES], **revoked)
        _exception(cases[2], cast.migration, [P.NOTES], kesb_purpose)  # a recipient the purpose never has
        grants.set_grants(case=cases[3], organisation=cast.migration, read={C.CORE, C.RESIDENCE}, write=set())
        grants.set_grants(case=cases[3], organisation=cast.police, read={C.CORE}, write={C.CORE})
        _exception(cases[3], cast.prosecution, [P.MEDICAL], complaint)  # to an organisation that is no party
        _consent(cases[4], cast.ngo, [P.PSYCHOSOCIAL])
        _exception(cases[4], kesb, [P.NOTES], kesb_purpose, **revoked)
        grants.set_grants(case=cases[5], organisation=cast.prosecution, read={C.CORE, C.COUNSELLING}, write=set())
        grants.set_grants(case=cases[5], organisation=aid_two, read={C.CORE}, write={C.CORE})
        _consent(cases[5], aid_two, [P.ACCOMMODATION])
        _exception(cases[5], cast.prosecution, [P.MEDICAL, P.NOTES], complaint)
        people = [cast.polly, cast.vera, cast.mia, cast.piet, cast.nora]
        people += [MembershipFactory(organisation=organisation).user for organisation in (kesb, aid_two)]
        readers: list[Reader] = [cast.membership(person) for person in people]
        readers += [
            _Client(organisation=cast.police, compartment_ceiling=frozenset({C.CORE, C.IDENTITY})),
            _Client(organisation=aid_two, compartment_ceiling=frozenset({C.CORE, C.COUNSELLING})),
            _Client(organisation=kesb, compartment_ceiling=frozenset({C.COUNSELLING})),
        ]
        opened: set[tuple[int, str]] = set()
        for reader in readers:
            for compartment in C.values:
                listed = set(
                    cases_with_compartment(membership=reader, compartment=compartment)
                    .filter(pk__in=[case.pk for case in cases])
                    .values_list("pk", flat=True)
                )
                decided = {case.pk for case in cases if decide(reader=reader, case=case).can_read(compartment)}
                assert listed == decided, (str(reader.organisation), compartment)
                opened |= {(pk, compartment) for pk in decided}
    # The mix opens counselling by grant, by consent and by the exception, and withholds it too.
    counselling = {pk for pk, compartment in opened if compartment == C.COUNSELLING}
    assert {cases[0].pk, cases[1].pk, cases[2].pk, cases[5].pk} <= counselling
