"""Stamps that say whether what a session remembers about its person still holds.

A stamp is a random token in the shared cache, replaced by every change that can alter who a
person is here: their user row (password, active), a membership or a second-factor device (the
user's stamp), an organisation (its canton's stamp). What a session remembers carries the stamps
read before it was loaded and is used only while they are unchanged. A missing stamp (Redis
flushed or evicted) is written afresh, so it never matches what a session remembers.
"""

import secrets
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from ksmm.cantons.current import current_schema
from ksmm.shared_redis import read_many

_MEMO_ATTRIBUTE = "_ksmm_stamps"


def user_stamp_key(user_id: object) -> str:
    return f"auth-stamp:user:{user_id}"


def organisations_stamp_key(schema_name: str) -> str:
    return f"auth-stamp:organisations:{schema_name}"


def stamps_for(request: HttpRequest | Any, *, user_id: object) -> list[str]:
    """The user's and this canton's organisations' stamps, read once per request (one round trip)."""
    schema_name = current_schema()
    memo = getattr(request, _MEMO_ATTRIBUTE, None)
    if memo is not None and memo[0] == (user_id, schema_name):
        return list(memo[1])
    keys = [user_stamp_key(user_id), organisations_stamp_key(schema_name)]
    found = read_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), timeout=None)
        found.update(cache.get_many(missing))
    # Gone again (flushed between the two reads): a fresh token, which nothing remembered matches.
    stamps = [str(found[key]) if key in found else secrets.token_hex(8) for key in keys]
    setattr(request, _MEMO_ATTRIBUTE, ((user_id, schema_name), stamps))
    return stamps


def bump(key: str) -> None:
    """Now, and again after the commit: a request that loaded the old rows between the two would
    otherwise remember them under the new stamp."""
    _replace(key)
    transaction.on_commit(lambda: _replace(key))


def _replace(key: str) -> None:
    cache.set(key, secrets.token_hex(8), timeout=None)


def bump_user_of(*, instance: Any, **_kwargs: Any) -> None:
    """For a user row, a membership or a device: the person's remembered identity is stale."""
    bump(user_stamp_key(getattr(instance, "user_id", None) or instance.pk))


def bump_organisations(**_kwargs: Any) -> None:
    bump(organisations_stamp_key(current_schema()))
