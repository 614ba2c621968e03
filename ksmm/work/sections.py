"""The sections of "My work", the start page: a registry the domain apps fill (a port).

The platform may not import cases, permits or notices (DESIGN.md 2), so each app registers,
in its AppConfig.ready, the sections it knows about:

    register_work_section(WorkSectionProvider(key="referrals", order=10, rows=incoming_referrals))

A provider gets the signed-in person's membership and today's date and returns the section's
rows, or None when that person's role has no such section (a police officer decides no permit
request). Each provider reads a fixed number of statements and at most `ROWS_PER_SECTION`
rows, so the page costs the same with one row as with fifty. Rows carry case numbers, labels,
dates and organisations, never a name or another identity datum of a victim.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.functional import Promise

from ksmm.accounts.models import User
from ksmm.memberships.models import Membership

ROWS_PER_SECTION = 20


@dataclass(frozen=True, kw_only=True)
class WorkRow:
    """One thing to do or to know, with the link to where it is done."""

    title: str
    url: str
    detail: str = ""
    when: date | datetime | None = None
    urgent: bool = False


@dataclass(frozen=True, kw_only=True)
class WorkSectionProvider:
    key: str
    order: int
    title: str | Promise
    empty: str | Promise
    rows: Callable[..., list[WorkRow] | None]  # (*, membership, user, today) -> rows or None
    more_url: str = ""  # a URL name: the full list behind the section


@dataclass(frozen=True, kw_only=True)
class WorkSection:
    key: str
    title: str | Promise
    empty: str | Promise
    rows: list[WorkRow]
    more_url: str


_PROVIDERS: dict[str, WorkSectionProvider] = {}


def register_work_section(provider: WorkSectionProvider) -> WorkSectionProvider:
    """Registering a key again replaces its provider (AppConfig.ready may run twice in tests)."""
    _PROVIDERS[provider.key] = provider
    return provider


def sections_for(*, membership: Membership, user: User, today: date) -> list[WorkSection]:
    """The sections this person's role has, in their order."""
    sections = []
    for provider in sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.key)):
        rows = provider.rows(membership=membership, user=user, today=today)
        if rows is None:
            continue
        sections.append(
            WorkSection(
                key=provider.key,
                title=provider.title,
                empty=provider.empty,
                rows=rows[:ROWS_PER_SECTION],
                more_url=provider.more_url,
            )
        )
    return sections
