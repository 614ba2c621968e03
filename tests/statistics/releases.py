"""A realistic dashboard release written straight into the public schema, for tests and the bench.

The counting and the disclosure control have their own helpers; the pages only read a `Release`
and its `ReleasedCell` rows, so this builds one the way they would: counts per canton, quarter and
form of exploitation, each dimension a partition of its measure's total, quarters adding up to
years, forms to `all`, cantons to `ch`. Cells below the threshold are suppressed (primary), and in
every partition with a single suppressed cell the next smallest one too (secondary), so each
release has suppressed cells at every level. Cells that count 0 are left out (the pages read a
missing cell as 0); totals are always written.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from ksmm.cantons.models import Canton
from ksmm.cantons.registry import CANTONS
from ksmm.statistics.catalogue import ALL_FORMS, FORM_KEYS, MEASURES, RULES_VERSION, SWITZERLAND
from ksmm.statistics.models import CantonHealth, Release

# Rough weight of each canton (population and the known weight of its round table).
WEIGHTS = {
    "ZH": 1.0, "BE": 0.7, "VD": 0.8, "GE": 0.9, "AG": 0.45, "SG": 0.35, "LU": 0.3, "TI": 0.45, "VS": 0.25,
    "FR": 0.25, "BS": 0.4, "BL": 0.2, "SO": 0.2, "TG": 0.18, "GR": 0.15, "NE": 0.2, "SZ": 0.1, "ZG": 0.12,
    "SH": 0.06, "JU": 0.06, "AR": 0.04, "OW": 0.03, "NW": 0.03, "GL": 0.03, "UR": 0.02, "AI": 0.01,
}  # fmt: skip
FORM_SHARES = {"sexual": 0.62, "labour": 0.3, "organ_removal": 0.005, "unknown": 0.075}
# Per quarter, per unit of weight, every form together.
RATES = {
    "cases_opened": 16, "cases_closed": 12, "victims_identified": 18, "offences": 22, "reflection_requested": 6,
    "reflection_decided": 6, "reflection_length": 5, "permits_requested": 5, "permits_granted": 4,
    "notice_timing": 16, "first_aid_contact": 16,
}  # fmt: skip
COLUMNS = (
    "release_id",
    "canton",
    "period_kind",
    "period_start",
    "measure",
    "dimension",
    "value",
    "form",
    "count",
    "suppression",
)

Key = tuple[str, str, datetime.date, str, str, str, str]  # canton, kind, start, measure, dimension, value, form


def _draw(rng: random.Random, mean: float) -> int:
    """A Poisson count (Knuth's method for small means, normal approximation above)."""
    if mean > 30:
        return max(0, round(rng.gauss(mean, mean**0.5)))
    limit, count, product = pow(2.718281828, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _split(rng: random.Random, total: int, key: str, values: tuple[str, ...]) -> dict[str, int]:
    shares = random.Random(key)  # noqa: S311 - the same shares of a dimension's values every time
    weights = [0.05 + shares.random() for _value in values]
    parts = dict.fromkeys(values, 0)
    for value in rng.choices(values, weights=weights, k=total):
        parts[value] += 1
    return parts


def counts(*, years: Iterable[int], seed: int) -> dict[Key, int]:
    """Every count of the release before disclosure control, at every level."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    cells: dict[Key, int] = defaultdict(int)
    for year in years:
        growth = 1 + 0.08 * (year - 2020)
        for record in CANTONS:
            code = record.code.lower()
            for quarter in range(4):
                start = datetime.date(year, 3 * quarter + 1, 1)
                for form in FORM_KEYS:
                    for measure in MEASURES:
                        total = _draw(rng, RATES[measure.key] * WEIGHTS[record.code] * FORM_SHARES[form] * growth)
                        parts = [("", "", total)]
                        for dimension in measure.dimensions:
                            split = _split(rng, total, dimension.key, dimension.value_keys)
                            parts += [(dimension.key, value, count) for value, count in split.items()]
                        for dimension_key, value, count in parts:
                            for canton in (code, SWITZERLAND):
                                for kind, period in (("quarter", start), ("year", datetime.date(year, 1, 1))):
                                    for form_key in (form, ALL_FORMS):
                                        cells[(canton, kind, period, measure.key, dimension_key, value, form_key)] += (
                                            count
                                        )
    return cells


def suppress(cells: dict[Key, int], *, threshold: int) -> dict[Key, tuple[int | None, str]]:
    """Primary suppression below `threshold`, then the next smallest cell of every partition that
    would otherwise hold a single suppressed cell (a stand-in for the real disclosure control)."""
    released: dict[Key, tuple[int | None, str]] = {
        key: ((None, "primary") if 0 < count < threshold else (count, "")) for key, count in cells.items()
    }
    partitions: dict[tuple[object, ...], list[Key]] = defaultdict(list)
    for key in cells:
        if key[4]:
            partitions[(*key[:5], key[6])].append(key)
    for keys in partitions.values():
        hidden = [key for key in keys if released[key][0] is None]
        if len(hidden) == 1:
            shown = sorted((key for key in keys if released[key][0]), key=lambda key: cells[key])
            if shown:
                released[shown[0]] = (None, "secondary")
    return released


def make_dashboard_release(
    *, years: Iterable[int] = (2023, 2024, 2025), threshold: int = 5, seed: int = 16, with_health: bool = True
) -> Release:
    """A committed-or-not (as the caller's transaction) dashboard release with its cells."""
    years = tuple(years)
    release = Release.objects.create(kind=Release.Kind.DASHBOARD, rules_version=RULES_VERSION, threshold=threshold)
    released = suppress(counts(years=years, seed=seed), threshold=threshold)
    rows = [(release.pk, *key, count, why) for key, (count, why) in released.items() if count != 0 or not key[4]]
    copy_rows = f"COPY statistics_releasedcell ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(copy_rows) as copy:
        for row in rows:
            copy.write_row(row)
    Release.objects.filter(pk=release.pk).update(
        cells_published=sum(1 for row in rows if row[8] is not None),
        cells_suppressed=sum(1 for row in rows if row[8] is None),
        created_at=timezone.now(),
    )
    if with_health:
        make_canton_health(years=years, seed=seed)
    release.refresh_from_db()
    return release


def make_canton_health(*, years: Iterable[int], seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    cantons = Canton.objects.cantons().order_by("bfs_number")
    for year in years:
        for canton in cantons:
            exists = rng.random() < 0.85
            valid = exists and rng.random() < 0.75
            CantonHealth.objects.update_or_create(
                canton=canton,
                year=year,
                defaults={
                    "round_table_exists": exists,
                    "agreement_valid": valid,
                    "agreement_valid_until": datetime.date(year + 2, 12, 31) if valid else None,
                    "meetings": rng.randint(1, 4) if exists else 0,
                },
            )
