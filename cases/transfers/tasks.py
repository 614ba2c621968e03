"""The copy of an accepted transfer, as a Celery task (acknowledged late, as every task here:
a worker killed during the copy leaves the message for the next worker, and the copy's one
transaction leaves nothing behind to trip over)."""

from celery import shared_task

from .copy import do_copy_transfer


@shared_task(name="casetransfers.copy_transfer")
def copy_transfer(*, transfer_id: int) -> int | None:
    return do_copy_transfer(transfer_id=transfer_id)
