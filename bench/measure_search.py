"""Search at scale: seed N comments of multilingual text into a fresh PostgreSQL database, then time the
search API and the moderators' queue search in process (Django's test client). Prints and writes JSON.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/app .venv/bin/python bench/measure_search.py \
        --n 10000,1000000 [--runs 40] [--out bench/results/search.json] [--keep]

For each N a database ``<name of DATABASE_URL>_search_n<N>`` is created (dropped first if it exists: the
role needs CREATEDB), migrated and seeded; then measured; it is dropped afterwards unless ``--keep``
(a kept one is reused by a later run with ``--reuse``). ``bench/run.py --scale`` calls ``run(n)``.

The text (``bench/tree.py``'s template comments are useless here: every word is in every comment) is
drawn from Zipf-distributed vocabularies, about 65% English, 25% Chinese, 10% other (Korean, Vietnamese,
Russian), so that the fixed queries below range from rare to common; the English list starts with real
words (the query terms are real words at chosen ranks), the rest of each vocabulary is synthetic.
Comments are spread over ``ARTICLES`` articles, 97% visible; the review queue holds 3% of them (two thirds
waiting). Rows go in with ``COPY``; the search indexes are dropped during the load and built after it
(side by side, one connection each), with the definitions the migration made.

Measured: ``GET /api/v1/search/?q=...`` anonymous, ``runs`` times per query after two warm-ups (p50, p95,
p99, ms, and the result count of the first page); the admin's review queue ``?q=`` (and the comment list's)
signed in as a superuser, p50 and p95.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# What bench/run.py --scale measures.
SCALE_NS = (10_000, 1_000_000)
ARTICLES = 50
READERS = 5000
SEED = 20260101
QUEUE_SHARE = 0.03
START = datetime(2026, 1, 1, tzinfo=UTC)

# English: real words first (their rank is their place here), the query terms among them.
ENGLISH_HEAD = [
    "the",
    "to",
    "and",
    "of",
    "a",
    "in",
    "is",
    "that",
    "it",
    "for",
    "on",
    "this",
    "with",
    "as",
    "be",
    "are",
    "at",
    "not",
    "but",
    "have",
    "market",
    "stock",
    "price",
    "shares",
    "will",
    "company",
    "earnings",
    "i",
    "you",
    "they",
    "we",
    "rate",
    "year",
    "more",
    "investors",
    "just",
    "buy",
    "sell",
    "up",
    "down",
    "growth",
    "fed",
    "about",
    "bank",
    "risk",
    "if",
    "all",
    "long",
    "short",
    "its",
    "was",
    "one",
    "would",
    "revenue",
    "so",
    "can",
    "like",
    "trade",
    "money",
    "their",
    "what",
    "value",
    "profit",
    "quarter",
    "oil",
    "dollar",
    "bond",
    "index",
    "rally",
    "debt",
    "inflation",
    "interest",
    "tech",
    "think",
    "really",
    "sales",
    "than",
    "fund",
    "cash",
    "high",
    "low",
    "data",
    "report",
    "week",
    "chart",
    "any",
    "volume",
    "strong",
    "weak",
    "demand",
    "supply",
    "margin",
    "guidance",
    "outlook",
    "dividend",
    "analyst",
    "valuation",
    "sector",
    "energy",
    "china",
    "europe",
    "gold",
    "yield",
    "credit",
    "capital",
    "tariff",
    "consumer",
    "retail",
    "housing",
    "jobs",
    "wages",
    "cycle",
]
# Real words placed deep in the tail: the "medium" and "rare" query terms.
ENGLISH_MEDIUM = ("semiconductor", "buyback", "liquidity")  # ranks ~300
ENGLISH_RARE = ("stagflation", "backwardation", "contango")  # ranks ~8000
ENGLISH_VOCABULARY = 30_000
CHINESE_COMMON = "股票 市场 银行 公司 投资 利率 上涨 下跌 美元 经济 政策 数据 价格 风险 基金".split()  # noqa: SIM905
CHINESE_FOUR = (
    "股票市场",
    "货币政策",
    "通货膨胀",
    "房地产市场",
)  # words of the vocabulary, 4 and 5 characters
CHINESE_MEDIUM = ("券商", "债券", "期货")  # ranks ~300
CHINESE_RARE = ("滞胀", "回购", "做空")  # ranks ~6000
CHINESE_VOCABULARY = 20_000
HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第"
    "向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管"
    "特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处"
    "队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单"
    "风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土"
    "许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省"
    "列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置"
    "派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
)
HANGUL_SYLLABLES = [chr(code) for code in range(0xAC00, 0xAC00 + 2000, 7)]
VIETNAMESE_SYLLABLES = [
    "thị",
    "trường",
    "chứng",
    "khoán",
    "ngân",
    "hàng",
    "lãi",
    "suất",
    "giá",
    "cổ",
    "phiếu",
    "đầu",
    "tư",
    "kinh",
    "tế",
    "tăng",
    "giảm",
    "vàng",
    "dầu",
    "công",
    "ty",
    "lợi",
    "nhuận",
    "quý",
    "năm",
    "người",
    "mua",
    "bán",
]
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщыэюя"

QUERIES = {
    "en_rare": ENGLISH_RARE[0],
    "en_medium": ENGLISH_MEDIUM[0],
    "en_common": "market",
    "en_very_common": "the",
    "en_two_words": "interest rate",
    "zh2_rare": CHINESE_RARE[0],
    "zh2_medium": CHINESE_MEDIUM[0],
    "zh2_common": "股票",
    "zh4_common": "股票市场",
    "zh4_medium": "通货膨胀",
    "zh_mixed": "美元 dollar",
}
ADMIN_QUERIES = {
    "fragment_rare": ENGLISH_RARE[1][:9],  # "backwarda": a fragment of a rare word
    "fragment_common": "market",
    "link_fragment": "t.me/",
    "zh2": "股票",
    "zh4": "通货膨胀",
    "reader_name": "reader0042",
}


def log(message: str) -> None:
    print(f"[measure_search {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------------------


def _zipf_weights(size: int, exponent: float = 1.05):
    import numpy as np

    ranks = np.arange(1, size + 1, dtype=np.float64)
    weights = ranks**-exponent
    return weights / weights.sum()


def _synthetic(rng: random.Random, alphabet: str, count: int, lengths=(3, 10)) -> list[str]:
    words, seen = [], set()
    while len(words) < count:
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(*lengths)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _place(vocabulary: list[str], words, rank: int, rng: random.Random) -> None:
    for offset, word in enumerate(words):
        if word in vocabulary:
            vocabulary.remove(word)
        vocabulary.insert(rank + offset * rng.randint(1, 20), word)


def vocabularies(rng: random.Random) -> dict[str, list[str]]:
    english = list(ENGLISH_HEAD)
    english += [w for w in _synthetic(rng, "abcdefghiklmnoprstuvwy", ENGLISH_VOCABULARY) if w not in english]
    _place(english, ENGLISH_MEDIUM, 300, rng)
    _place(english, ENGLISH_RARE, 8000, rng)
    chinese = list(CHINESE_COMMON)
    chinese.insert(20, CHINESE_FOUR[0])
    chinese.insert(200, CHINESE_FOUR[1])
    chinese.insert(260, CHINESE_FOUR[2])
    chinese.insert(900, CHINESE_FOUR[3])
    known = set(chinese) | set(CHINESE_MEDIUM) | set(CHINESE_RARE)
    chinese += [w for w in _synthetic(rng, HAN, CHINESE_VOCABULARY, (1, 3)) if w not in known]
    _place(chinese, CHINESE_MEDIUM, 300, rng)
    _place(chinese, CHINESE_RARE, 6000, rng)
    korean = _synthetic(rng, "".join(HANGUL_SYLLABLES), 8000, (2, 4))
    vietnamese = [
        " ".join(rng.choice(VIETNAMESE_SYLLABLES) for _ in range(rng.randint(1, 2))) for _ in range(3000)
    ]
    russian = _synthetic(rng, CYRILLIC, 8000, (3, 10))
    return {"en": english, "zh": chinese, "ko": korean, "vi": vietnamese, "ru": russian}


def comment_texts(n: int, rng: random.Random):
    """``n`` (language, text) pairs: Zipf words, sentence lengths of real comments (10 to 60 words)."""
    import numpy as np

    vocab = vocabularies(rng)
    generator = np.random.default_rng(SEED)
    weights = {lang: _zipf_weights(len(words)) for lang, words in vocab.items()}
    shares = {"en": 0.65, "zh": 0.25, "ko": 0.035, "vi": 0.035, "ru": 0.03}
    languages = generator.choice(list(shares), size=n, p=list(shares.values()))
    lengths = generator.integers(8, 45, size=n)
    # Enough draws for every comment of the language (27 words on average, a margin for the spread).
    pools = {
        lang: generator.choice(len(vocab[lang]), size=int(n * share * 30) + 1000, p=weights[lang])
        for lang, share in shares.items()
    }
    cursors = dict.fromkeys(vocab, 0)
    for index in range(n):
        lang, count = str(languages[index]), int(lengths[index])
        start = cursors[lang]
        if start + count > len(pools[lang]):
            start = int(generator.integers(0, len(pools[lang]) - count))
        picks = pools[lang][start : start + count]
        cursors[lang] = start + count
        words = [vocab[lang][i] for i in picks]
        if lang == "zh":
            text = "\uff0c".join("".join(words[i : i + 5]) for i in range(0, len(words), 5)) + "。"
        else:
            text = " ".join(words)
            if lang == "en" and index % 97 == 0:
                text += f" see t.me/channel{index % 13}"
        yield lang, text[:4900]


# ---------------------------------------------------------------------------------------------------------
# Databases and seeding
# ---------------------------------------------------------------------------------------------------------


def database_url(base: str, name: str) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def database_name(base: str, n: int) -> str:
    return f"{urllib.parse.urlsplit(base).path.lstrip('/') or 'app'}_search_n{n}"


def admin_sql(base: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _copy(connection, model, fields, rows) -> None:
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _values(model, known: dict, fields) -> list:
    from django.db.models import JSONField

    from bench.seed_board import _row_values

    values = _row_values(model, known, fields)
    return [json.dumps(v) if isinstance(f, JSONField) else v for f, v in zip(fields, values, strict=True)]


SEARCH_INDEXES = (
    "board_comment_search_idx",
    "board_comment_body_trgm_idx",
)


# Each index build gets this much memory (GIN builds sort their entries in it; spilled, they took longer).
INDEX_BUILD_MEMORY = "1GB"


def _build_in_parallel(statements: list[str]) -> None:
    """Run each ``CREATE INDEX`` on a connection of its own, all at once (PostgreSQL 15 builds a GIN index in
    one process; one after the other, the two took 270 s at a million comments)."""
    from concurrent.futures import ThreadPoolExecutor

    import psycopg

    def build(statement: str) -> None:
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(f"SET maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
            conn.execute(statement)

    with ThreadPoolExecutor(max_workers=len(statements) or 1) as pool:
        list(pool.map(build, statements))


def seed(n: int) -> dict:
    """Seed N comments (and the queue) into the current, migrated, empty database."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from board import services
    from board.models import Article, Comment, ModerationState, TrustLevel, User
    from moderation.models import ContentKind, ReviewItem, ReviewStatus

    rng = random.Random(SEED)
    started = time.perf_counter()
    with transaction.atomic():
        staff = services.user_create(
            email="bench-search-staff@example.com",
            password="bench-password",  # noqa: S106 - a throwaway benchmark database
            display_name="Bench search staff",
            is_staff=True,
            is_superuser=True,
        )
        disclaimer = services.disclaimer_save(
            key="bench", title="Bench disclaimer", text="Third-party content.", make_default=True
        )
        articles = [
            services.article_publish(
                author=staff,
                title=f"Markets story {i}: {rng.choice(ENGLISH_HEAD[20:])} and {rng.choice(CHINESE_COMMON)}",
                body="A benchmark article about markets, banks and 股票市场.",
                disclaimer=disclaimer,
                published_at=START + timedelta(hours=i),
                slug=f"bench-search-{i}",
            )
            for i in range(ARTICLES)
        ]
        password = make_password("bench-password")
        readers = User.objects.bulk_create(
            User(
                username=f"reader{r:04d}@example.com",
                email=f"reader{r:04d}@example.com",
                display_name=f"reader{r:04d}",
                referral_code=f"bsearch{r:07d}",
                password=password,
                trust_level=TrustLevel.TRUSTED,
            )
            for r in range(READERS)
        )
        reader_ids = [u.pk for u in readers]
        article_ids = [a.pk for a in articles]
        with connection.cursor() as cursor:
            definitions = {}
            for name in SEARCH_INDEXES:
                cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
                definitions[name] = cursor.fetchone()[0]
                cursor.execute(f"DROP INDEX {name}")

        fields = list(Comment._meta.concrete_fields)
        seconds = n * 60  # a comment a minute per article, spread back from now
        states = {}

        def rows():
            for index, (language, text) in enumerate(comment_texts(n, rng)):
                state = ModerationState.VISIBLE if rng.random() < 0.97 else ModerationState.HELD
                states[index + 1] = state
                known = {
                    "id": index + 1,
                    "article_id": article_ids[index % ARTICLES],
                    "author_id": reader_ids[rng.randrange(READERS)],
                    "parent_id": None,
                    "root_id": None,
                    "depth": 0,
                    "body": text,
                    "language": language,
                    "moderation_state": state,
                    "created_at": START + timedelta(seconds=seconds * index / max(n, 1)),
                }
                yield _values(Comment, known, fields)

        _copy(connection, Comment, fields, rows())
        copied = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('board_comment', 'id'), (SELECT MAX(id) FROM board_comment))"
            )
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys, checked now
    # Committed, so that other connections see the rows: the indexes are built side by side (one core each).
    _build_in_parallel(list(definitions.values()))
    indexed = time.perf_counter()
    with transaction.atomic():
        queue_fields = [f for f in ReviewItem._meta.concrete_fields if f.attname != "id"]
        queued = sorted(rng.sample(range(1, n + 1), max(1, int(n * QUEUE_SHARE))))

        def queue_rows():
            for comment_id in queued:
                held = states[comment_id] == ModerationState.HELD
                status = ReviewStatus.OPEN if held or rng.random() < 0.6 else ReviewStatus.RESOLVED
                opened = START + timedelta(seconds=comment_id)
                yield _values(
                    ReviewItem,
                    {
                        "content_kind": ContentKind.COMMENT,
                        "comment_id": comment_id,
                        "status": status,
                        "risk": round(rng.random(), 3),
                        "opened_at": opened,
                        "updated_at": opened,
                        "resolved_at": None if status == ReviewStatus.OPEN else opened,
                        "reasons": ["bench"],
                    },
                    queue_fields,
                )

        _copy(connection, ReviewItem, queue_fields, queue_rows())
        Article.objects.filter(pk__in=article_ids).update(comment_count=n // ARTICLES)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "n": n,
        "queue_items": len(queued),
        "seconds_copy_comments": round(copied - started, 1),
        "seconds_build_indexes": round(indexed - copied, 1),
        "seconds_total": round(time.perf_counter() - started, 1),
    }


# ---------------------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------------------


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": at(0.95),
        "p99": at(0.99),
        "runs": len(ordered),
    }


def _timed(fetch, runs: int) -> tuple[dict, object]:
    for _ in range(2):
        response = fetch()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = fetch()
        samples.append((time.perf_counter() - t0) * 1000)
    return _percentiles(samples), response


def measure(runs: int) -> dict:
    from django.test import Client

    from board.models import User
    from config.heap import settle_heap

    settle_heap()  # what config.wsgi does in every worker: this process is the server here
    client = Client()
    api = {}
    for name, query in QUERIES.items():
        url = "/api/v1/search/?" + urllib.parse.urlencode({"q": query})

        def fetch(url=url):  # bench.settings lifts the search's throttle: no counter to clear
            response = client.get(url)
            assert response.status_code == 200, (response.status_code, response.content[:300])
            return response

        figures, response = _timed(fetch, runs)
        figures["query"] = query
        figures["results_first_page"] = len(response.json()["results"])
        api[name] = figures
        log(f"api {name} {query!r}: {figures}")

    moderator = Client()
    moderator.force_login(User.objects.get(email="bench-search-staff@example.com"))
    admin = {}
    # The queue (the target) as many runs as the API, so that its p95 is not one slow page of twenty; the
    # comment list (seconds for a rare fragment, no target) a quarter.
    pages = (
        ("queue", "/admin/moderation/reviewitem/", runs),
        ("comments", "/admin/board/comment/", max(10, runs // 4)),
    )
    for page, path, page_runs in pages:
        for name, query in ADMIN_QUERIES.items():
            url = path + "?" + urllib.parse.urlencode({"q": query})

            def fetch(url=url):
                response = moderator.get(url)
                assert response.status_code == 200, (response.status_code, response.content[:300])
                return response

            figures, _response = _timed(fetch, page_runs)
            figures["query"] = query
            admin[f"{page}_{name}"] = figures
            log(f"admin {page} {name} {query!r}: {figures}")
    return {"api": api, "admin": admin}


def summary(api: dict, admin: dict) -> dict:
    english = [v["p95"] for k, v in api.items() if k.startswith("en_")]
    chinese = [v["p95"] for k, v in api.items() if k.startswith("zh")]
    queue = [v["p95"] for k, v in admin.items() if k.startswith("queue_")]
    return {
        "api_p95_max_english_ms": max(english),
        "api_p95_max_chinese_ms": max(chinese),
        "admin_queue_p95_max_ms": max(queue),
    }


def run_one(n: int, runs: int, reuse: bool) -> dict:
    """In this process: Django on the database DATABASE_URL names (migrated and seeded unless reused)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.core.management import call_command

    from board.models import Comment

    seeded = None
    if not (reuse and Comment.objects.exists()):
        call_command("migrate", verbosity=0)
        log(f"seeding {n} comments")
        seeded = seed(n)
        log(f"seeded: {seeded}")
    measured = measure(runs)
    return {"n": n, "seed": seeded, **measured, "summary": summary(measured["api"], measured["admin"])}


def run(
    n: int, *, base_url: str | None = None, runs: int = 40, keep: bool = False, reuse: bool = False
) -> dict:
    """Create ``<db>_search_n<N>``, seed and measure it in a child process, drop it (unless ``keep``)."""
    base = base_url or os.environ["DATABASE_URL"]
    name = database_name(base, n)
    if not reuse:
        admin_sql(base, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": database_url(base, name)}
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(n), "--runs", str(runs)]
    if reuse:
        cmd.append("--reuse")
    try:
        output = subprocess.run(
            cmd, env=env, cwd=ROOT, check=True, capture_output=False, stdout=subprocess.PIPE
        )
        return json.loads(output.stdout.decode().strip().splitlines()[-1])
    finally:
        if not keep:
            admin_sql(base, f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", default="10000,1000000", help="comma-separated numbers of comments")
    parser.add_argument(
        "--runs",
        type=int,
        default=40,
        help="timed runs per API query and queue page (comment list: a quarter)",
    )
    parser.add_argument("--out", help="also write the JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the seeded databases")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a kept database without seeding (and keep it)"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child: this database, this N
    args = parser.parse_args()
    if args.one is not None:
        sys.stdout.write(json.dumps(run_one(args.one, args.runs, args.reuse)) + "\n")
        return
    results = {
        "kind": "search",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "by_n": {},
    }
    for n in (int(part) for part in args.n.split(",")):
        # A reused database is kept: it took minutes to seed, and dropping it was the default.
        results["by_n"][str(n)] = run(n, runs=args.runs, keep=args.keep or args.reuse, reuse=args.reuse)
    text = json.dumps(results, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
