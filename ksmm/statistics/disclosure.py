"""Disclosure control of the dashboard: primary and secondary cell suppression.

A published table is a cube with four axes: canton (the cantons and `ch`), period (months,
quarters, the year), form of exploitation (the forms and `all`) and value (a measure's total and
the values of its dimensions). Each axis is a hierarchy in which a node with children is the sum
of each of its partitions: `ch` of the cantons, a quarter of its months, the year of its
quarters, `all` of the forms, a measure's total of the values of every one of its dimensions.
These are all the relations an attacker can use; they hold cell by cell across the other axes.

Primary suppression hides every cell with 0 < count < threshold. Secondary suppression follows
the hypercube method (Repsilber; tau-argus's "HyperCube"): for every suppressed cell not yet
protected it finds a *pattern*, a product of one vector per axis, each additive on its
hierarchy (every parent equals the sum of each of its partitions) and non-zero at the cell's
coordinate on that axis. Such a product is an integer perturbation that keeps every relation
true; the cells it touches are all suppressed, so adding it to the hidden cells changes no
published number. The cell therefore cannot be derived exactly by any linear combination of
the published cells and the relations: margins, totals, a year minus its quarters, `all` minus
the other forms, `ch` minus the other cantons, or any mix of them. Each pattern is kept as the
certificate of the cells it covers, and `certify_protection` checks the certificates again with
exact integer arithmetic. Among the candidate patterns the one that hides the least is chosen:
each newly hidden cell costs its count plus one, cells already hidden cost nothing.

Tables of different measure families and years share no cell and no relation, so each is
solved on its own (ksmm/statistics/cube.py builds them).
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import product

# What a cell's suppression code means in `Table.reasons`.
SHOWN, PRIMARY, SECONDARY = 0, 1, 2
# Candidates kept per axis before the combinations are scored on the whole cube.
CANDIDATES_PER_AXIS = 2

Vector = dict[int, int]


@dataclass(frozen=True)
class Axis:
    """A hierarchy of `size` nodes; `partitions[node]` lists the ways the node splits into children."""

    size: int
    root: int
    partitions: tuple[tuple[tuple[int, ...], ...], ...]
    parent: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        parent = [-1] * self.size
        for node, node_partitions in enumerate(self.partitions):
            for partition in node_partitions:
                for child in partition:
                    parent[child] = node
        object.__setattr__(self, "parent", tuple(parent))

    def path_to_root(self, node: int) -> list[int]:
        path = [node]
        while self.parent[path[-1]] != -1:
            path.append(self.parent[path[-1]])
        return path

    def is_additive(self, vector: Vector) -> bool:
        """Whether every node of `vector` equals the sum of each of its partitions."""
        return all(
            vector.get(node, 0) == sum(vector.get(child, 0) for child in partition)
            for node in range(self.size)
            for partition in self.partitions[node]
        )


def flat_axis(leaves: int) -> Axis:
    """Leaves 0 … leaves-1 and their sum as the last node (cantons and `ch`, forms and `all`)."""
    return Axis(leaves + 1, leaves, (*(() for _ in range(leaves)), (tuple(range(leaves)),)))


# Months 0-11, quarters 12-15, the year 16.
PERIOD_AXIS = Axis(
    17,
    16,
    (*(() for _ in range(12)), *(((3 * q, 3 * q + 1, 3 * q + 2),) for q in range(4)), ((12, 13, 14, 15),)),
)


@dataclass
class Table:
    """A cube of counts over four axes, flat in row-major order, and what suppression decided."""

    axes: tuple[Axis, Axis, Axis, Axis]
    counts: list[int]
    reasons: list[int] = field(default_factory=list)
    patterns: list[tuple[Vector, Vector, Vector, Vector]] = field(default_factory=list)

    def __post_init__(self) -> None:
        sizes = [axis.size for axis in self.axes]
        self.strides = (sizes[1] * sizes[2] * sizes[3], sizes[2] * sizes[3], sizes[3], 1)
        if len(self.counts) != sizes[0] * self.strides[0]:
            raise ValueError("The counts do not fill the cube.")

    def index(self, coordinates: Sequence[int]) -> int:
        return sum(c * s for c, s in zip(coordinates, self.strides, strict=True))

    def coordinates(self, index: int) -> tuple[int, int, int, int]:
        a, rest = divmod(index, self.strides[0])
        b, rest = divmod(rest, self.strides[1])
        c, d = divmod(rest, self.strides[2])
        return a, b, c, d

    def cells_of(self, vectors: Sequence[Vector]) -> Iterator[int]:
        """The flat indices of the cells a pattern touches."""
        s0, s1, s2, _ = self.strides
        for a, b, c, d in product(*vectors):
            yield a * s0 + b * s1 + c * s2 + d


def suppress(table: Table, *, threshold: int, secondary: bool = True) -> Table:
    """Fills `table.reasons` (SHOWN, PRIMARY, SECONDARY) and the certificates in `table.patterns`.

    `secondary=False` exists only to show, in the tests, what an attacker finds without it.
    """
    counts = table.counts
    reasons = [PRIMARY if 0 < count < threshold else SHOWN for count in counts]
    table.reasons, table.patterns = reasons, []
    if not secondary:
        return table
    cost = [0 if reason else count + 1 for count, reason in zip(counts, reasons, strict=True)]
    covered = [False] * len(counts)
    for index in sorted((i for i, r in enumerate(reasons) if r), key=lambda i: _processing_order(table, i)):
        if covered[index]:
            continue
        pattern = _cheapest_pattern(table, index, cost)
        table.patterns.append(pattern)
        for cell in table.cells_of(pattern):
            covered[cell] = True
            cost[cell] = 0
            if not reasons[cell]:
                reasons[cell] = SECONDARY
    return table


def certify_protection(table: Table) -> bool:
    """Checks exactly that every suppressed cell lies in a certificate: a pattern whose axis
    vectors are additive and that touches suppressed cells only."""
    covered = [False] * len(table.counts)
    for pattern in table.patterns:
        if not all(axis.is_additive(vector) for axis, vector in zip(table.axes, pattern, strict=True)):
            return False
        if any(0 in vector.values() for vector in pattern):
            return False
        for cell in table.cells_of(pattern):
            if not table.reasons[cell]:
                return False
            covered[cell] = True
    return all(covered[i] for i, reason in enumerate(table.reasons) if reason)


def _processing_order(table: Table, index: int) -> tuple[int, int]:
    """Cells high up in the hierarchies first: their patterns are the largest and cover many of
    the small cells below, which then need no pattern of their own."""
    depth = sum(len(axis.path_to_root(c)) for axis, c in zip(table.axes, table.coordinates(index), strict=True))
    return depth, table.counts[index]


def _cheapest_pattern(table: Table, index: int, cost: list[int]) -> tuple[Vector, Vector, Vector, Vector]:
    target = table.coordinates(index)
    per_axis: list[list[Vector]] = []
    for k, axis in enumerate(table.axes):

        def line_cost(node: int, k: int = k) -> int:
            return cost[index + (node - target[k]) * table.strides[k]]

        candidates = _axis_candidates(axis, target[k], line_cost)
        candidates.sort(key=lambda vector: (sum(line_cost(node) for node in vector), len(vector)))
        per_axis.append(candidates[:CANDIDATES_PER_AXIS])
    best: tuple[Vector, Vector, Vector, Vector] | None = None
    best_cost = best_size = -1
    for combination in product(*per_axis):
        total, size = 0, len(combination[0]) * len(combination[1]) * len(combination[2]) * len(combination[3])
        for cell in table.cells_of(combination):
            total += cost[cell]
            if best is not None and total > best_cost:
                break
        else:
            if best is None or (total, size) < (best_cost, best_size):
                best, best_cost, best_size = (
                    (combination[0], combination[1], combination[2], combination[3]),
                    total,
                    size,
                )
    if best is None:  # cannot happen: every axis has at least the vector through its root
        raise RuntimeError("no pattern found")
    return best


def _axis_candidates(axis: Axis, target: int, line_cost: Callable[[int], int]) -> list[Vector]:
    """Additive vectors of the axis that are non-zero at `target`.

    The one through the root (+1 down a chain of nodes from the root through the target), and
    for the target and each ancestor below the root, one per sibling: +1 down from the node
    through the target, -1 down from the sibling, which cancel in their parent. Where a node
    has a partition not on the way to the target, the cheapest child is taken.
    """
    path = axis.path_to_root(target)
    through = set(path)
    candidates = [_down(axis, axis.root, sign=1, through=through, line_cost=line_cost, out={})]
    for node in path[:-1]:
        parent = axis.parent[node]
        partition = next(p for p in axis.partitions[parent] if node in p)
        own = _down(axis, node, sign=1, through=through, line_cost=line_cost, out={})
        for sibling in partition:
            if sibling != node:
                candidates.append(_down(axis, sibling, sign=-1, through=set(), line_cost=line_cost, out=dict(own)))
    return candidates


def _down(
    axis: Axis, node: int, *, sign: int, through: set[int], line_cost: Callable[[int], int], out: Vector
) -> Vector:
    out[node] = sign
    for partition in axis.partitions[node]:
        on_the_way = [child for child in partition if child in through]
        child = on_the_way[0] if on_the_way else min(partition, key=line_cost)
        _down(axis, child, sign=sign, through=through, line_cost=line_cost, out=out)
    return out
