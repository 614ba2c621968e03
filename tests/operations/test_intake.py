"""Linking a new case to an operation at intake, and what the case and operation pages show of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.models import Case
from cases.operations.actions import check_announce, check_cancel
from cases.operations.models import OperationCase, PlannedOperation
from cases.steps.models import Operation
from tests.factories import open_test_case

from .conftest import Cast, client_for, plan

pytestmark = pytest.mark.django_db

INTAKE = {
    "pseudonym": "Ana",
    "source": "police_check",
    "exploitation_type": "sexual",
    "place_of_exploitation": "switzerland",
}


def intake(cast_user: object, **data: object) -> object:
    opened_on = timezone.localdate().strftime("%d.%m.%Y")
    return client_for(cast_user).post(reverse("cases:intake"), {**INTAKE, "opened_on": opened_on, **data})  # type: ignore[arg-type]


def started_now(cast: Cast) -> PlannedOperation:
    with schema_context("zh"):
        operation = plan(cast, starts_at=timezone.now() - timedelta(hours=2))
        check_announce(acting_user=cast.polly, operation=operation, organisations=[cast.aid])
        return operation


def test_the_police_open_a_case_during_an_operation_and_both_pages_show_the_link(cast: Cast) -> None:
    operation = started_now(cast)
    form = client_for(cast.polly).get(reverse("cases:intake")).content.decode()
    assert operation.reference in form
    response = intake(cast.polly, operation=operation.pk)
    assert response.status_code == 302  # type: ignore[attr-defined]
    with schema_context("zh"):
        case = Case.objects.get(pseudonym="Ana")
        assert OperationCase.objects.get(case=case).operation == operation
    case_page = client_for(cast.polly).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("operations:detail", args=[operation.pk]) in case_page
    operation_page = client_for(cast.polly).get(reverse("operations:detail", args=[operation.pk])).content.decode()
    assert case.case_number in operation_page


def test_the_operation_page_lists_only_the_cases_the_reader_may_see(cast: Cast) -> None:
    operation = started_now(cast)
    assert intake(cast.polly, operation=operation.pk).status_code == 302  # type: ignore[attr-defined]
    with schema_context("zh"):
        case = Case.objects.get(pseudonym="Ana")
    url = reverse("operations:detail", args=[operation.pk])
    for reader in (cast.vera, cast.piet):  # told but not party; police but not party
        page = client_for(reader).get(url).content.decode()
        assert case.case_number not in page and "No case you may see." in page
    with schema_context("zh"):
        do_add_party(acting_user=None, case=case, organisation=cast.aid)
    page = client_for(cast.vera).get(url).content.decode()
    assert case.case_number in page
    # The case page shows the link to a party that sees the operation, not to one that does not.
    with schema_context("zh"):
        do_add_party(acting_user=None, case=case, organisation=cast.migration)
    assert url in client_for(cast.vera).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert url not in client_for(cast.mia).get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_victim_aid_links_a_case_to_an_operation_it_was_told_of(cast: Cast) -> None:
    operation = started_now(cast)
    assert intake(cast.vera, operation=operation.pk).status_code == 302  # type: ignore[attr-defined]
    with schema_context("zh"):
        assert OperationCase.objects.filter(operation=operation, linked_by_organisation=cast.aid).exists()


def test_an_operation_the_reader_does_not_see_cannot_be_picked_and_nothing_is_saved(cast: Cast) -> None:
    operation = started_now(cast)
    form = client_for(cast.vicky).get(reverse("cases:intake")).content.decode()
    assert operation.reference not in form and 'name="operation"' not in form
    for user in (cast.vicky, cast.mia):
        response = intake(user, operation=operation.pk)
        # The field is not offered to them: the value is ignored, the case opens without a link.
        assert response.status_code == 302  # type: ignore[attr-defined]
    with schema_context("zh"):
        assert not OperationCase.objects.exists()


def test_only_operations_of_the_last_two_weeks_and_not_cancelled_are_offered(cast: Cast) -> None:
    with schema_context("zh"):
        old = plan(cast, starts_at=timezone.now() - timedelta(days=15))
        recent = plan(cast, starts_at=timezone.now() - timedelta(days=13), municipality="Uster")
        cancelled = plan(cast, starts_at=timezone.now() - timedelta(days=1))
        check_cancel(acting_user=cast.polly, operation=cancelled, reason="")
    form = client_for(cast.polly).get(reverse("cases:intake")).content.decode()
    assert recent.reference in form and old.reference not in form and cancelled.reference not in form
    response = intake(cast.polly, operation=old.pk)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Ana" in response.content.decode()  # type: ignore[attr-defined]
    with schema_context("zh"):
        assert not Case.objects.filter(pseudonym="Ana").exists()


def test_the_case_step_of_an_operation_points_to_its_register_entry(cast: Cast) -> None:
    operation = started_now(cast)
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police)
    data = {
        "operation-planned_for": timezone.localtime(operation.starts_at).strftime("%d.%m.%Y %H:%M"),
        "operation-place": "Kreis 4",
        "operation-announced": "",
        "operation-not_announced_reason": "Kurzfristig",
        "operation-register_entry": operation.pk,
    }
    url = reverse("casesteps:step_create", args=[case.pk, "operations"])
    assert client_for(cast.polly).post(url, data).status_code == 302
    with schema_context("zh"):
        assert Operation.objects.get(case=case).register_entry == operation
