"""Search indexes (board/search.py, docs/search.md), kept by the database in the transaction of each write.

PostgreSQL: the pg_trgm extension (trusted since PostgreSQL 13: the database's owner may create it), the
IMMUTABLE functions ``board_search_document`` (unspaced scripts as character bigrams) and
``board_search_query`` (a query, converted the same way), a stored generated ``search_vector`` column with a
GIN index on comments and articles, an expression GIN index of the same words on repost quotes, and
pg_trgm GIN indexes on ``UPPER(column)`` for the moderators' fragment search (comment bodies, quotes,
article titles, display names and usernames).

SQLite: FTS5 external-content tables with the trigram tokenizer, kept by triggers, rebuilt from the rows.

Frozen here (not imported from board/search.py) so that this migration keeps meaning what it meant.
"""

from django.db import migrations

# board.search.UNSPACED_CLASS when this migration was written.
UNSPACED = (
    r"[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f"
    r"\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)

PG_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION board_search_document(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(t, '{UNSPACED}+', ' ', 'g') || coalesce(' ' || (
    SELECT string_agg(substr(r.m[1], i, 2), ' ' ORDER BY r.n, i)
    FROM regexp_matches(t, '({UNSPACED}+)', 'g') WITH ORDINALITY AS r(m, n),
         generate_series(1, char_length(r.m[1])) AS i
  ), '')
$$""",
    f"""
CREATE OR REPLACE FUNCTION board_search_query(q text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  spaced text := regexp_replace(q, '{UNSPACED}+', ' ', 'g');
  result tsquery;
  part tsquery;
  run text;
BEGIN
  IF spaced ~ '[[:alnum:]]' THEN
    result := plainto_tsquery('simple', spaced);
  END IF;
  FOR run IN SELECT m[1] FROM regexp_matches(q, '({UNSPACED}+)', 'g') AS m LOOP
    IF char_length(run) = 1 THEN
      part := (quote_literal(lower(run)) || ':*')::tsquery;
    ELSE
      part := phraseto_tsquery('simple', (
        SELECT string_agg(substr(run, i, 2), ' ' ORDER BY i) FROM generate_series(1, char_length(run) - 1) AS i
      ));
    END IF;
    result := CASE WHEN result IS NULL THEN part ELSE result && part END;
  END LOOP;
  -- NULL (nothing to search for) matches nothing, as an empty tsquery would, without its notice.
  RETURN result;
END
$$""",
]

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *PG_FUNCTIONS,
    """ALTER TABLE board_comment ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
       (to_tsvector('simple'::regconfig, board_search_document(body))) STORED""",
    "CREATE INDEX board_comment_search_idx ON board_comment USING gin (search_vector)",
    "CREATE INDEX board_comment_body_trgm_idx ON board_comment USING gin (upper(body) gin_trgm_ops)",
    """ALTER TABLE board_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('simple'::regconfig, board_search_document(title)), 'A')
         || setweight(to_tsvector('simple'::regconfig, board_search_document(body)), 'B')) STORED""",
    "CREATE INDEX board_article_search_idx ON board_article USING gin (search_vector)",
    "CREATE INDEX board_article_title_trgm_idx ON board_article USING gin (upper(title) gin_trgm_ops)",
    """CREATE INDEX board_repost_search_idx ON board_repost
       USING gin (to_tsvector('simple'::regconfig, board_search_document(quote)))""",
    "CREATE INDEX board_repost_quote_trgm_idx ON board_repost USING gin (upper(quote) gin_trgm_ops)",
    "CREATE INDEX board_user_display_name_trgm_idx ON board_user USING gin (upper(display_name) gin_trgm_ops)",
    "CREATE INDEX board_user_username_trgm_idx ON board_user USING gin (upper(username) gin_trgm_ops)",
]

# The extension stays: other schemas may use it, and dropping it is the database owner's call.
PG_BACKWARD = [
    "DROP INDEX IF EXISTS board_user_username_trgm_idx",
    "DROP INDEX IF EXISTS board_user_display_name_trgm_idx",
    "DROP INDEX IF EXISTS board_repost_quote_trgm_idx",
    "DROP INDEX IF EXISTS board_repost_search_idx",
    "ALTER TABLE board_article DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS board_article_title_trgm_idx",
    "DROP INDEX IF EXISTS board_comment_body_trgm_idx",
    "ALTER TABLE board_comment DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS board_search_query(text)",
    "DROP FUNCTION IF EXISTS board_search_document(text)",
]


def fts5_forward(table: str, columns: tuple[str, ...]) -> list[str]:
    """An FTS5 trigram table over ``table``'s ``columns`` (external content: the rows stay in ``table``),
    three triggers that keep it in the writing transaction, and a rebuild from the existing rows."""
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='trigram')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} WHEN {changed} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def fts5_backward(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [f"DROP TRIGGER IF EXISTS {fts}_{suffix}" for suffix in ("ai", "ad", "au")] + [
        f"DROP TABLE IF EXISTS {fts}"
    ]


SQLITE_TABLES = {
    "board_comment": ("body",),
    "board_article": ("title", "body"),
    "board_repost": ("quote",),
}


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)
    elif vendor == "sqlite":
        for table, columns in SQLITE_TABLES.items():
            _run(schema_editor, fts5_forward(table, columns))


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_BACKWARD)
    elif vendor == "sqlite":
        for table in SQLITE_TABLES:
            _run(schema_editor, fts5_backward(table))


class Migration(migrations.Migration):
    dependencies = [("board", "0007_notifications")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
