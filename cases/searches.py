"""Searches by name or date of birth kept on the server, so that they never appear in a URL.

A name typed into the search form would otherwise land in access logs, proxies and the browser's
history (DESIGN.md 9). The form is POSTed; the search is kept in the shared cache under a random
token for a short while, bound to the person and the canton, and the result pages carry only
the token (`/cases/?search=…&page=2`). Another person, another canton or an expired token finds
nothing.
"""

import dataclasses
import secrets
from datetime import timedelta

from django.core.cache import cache

from ksmm.accounts.models import User
from ksmm.cantons.current import current_schema

from .queries import CaseSearch

SEARCH_LIFETIME = timedelta(minutes=15)
# Query-string parameters that would carry a person's identity: refused on GET.
IDENTITY_PARAMETERS = ("name", "birth")


def remember_case_search(*, user: User, search: CaseSearch) -> str:
    """Keeps `search` for `user` in this canton; returns the token that recalls it."""
    token = secrets.token_urlsafe(18)
    cache.set(_key(user=user, token=token), dataclasses.asdict(search), timeout=SEARCH_LIFETIME.total_seconds())
    return token


def recall_case_search(*, user: User, token: str) -> CaseSearch | None:
    """The search kept under `token` for `user` in this canton, or None (unknown, expired, foreign)."""
    if not token or len(token) > 64:
        return None
    stored = cache.get(_key(user=user, token=token))
    if not isinstance(stored, dict):
        return None
    return CaseSearch(**{field.name: str(stored.get(field.name, "")) for field in dataclasses.fields(CaseSearch)})


def _key(*, user: User, token: str) -> str:
    schema = current_schema()
    return f"case-search:{schema}:{user.pk}:{token}"
