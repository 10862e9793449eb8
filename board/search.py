"""Search: readers' full-text search of visible comments and articles, and moderators' fragment search.

Two indexes on each backend, both kept by the database in the transaction of the write (generated columns,
expression indexes and triggers: a row is findable, changed or gone the moment the write commits, and
inside its own transaction before that). Nothing here writes; ``docs/search.md`` explains the design.

PostgreSQL (migration ``board/0008_search``):

- ``search_vector``, a stored generated column of ``board_comment`` and ``board_article`` (not declared on
  the models: the ORM never writes it), ``to_tsvector('simple', board_search_document(text))`` with a GIN
  index. ``board_search_document`` keeps spaced text as it is and replaces every run of an unspaced script
  (Chinese, Japanese, Korean, Thai, ...) by its overlapping character bigrams plus its last character
  ("股票市场" -> "股票 票市 市场 场"), so that a two-character word is one lexeme. A query goes through
  ``board_search_query``: the words of spaced text ANDed (``plainto_tsquery``), each unspaced run as the
  phrase of its bigrams (``<->``), a single character as a prefix (``'股':*``). Both functions are SQL,
  ``IMMUTABLE``, so the planner folds a query's tsquery into a constant and estimates it.
- ``pg_trgm`` GIN indexes on ``UPPER(column)`` (what Django's ``icontains`` compiles to) for the
  moderators' fragments of three characters or more ("t.me/", part of a name).

SQLite (the embedded default): FTS5 external-content tables with the ``trigram`` tokenizer
(``board_comment_fts`` ...), kept by triggers; a term of three characters or more is a substring ``MATCH``,
a shorter one a ``LIKE`` scan (small databases only).

Readers' ranking: relevance (``ts_rank``; FTS5's ``bm25``), then newest. To keep a query on a common word
bounded at a million comments, the ranking considers the newest ``SEARCH_RANK_WINDOW`` matches: every
match of a rare or medium term, the most recent ones of a common term.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import smart_split, unescape_string_literal

from board.exceptions import ApplicationError
from board.models import COMMENT_COUNTED, Article, Comment, ModerationState, User
from board.pagination import KeysetOrdering, Page, decode_cursor, encode_cursor

# Limits, each stated once: the API's and the page's validation, the schema and the docs read these.
SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_PAGE_SIZE, SEARCH_PAGE_SIZE_MAX = 20, 50
# Characters of text around the first match shown in a result (then "…" where it was cut).
SEARCH_EXCERPT_LENGTH = 200
# The ranking's candidates: the newest this many matches. Measured at 1,000,000 comments on PostgreSQL
# (bench/measure_search.py, docs/search.md): ranking them costs a few milliseconds; ranking all matches of
# a word in 40% of the comments took over a second. See SEARCH_SCAN_ROWS for why not more.
SEARCH_RANK_WINDOW = 100
# The window is read in two parts, newest first: the newest ``SEARCH_SCAN_ROWS`` rows read in order with the
# match checked row by row (bounded work, whatever the word), then, only when they hold fewer than
# ``SEARCH_RANK_WINDOW`` matches (a word in under 2% of the rows), the words index over the older rows (a
# few thousand matches at a million rows). PostgreSQL misjudges how common a phrase is (``股票市场``: 38
# rows expected, 65,000 found), so the plan is given, not left to its estimate; reading every match through
# the index took 400 ms at a million comments. Measured: docs/search.md.
SEARCH_SCAN_ROWS = 10_000  # at 1M, 10,000 beat 30,000 and 5,000 on every query class (docs/search.md)
# PostgreSQL's cost of a page read out of order, for the search's statement only (``SET LOCAL``). The
# default, 4, is a spinning disk's; the words index reads each match's page out of order, and with pages in
# memory (or on SSD, where PostgreSQL's documentation suggests 1.1) it chose the walk for "券商" at a
# million comments: 19-31 ms instead of 10-15 (three fresh ANALYZEs each).
SEARCH_RANDOM_PAGE_COST = 1.1
# Moderators' admin search: at most this many words of a search are applied (each is one more condition).
ADMIN_SEARCH_TERMS_MAX = 8
# pg_trgm extracts nothing from a pattern shorter than three characters: such fragments go to the words'
# index (PostgreSQL) or to a scan (SQLite).
FRAGMENT_MIN_LENGTH = 3
# ts_rank and bm25 are floats; cursors hold integers, so the rank is scaled and rounded once, in SQL.
RANK_SCALE = 1_000_000
# bm25 clamps a word found in most rows to a weight of 1e-6: scaled further, a small table still ranks.
FTS_RANK_SCALE = 10**12

SEARCH_TYPES = ("comments", "articles")

QUERY_REQUIRED = "Enter something to search for."
QUERY_TOO_LONG = f"At most {SEARCH_QUERY_MAX_LENGTH} characters."
TYPE_INVALID = f"One of {', '.join(SEARCH_TYPES)}."

# Scripts written without spaces between words (or, for Hangul, with particles glued to words): Thai, Lao,
# Myanmar, Hangul Jamo, Khmer, Hiragana and Katakana, Hangul compatibility Jamo, CJK extension A, CJK
# unified ideographs, Hangul syllables, CJK compatibility ideographs, CJK extensions B to F. The same
# class is written into the SQL functions by the migration (PostgreSQL's and Python's regular expressions
# read these escapes alike); changing it needs a migration that replaces them.
UNSPACED_CLASS = (
    r"[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f"
    r"\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)
_UNSPACED_RUN = re.compile(UNSPACED_CLASS + "+")

COMMENT_SEARCH_ORDERING = KeysetOrdering(
    "search", (("rank", True, "int"), ("created_at", True, "dt"), ("id", True, "int"))
)
ARTICLE_SEARCH_ORDERING = KeysetOrdering(
    "search-articles", (("rank", True, "int"), ("published_at", True, "dt"), ("id", True, "int"))
)


# ---------------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------------


def search_query_clean(value) -> str:
    """``?q=``: the text to search for, whitespace collapsed and control characters dropped (a NUL cannot
    reach the database); ``ApplicationError`` (400 on ``q``) when empty or longer than the limit."""
    text = value if isinstance(value, str) else ""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    text = " ".join(text.split())
    if not text:
        raise ApplicationError(QUERY_REQUIRED, fields={"q": [QUERY_REQUIRED]})
    if len(text) > SEARCH_QUERY_MAX_LENGTH:
        raise ApplicationError(QUERY_TOO_LONG, fields={"q": [QUERY_TOO_LONG]})
    return text


def search_type_clean(value) -> str:
    """``?type=``: ``comments`` (default) or ``articles``."""
    if value in (None, ""):
        return "comments"
    if value not in SEARCH_TYPES:
        raise ApplicationError(TYPE_INVALID, fields={"type": [TYPE_INVALID]})
    return value


# Punctuation trimmed off a word's ends before highlighting: ASCII, typographic quotes, CJK full-width marks.
_EDGE_PUNCTUATION = (
    "\"'.,;:!?()[]{}<>«»\u2018\u2019\u201c\u201d\u3001\u3002\u300c\u300d\u3010\u3011"
    + "".join(chr(0xFF00 + offset) for offset in (0x01, 0x08, 0x09, 0x0C, 0x1A, 0x1B, 0x1F))
)


def search_terms(query: str) -> list[str]:
    """The words of ``query`` to highlight: split on whitespace, trimmed of punctuation at their ends, each
    run of an unspaced script a term of its own; longest first, no repeats."""
    terms: list[str] = []
    for token in query.split():
        token = token.strip(_EDGE_PUNCTUATION)
        pieces = [token, *_UNSPACED_RUN.findall(token)] if _UNSPACED_RUN.search(token) else [token]
        for piece in pieces:
            if piece and piece.lower() not in (term.lower() for term in terms):
                terms.append(piece)
    return sorted(terms, key=len, reverse=True)


# ---------------------------------------------------------------------------------------------------------
# SQL building blocks
# ---------------------------------------------------------------------------------------------------------


class _TableExpression(Expression):
    """SQL about the model's own table, qualified with the query's alias of it, so that it survives use in
    subqueries and relabelling."""

    alias = None

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.alias = query.get_initial_alias()
        return clone

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return [self]


class UndeclaredColumn(_TableExpression):
    """A column of the model's table that the model does not declare (``search_vector``, generated by the
    database)."""

    def __init__(self, column: str, output_field=None):
        super().__init__(output_field=output_field or TextField())
        self.column = column

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name(self.column)}", []


class _Matches(Func):
    """``vector @@ query``."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class EqualsAny(Func):
    """``column = ANY(ARRAY(subquery))`` on PostgreSQL: unlike ``IN (subquery)`` inside an ``OR``, an index
    on the column can serve it (the subquery runs once, as an init plan); ``IN`` elsewhere."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        column, subquery = (compiler.compile(expression) for expression in self.get_source_expressions())
        if connection.vendor == "postgresql":
            return f"{column[0]} = ANY(ARRAY{subquery[0]})", [*column[1], *subquery[1]]
        return f"{column[0]} IN {subquery[0]}", [*column[1], *subquery[1]]


def _pg_tsquery(query: str) -> Func:
    return Func(Value(query), function="board_search_query", output_field=TextField())


def _pg_vector_matches(query: str, *, column: str = "search_vector", scan: bool = False):
    """``vector @@ query``; ``scan``: the same test as a function call, which no index serves (the planner
    matches index conditions by operator), so it is checked row by row."""
    if scan:
        return Func(
            UndeclaredColumn(column), _pg_tsquery(query), function="ts_match_vq", output_field=BooleanField()
        )
    return _Matches(UndeclaredColumn(column), _pg_tsquery(query))


def _pg_rank(query: str):
    score = Func(UndeclaredColumn("search_vector"), _pg_tsquery(query), function="ts_rank")
    return Cast(Func(score, Value(RANK_SCALE), template="(%(expressions)s)", arg_joiner=" * ",
                     output_field=FloatField()), BigIntegerField())  # fmt: skip


def fts_match_expression(terms: list[str]) -> str:
    """An FTS5 ``MATCH`` string: every term a quoted string (substrings, under the trigram tokenizer), ANDed."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _fts_split(query: str) -> tuple[list[str], list[str]]:
    """SQLite: the terms the trigram index serves (three characters or more) and the shorter ones."""
    terms = query.split()
    return [t for t in terms if len(t) >= FRAGMENT_MIN_LENGTH], [
        t for t in terms if len(t) < FRAGMENT_MIN_LENGTH
    ]


class _RawSQL(_TableExpression):
    """Raw SQL with one ``{table}`` placeholder for the query's alias of the model's table."""

    def __init__(self, sql: str, params: list, output_field):
        super().__init__(output_field=output_field)
        self.sql, self.params = sql, params

    def as_sql(self, compiler, connection):
        return self.sql.format(table=compiler.quote_name_unless_alias(self.alias)), list(self.params)


def _fts_rowids(table: str, match: str) -> _RawSQL:
    return _RawSQL(
        f"{{table}}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)",  # noqa: S608 - table from the model
        [match],
        BooleanField(),
    )


def _fts_rank(table: str, match: str, weights: tuple[float, ...] = ()) -> _RawSQL:
    # bm25 is negative, lower is better; as a non-negative integer, higher is better, like ts_rank. Weights
    # per column, as setweight's A and B on PostgreSQL (an article's title counts ten times its text).
    arguments = "".join(f", {float(weight)}" for weight in weights)
    return _RawSQL(
        f"(SELECT CAST(max(0, -bm25({table}_fts{arguments})) * {FTS_RANK_SCALE} AS INTEGER) FROM {table}_fts "  # noqa: S608 - table from the model
        f"WHERE {table}_fts MATCH %s AND rowid = {{table}}.id)",
        [match],
        BigIntegerField(),
    )


def _text_matches(model, query: str, *, short_fields: tuple[str, ...], weights: tuple[float, ...] = ()):
    """(condition, rank) of readers' search on ``model``'s index, for this backend."""
    if connection.vendor == "postgresql":
        return Q(_pg_vector_matches(query)), _pg_rank(query), Q(_pg_vector_matches(query, scan=True))
    table = model._meta.db_table
    indexed, short = _fts_split(query)
    condition = Q()
    for term in short:
        term_q = Q()
        for field in short_fields:
            term_q |= Q(**{f"{field}__icontains": term})
        condition &= term_q
    if not indexed:
        return condition, Value(0, output_field=BigIntegerField()), condition
    match = fts_match_expression(indexed)
    condition &= Q(_fts_rowids(table, match))
    return condition, _fts_rank(table, match, weights), condition


# ---------------------------------------------------------------------------------------------------------
# Readers' search
# ---------------------------------------------------------------------------------------------------------


def _window(matches: QuerySet, scanned: QuerySet, query: str) -> QuerySet:
    """The ids of the newest ``SEARCH_RANK_WINDOW`` matches: ``scanned`` (the same rows, matched row by
    row) among the newest ``SEARCH_SCAN_ROWS`` rows, then ``matches`` among older ones; ``UNION ALL`` under a
    limit, so the older rows are not read when the newest fill the window."""
    if connection.vendor != "postgresql":  # SQLite: no LIMIT inside UNION ALL, and small tables
        return matches.order_by("-pk").values("pk")[:SEARCH_RANK_WINDOW]
    newest = Subquery(matches.model.objects.order_by("-pk").values("pk")[:1])
    boundary = newest - Value(SEARCH_SCAN_ROWS)
    recent = scanned.filter(pk__gt=boundary).order_by("-pk").values("pk")[:SEARCH_RANK_WINDOW]
    # The older rows: for one word, PostgreSQL's statistics of the column's words (migration 0009) tell it
    # how common the word is, and it chooses between walking the newest rows and the words index (with
    # SEARCH_RANDOM_PAGE_COST). For several it multiplies their shares as if independent: "美元 dollar",
    # which nothing matches, was put at 1,600 rows, and walking a million rows for it took 1.5 s. So several
    # words go through the words index, always: ordered and bounded by ``id + 0``, which no index serves.
    # ``numnode`` of the constant query folds when the statement is planned: one of the two parts runs.
    words = Func(_pg_tsquery(query), function="numnode", output_field=IntegerField())
    one_word = (
        matches.alias(words=words)
        .filter(words=1, pk__lte=boundary)
        .order_by("-pk")
        .values("pk")[:SEARCH_RANK_WINDOW]
    )
    several_words = (
        matches.alias(words=words, unindexed_pk=F("pk") + 0)
        .filter(words__gt=1, unindexed_pk__lte=boundary)
        .order_by("-unindexed_pk")
        .values("pk")[:SEARCH_RANK_WINDOW]
    )
    return recent.union(one_word, several_words, all=True)[:SEARCH_RANK_WINDOW]


@dataclass(frozen=True)
class _Searched:
    """What readers search: a model, its ranking's order, the fields a short term is looked for in on
    SQLite, the index's column weights there, and what every reader may see of it: ``shown`` of the row
    itself, checked while the window is read, and ``shown_through`` what it belongs to, checked on the
    window's rows only (a join per candidate match cost 3 ms of a search at a million comments)."""

    model: type
    ordering: KeysetOrdering
    short_fields: tuple[str, ...]
    weights: tuple[float, ...]
    shown: Q
    shown_through: Q


_SEARCHED = {
    "comments": _Searched(
        Comment,
        COMMENT_SEARCH_ORDERING,
        ("body",),
        (),
        COMMENT_COUNTED,
        Q(article__moderation_state=ModerationState.VISIBLE),
    ),
    "articles": _Searched(
        Article,
        ARTICLE_SEARCH_ORDERING,
        ("title", "body"),
        (10.0, 1.0),
        Q(moderation_state=ModerationState.VISIBLE),
        Q(),
    ),
}


def _page_ids(kind: str, query: str, *, visible_only: bool, after: list | None, page_size: int) -> QuerySet:
    """The ids of one page of ``kind`` matching ``query``, after the cursor values ``after``: the newest
    ``SEARCH_RANK_WINDOW`` matches (``_window``), then ``page_size + 1`` of them by rank, then newest."""
    searched = _SEARCHED[kind]
    condition, rank, scan_condition = _text_matches(
        searched.model, query, short_fields=searched.short_fields, weights=searched.weights
    )
    matches, scanned = searched.model.objects.filter(condition), searched.model.objects.filter(scan_condition)
    if visible_only:
        matches, scanned = matches.filter(searched.shown), scanned.filter(searched.shown)
    ranked = searched.model.objects.filter(pk__in=Subquery(_window(matches, scanned, query)))
    if visible_only:
        ranked = ranked.filter(searched.shown_through)
    ranked = ranked.annotate(rank=rank)
    if after is not None:
        ranked = ranked.filter(searched.ordering.after(after))
    return ranked.order_by(*searched.ordering.order_by()).values("pk")[: page_size + 1]


# The values a page's statement is compiled with, each replaced by the search's own: no real query holds a
# control character (``search_query_clean``), and no constant of the statement equals the cursor's markers.
_QUERY_MARKER = "\x00query\x00"
_CURSOR_MARKERS = {
    "int": (-(2**62) + 1, -(2**62) + 2),
    "dt": (datetime(1, 1, 1, 1, 1, 1, 111_111, tzinfo=UTC), datetime(1, 1, 1, 2, 2, 2, 222_222, tzinfo=UTC)),
}


@functools.lru_cache(maxsize=64)
def _page_statement(kind: str, visible_only: bool, with_cursor: bool, page_size: int):
    """PostgreSQL: ``_page_ids`` as SQL, compiled once per shape. Building and compiling that nested query
    through the ORM took 9 ms of a 30 ms search at a million comments (bench/measure_search.py), and on
    PostgreSQL its text depends on the shape alone (the query is one parameter; on SQLite the words shape the
    SQL). Returns the SQL, its parameters (markers where a search's values go), and the cursor's markers in
    the order of its fields."""
    markers = []
    if with_cursor:
        unused = {field_kind: iter(values) for field_kind, values in _CURSOR_MARKERS.items()}
        markers = [
            next(unused[field_kind]) for _name, _descending, field_kind in _SEARCHED[kind].ordering.fields
        ]
    ids = _page_ids(
        kind,
        _QUERY_MARKER,
        visible_only=visible_only,
        after=markers if with_cursor else None,
        page_size=page_size,
    )
    sql, params = ids.query.sql_with_params()
    missing = [marker for marker in (_QUERY_MARKER, *markers) if marker not in params]
    if missing:  # a change of the query's shape that this cannot bind: fail in the tests, not at random
        raise RuntimeError(f"search statement lost its markers {missing!r}")
    return sql, tuple(params), tuple(markers)


def _page_ids_condition(
    kind: str, query: str, *, visible_only: bool, after: list | None, page_size: int
) -> Q:
    """``id IN (<_page_ids>)``; on PostgreSQL from the compiled statement, with this search's values bound."""
    if connection.vendor != "postgresql":
        return Q(
            pk__in=Subquery(
                _page_ids(kind, query, visible_only=visible_only, after=after, page_size=page_size)
            )
        )
    sql, params, markers = _page_statement(kind, visible_only, after is not None, page_size)
    bindings = {_QUERY_MARKER: query, **dict(zip(markers, after or (), strict=True))}
    bound = [bindings.get(param, param) for param in params]
    inner = sql.replace("{", "{{").replace("}", "}}")  # _RawSQL formats in its ``{table}`` only
    return Q(_RawSQL(f"{{table}}.id IN ({inner})", bound, BooleanField()))


def _ranked_page(
    kind: str, rows: QuerySet, query: str, *, cursor: str | None, page_size: int, visible_only: bool
) -> Page:
    """One page of ``kind`` matching ``query`` by rank then newest, after ``cursor``, as rows of ``rows``
    (with their joins). One statement (on PostgreSQL after the ``set_config`` of its planner cost): the
    page's ids (``_page_ids``), and only then the joins, for those rows alone (the planner joined every
    candidate otherwise)."""
    searched = _SEARCHED[kind]
    after = decode_cursor(searched.ordering, cursor) if cursor else None
    _condition, rank, _scan = _text_matches(
        searched.model, query, short_fields=searched.short_fields, weights=searched.weights
    )
    page_ids = _page_ids_condition(kind, query, visible_only=visible_only, after=after, page_size=page_size)
    page = rows.filter(page_ids).annotate(rank=rank).order_by(*searched.ordering.order_by())
    if connection.vendor == "postgresql":
        # Inside a caller's transaction the cost stays set until it ends: no savepoint for one read.
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('random_page_cost', %s, true)", [str(SEARCH_RANDOM_PAGE_COST)])
            items = list(page)
    else:
        items = list(page)
    has_more = len(items) > page_size
    items = items[:page_size]
    next_cursor = encode_cursor(searched.ordering, items[-1]) if has_more and items else None
    return Page(items=items, next_cursor=next_cursor)


# What a result shows (``SearchResultSerializer``, ``search.html``), the ordering's fields and nothing else: a
# whole comment, article and author per row took a third of a search's Python at a million comments.
SEARCHED_COMMENT_FIELDS = (
    "body",
    "created_at",
    "article__title",
    "article__slug",
    "author__display_name",
)
SEARCHED_ARTICLE_FIELDS = ("title", "slug", "body_html", "published_at", "author__display_name")


def search_comments(
    query: str, *, cursor: str | None = None, page_size: int = SEARCH_PAGE_SIZE, visible_only: bool = True
) -> Page:
    """Comments matching ``query`` (cleaned by ``search_query_clean``), best first then newest, each with
    ``search_excerpt`` (escaped HTML, matches in ``<mark>``), its article and author. ``visible_only``: what
    every reader sees (visible, not deleted, on a visible article). One statement."""
    rows = Comment.objects.select_related("article", "author").only(*SEARCHED_COMMENT_FIELDS)
    page = _ranked_page(
        "comments", rows, query, cursor=cursor, page_size=page_size, visible_only=visible_only
    )
    terms = search_terms(query)
    for comment in page.items:
        comment.search_excerpt = excerpt_highlight(comment.body, terms)
    return page


def _article_text(article: Article) -> str:
    return html.unescape(re.sub(r"<[^>]*>", " ", article.body_html))


def search_articles(
    query: str, *, cursor: str | None = None, page_size: int = SEARCH_PAGE_SIZE, visible_only: bool = True
) -> Page:
    """Articles matching ``query`` in their title or text (title words weigh more), best first then newest,
    each with ``search_title`` and ``search_excerpt`` (escaped HTML, matches in ``<mark>``). One statement."""
    rows = Article.objects.select_related("author").only(*SEARCHED_ARTICLE_FIELDS)
    page = _ranked_page(
        "articles", rows, query, cursor=cursor, page_size=page_size, visible_only=visible_only
    )
    terms = search_terms(query)
    for article in page.items:
        article.search_title = highlight(article.title, terms)
        article.search_excerpt = excerpt_highlight(_article_text(article), terms)
    return page


def search_page(query: str, *, kind: str, cursor: str | None, page_size: int) -> Page:
    """``search_comments`` or ``search_articles`` by ``kind`` (``SEARCH_TYPES``), for readers."""
    selector = search_articles if kind == "articles" else search_comments
    return selector(query, cursor=cursor, page_size=page_size)


# ---------------------------------------------------------------------------------------------------------
# Excerpts
# ---------------------------------------------------------------------------------------------------------


def _term_patterns(terms: list[str]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """Whole words (what PostgreSQL's words index matched), and substrings (the fallback: SQLite's trigram
    index, unspaced scripts)."""
    if not terms:
        return None, None
    alternatives = "|".join(re.escape(term) for term in terms)
    return (
        re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE),
        re.compile(alternatives, re.IGNORECASE),
    )


def _marked(text: str, pattern: re.Pattern | None) -> SafeString:
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for found in pattern.finditer(text):
        if found.end() == found.start():
            continue
        parts.append(escape(text[last : found.start()]))
        parts.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _pick(text: str, terms: list[str]) -> tuple[re.Pattern | None, re.Match | None]:
    words, substrings = _term_patterns(terms)
    if words is None:
        return None, None
    for pattern in (words, substrings):
        found = pattern.search(text)
        if found:
            return pattern, found
    return None, None


def highlight(text: str, terms: list[str]) -> SafeString:
    """All of ``text``, escaped, with the terms in ``<mark>``."""
    pattern, _found = _pick(text, terms)
    return _marked(text, pattern)


def excerpt_highlight(text: str, terms: list[str], *, length: int = SEARCH_EXCERPT_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around its first match, escaped, the terms in ``<mark>``,
    "…" where the text was cut; the beginning of the text when nothing matches (a stemmed or bigram match)."""
    text = " ".join(text.split())
    pattern, found = _pick(text, terms)
    start = 0
    if found is not None and found.end() > length:
        start = max(0, found.start() - length // 3)
        space = text.find(" ", start, found.start())
        if space != -1 and space - start < 20:  # start at a word when there is one close by
            start = space + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start + length // 2, end)
        if space != -1 and end - space < 20:
            end = space
    body = _marked(text[start:end], pattern)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))  # noqa: S308


# ---------------------------------------------------------------------------------------------------------
# Moderators' search (the admin): every state, fragments
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedText:
    """A text column the admin searches by fragment: ``fts`` names its SQLite FTS5 table (``<table>_fts``,
    trigram, one column of that name), ``vector`` the PostgreSQL words index for fragments shorter than
    ``FRAGMENT_MIN_LENGTH`` (``search_vector`` column, or an expression index matched by the same
    expression); ``None``: a scan for those."""

    field: str
    fts: str | None = None
    vector: str | None = None


def admin_search_terms(search_term: str) -> list[str]:
    """The admin's words (Django's: quotes keep phrases together), at most ``ADMIN_SEARCH_TERMS_MAX``."""
    terms = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        bit = "".join(ch for ch in bit if unicodedata.category(ch) != "Cc").strip()
        if bit:
            terms.append(bit[:SEARCH_QUERY_MAX_LENGTH])
    return terms[:ADMIN_SEARCH_TERMS_MAX]


def text_contains_q(model, text: IndexedText, term: str) -> Q:
    """Rows of ``model`` whose ``text`` contains ``term`` (any case), through that column's index."""
    field = text.field
    if connection.vendor == "postgresql":
        if len(term) >= FRAGMENT_MIN_LENGTH or text.vector is None:
            return Q(**{f"{field}__icontains": term})  # pg_trgm on UPPER(field)
        if text.vector == "search_vector":
            return Q(_pg_vector_matches(term))
        return Q(_Matches(_RegconfigVector(field), _pg_tsquery(term)))
    if text.fts and len(term) >= FRAGMENT_MIN_LENGTH:
        # A column filter ("quote : ..."): the FTS5 table may index several columns.
        match = f"{text.fts} : {fts_match_expression([term])}"
        return Q(_fts_rowids(model._meta.db_table, match))
    return Q(**{f"{field}__icontains": term})


class _RegconfigVector(Expression):
    """``to_tsvector('simple'::regconfig, board_search_document(column))``: the expression of a words index
    (PostgreSQL matches an expression index by its exact expression)."""

    def __init__(self, column: str):
        super().__init__(output_field=TextField())
        self.column_expression = UndeclaredColumn(column)

    def get_source_expressions(self):
        return [self.column_expression]

    def set_source_expressions(self, expressions):
        (self.column_expression,) = expressions

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column_expression)
        return f"to_tsvector('simple'::regconfig, board_search_document({column}))", params


def undeclared_contains_q(column: str, term: str) -> Q:
    """PostgreSQL: rows whose undeclared text ``column`` contains ``term`` (any case), as ``icontains``
    compiles it (``UPPER(column) LIKE UPPER('%term%')``), so that a pg_trgm index on ``UPPER(column)``
    serves it."""
    pattern = "%" + connection.ops.prep_for_like_query(term) + "%"
    return Q(
        _RawSQL(
            f"UPPER({{table}}.{connection.ops.quote_name(column)}) LIKE UPPER(%s)", [pattern], BooleanField()
        )
    )


def undeclared_words_q(column: str, term: str) -> Q:
    """PostgreSQL: rows whose undeclared words ``column`` (a tsvector) matches ``term`` as readers' search
    does (``board_search_query``)."""
    return Q(_pg_vector_matches(term, column=column))


def users_matching_q(term: str, *, fields: tuple[str, ...] = ("display_name", "username")) -> Q:
    """Readers whose name (or login name) contains ``term``: pg_trgm indexes on PostgreSQL."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": term})
    return condition


def author_in_q(column: str, term: str, *, fields: tuple[str, ...] = ("display_name", "username")) -> Q:
    """Rows whose ``column`` (a user id) is a reader whose name contains ``term``, in a form an index on
    ``column`` serves inside an ``OR`` (``EqualsAny``)."""
    from django.db.models import F

    users = User.objects.filter(users_matching_q(term, fields=fields)).values("pk")
    return Q(EqualsAny(F(column), Subquery(users)))


def comment_admin_search(queryset: QuerySet, search_term: str) -> QuerySet:
    """The comments admin: every word in the text or the author's display name."""
    body = IndexedText("body", fts="body", vector="search_vector")
    for term in admin_search_terms(search_term):
        queryset = queryset.filter(
            text_contains_q(Comment, body, term) | author_in_q("author_id", term, fields=("display_name",))
        )
    return queryset
