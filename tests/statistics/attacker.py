"""An attacker who holds a published release and knows every additive relation between its cells.

Written apart from the suppression code on purpose: it reads the published cells as rows, writes
down every relation the data dictionary states (forms add up to `all`, cantons to `ch`, months to
quarters, quarters to the year, the values of each dimension to the measure's total, and the
measures that count the same units), and solves for the hidden cells exactly, over the rationals.
"""

from collections import defaultdict
from datetime import date
from fractions import Fraction

from ksmm.statistics import catalogue

# canton, period kind, period start, measure, dimension, value, form
Key = tuple[str, str, date, str, str, str, str]
SAME_UNITS = (
    (("notice_timing", "", ""), ("cases_opened", "", "")),
    (("first_aid_contact", "", ""), ("cases_opened", "", "")),
    (("reflection_length", "", ""), ("reflection_decided", "reflection_decision", "granted")),
)


def relations(cells: dict[Key, int | None]) -> list[list[tuple[Key, int]]]:
    """Every relation as a list of (cell, coefficient) adding up to zero."""
    found: list[list[tuple[Key, int]]] = []
    cantons = sorted({k[0] for k in cells if k[0] != catalogue.SWITZERLAND})
    for key in cells:
        canton, kind, start, measure, dimension, value, form = key
        if form == catalogue.ALL_FORMS:
            found.append(
                [(key, -1), *(((canton, kind, start, measure, dimension, value, f), 1) for f in catalogue.FORM_KEYS)]
            )
        if canton == catalogue.SWITZERLAND:
            found.append([(key, -1), *(((c, kind, start, measure, dimension, value, form), 1) for c in cantons)])
        if kind == "quarter":
            months = [date(start.year, start.month + i, 1) for i in range(3)]
            found.append([(key, -1), *(((canton, "month", m, measure, dimension, value, form), 1) for m in months)])
        if kind == "year":
            quarters = [date(start.year, m, 1) for m in (1, 4, 7, 10)]
            found.append([(key, -1), *(((canton, "quarter", q, measure, dimension, value, form), 1) for q in quarters)])
        if not dimension:
            for dim in catalogue.measure(measure).dimensions:
                parts = [((canton, kind, start, measure, dim.key, v, form), 1) for v in dim.value_keys]
                found.append([(key, -1), *parts])
        for (m1, d1, v1), (m2, d2, v2) in SAME_UNITS:
            if (measure, dimension, value) == (m1, d1, v1):
                found.append([(key, -1), ((canton, kind, start, m2, d2, v2, form), 1)])
    return found


def derivable(cells: dict[Key, int | None]) -> dict[Key, int]:
    """The hidden cells the attacker can compute exactly, with the value found."""
    equations: list[tuple[dict[Key, Fraction], Fraction]] = []
    for relation in relations(cells):
        unknown: dict[Key, Fraction] = defaultdict(Fraction)
        constant = Fraction(0)
        for key, coefficient in relation:
            count = cells[key]
            if count is None:
                unknown[key] += coefficient
            else:
                constant -= coefficient * count
        unknown = {k: c for k, c in unknown.items() if c}
        if unknown:
            equations.append((unknown, constant))
    found: dict[Key, int] = {}
    for component in _components(equations):
        found.update(_solve(component))
    return found


def _components(
    equations: list[tuple[dict[Key, Fraction], Fraction]],
) -> list[list[tuple[dict[Key, Fraction], Fraction]]]:
    """Equations grouped by the hidden cells they share: groups with no cell in common are solved apart."""
    parent: dict[Key, Key] = {}

    def root(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for row, _constant in equations:
        first, *rest = row
        for key in rest:
            parent[root(key)] = root(first)
    groups: dict[Key, list[tuple[dict[Key, Fraction], Fraction]]] = defaultdict(list)
    for equation in equations:
        groups[root(next(iter(equation[0])))].append(equation)
    return list(groups.values())


def _solve(equations: list[tuple[dict[Key, Fraction], Fraction]]) -> dict[Key, int]:
    """Gauss-Jordan elimination kept fully reduced: a pivot column appears in its own row only.
    A hidden cell is derived exactly where its reduced row holds it alone."""
    rows: dict[Key, dict[Key, Fraction]] = {}
    constants: dict[Key, Fraction] = {}
    rows_with: dict[Key, set[Key]] = defaultdict(set)  # column -> pivots whose row holds it
    for equation, given in equations:
        row, constant = dict(equation), given
        for key in [k for k in row if k in rows]:
            factor = row.pop(key)
            _subtract(row, rows[key], factor, skip=key)
            constant -= factor * constants[key]
        if not row:
            if constant:
                raise ValueError("the published cells contradict the relations")
            continue
        pivot = next(iter(row))
        factor = row[pivot]
        row = {k: c / factor for k, c in row.items()}
        constant /= factor
        for other in list(rows_with.pop(pivot, ())):
            other_row = rows[other]
            f = other_row.pop(pivot, None)
            if f is None:  # the column cancelled out of that row earlier
                continue
            for k in _subtract(other_row, row, f, skip=pivot):
                rows_with[k].add(other)
            constants[other] -= f * constant
        rows[pivot], constants[pivot] = row, constant
        for k in row:
            if k != pivot:
                rows_with[k].add(pivot)
    return {key: int(constants[key]) for key, row in rows.items() if len(row) == 1}


def _subtract(row: dict[Key, Fraction], other: dict[Key, Fraction], factor: Fraction, *, skip: Key) -> list[Key]:
    """row -= factor * other (without the column `skip`); returns the columns now in row."""
    present = []
    for k, c in other.items():
        if k == skip:
            continue
        value = row.get(k, Fraction(0)) - factor * c
        if value:
            row[k] = value
            present.append(k)
        else:
            row.pop(k, None)
    return present
