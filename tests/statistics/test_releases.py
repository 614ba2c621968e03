"""Dashboard releases: what is stored, the threshold, the audit entry, the task."""

import pytest
from django.db import connection

from ksmm.audit.models import AuditEntry
from ksmm.statistics.catalogue import RULES_VERSION
from ksmm.statistics.models import Release, ReleasedCell
from ksmm.statistics.queries import latest_dashboard_release
from ksmm.statistics.releases import do_publish_dashboard_release
from ksmm.statistics.tasks import publish_dashboard_release
from tests.queries import captured

from .attacker import derivable
from .cubes import random_rows, write_aggregates

pytestmark = pytest.mark.django_db


@pytest.fixture
def aggregates() -> None:
    write_aggregates(random_rows(seed=21, cantons=3, mean=1.5, families=("cases", "reflection")))


def _published(release: Release) -> dict[tuple, int | None]:  # type: ignore[type-arg]
    return {
        (c, kind, start, measure, dimension, value, form): count
        for c, kind, start, measure, dimension, value, form, count in release.cells.values_list(
            "canton", "period_kind", "period_start", "measure", "dimension", "value", "form", "count"
        )
    }


def test_a_dashboard_release_stores_every_cell_with_no_count_where_suppressed(aggregates: None) -> None:
    release = do_publish_dashboard_release(acting_user=None)
    cells = release.cells.all()
    assert release.cells_published == cells.filter(suppression="").count() > 0
    assert release.cells_suppressed == cells.exclude(suppression="").count() > 0
    assert not cells.exclude(suppression="").filter(count__isnull=False).exists()
    assert set(cells.values_list("canton", flat=True)) == {"zh", "be", "lu", "ch"}
    assert release.threshold == 5 and release.rules_version == RULES_VERSION
    assert latest_dashboard_release() == release


def test_nothing_suppressed_in_a_stored_release_can_be_derived(aggregates: None) -> None:
    release = do_publish_dashboard_release(acting_user=None)
    assert derivable(_published(release)) == {}


def test_the_threshold_given_is_stored_and_honoured(aggregates: None) -> None:
    release = do_publish_dashboard_release(threshold=3, acting_user=None)
    assert release.threshold == 3
    cells = release.cells.all()
    assert not cells.filter(count__in=[1, 2]).exists()
    assert cells.filter(suppression=ReleasedCell.Suppression.PRIMARY).exists()
    assert cells.filter(count__gte=3, suppression="").exists() and cells.filter(count=0).exists()


def test_a_threshold_from_the_settings_is_used_by_default(aggregates: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STATISTICS_SUPPRESSION_THRESHOLD = 8
    release = do_publish_dashboard_release(acting_user=None)
    assert release.threshold == 8
    assert not release.cells.filter(count__gt=0, count__lt=8).exists()


def test_a_release_is_recorded_in_the_public_audit_chain(aggregates: None, django_user_model) -> None:  # type: ignore[no-untyped-def]
    analyst = django_user_model.objects.create_user(email="analyst@example.test", password="x")  # type: ignore[attr-defined]
    release = do_publish_dashboard_release(acting_user=analyst)
    assert connection.schema_name == "public"
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    assert (entry.action, entry.object_type, entry.object_id, entry.actor_user_id) == (
        "create",
        "statistics.release",
        str(release.pk),
        analyst.pk,
    )


def test_the_task_publishes_a_release_in_the_public_schema(aggregates: None) -> None:
    connection.set_schema("zh")
    release_id = publish_dashboard_release.apply(kwargs={"run_id": None}).get()
    connection.set_schema_to_public()
    release = Release.objects.get(pk=release_id)
    assert release.kind == Release.Kind.DASHBOARD and release.cells_published > 0
    assert AuditEntry.objects.filter(object_type="statistics.release", object_id=str(release_id)).exists()


def test_cells_are_written_in_one_copy(aggregates: None) -> None:
    with captured() as statements:
        do_publish_dashboard_release(acting_user=None)
    assert sum("released_cell" in s.lower() or "releasedcell" in s.lower() for s in statements) <= 1


def test_no_aggregates_make_an_empty_release() -> None:
    release = do_publish_dashboard_release(acting_user=None)
    assert (release.cells_published, release.cells_suppressed) == (0, 0)
