from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Stable pages under concurrent writes; `ordering` must be unique (a view may override it)."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "pk"
