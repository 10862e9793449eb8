"""The review queue's own search text (PostgreSQL): each queue item carries a copy of what the queue searches,
kept by triggers in the transaction of every write that changes it, with its own indexes.

Why: the queue's search went through the board's indexes (a million comments) and then back to the queue;
a common fragment read hundreds of thousands of matches, a rare one checked each of 18,000 waiting items
against a comment row on a random heap page (PostgreSQL read a page per item). The queue's 30,000 rows with
their text beside them are a small table: its trigram index answers any fragment, and a walk of the queue in
order checks a column of the row it is on. ``moderation.admin.search`` reads these columns.

Columns of ``moderation_reviewitem`` (not declared on the model: the ORM never writes them):

- ``search_text``: a comment's body, its author's display name and username; a repost's quote and its
  user's names; an article's title and its author's display name; one per line (a search word never holds
  a line break, so a match never spans two of them). pg_trgm GIN index on ``UPPER(search_text)``, what
  ``icontains`` compiles to.
- ``search_words``: the words index of the body or the quote (``board_search_document``, as
  ``board_comment.search_vector``), for words shorter than pg_trgm serves (``股票``). GIN.
- ``search_names``: the article title and the names, which a short word matches as a substring (as the
  admin's ``icontains`` did).

Triggers: ``BEFORE INSERT OR UPDATE OF comment_id, repost_id, article_id`` on the queue fills them; an edit
of a body, quote or title (or of their author), or a renamed user, sets the content's items' ``comment_id``
(``repost_id``, ``article_id``) to itself, which fires that trigger. SQLite keeps the board's FTS5 tables.
"""

from django.db import migrations

FILL = r"""
CREATE OR REPLACE FUNCTION moderation_review_item_search_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := NULL; NEW.search_words := NULL; NEW.search_names := NULL;
  IF NEW.comment_id IS NOT NULL THEN
    SELECT concat_ws(E'\n', c.body, u.display_name, u.username),
           to_tsvector('simple'::regconfig, board_search_document(c.body)),
           concat_ws(E'\n', u.display_name, u.username)
      INTO NEW.search_text, NEW.search_words, NEW.search_names
      FROM board_comment c LEFT JOIN board_user u ON u.id = c.author_id WHERE c.id = NEW.comment_id;
  ELSIF NEW.repost_id IS NOT NULL THEN
    SELECT concat_ws(E'\n', r.quote, u.display_name, u.username),
           to_tsvector('simple'::regconfig, board_search_document(r.quote)),
           concat_ws(E'\n', u.display_name, u.username)
      INTO NEW.search_text, NEW.search_words, NEW.search_names
      FROM board_repost r LEFT JOIN board_user u ON u.id = r.user_id WHERE r.id = NEW.repost_id;
  ELSIF NEW.article_id IS NOT NULL THEN
    SELECT concat_ws(E'\n', a.title, u.display_name), concat_ws(E'\n', a.title, u.display_name)
      INTO NEW.search_text, NEW.search_names
      FROM board_article a LEFT JOIN board_user u ON u.id = a.author_id WHERE a.id = NEW.article_id;
  END IF;
  RETURN NEW;
END
$$"""

# Touching the key column fires the fill trigger (``UPDATE OF`` fires when the column is set, even to itself).
REFRESH = r"""
CREATE OR REPLACE FUNCTION moderation_review_item_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'board_comment' THEN
    UPDATE moderation_reviewitem SET comment_id = comment_id WHERE comment_id = NEW.id;
  ELSIF TG_TABLE_NAME = 'board_repost' THEN
    UPDATE moderation_reviewitem SET repost_id = repost_id WHERE repost_id = NEW.id;
  ELSIF TG_TABLE_NAME = 'board_article' THEN
    UPDATE moderation_reviewitem SET article_id = article_id WHERE article_id = NEW.id;
  ELSIF TG_TABLE_NAME = 'board_user' THEN
    UPDATE moderation_reviewitem SET comment_id = comment_id
      WHERE comment_id IN (SELECT id FROM board_comment WHERE author_id = NEW.id);
    UPDATE moderation_reviewitem SET repost_id = repost_id
      WHERE repost_id IN (SELECT id FROM board_repost WHERE user_id = NEW.id);
    UPDATE moderation_reviewitem SET article_id = article_id
      WHERE article_id IN (SELECT id FROM board_article WHERE author_id = NEW.id);
  END IF;
  RETURN NULL;
END
$$"""

# (table, the columns whose change changes the text)
WATCHED = {
    "board_comment": ("body", "author_id"),
    "board_repost": ("quote", "user_id"),
    "board_article": ("title", "author_id"),
    "board_user": ("display_name", "username"),
}

PG_FORWARD = [
    "ALTER TABLE moderation_reviewitem ADD COLUMN search_text text, ADD COLUMN search_words tsvector, "
    "ADD COLUMN search_names text",
    FILL,
    REFRESH,
    "CREATE TRIGGER moderation_review_item_search_fill BEFORE INSERT OR UPDATE OF comment_id, repost_id, "
    "article_id ON moderation_reviewitem FOR EACH ROW EXECUTE FUNCTION moderation_review_item_search_fill()",
    *(
        f"CREATE TRIGGER moderation_review_item_search_refresh AFTER UPDATE OF {', '.join(columns)} ON {table} "
        f"FOR EACH ROW WHEN ({' OR '.join(f'OLD.{c} IS DISTINCT FROM NEW.{c}' for c in columns)}) "
        "EXECUTE FUNCTION moderation_review_item_search_refresh()"
        for table, columns in WATCHED.items()
    ),
    "UPDATE moderation_reviewitem SET comment_id = comment_id",  # fills the existing items
    "CREATE INDEX review_item_search_trgm_idx ON moderation_reviewitem USING gin (upper(search_text) gin_trgm_ops)",
    "CREATE INDEX review_item_search_words_idx ON moderation_reviewitem USING gin (search_words)",
]

PG_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS moderation_review_item_search_refresh ON {table}" for table in WATCHED),
    "DROP TRIGGER IF EXISTS moderation_review_item_search_fill ON moderation_reviewitem",
    "DROP FUNCTION IF EXISTS moderation_review_item_search_refresh()",
    "DROP FUNCTION IF EXISTS moderation_review_item_search_fill()",
    "ALTER TABLE moderation_reviewitem DROP COLUMN IF EXISTS search_text, DROP COLUMN IF EXISTS search_words, "
    "DROP COLUMN IF EXISTS search_names",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0006_audit_search")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
