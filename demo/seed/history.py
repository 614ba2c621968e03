"""The demo's history for the federal statistics: a few hundred synthetic cases per demo canton
over the last four years (counting/synthetic.py), then one counting run once every canton is
active (run_platform), so that the federal dashboard of `make run` shows real numbers from the
start, with every canton in it.

The synthetic cases have no parties and no grants: no demo user sees them in a case list; they
exist for the counts. Loaded once, with the rest of the demo (run_platform).
"""

from django_tenants.utils import schema_context

from counting.synthetic import add_synthetic_cases
from ksmm.cantons.models import Canton
from ksmm.statistics.models import CountingRun
from ksmm.statistics.runs import do_start_counting_run

from .people import DEMO_CANTONS

# Cases per demo canton: a few hundred, about what a large canton records in four years.
HISTORY = {"ZH": 400, "GE": 300, "TI": 200, "BE": 300}


def load_demo_history() -> None:
    """Adds the history to each demo canton."""
    for code in DEMO_CANTONS:
        with schema_context(Canton.objects.get(code=code).schema_name):
            add_synthetic_cases(count=HISTORY[code], seed=2026)


def count_demo_history() -> CountingRun:
    """Starts a counting run over the active cantons (the worker counts them and publishes the
    dashboard release; the nightly run keeps them current)."""
    return do_start_counting_run(trigger=CountingRun.Trigger.ON_DEMAND)
