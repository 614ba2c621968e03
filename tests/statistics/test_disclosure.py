"""Disclosure control of the dashboard, tested as an attacker would try it (no database).

The attacker (tests/statistics/attacker.py) solves the published cells and every relation exactly
over the rationals; it shares no code with the suppression.
"""

from datetime import date

import pytest

from ksmm.statistics import catalogue
from ksmm.statistics.cube import Cube, build_cube
from ksmm.statistics.disclosure import PRIMARY, SECONDARY, certify_protection, suppress
from ksmm.statistics.releases import protected_cube

from .attacker import Key, derivable
from .cubes import random_rows

CASES = [
    # seed, cantons, mean units per canton-month-form, families counted
    (1, 2, 0.3, ("cases",)),
    (2, 3, 1.0, ("closed", "offences")),
    (3, 2, 4.0, ("cases", "reflection")),
    (4, 3, 0.5, ("reflection", "permits", "reflection_requested")),
    (5, 1, 2.0, ("victims",)),
    (6, 2, 8.0, ("closed", "permits")),
    (7, 4, 0.2, ("offences", "reflection_requested")),
]


def published(cube: Cube) -> dict[Key, int | None]:
    return {
        (c, kind, start, *key, form): (None if reason else count)
        for c, kind, start, key, form, count, reason in cube.cells()
    }


@pytest.mark.parametrize(("seed", "cantons", "mean", "families"), CASES)
def test_no_suppressed_cell_can_be_derived_from_a_release(
    seed: int, cantons: int, mean: float, families: tuple[str, ...]
) -> None:
    cube = protected_cube(random_rows(seed=seed, cantons=cantons, mean=mean, families=families), threshold=5)
    cells = published(cube)
    assert any(count is None for count in cells.values()), "the cube should have something to protect"
    assert derivable(cells) == {}


@pytest.mark.parametrize(("seed", "cantons", "mean", "families"), CASES[:4])
def test_without_secondary_suppression_the_attacker_derives_hidden_cells(
    seed: int, cantons: int, mean: float, families: tuple[str, ...]
) -> None:
    cube = build_cube(random_rows(seed=seed, cantons=cantons, mean=mean, families=families))
    for block in cube.blocks:
        suppress(block.table, threshold=5, secondary=False)
    cells = published(cube)
    found = derivable(cells)
    assert found
    exact = {(c, kind, start, *key, form): count for c, kind, start, key, form, count, _reason in cube.cells()}
    assert all(exact[key] == value for key, value in found.items())  # the attacker's answers are right


@pytest.mark.parametrize("seed", range(4))
def test_the_simple_differences_never_isolate_a_suppressed_cell(seed: int) -> None:
    """Year minus three quarters, `all` minus the other forms, `ch` minus the other cantons, the
    total minus the other values: at least one other term is always hidden too."""
    cube = protected_cube(random_rows(seed=seed, cantons=3, mean=1.5, families=("cases", "closed")), threshold=5)
    cells = published(cube)
    for key, count in cells.items():
        if count is not None:
            continue
        for relation in _simple_relations(key, cells):
            assert sum(cells[other] is None for other in relation) >= 2, (key, relation)


def _simple_relations(key: Key, cells: dict[Key, int | None]) -> list[list[Key]]:
    canton, kind, start, measure, dimension, value, form = key
    cantons = sorted({k[0] for k in cells} - {catalogue.SWITZERLAND})
    place = (canton, kind, start, measure, dimension, value)
    relations = [[(*place, f) for f in (*catalogue.FORM_KEYS, catalogue.ALL_FORMS)]]
    relations.append([(c, *place[1:], form) for c in (*cantons, catalogue.SWITZERLAND)])
    if kind == "quarter":
        quarters = [(canton, "quarter", date(start.year, m, 1), measure, dimension, value, form) for m in (1, 4, 7, 10)]
        relations.append([*quarters, (canton, "year", date(start.year, 1, 1), measure, dimension, value, form)])
    if dimension:
        values = catalogue.measure(measure).dimensions
        keys = next(d for d in values if d.key == dimension).value_keys
        relations.append(
            [(canton, kind, start, measure, dimension, v, form) for v in keys]
            + [(canton, kind, start, measure, "", "", form)]
        )
    return relations


@pytest.mark.parametrize("threshold", [3, 5, 11])
def test_every_cell_below_the_threshold_is_suppressed_and_zeros_are_shown_or_secondary(threshold: int) -> None:
    cube = protected_cube(random_rows(seed=threshold, cantons=3, mean=2.0, families=("cases",)), threshold=threshold)
    for block in cube.blocks:
        for count, reason in zip(block.table.counts, block.table.reasons, strict=True):
            assert (reason == PRIMARY) == (0 < count < threshold)
            assert reason != SECONDARY or not 0 < count < threshold


def test_every_suppressed_cell_has_an_exact_certificate() -> None:
    cube = protected_cube(random_rows(seed=11, cantons=5, mean=1.0, years=2), threshold=5)
    assert all(certify_protection(block.table) for block in cube.blocks)


def test_a_cube_that_does_not_add_up_is_refused() -> None:
    rows = random_rows(seed=12, cantons=2, mean=3.0, families=("closed",))
    canton, _kind, start, *_ = rows[0]
    rows.append((canton, "year", date(start.year, 1, 1), "cases_closed", "", "", "all", 10_000))
    with pytest.raises(ValueError, match="does not match"):
        build_cube(rows)
