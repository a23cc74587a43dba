from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Cursor pagination (stable while rows are added), newest first unless a view says otherwise."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-pk",)
