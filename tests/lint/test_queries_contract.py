"""The queries contract (ksmm/lint/queries_contract.py): views and APIs query cases only through
access and queries modules."""

from pathlib import Path

from django.apps import apps
from django.db.models import Model

from cases.models import Case
from ksmm.lint.queries_contract import ALLOWED, CASE_MODELS, check, is_view_or_api, main, violations_in


def _models(source: str) -> list[str]:
    return [violation.model for violation in violations_in(source, path="x/views.py")]


def test_the_tree_keeps_the_contract() -> None:
    assert main() == 0


def test_a_planted_violation_in_a_views_module_fails_the_check(tmp_path: Path) -> None:
    app = tmp_path / "permits"
    app.mkdir()
    (app / "views.py").write_text("def page(request, pk):\n    return Stay.objects.get(pk=pk)\n")
    (app / "queries.py").write_text("def stays():\n    return Stay.objects.all()\n")
    found, stale = check(root=tmp_path, packages=["permits"], allowed=frozenset())
    assert [(v.path, v.line, v.model, v.scope) for v in found] == [("permits/views.py", 2, "Stay", "page")]
    assert str(found[0]).startswith("permits/views.py:2: Stay queried in page")
    assert stale == set()


def test_each_way_of_querying_a_compartment_model_is_flagged() -> None:
    source = """
from cases.models import Identity as Person
from cases import models
from django.shortcuts import get_object_or_404

class CaseViewSet:
    queryset = Case.objects.all()

    def identity(self):
        Person.objects.filter(case=1)
        models.Consent._default_manager.all()
        get_object_or_404(EvidenceNote, pk=1)
"""
    assert _models(source) == ["Case", "Identity", "Consent", "EvidenceNote"]


def test_other_models_and_an_empty_queryset_pass() -> None:
    source = """
def view():
    Meeting.objects.all()
    Organisation.objects.filter(is_active=True)
    return Case.objects.none()
"""
    assert _models(source) == []


def test_views_and_api_modules_and_packages_are_checked_and_nothing_else() -> None:
    checked = ["cases/views.py", "cases/api.py", "roundtables/meeting_views.py", "roundtables/round_table_api.py",
               "permits/views/residence.py", "ksmm/api/identity.py"]  # fmt: skip
    unchecked = ["cases/queries.py", "cases/access.py", "permits/actions.py", "cases/migrations/0001_views.py"]
    assert all(is_view_or_api(Path(path)) for path in checked)
    assert not any(is_view_or_api(Path(path)) for path in unchecked)


def test_an_allowlist_entry_that_matches_nothing_is_reported(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "views.py").write_text("")
    entry = ("cases/views.py", "Consent", "case_consents")
    assert check(root=tmp_path, packages=["cases"], allowed=frozenset({entry})) == ([], {entry})


def test_no_violation_is_tolerated() -> None:
    assert frozenset() == ALLOWED


def _points_to_a_case(model: type[Model], seen: frozenset[type[Model]] = frozenset()) -> bool:
    """The model holds part of a case file: a relation to Case, directly or through such a model."""
    for field in model._meta.concrete_fields:
        target = field.related_model if (field.is_relation and field.many_to_one) or field.one_to_one else None
        if target is None or target in seen or target is model:
            continue
        if target is Case or _points_to_a_case(target, seen | {model}):
            return True
    return False


def test_every_model_holding_part_of_a_case_file_is_in_the_contract() -> None:
    """A new compartment model (one with a relation to a case) cannot escape the check unnoticed."""
    holding = {
        model.__name__
        for model in apps.get_models()
        if model.__module__.split(".")[0] in {"cases", "permits", "notices"} and _points_to_a_case(model)
    }
    assert holding - CASE_MODELS == set()
