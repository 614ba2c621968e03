"""The people and the case of the case tests (tests/cases/conftest.py): My work shows their work."""

from tests.cases.conftest import cast, gabi, rosa

__all__ = ["cast", "gabi", "rosa"]
