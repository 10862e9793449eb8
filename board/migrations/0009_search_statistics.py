"""A finer sample of the comments' search words for PostgreSQL's planner (board/search.py ``_window``).

With the default statistics target, a word outside the column's most common words was estimated at 1,500 of
a million comments (the rarest tracked share, halved); "stagflation" has 142. Below that estimate the planner
walks the newest rows for a rare word instead of reading its few matches through the index. A target of
1,000 tracks ten times as many words: "stagflation" is then estimated at 158. ANALYZE reads 300,000 rows
instead of 30,000 (9 s at a million comments, in the background, as autovacuum does).
"""

from django.db import migrations

STATISTICS_TARGET = 1000


def _set_target(schema_editor, target: int) -> None:
    if schema_editor.connection.vendor == "postgresql":  # SQLite keeps no such statistics
        schema_editor.execute(f"ALTER TABLE board_comment ALTER COLUMN search_vector SET STATISTICS {target}")


def forward(apps, schema_editor):
    _set_target(schema_editor, STATISTICS_TARGET)


def backward(apps, schema_editor):
    _set_target(schema_editor, -1)  # the server's default_statistics_target


class Migration(migrations.Migration):
    dependencies = [("board", "0008_search")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
