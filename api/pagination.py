from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

MAX_KEY = 2**63 - 1  # the largest key a row may have (BigAutoField: PostgreSQL's bigint, SQLite's integer)


class Cursor(CursorPagination):
    """Cursor pagination (stable while rows are added), newest first. A cursor is opaque but comes
    from the client: one whose position is not a key the database can hold is refused as invalid,
    like any other cursor that was not made here."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-pk",)

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            position = str(cursor.position)
            if not position.isdecimal() or int(position) > MAX_KEY:
                raise NotFound(self.invalid_cursor_message)
        return cursor
