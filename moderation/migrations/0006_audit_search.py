"""The audit log's text search (actor, action code, reason) through an index: pg_trgm GIN indexes on
``UPPER(column)`` (what the admin's ``icontains`` compiles to) on PostgreSQL; an FTS5 trigram table kept by
triggers on SQLite (the board's helper from ``board/0008_search``, which also creates pg_trgm)."""

import importlib

from django.db import migrations

board_search = importlib.import_module("board.migrations.0008_search")

TABLE = "moderation_auditlogentry"
COLUMNS = ("actor_label", "action", "reason")


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for column in COLUMNS:
            schema_editor.execute(
                f"CREATE INDEX audit_{column}_trgm_idx ON {TABLE} USING gin (upper({column}) gin_trgm_ops)",
                params=None,
            )
    elif vendor == "sqlite":
        for statement in board_search.fts5_forward(TABLE, COLUMNS):
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for column in COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS audit_{column}_trgm_idx", params=None)
    elif vendor == "sqlite":
        for statement in board_search.fts5_backward(TABLE):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_moderator_appeal_permissions"), ("board", "0008_search")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
