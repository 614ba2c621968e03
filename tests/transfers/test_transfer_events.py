"""A completed transfer is a `case.transferred` event in each canton (ksmm/events): the sending
case for the requesting organisation, the new case for the receiving one; once, however often
the copy task is delivered."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from cases.transfers.copy import do_copy_transfer
from ksmm.events.models import Event

from .conftest import World
from .test_copy import accept_and_copy, request_transfer

pytestmark = pytest.mark.django_db

TRANSFERRED = Event.Kind.CASE_TRANSFERRED


def transferred(schema: str) -> list[tuple[str, str, int | None, int | None]]:
    with schema_context(schema):
        return list(
            Event.objects.filter(kind=TRANSFERRED)
            .order_by("id")
            .values_list("object_type", "object_id", "case_id", "organisation_id")
        )


def test_the_copy_is_an_event_in_both_cantons_once(world: World) -> None:
    before = {schema: transferred(schema) for schema in ("zh", "ge")}
    sent = request_transfer(world)
    received = accept_and_copy(world, sent)
    zh_new = transferred("zh")[len(before["zh"]) :]
    ge_new = transferred("ge")[len(before["ge"]) :]
    assert zh_new == [("cases.case", str(world.case.pk), world.case.pk, world.zh_aid.pk)]
    assert ge_new == [("cases.case", str(received), received, world.ge_aid.pk)]
    connection.set_schema_to_public()
    assert do_copy_transfer(transfer_id=sent.transfer_id) == received  # redelivered
    assert transferred("zh")[len(before["zh"]) :] == zh_new
    assert transferred("ge")[len(before["ge"]) :] == ge_new
