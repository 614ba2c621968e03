from typing import Any

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.request import Request
from rest_framework.views import APIView

from ksmm.cantons.replica import reads_from_replica


class CursorPagination(pagination.CursorPagination):
    """Stable pages under concurrent writes; `ordering` must be unique (a view may override it).

    The page of a list is read from the streaming replica when one is configured: the caller was
    authenticated, authorised and throttled on the primary before the list began
    (ksmm/cantons/replica.py says when a read still goes to the primary).
    """

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "pk"

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: APIView | None = None) -> list[Any]:
        with reads_from_replica():
            return super().paginate_queryset(queryset, request, view)  # type: ignore[no-any-return]
