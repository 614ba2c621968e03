"""What every endpoint of the API does about writes: idempotent POSTs and conditional changes.

Every view under /api/v1/ inherits `SafeWritesMixin` (tests/api/test_writes.py checks it).
"""

from .conditions import ConditionalUpdateMixin
from .idempotency import IdempotentPostMixin


class SafeWritesMixin(IdempotentPostMixin, ConditionalUpdateMixin):
    """`Idempotency-Key` on POST, `ETag` on detail reads, `If-Match` on PUT, PATCH and DELETE."""
