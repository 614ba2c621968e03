"""The demo's statistics history: synthetic cases in each demo canton, then one counting run."""

import time

import pytest
from django_tenants.utils import schema_context

from cases.models import Case
from demo.seed.history import HISTORY, count_demo_history, load_demo_history
from ksmm.statistics.models import CountingRun
from tests.conftest import ACTIVE_TEST_CANTONS

pytestmark = pytest.mark.django_db


def test_the_demo_history_fills_each_demo_canton_and_starts_a_run() -> None:
    started = time.perf_counter()
    load_demo_history()
    seconds = time.perf_counter() - started
    run = count_demo_history()
    for code, count in HISTORY.items():
        with schema_context(code.lower()):
            assert Case.objects.filter(case_number__contains="-SY-").count() == count
            # No party: no demo user sees them in a list.
            assert not Case.objects.filter(case_number__contains="-SY-", parties__isnull=False).exists()
    assert run.status == CountingRun.Status.RUNNING
    assert set(ACTIVE_TEST_CANTONS) <= set(run.cantons_expected)
    print(f"demo history: {seconds:.2f} s")
