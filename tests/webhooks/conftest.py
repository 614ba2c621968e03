from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.webhooks.actions import do_create_subscription
from ksmm.webhooks.models import Subscription
from tests.personas import ADAM, CARLA, member
from tests.webhooks.receiver import Receiver, running_receiver


@pytest.fixture
def adam() -> User:
    return member(ADAM)


@pytest.fixture
def carla() -> User:
    return member(CARLA)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def subscribe(
    *, user: User, url: str, kinds: list[str] | None = None, description: str = ""
) -> tuple[Subscription, str]:
    """A subscription in ZH (all hand-off kinds unless given) and its secret."""
    with schema_context("zh"):
        return do_create_subscription(
            acting_user=user, url=url, event_kinds=kinds or ["case.closed", "referral.received"],
            description=description,
        )  # fmt: skip
