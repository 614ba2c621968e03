"""The open-data release: a few year-level tables with differentially private noise (OpenDP).

What is published is fixed in advance and small, so that the sensitivity can be stated: the
tables of OPEN_DATA_TABLES, each by canton, form of exploitation and one dimension, for one year.
The unit of privacy is one person (or one case) counted once per table and year: adding or
removing it changes one cell of each table by one, so the l1 sensitivity of the whole release
is the number of tables. A person counted more than once in a table (two cases in a year, or
in two cantons) is protected at a multiple of ε (group privacy); the data dictionary says so.

The noise is the discrete Laplace mechanism of OpenDP, its scale the smallest one for which
OpenDP proves (sensitivity, ε)-differential privacy. Noisy counts below zero become zero and all
are integers: post-processing, which costs no privacy. Only noisy values are stored.

Each release spends its ε from the budget of its year (STATISTICS_EPSILON_PER_YEAR); one that
would exceed it is refused. OpenDP draws from the system's secure randomness and cannot be
seeded: in production no seed exists. The test settings alone (STATISTICS_SEEDED_NOISE) draw
from the same distribution with a seeded generator and record the seed on the release, so that
a test can reproduce the release from it.
"""

import math
import random
import secrets
from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction

from .catalogue import FORM_KEYS, RULES_VERSION, measure
from .models import Aggregate, PeriodKind, Release, ReleasedCell

# (measure, dimension): each by canton, form and the dimension's values, for one year.
OPEN_DATA_TABLES: tuple[tuple[str, str], ...] = (
    ("victims_identified", "sex"),
    ("victims_identified", "age_band"),
    ("cases_opened", "source"),
    ("reflection_decided", "reflection_decision"),
)
SENSITIVITY = len(OPEN_DATA_TABLES)
MECHANISM = "discrete Laplace (OpenDP make_laplace on integer vectors, l1 distance)"
# Serialises releases that spend the same budget (second key: the year).
BUDGET_LOCK = 0x4B534450  # "KSDP"

# (canton, measure, dimension, value, form)
CellKey = tuple[str, str, str, str, str]


class PrivacyBudgetExceededError(ValidationError):
    pass


def spent_epsilon(*, year: int) -> float:
    spent = Release.objects.filter(kind=Release.Kind.OPEN_DATA, budget_year=year).aggregate(total=Sum("epsilon"))
    return float(spent["total"] or 0.0)


def noise_scale(*, epsilon: float, sensitivity: int = SENSITIVITY) -> float:
    """The smallest discrete Laplace scale for which OpenDP proves ε-DP at this sensitivity."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    return float(dp.binary_search_param(lambda s: dp.m.make_laplace(*space, scale=s), d_in=sensitivity, d_out=epsilon))


def noisy_counts(exact: Sequence[int], *, scale: float, seed: int | None) -> list[int]:
    """Exact counts plus discrete Laplace noise, then clamped to zero.

    Without a seed the noise is OpenDP's; with one (tests only) it is X - Y for two geometric
    variables with P(k) ∝ exp(-k / scale), the same distribution, drawn from the seed.
    """
    if seed is None:
        import opendp.prelude as dp

        dp.enable_features("contrib")
        space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
        noisy = list(dp.m.make_laplace(*space, scale=scale)(list(exact)))
    else:
        rng = random.Random(seed)  # noqa: S311  # tests only: reproducible, never the production noise
        noisy = [count + _geometric(rng, scale) - _geometric(rng, scale) for count in exact]
    return [max(0, int(count)) for count in noisy]


def _geometric(rng: random.Random, scale: float) -> int:
    return math.floor(-scale * math.log(1.0 - rng.random()))  # 1 - random() lies in (0, 1]


def exact_year_cells(*, year: int) -> dict[CellKey, int]:
    """Every cell of the open-data tables for `year`, zeros included, from the month aggregates."""
    cantons = sorted(
        code.lower()
        for code in Aggregate.objects.filter(rules_version=RULES_VERSION)
        .values_list("canton__code", flat=True)
        .distinct()
    )
    cells: dict[CellKey, int] = {
        (canton, measure_key, dimension_key, value, form): 0
        for canton in cantons
        for measure_key, dimension_key in OPEN_DATA_TABLES
        for value in next(d for d in measure(measure_key).dimensions if d.key == dimension_key).value_keys
        for form in FORM_KEYS
    }
    rows = (
        Aggregate.objects.filter(
            rules_version=RULES_VERSION,
            period_kind=PeriodKind.MONTH,
            period_start__year=year,
            form__in=FORM_KEYS,
            measure__in={m for m, _d in OPEN_DATA_TABLES},
        )
        .values_list("canton__code", "measure", "dimension", "value", "form")
        .annotate(total=Sum("count"))
    )
    for code, measure_key, dimension_key, value, form, total in rows:
        key = (code.lower(), measure_key, dimension_key, value, form)
        if key in cells:
            cells[key] = int(total)
    return cells


def do_publish_open_data_release(*, year: int, epsilon: float, acting_user: User | None) -> Release:
    """Publishes the open-data tables of `year` with noise for `epsilon`; atomic and audited.

    Refused with PrivacyBudgetExceededError when the year's budget would be exceeded.
    """
    if not (math.isfinite(epsilon) and epsilon > 0):
        raise ValidationError(_("ε must be a positive number."), code="epsilon")
    budget = float(settings.STATISTICS_EPSILON_PER_YEAR)
    with schema_context(get_public_schema_name()), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [BUDGET_LOCK, year])
        spent = spent_epsilon(year=year)
        if spent + epsilon > budget + 1e-9:
            raise PrivacyBudgetExceededError(
                _(
                    "This release would spend ε = %(epsilon)s, but only %(left)s of the %(budget)s "
                    "allowed for %(year)s is left."
                ),
                code="budget",
                params={"epsilon": epsilon, "left": round(max(budget - spent, 0.0), 6), "budget": budget, "year": year},
            )
        exact = exact_year_cells(year=year)
        if not exact:
            raise ValidationError(_("There are no aggregates to publish."), code="empty")
        scale = noise_scale(epsilon=epsilon)
        seed = secrets.randbits(62) if settings.STATISTICS_SEEDED_NOISE else None
        noisy = noisy_counts(list(exact.values()), scale=scale, seed=seed)
        release = Release.objects.create(
            kind=Release.Kind.OPEN_DATA,
            rules_version=RULES_VERSION,
            threshold=0,  # no suppression: the noise protects every cell
            epsilon=epsilon,
            budget_year=year,
            noise_scale=scale,
            seed=seed,
            created_by_user_id=acting_user.pk if acting_user else None,
            cells_published=len(noisy),
        )
        start = date(year, 1, 1)
        ReleasedCell.objects.bulk_create(
            ReleasedCell(
                release=release,
                canton=canton,
                period_kind=PeriodKind.YEAR,
                period_start=start,
                measure=measure_key,
                dimension=dimension_key,
                value=value,
                form=form,
                count=count,
            )
            for (canton, measure_key, dimension_key, value, form), count in zip(exact, noisy, strict=True)
        )
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=release, purpose="open-data release")
    return release
