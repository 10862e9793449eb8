"""moderation_eval: precision, recall, F1 with 95% intervals and confusion counts per label, per language and
hard vs easy, and the honest-flag rate; without --data, the independent dev and test sets."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from tests.moderation.helpers import ADVICE, HONEST, SPAM

# No database needed: the small ones also run in the SQLite pass of make test (the scoring of dev and test,
# 2,400 lines, once is enough: it reads no database).
also_on_sqlite = pytest.mark.sqlite


def run(*args) -> str:
    out = io.StringIO()
    call_command("moderation_eval", *args, stdout=out)
    return out.getvalue()


@also_on_sqlite
def test_prints_metrics_and_confusion_counts_per_label(tmp_path):
    data = tmp_path / "eval.jsonl"
    rows = [
        {"text": SPAM, "spam": True, "financial_advice": False},
        {"text": ADVICE, "spam": False, "financial_advice": True},
        {"text": HONEST, "spam": False, "financial_advice": False},
        {"text": "Great analysis, thanks for sharing the numbers.", "spam": False, "financial_advice": False},
    ]
    data.write_text("\n".join(json.dumps(row) for row in rows) + "\n")

    text = run("--data", str(data))
    metrics = json.loads(run("--data", str(data), "--json"))

    for label in ("spam", "financial_advice"):
        line = next(line for line in text.splitlines() if line.strip().startswith(label))
        assert re.search(r"P=\d\.\d{3} R=\d\.\d{3} F1=\d\.\d{3}.*tp=\d+ fp=\d+ fn=\d+ tn=\d+", line), line
        row = metrics["labels"][label]
        assert row["tp"] + row["fp"] + row["fn"] + row["tn"] == 4
    assert metrics["labels"]["spam"]["tp"] == 1 and metrics["labels"]["financial_advice"]["tp"] == 1
    assert "honest touched" in text and metrics["honest"] == 2
    assert set(metrics["by_lang"]) == {"unknown"}


@also_on_sqlite
def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError):
        run("--data", str(tmp_path / "missing.jsonl"))


@pytest.mark.long
def test_without_data_it_scores_dev_and_test_with_intervals_per_language(tmp_path):
    """One run prints the table and writes the JSON (scoring both sets takes most of a minute)."""
    text = run("--json-out", str(tmp_path / "metrics.json"))
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))

    assert set(metrics) == {"dev", "test"}
    assert "== dev (dev.jsonl)" in text and "== test (test.jsonl)" in text and "95% CI" in text
    for name in ("dev", "test"):
        assert metrics[name]["examples"] >= 800
        assert len(metrics[name]["by_lang"]) >= 16
        assert set(metrics[name]["by_difficulty"]) == {"hard", "easy"}
        assert set(metrics[name]["intervals"]) == {"spam", "financial_advice", "honest_flag_rate"}


@also_on_sqlite
def test_an_unwritable_json_out_is_a_command_error(tmp_path):
    data = tmp_path / "eval.jsonl"
    data.write_text(json.dumps({"text": HONEST, "spam": False, "financial_advice": False}) + "\n")

    with pytest.raises(CommandError, match="cannot write"):
        run("--data", str(data), "--json-out", str(tmp_path / "no-such-folder" / "metrics.json"))
