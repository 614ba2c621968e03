"""Stamps in the real Redis: a stamp that vanishes while it is read matches nothing remembered."""

from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django_tenants.utils import schema_context

from ksmm.accounts import stamps
from ksmm.accounts.stamps import stamps_for, user_stamp_key


def test_a_stamp_flushed_between_its_write_and_its_read_is_a_fresh_token(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.delete(user_stamp_key(7))
    add = cache.add

    def add_then_flush(*args: Any, **kwargs: Any) -> bool:
        added = add(*args, **kwargs)
        cache.clear()
        return bool(added)

    monkeypatch.setattr(stamps.cache, "add", add_then_flush)
    with schema_context("zh"):
        first = stamps_for(RequestFactory().get("/"), user_id=7)
        second = stamps_for(RequestFactory().get("/"), user_id=7)
    assert len(first) == 2
    assert first[0] != second[0]
