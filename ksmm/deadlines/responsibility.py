"""Who in the responsible organisation answers for a deadline: a port the cases app fills.

The platform does not know case assignments (cases/assignments.py); the cases app registers,
in its AppConfig.ready, the function that names the person a case is assigned to in an
organisation. `do_open_deadline` asks it for every deadline opened on a case, and the cases
app calls `do_set_responsible_user` when a case is assigned or released.
"""

from typing import Protocol

from .models import Deadline


class ResponsibleUser(Protocol):
    def __call__(self, *, case_id: int, organisation_id: int) -> int | None: ...


_providers: list[ResponsibleUser] = []


def register_responsible_user(provider: ResponsibleUser) -> None:
    """One provider at a time (the cases app's); registering again replaces it."""
    _providers[:] = [provider]


def responsible_user_for(*, case_id: int | None, organisation_id: int) -> int | None:
    """The person the case is assigned to in the organisation; None without a case or provider."""
    if case_id is None or not _providers:
        return None
    return _providers[0](case_id=case_id, organisation_id=organisation_id)


def do_set_responsible_user(*, case_id: int, organisation_id: int, user_id: int | None) -> int:
    """The open deadlines of `organisation_id` on the case now answer to `user_id` (None: the
    organisation); returns how many changed. The caller's action is atomic and audited."""
    # exclude(field=None) is IS NOT NULL; exclude(field=5) keeps the NULLs: the rows to change.
    return (
        Deadline.objects.filter(
            case_id=case_id, responsible_organisation_id=organisation_id, status=Deadline.Status.OPEN
        )
        .exclude(responsible_user_id=user_id)
        .update(responsible_user_id=user_id)
    )
