from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model, QuerySet
from rest_framework import pagination
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.views import APIView

from ksmm.cantons.replica import reads_from_replica

_Model = TypeVar("_Model", bound=Model)
_Row = TypeVar("_Row")


class CursorPagination(pagination.CursorPagination):
    """Stable pages under concurrent writes; `ordering` must be unique (a view may override it).

    The page of a GET list is read from the streaming replica when one is configured: the caller
    was authenticated, authorised and throttled on the primary before the list began
    (ksmm/cantons/replica.py says when a read still goes to the primary). A POST that answers
    with a page (the case search) reads the primary: it is audited and was asked for now.
    """

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "pk"

    def paginate_queryset(
        self, queryset: QuerySet[_Model, _Row] | Sequence[_Row], request: Request, view: APIView | None = None
    ) -> list[_Row] | None:
        if request.method not in SAFE_METHODS:
            return super().paginate_queryset(queryset, request, view)
        with reads_from_replica():
            return super().paginate_queryset(queryset, request, view)
