"""Checks of the code's own contracts that ruff, mypy and import-linter cannot express."""
