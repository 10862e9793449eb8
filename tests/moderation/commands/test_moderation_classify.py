"""moderation_classify: JSON Lines in, one JSON line out per input, in order; no Redis, no migrations."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.moderation.helpers import ADVICE, HONEST, SPAM
from tests.support.processes import PROJECT_DIR

LABELS = ("spam", "financial_advice")


def classify(lines: list[str]) -> list[dict]:
    out = io.StringIO()
    call_command("moderation_classify", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.sqlite  # no database needed: also in the SQLite pass
def test_one_line_per_input_in_order_with_scores_flags_and_evidence():
    rows = [
        {"id": 7, "text": SPAM},
        {"id": "b", "text": HONEST},
        {"id": None, "text": ADVICE},
        {"id": [1], "text": ""},
    ]

    results = classify([json.dumps(row) for row in rows])

    assert [r["id"] for r in results] == [7, "b", None, [1]]
    for result in results:
        assert set(result) == {"id", "spam", "financial_advice", "evidence"}
        for label in LABELS:
            assert set(result[label]) == {"score", "flagged"}
            assert isinstance(result[label]["score"], float) and 0.0 <= result[label]["score"] <= 1.0
            assert isinstance(result[label]["flagged"], bool)
        assert isinstance(result["evidence"], list)
    spam, honest, advice, _empty = results
    assert spam["spam"]["flagged"] and any("t.me" in item for item in spam["evidence"])
    assert not honest["spam"]["flagged"] and not honest["financial_advice"]["flagged"]
    assert advice["financial_advice"]["flagged"] and not advice["spam"]["flagged"]


@pytest.mark.sqlite  # no database needed: also in the SQLite pass
def test_flagged_means_the_policy_would_act():
    from moderation.classifier.pipeline import classify as classify_one

    result = classify([json.dumps({"id": 1, "text": ADVICE})])[0]

    verdict = classify_one(ADVICE)
    assert result["financial_advice"]["score"] == verdict.financial_advice.score
    assert result["financial_advice"]["flagged"] == (verdict.financial_advice.level in ("medium", "high"))


@pytest.mark.sqlite  # no database needed: also in the SQLite pass
def test_bad_lines_keep_their_place():
    results = classify(
        ['{"id": 1, "text": "fine"}', "not json", "", '{"id": 3}', '["a"]', '{"id": 5, "text": "ok"}']
    )

    assert [r["id"] for r in results] == [1, None, 3, None, 5]
    assert "error" in results[1] and "error" in results[2] and "error" in results[3]
    assert "spam" in results[4]


@pytest.mark.long
def test_ten_thousand_lines_in_one_call_in_order_without_database_or_redis(tmp_path):
    from moderation.classifier import second_opinion
    from moderation.classifier.training import load_corpus

    corpus = load_corpus()
    lines = [
        json.dumps({"id": n, "text": corpus[n % len(corpus)].text}, ensure_ascii=False) for n in range(10_000)
    ]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # Neither a migrated database nor Redis: an empty folder and a closed port.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never-created.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        # What this checks is the stream (volume, order, no services); the second opinion would add 90 s
        # here reading a quarter of the lines, and has its own tests.
        second_opinion.ENABLED_ENV: "0",
    }

    # The time it takes is a benchmark figure (bench/, docs/performance.md), not asserted here.
    result = subprocess.run(
        [sys.executable, "manage.py", "moderation_classify"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout.splitlines()
    assert len(out) == 10_000
    assert [json.loads(line)["id"] for line in out[:3]] == [0, 1, 2]
    assert json.loads(out[-1])["id"] == 9_999
    assert not (tmp_path / "never-created.sqlite3").exists()


@pytest.mark.sqlite
@pytest.mark.django_db
def test_live_config_applies_the_moderators_watched_words(moderator):
    from moderation.models import WatchedWord
    from moderation.runtime import live_config_clear
    from moderation.services import watched_word_save

    watched_word_save(actor=moderator, word=WatchedWord(pattern="zanzibar", label="spam", action="hold"))
    live_config_clear()
    out = io.StringIO()
    call_command(
        "moderation_classify",
        "--live-config",
        stdin=io.StringIO(json.dumps({"id": 1, "text": "Zanzibar is lovely"}) + "\n"),
        stdout=out,
    )

    assert any("zanzibar" in item for item in json.loads(out.getvalue())["evidence"])
