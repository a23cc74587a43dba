from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

MAX_KEY = 2**63 - 1  # the largest key a row may have (BigAutoField: PostgreSQL's bigint, SQLite's integer)


class Cursor(CursorPagination):
    """Cursor pagination (stable while rows are added), newest first unless ``ordering`` asks for
    another order (``filters.Ordering``). A cursor is opaque but comes from the client: one whose
    position is not a value of the ordering field the database can hold is refused as invalid, like
    any other cursor that was not made here; a time is sent to the database in UTC."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-pk",)

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        name = self.ordering[0].lstrip("-")
        field = self.model._meta.pk if name == "pk" else self.model._meta.get_field(name)
        try:
            value = field.to_python(cursor.position)
        except (ValidationError, TypeError, ValueError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        if isinstance(value, int) and not -MAX_KEY - 1 <= value <= MAX_KEY:
            raise NotFound(self.invalid_cursor_message)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise NotFound(self.invalid_cursor_message)
            return cursor._replace(position=value.astimezone(UTC).isoformat())
        return cursor._replace(position=str(value))
