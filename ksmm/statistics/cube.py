"""The full cube of cells a dashboard release publishes, built from the month-level aggregates.

The month rows of each canton, per form of exploitation and per value of every dimension (and
the measure's total), are the data; everything else is their sum: quarters and years, `all`
forms, `ch` (Switzerland, the sum of the cantons counted). Rows of the aggregates at other
levels, if the counting wrote them, must agree with those sums: the disclosure control relies
on the relations being exact (ksmm/statistics/disclosure.py), so a cube that does not add up is
refused rather than published.

Some measures count the same units as a cell of another: the cases of `notice_timing` and
`first_aid_contact` are the cases opened, the reflection periods of `reflection_length` are the
ones granted. An attacker knows this from the data dictionary, so such a measure is solved
together with the other (a *family*): its total is that cell, and its dimensions are further
partitions of it. The link is made only where the data agree cell for cell.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from . import catalogue
from .catalogue import ALL_FORMS, FORM_KEYS, SWITZERLAND
from .disclosure import PERIOD_AXIS, Axis, Table, flat_axis

# (measure, dimension, value); dimension and value are empty for the measure's total.
NodeKey = tuple[str, str, str]
# canton code (lower case), period kind, period start, measure, dimension, value, form, count.
Row = tuple[str, str, date, str, str, str, str, int]

LINKED_TOTALS: dict[str, NodeKey] = {
    "notice_timing": ("cases_opened", "", ""),
    "first_aid_contact": ("cases_opened", "", ""),
    "reflection_length": ("reflection_decided", "reflection_decision", "granted"),
}
FORMS = (*FORM_KEYS, ALL_FORMS)


class InconsistentAggregatesError(ValueError):
    """The aggregates do not add up; publishing them would break the disclosure control."""


@dataclass
class Family:
    """Measures solved together: the nodes of their value axis and the keys each node is shown as."""

    measures: list[str]
    nodes: list[list[NodeKey]] = field(default_factory=list)
    partitions: list[list[tuple[int, ...]]] = field(default_factory=list)

    def axis(self) -> Axis:
        return Axis(len(self.nodes), 0, tuple(tuple(p) for p in self.partitions))


@dataclass
class Block:
    """One table to protect: a family of measures over one year."""

    family: Family
    year: int
    table: Table


@dataclass
class Cube:
    cantons: list[str]
    years: list[int]
    blocks: list[Block]

    def cells(self) -> Iterator[tuple[str, str, date, NodeKey, str, int, int]]:
        """(canton, period kind, period start, key, form, count, reason) of every published cell."""
        places = [*self.cantons, SWITZERLAND]
        for block in self.blocks:
            periods = _periods_of(block.year)
            table = block.table
            reasons = table.reasons or [0] * len(table.counts)  # before suppression: all shown
            for index, (count, reason) in enumerate(zip(table.counts, reasons, strict=True)):
                c, p, f, v = table.coordinates(index)
                for key in block.family.nodes[v]:
                    yield places[c], periods[p][0], periods[p][1], key, FORMS[f], count, reason


def build_cube(rows: Iterable[Row]) -> Cube:
    """The cube of every canton with rows, over every year with month rows."""
    rows = list(rows)
    cantons = sorted({row[0] for row in rows})
    years = sorted({row[2].year for row in rows if row[1] == "month"})
    if not cantons or not years:
        return Cube(cantons, years, [])
    base = _base_counts(rows, cantons=cantons, years=years)
    families = _families(base)
    blocks = [Block(family, year, _table(family, base, cantons, years, year)) for family in families for year in years]
    cube = Cube(cantons, years, blocks)
    _check_other_levels(rows, cube)
    return cube


# Month-level counts of leaf cantons and leaf forms: base[node][(canton * months + month) * 4 + form].
Base = dict[NodeKey, list[int]]


def _base_counts(rows: list[Row], *, cantons: list[str], years: list[int]) -> Base:
    canton_index = {code: i for i, code in enumerate(cantons)}
    months = 12 * len(years)
    size = len(cantons) * months * len(FORM_KEYS)
    base: Base = {key: [0] * size for key in _all_node_keys()}
    form_index = {form: i for i, form in enumerate(FORM_KEYS)}
    seen_totals: set[str] = set()
    for canton, kind, start, measure, dimension, value, form, count in rows:
        if kind != "month" or form not in form_index:
            continue
        key = (measure, dimension, value)
        if key not in base:
            raise InconsistentAggregatesError(f"unknown cell {measure} {dimension} {value}")
        month = (start.year - years[0]) * 12 + start.month - 1
        base[key][(canton_index[canton] * months + month) * len(FORM_KEYS) + form_index[form]] = count
        if not dimension:
            seen_totals.add(measure)
    for entry in catalogue.MEASURES:
        parts = [[base[(entry.key, d.key, v)] for v in d.value_keys] for d in entry.dimensions]
        total = base[(entry.key, "", "")]
        if entry.key not in seen_totals and parts:  # the counting may leave the total out
            total[:] = [sum(column) for column in zip(*parts[0], strict=True)]
        for split, part in zip(entry.dimensions, parts, strict=True):
            if any(sum(column) != t for column, t in zip(zip(*part, strict=True), total, strict=True)):
                raise InconsistentAggregatesError(f"{entry.key} by {split.key} does not add up to its total")
    return base


def _all_node_keys() -> Iterator[NodeKey]:
    for measure in catalogue.MEASURES:
        yield measure.key, "", ""
        for dimension in measure.dimensions:
            for value in dimension.value_keys:
                yield measure.key, dimension.key, value


def _families(base: Base) -> list[Family]:
    """One family per measure, with the linked measures whose data agree folded into their host."""
    families: dict[str, Family] = {}
    node_of: dict[NodeKey, tuple[Family, int]] = {}
    for measure in catalogue.MEASURES:
        anchor = LINKED_TOTALS.get(measure.key)
        if anchor is not None and anchor in node_of and base[anchor] == base[(measure.key, "", "")]:
            family, root = node_of[anchor]
            family.measures.append(measure.key)
            family.nodes[root].append((measure.key, "", ""))
        else:
            family = families[measure.key] = Family([measure.key], [[(measure.key, "", "")]], [[]])
            root = 0
        node_of[(measure.key, "", "")] = (family, root)
        for dimension in measure.dimensions:
            children = []
            for value in dimension.value_keys:
                key = (measure.key, dimension.key, value)
                node_of[key] = (family, len(family.nodes))
                children.append(len(family.nodes))
                family.nodes.append([key])
                family.partitions.append([])
            family.partitions[root].append(tuple(children))
    return list(families.values())


def _table(family: Family, base: Base, cantons: list[str], years: list[int], year: int) -> Table:
    axes = (flat_axis(len(cantons)), PERIOD_AXIS, flat_axis(len(FORM_KEYS)), family.axis())
    table = Table(axes, [0] * (axes[0].size * PERIOD_AXIS.size * axes[2].size * axes[3].size))
    counts, (s0, s1, s2, _) = table.counts, table.strides
    months, forms = 12 * len(years), len(FORM_KEYS)
    offset = (year - years[0]) * 12
    leaves = [base[keys[0]] for keys in family.nodes]
    for c in range(len(cantons)):
        for m in range(12):
            for f in range(forms):
                source = (c * months + offset + m) * forms + f
                at = c * s0 + m * s1 + f * s2
                for v, data in enumerate(leaves):
                    counts[at + v] = data[source]
    # Sums along each axis in turn: months into quarters and the year, forms into `all`,
    # cantons into `ch`. Each pass reads only cells the earlier passes completed.
    for k, axis in enumerate(axes[:3]):
        _sum_along(table, k, axis)
    return table


def _sum_along(table: Table, k: int, axis: Axis) -> None:
    counts, stride = table.counts, table.strides[k]
    order = sorted(range(axis.size), key=lambda node: -len(axis.path_to_root(node)))  # children first
    for index in range(len(counts)):
        if (index // stride) % axis.size != 0:
            continue
        for node in order:
            for partition in axis.partitions[node][:1]:
                counts[index + node * stride] = sum(counts[index + child * stride] for child in partition)


def _periods_of(year: int) -> list[tuple[str, date]]:
    return [
        *(("month", date(year, m, 1)) for m in range(1, 13)),
        *(("quarter", date(year, 3 * q + 1, 1)) for q in range(4)),
        ("year", date(year, 1, 1)),
    ]


def _check_other_levels(rows: list[Row], cube: Cube) -> None:
    """Rows at the quarter or year level, for `all` forms or `ch`, must equal the cube's sums."""
    others = [row for row in rows if row[1] != "month" or row[6] == ALL_FORMS]
    if not others:
        return
    published = {(c, kind, start, key, form): count for c, kind, start, key, form, count, _ in cube.cells()}
    for canton, kind, start, measure, dimension, value, form, count in others:
        key = (canton, kind, start, (measure, dimension, value), form)
        if published.get(key, 0) != count:
            raise InconsistentAggregatesError(f"{measure} {kind} {start} {form} does not match its months")
