"""The demo shows the register: an announced operation in ZH, running, with a case linked."""

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.operations.models import OperationCase, PlannedOperation
from demo.seed import PEOPLE, demo_email, load_demo
from ksmm.accounts.models import User
from tests.auth import sign_in
from tests.conftest import canton_client

pytestmark = pytest.mark.django_db


def test_the_demo_victim_aid_finds_the_announced_operation_on_my_work_and_the_police_its_case() -> None:
    load_demo()
    load_demo()
    with schema_context("zh"):
        operation = PlannedOperation.objects.get()
        assert operation.status == PlannedOperation.Status.ANNOUNCED
        link = OperationCase.objects.select_related("case").get(operation=operation)
    aid = next(person for person in PEOPLE if person.key == "victimaid")
    police = next(person for person in PEOPLE if person.key == "police")
    aid_client = sign_in(canton_client("zh"), User.objects.get(email=demo_email(aid, "ZH")))
    assert reverse("operations:detail", args=[operation.pk]) in aid_client.get("/work/").content.decode()
    police_client = sign_in(canton_client("zh"), User.objects.get(email=demo_email(police, "ZH")))
    page = police_client.get(reverse("operations:detail", args=[operation.pk])).content.decode()
    assert link.case.case_number in page
