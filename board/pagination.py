"""Keyset ("cursor") pagination: a page starts after the last row of the previous one, never at an OFFSET.

A cursor is an opaque string for clients: URL-safe base64 of ``{"o": ordering name, "k": [values]}``, the
sort-key values of the last row served. It is not signed: a forged cursor only moves the starting point.
The ordering must end with a unique column (the primary key) so that no two rows share a position.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from board.exceptions import ApplicationError

CURSOR_MAX_LENGTH = 512


@dataclass(frozen=True)
class KeysetOrdering:
    """A named sort order: ``fields`` are (attribute name, descending, kind) with kind ``dt``, ``int`` or
    ``bool``; the last field must be unique."""

    name: str
    fields: tuple[tuple[str, bool, str], ...]

    def order_by(self) -> list[str]:
        return [f"-{name}" if descending else name for name, descending, _kind in self.fields]

    def after(self, values: list) -> Q:
        """Rows strictly after ``values`` in this order: (a > x) or (a = x and b > y) or ...

        The redundant bound ``a >= x`` (``<=`` descending) in front lets the database start the index scan
        at the cursor; without it PostgreSQL filtered the OR row by row from the start of the range.
        """
        condition = Q()
        for index, (name, descending, _kind) in enumerate(self.fields):
            equal = {self.fields[i][0]: values[i] for i in range(index)}
            condition |= Q(**equal, **{f"{name}__{'lt' if descending else 'gt'}": values[index]})
        first_name, first_descending, _kind = self.fields[0]
        return Q(**{f"{first_name}__{'lte' if first_descending else 'gte'}": values[0]}) & condition


@dataclass
class Page:
    items: list
    next_cursor: str | None


def _invalid() -> ApplicationError:
    return ApplicationError("Invalid cursor.", fields={"cursor": ["Invalid cursor."]})


def encode_cursor(ordering: KeysetOrdering, row) -> str:
    values = []
    for name, _descending, kind in ordering.fields:
        value = getattr(row, name)
        values.append(value.isoformat() if kind == "dt" else value)
    raw = json.dumps({"o": ordering.name, "k": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(ordering: KeysetOrdering, cursor: str) -> list:
    """The sort-key values in ``cursor``; ``ApplicationError`` (400) for anything malformed or foreign."""
    if len(cursor) > CURSOR_MAX_LENGTH:
        raise _invalid()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise _invalid() from exc
    if not isinstance(data, dict) or data.get("o") != ordering.name:
        raise _invalid()
    raw_values = data.get("k")
    if not isinstance(raw_values, list) or len(raw_values) != len(ordering.fields):
        raise _invalid()
    values = []
    for value, (_name, _descending, kind) in zip(raw_values, ordering.fields, strict=True):
        if kind == "dt":
            try:
                parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                parsed = None
            if parsed is None or parsed.tzinfo is None:
                raise _invalid()
            values.append(parsed)
        elif kind == "bool":
            if not isinstance(value, bool):
                raise _invalid()
            values.append(value)
        else:
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
                raise _invalid()
            values.append(value)
    return values


def keyset_page(queryset: QuerySet, *, ordering: KeysetOrdering, cursor: str | None, page_size: int) -> Page:
    """One page of ``queryset`` in ``ordering``, after ``cursor``: ``page_size + 1`` rows read, one query."""
    if cursor:
        queryset = queryset.filter(ordering.after(decode_cursor(ordering, cursor)))
    rows = list(queryset.order_by(*ordering.order_by())[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    return Page(items=rows, next_cursor=encode_cursor(ordering, rows[-1]) if has_more and rows else None)
