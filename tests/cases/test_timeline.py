from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

import pytest
from django_tenants.utils import schema_context

from cases import timeline
from cases.consents import check_record_consent
from cases.models import Case, CounsellingPart
from cases.policy import decide
from cases.timeline import TimelineEntry, register_timeline_source, timeline_for
from ksmm.compartments import Compartment

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _source(*, case: Case) -> Iterable[TimelineEntry]:
    return [
        TimelineEntry(when=datetime(2026, 3, 3, tzinfo=UTC), compartment=Compartment.INVESTIGATION, title="T-INV"),
        TimelineEntry(when=datetime(2026, 3, 2, tzinfo=UTC), compartment=Compartment.CORE, title="T-CORE"),
        TimelineEntry(
            when=datetime(2026, 3, 4, tzinfo=UTC),
            compartment=Compartment.COUNSELLING,
            title="T-MEDICAL",
            part=CounsellingPart.MEDICAL,
        ),
        TimelineEntry(
            when=datetime(2026, 3, 5, tzinfo=UTC),
            compartment=Compartment.COUNSELLING,
            title="T-LEGAL",
            part=CounsellingPart.LEGAL,
        ),
    ]


@pytest.fixture
def registered() -> Iterator[None]:
    register_timeline_source(_source)
    register_timeline_source(_source)  # twice: still once
    yield
    timeline._SOURCES.remove(_source)


def _titles(cast: Cast, user: object, case: Case) -> list[str]:
    entries = timeline_for(access=decide(reader=cast.membership(user), case=case))  # type: ignore[arg-type]
    return [entry.title for entry in entries if entry.title.startswith("T-")]


def test_each_reader_sees_the_entries_of_the_compartments_it_may_read_in_order(
    cast: Cast, rosa: Case, registered: None
) -> None:
    with schema_context("zh"):
        assert _titles(cast, cast.polly, rosa) == ["T-CORE", "T-INV"]
        assert _titles(cast, cast.vera, rosa) == ["T-CORE", "T-MEDICAL", "T-LEGAL"]
        assert _titles(cast, cast.mia, rosa) == ["T-CORE"]
        assert _titles(cast, cast.nora, rosa) == []


def test_a_consent_shows_only_the_parts_it_covers(cast: Cast, rosa: Case, registered: None) -> None:
    with schema_context("zh"):
        check_record_consent(
            acting_user=None,
            membership=cast.membership(cast.vera),
            case=rosa,
            recipient=cast.prosecution,
            purpose="Strafverfahren",
            scope=[CounsellingPart.LEGAL],
        )
        assert _titles(cast, cast.piet, rosa) == ["T-CORE", "T-INV", "T-LEGAL"]


def test_a_recipient_sees_only_the_disclosures_made_to_it(cast: Cast, rosa: Case) -> None:
    """Reading counselling through its own consent, the prosecution learns nothing of the
    disclosures made to others: neither recipient nor purpose, recorded or revoked."""
    with schema_context("zh"):
        for recipient, purpose in ((cast.prosecution, "PURPOSE-OWN"), (cast.police, "PURPOSE-OTHER")):
            check_record_consent(
                acting_user=None, membership=cast.membership(cast.vera), case=rosa, recipient=recipient,
                purpose=purpose, scope=[CounsellingPart.LEGAL],
            )  # fmt: skip
        seen = {
            reader: [entry.detail for entry in timeline_for(access=decide(reader=cast.membership(user), case=rosa))]
            for reader, user in (("piet", cast.piet), ("polly", cast.polly), ("vera", cast.vera))
        }
    assert "PURPOSE-OWN" in seen["piet"] and "PURPOSE-OTHER" not in seen["piet"]
    assert "PURPOSE-OTHER" in seen["polly"] and "PURPOSE-OWN" not in seen["polly"]
    assert {"PURPOSE-OWN", "PURPOSE-OTHER"} <= set(seen["vera"])
