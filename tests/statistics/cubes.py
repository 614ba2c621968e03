"""Random cubes of month-level aggregates that add up, as the counting in each canton writes them.

Each canton, month and form draws a number of units; every unit gets one value in each dimension
of its measure, so the values add up to the total. The measures that count the same units share
them (cases opened, information on assistance, first victim-aid contact; reflection periods
granted and their length), as the counting does. Zero rows are left out at random, as a counting
that writes only what it found would.
"""

import random
from collections.abc import Callable
from datetime import date

from ksmm.statistics import catalogue
from ksmm.statistics.cube import Row

FAMILY_MEASURES = {
    "cases": (("cases_opened", "notice_timing", "first_aid_contact"),),
    "closed": (("cases_closed",),),
    "victims": (("victims_identified",),),
    "offences": (("offences",),),
    "reflection_requested": (("reflection_requested",),),
    "permits": (("permits_requested",), ("permits_granted",)),
}


FAMILIES = ("cases", "closed", "victims", "offences", "reflection_requested", "permits", "reflection")


def random_rows(
    *,
    seed: int,
    cantons: int = 3,
    years: int = 1,
    mean: float = 2.0,
    first_year: int = 2024,
    families: tuple[str, ...] = FAMILIES,
) -> list[Row]:
    """Month rows of `cantons` cantons (codes aa, ab, …) over `years` years; only `families` are counted."""
    rng = random.Random(seed)  # noqa: S311  # test data, reproducible by seed
    codes = [f"{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(cantons)]
    counts: dict[tuple[str, date, str, str, str, str], int] = {}

    def add(canton: str, month: date, form: str, *, measure: str, dimension: str, value: str) -> None:
        key = (canton, month, form, measure, dimension, value)
        counts[key] = counts.get(key, 0) + 1

    def units(canton: str, month: date, form: str, measures: tuple[str, ...]) -> int:
        n = _poisson(rng, mean * rng.choice((0.2, 1.0, 3.0)))
        for _ in range(n):
            for measure_key in measures:
                measure = catalogue.measure(measure_key)
                add(canton, month, form, measure=measure_key, dimension="", value="")
                for dimension in measure.dimensions:
                    add(
                        canton,
                        month,
                        form,
                        measure=measure_key,
                        dimension=dimension.key,
                        value=_skewed(rng, dimension.value_keys),
                    )
        return n

    for canton in codes:
        for year in range(first_year, first_year + years):
            for m in range(1, 13):
                month = date(year, m, 1)
                for form in catalogue.FORM_KEYS:
                    for family in families:
                        if family == "reflection":
                            _reflection(rng, (canton, month, form), mean=mean, add=add)
                        else:
                            for measures in FAMILY_MEASURES[family]:
                                units(canton, month, form, measures)
    rows = [(c, "month", d, measure, dim, value, form, n) for (c, d, form, measure, dim, value), n in counts.items()]
    rng.shuffle(rows)
    return rows


def _reflection(rng: random.Random, at: tuple[str, date, str], *, mean: float, add: Callable[..., None]) -> None:
    for _ in range(_poisson(rng, mean)):
        decision = rng.choice(("granted", "granted", "refused"))
        add(*at, measure="reflection_decided", dimension="", value="")
        add(*at, measure="reflection_decided", dimension="reflection_decision", value=decision)
        if decision == "granted":
            add(*at, measure="reflection_length", dimension="", value="")
            length = _skewed(rng, catalogue.REFLECTION_LENGTH.value_keys)
            add(*at, measure="reflection_length", dimension="reflection_length", value=length)


def _skewed(rng: random.Random, values: tuple[str, ...]) -> str:
    """Values drawn unevenly, so that some are common and others rare, as in real data."""
    weights = [1.0 / (i + 1) for i in range(len(values))]
    return rng.choices(values, weights)[0]


def _poisson(rng: random.Random, mean: float) -> int:
    n, p, limit = 0, 1.0, pow(2.718281828459045, -mean)
    while True:
        p *= rng.random()
        if p <= limit:
            return n
        n += 1


def write_aggregates(rows: list[Row]) -> None:
    """Stores `rows` as the aggregates of real cantons: aa is the first canton by BFS number, ab the second, …"""
    from ksmm.cantons.models import Canton
    from ksmm.statistics.catalogue import RULES_VERSION
    from ksmm.statistics.models import Aggregate

    cantons = list(Canton.objects.cantons().order_by("bfs_number"))
    codes = sorted({row[0] for row in rows})
    by_code = {code: cantons[i] for i, code in enumerate(codes)}
    Aggregate.objects.bulk_create(
        (
            Aggregate(
                canton=by_code[c],
                rules_version=RULES_VERSION,
                period_kind=kind,
                period_start=start,
                measure=measure,
                dimension=dimension,
                value=value,
                form=form,
                count=count,
            )
            for c, kind, start, measure, dimension, value, form, count in rows
        ),
        batch_size=5000,
    )
