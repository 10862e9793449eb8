"""Seed one article with the benchmark tree (``bench/tree.py``) into our board, in bulk. Prints JSON.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://... .venv/bin/python -m bench.seed_board 1000

Run against an empty, migrated database (``bench/run.py`` clones a fresh one per N from a migrated
template). The few rows with rules (disclaimer, the article, its staff author) go through the services;
the tree itself is written directly, because a million ``comment_create`` calls would take hours: parent,
root, depth and the counters (``reply_count``, ``like_count``, the article's ``comment_count``) are
computed in Python from the tree and written as they would have ended up. Comments are ``visible``.
On PostgreSQL comments and likes go in with ``COPY`` (1,000,000 comments and 1.1 million likes in a few
minutes here); elsewhere with ``bulk_create``.

Column lists come from the models, so a field added later with a default is filled with that default;
a new required field without a default stops the seeder with its name.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

ARTICLE_SLUG = "bench-article"
STAFF_EMAIL = "bench-staff@example.com"
# bulk_create batch for non-PostgreSQL databases: large enough to amortize the round trip, small enough
# to stay under SQLite's variable limit with ~20 columns.
BATCH = 2000


def _row_values(model, known: dict, fields) -> list:
    """Values for ``fields`` of ``model``: from ``known`` first, else the field's default."""
    values = []
    for field in fields:
        if field.attname in known:
            values.append(known[field.attname])
        elif field.has_default():
            values.append(field.get_default())
        elif field.null:
            values.append(None)
        elif field.blank and field.empty_strings_allowed:
            values.append("")
        else:
            raise RuntimeError(f"seed_board: no value for required field {model.__name__}.{field.name}")
    return values


def _copy(connection, model, fields, rows) -> None:
    """Stream ``rows`` (value lists in ``fields`` order) into ``model``'s table with PostgreSQL COPY."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _bulk(connection, model, fields, rows) -> None:
    if connection.vendor == "postgresql":
        _copy(connection, model, fields, rows)
        return
    names = [f.attname for f in fields]
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(names, row, strict=True))))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _reset_sequence(connection, model) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))",  # noqa: S608 - table name from the model
            [table],
        )


def seed(n: int) -> dict:
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from bench import tree as bt
    from board import services
    from board.models import Article, Comment, CommentLike, ModerationState, TrustLevel, User

    started = time.perf_counter()
    tree = bt.build_tree(n)
    replies, likes = bt.reply_counts(tree), bt.like_counts(tree)
    built = time.perf_counter()

    with transaction.atomic():
        if Comment.objects.exists():
            raise SystemExit("seed_board: the database already has comments; seed an empty one")
        staff = services.user_create(
            email=STAFF_EMAIL, password=None, display_name="Bench staff", is_staff=True
        )
        disclaimer = services.disclaimer_save(
            key="bench", title="Bench disclaimer", text="Third-party content.", make_default=True
        )
        article = services.article_publish(
            author=staff,
            title="Bench article",
            body="A benchmark article.",
            disclaimer=disclaimer,
            published_at=bt.START,
            slug=ARTICLE_SLUG,
        )
        # Readers are established accounts, so screening treats their posts like any trusted reader's.
        joined = bt.START - timedelta(days=365)
        password = make_password("bench-password")
        readers = User.objects.bulk_create(
            User(
                username=f"{bt.reader_username(r)}@example.com",
                email=f"{bt.reader_username(r)}@example.com",
                display_name=bt.reader_username(r),
                referral_code=f"bench{r:07d}",
                password=password,
                trust_level=TrustLevel.TRUSTED,
                date_joined=joined,
            )
            for r in range(tree.readers)
        )
        reader_ids = [u.pk for u in readers]

        comment_fields = list(Comment._meta.concrete_fields)
        base = {
            "article_id": article.pk,
            "moderation_state": ModerationState.VISIBLE,
            "revision": 1,
            "is_pinned": False,
            "is_deleted": False,
        }

        def comment_rows():
            for c in tree.comments:
                known = {
                    **base,
                    "id": c.index + 1,
                    "author_id": reader_ids[c.author],
                    "parent_id": None if c.parent is None else c.parent + 1,
                    "root_id": None if c.root is None else c.root + 1,
                    "depth": c.depth,
                    "body": c.body,
                    "created_at": bt.created_at(c),
                    "reply_count": replies[c.index],
                    "like_count": likes[c.index],
                }
                yield _row_values(Comment, known, comment_fields)

        _bulk(connection, Comment, comment_fields, comment_rows())
        _reset_sequence(connection, Comment)
        comments_done = time.perf_counter()

        like_fields = [f for f in CommentLike._meta.concrete_fields if f.attname != "id"]

        def like_rows():
            for comment, reader in tree.likes:
                known = {
                    "comment_id": comment + 1,
                    "user_id": reader_ids[reader],
                    "created_at": bt.created_at(tree.comments[comment]),
                }
                yield _row_values(CommentLike, known, like_fields)

        _bulk(connection, CommentLike, like_fields, like_rows())
        Article.objects.filter(pk=article.pk).update(comment_count=n)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    picked = bt.targets(tree) if n else {}
    return {
        "n": n,
        "vendor": connection.vendor,
        "article_id": article.pk,
        "article_slug": article.slug,
        "comments": n,
        "likes": len(tree.likes),
        "busiest_comment_id": picked.get("busiest", -1) + 1,
        "deep_comment_id": picked.get("deep", -1) + 1,
        "seconds_tree": round(built - started, 3),
        "seconds_comments": round(comments_done - built, 3),
        "seconds_total": round(time.perf_counter() - started, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    args = parser.parse_args()
    json.dump(seed(args.n), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
