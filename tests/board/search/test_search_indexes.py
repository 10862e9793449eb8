"""The search indexes exist after all migrations: the PostgreSQL functions, generated columns and GIN
indexes; SQLite's FTS5 tables and the triggers that keep them (a later migration that makes Django rebuild
one of these tables on SQLite drops its triggers: this test says so)."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]

FTS_TABLES = ("board_comment", "board_article", "board_repost", "moderation_auditlogentry")
PG_INDEXES = {
    "board_comment_search_idx",
    "board_comment_body_trgm_idx",
    "board_article_search_idx",
    "board_article_title_trgm_idx",
    "board_repost_search_idx",
    "board_repost_quote_trgm_idx",
    "board_user_display_name_trgm_idx",
    "board_user_username_trgm_idx",
    "audit_actor_label_trgm_idx",
    "audit_action_trgm_idx",
    "audit_reason_trgm_idx",
}


def test_the_indexes_and_their_upkeep_exist():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            names = {row[0] for row in cursor.fetchall()}
            for table in FTS_TABLES:
                assert {f"{table}_fts", f"{table}_fts_ai", f"{table}_fts_ad", f"{table}_fts_au"} <= names
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
            assert {row[0] for row in cursor.fetchall()} >= PG_INDEXES
            cursor.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'search_vector' "
                "AND is_generated = 'ALWAYS'"
            )
            assert {row[0] for row in cursor.fetchall()} == {"board_comment", "board_article"}
            cursor.execute(
                "SELECT board_search_document('股票市场 ok'), board_search_query('银行 Rate')::text"
            )
            assert cursor.fetchone() == ("  ok 股票 票市 市场 场", "'rate' & '银行'")


@pytest.mark.postgres
def test_queries_use_the_indexes_at_volume():
    """With sequential scans off, the plans of a two-character Chinese query and of an admin fragment
    name the GIN indexes (a plan that cannot use them would still scan)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM board_comment WHERE search_vector @@ board_search_query('股票')"
        )
        assert "board_comment_search_idx" in " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN SELECT id FROM board_comment WHERE UPPER(body::text) LIKE UPPER('%t.me/%')")
        assert "board_comment_body_trgm_idx" in " ".join(row[0] for row in cursor.fetchall())
