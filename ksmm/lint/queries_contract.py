"""Views and API modules never query a case or a compartment model themselves (STYLE.md 2).

They go through an app's `access` and `queries` modules, which filter by the reader's grants and
audit the reads. This check reads the source (it imports nothing) and flags, in every views or
API module or package of the domain apps and ksmm:

- `<Model>.objects`, `<Model>._default_manager` and `<Model>._base_manager`,
- `get_object_or_404(<Model>, ...)` and `get_list_or_404(<Model>, ...)`,

for the models below, also under an import alias. `<Model>.objects.none()` passes: it reads no
row (DRF's schema generator needs an empty queryset without a caller). Run: `python -m ksmm.lint.queries_contract`
(from `make lint`); it prints one line per violation and exits 1 if there is any.
"""

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cases", "permits", "notices", "roundtables", "ksmm")

# The case and the tables that hold one of its compartments (DESIGN.md 3), grants and consents.
CASE_MODELS = frozenset(
    {
        # cases
        "Case", "CaseParty", "CaseGrant", "GrantChange", "DuplicateFlag", "Identity", "PersonIdentifier",
        "BlindIndexEntry", "CounsellingEntry", "EvidenceNote", "Consent", "Referral", "ReferralDispatch",
        "CaseAssignment", "FederalMatch",
        # cases.attachments
        "Attachment",
        # cases.steps, cases.identification
        "Step", "Operation", "Accommodation", "Interview", "SafetyAssessment", "Proceeding", "ReturnAssistance",
        "KesbReferral", "BestInterestsAssessment", "Closure", "Assessment", "Observation", "Checklist",
        # cases.operations: the police part of an operation is investigation data
        "PlannedOperation", "Announcement", "OperationCase",
        "ClosureProposal", "ClosureAnswer",
        # cases.proceedings
        "CriminalProceeding", "OhgClaim",
        # permits
        "ReflectionPeriod", "ReflectionExtension", "PresenceNotice", "Stay", "PermitRequest", "PermitDocument",
        # notices
        "NoticeDelivery",
        # cases.transfers: where a case went and why (the reason is free text of the case)
        "TransferRequest", "IncomingTransfer",
    }
)  # fmt: skip
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})

# Known violations, each with the reason it is tolerated until fixed (none today); an entry that
# no longer matches fails the check, so the list can only shrink.
# (path, line's model, enclosing function or class): matched without line numbers, so edits
# elsewhere in the file do not break the list.
ALLOWED: frozenset[tuple[str, str, str]] = frozenset()


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    model: str
    scope: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.model} queried in {self.scope or 'module'}; use access/queries"


def is_view_or_api(relative: Path) -> bool:
    """views.py, api.py, *_views.py, *_api.py, or anything inside a views/ or api/ package."""
    if relative.suffix != ".py" or "migrations" in relative.parts:
        return False
    names = {*relative.parts[:-1], relative.stem}
    return any(name in {"views", "api"} or name.endswith(("_views", "_api")) for name in names)


def _model_name(node: ast.expr, aliases: dict[str, str]) -> str | None:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    if name is None:
        return None
    original = aliases.get(name, name)
    return original if original in CASE_MODELS else None


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.aliases: dict[str, str] = {}
        self.scopes: list[str] = []
        self.found: list[Violation] = []
        self.empty: set[int] = set()  # ids of `<Model>.objects` nodes followed by `.none()`

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.asname:
                self.aliases[alias.asname] = alias.name

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.scopes.append(node.name)
        self.generic_visit(node)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def _flag(self, node: ast.AST, model: str) -> None:
        self.found.append(Violation(self.path, getattr(node, "lineno", 0), model, ".".join(self.scopes)))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        model = _model_name(node.value, self.aliases) if node.attr in MANAGERS else None
        if model and id(node) not in self.empty:
            self._flag(node, model)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        if isinstance(function, ast.Attribute) and function.attr == "none" and not node.args:
            self.empty.add(id(function.value))
        called = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
        model = _model_name(node.args[0], self.aliases) if called in SHORTCUTS and node.args else None
        if model:
            self._flag(node, model)
        self.generic_visit(node)


def violations_in(source: str, *, path: str) -> list[Violation]:
    finder = _Finder(path)
    finder.visit(ast.parse(source, filename=path))
    return finder.found


def modules(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> Iterator[Path]:
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if is_view_or_api(path.relative_to(root)):
                yield path


def check(
    root: Path = ROOT, packages: Iterable[str] = PACKAGES, allowed: frozenset[tuple[str, str, str]] = ALLOWED
) -> tuple[list[Violation], set[tuple[str, str, str]]]:
    """The violations the allowlist does not name, and the allowlist entries nothing matches
    any more (remove them: the list only shrinks)."""
    found: list[Violation] = []
    for path in modules(root, packages):
        relative = path.relative_to(root).as_posix()
        found += violations_in(path.read_text(encoding="utf-8"), path=relative)
    keys = {(v.path, v.model, v.scope) for v in found}
    return [v for v in found if (v.path, v.model, v.scope) not in allowed], set(allowed) - keys


def main() -> int:
    found, stale = check()
    for violation in found:
        print(violation)  # noqa: T201
    for path, model, scope in sorted(stale):
        print(f"{path}: {model} in {scope} is fixed; remove it from ALLOWED in {__name__}")  # noqa: T201
    return 1 if found or stale else 0


if __name__ == "__main__":
    sys.exit(main())
