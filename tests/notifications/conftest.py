"""The people and the case of the deadline tests (tests/deadlines/conftest.py): reminders go to them."""

from tests.deadlines.conftest import adam, alice, bob, carla, make_case, paul, zh_aid, zh_case, zh_police

__all__ = ["adam", "alice", "bob", "carla", "make_case", "paul", "zh_aid", "zh_case", "zh_police"]
