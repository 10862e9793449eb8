"""moderation_train: rebuilds the shipped model's recipe without decisions; learns from decisions; activates
only a model that is not worse on the dev set, and workers pick it up within the config TTL."""

import io
import json

import pytest
from django.core.management import call_command

from moderation import runtime
from moderation.services import review_decide
from moderation.services.training import not_worse
from tests.moderation.helpers import HONEST, post_comment


def train(*args) -> dict:
    out = io.StringIO()
    call_command("moderation_train", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


# The whole recipe: about 130 s alone, twice that beside another CPU-bound test.
@pytest.mark.long
@pytest.mark.timeout(900)
@pytest.mark.django_db
def test_without_decisions_it_rebuilds_the_shipped_model_on_any_cpu():
    """Same recipe, same identity; metrics equal within what another CPU's floating point can move."""
    from moderation.classifier.evaluation import evaluate
    from moderation.classifier.model import METRIC_TOLERANCE, default_bundle
    from moderation.classifier.pipeline import classify_many
    from moderation.classifier.training import DEV_PATH, load_corpus

    shipped = default_bundle()
    expected = evaluate(
        load_corpus(DEV_PATH), lambda texts: classify_many(texts, bundle=shipped, known_vectors=True)
    )

    result = train()

    assert result["examples_from_decisions"] == 0
    assert result["content_hash"] == shipped.content_hash and result["same_as_active"]
    for label in ("spam", "financial_advice"):
        assert result["metrics"]["labels"][label]["f1"] == pytest.approx(
            expected["labels"][label]["f1"], abs=METRIC_TOLERANCE
        )
    assert result["metrics"]["honest_flag_rate"] == pytest.approx(
        expected["honest_flag_rate"], abs=METRIC_TOLERANCE
    )
    assert not result["activated"] and runtime.active_pointer() is None


@pytest.fixture
def small_corpus(tmp_path, monkeypatch):
    """Training reads every 20th row of the families, the natural comments, the template corpus and dev: the
    same command and code path in seconds, not minutes (the full recipe is the test above)."""
    from moderation.classifier import training

    for name in ("FAMILIES_PATH", "NATURAL_PATH", "DEFAULT_CORPUS_PATH", "DEV_PATH"):
        full = getattr(training, name)
        small = tmp_path / full.name
        small.write_text("".join(full.read_text(encoding="utf-8").splitlines(True)[::20]), encoding="utf-8")
        monkeypatch.setattr(training, name, small)


@pytest.mark.django_db
def test_decisions_become_examples_and_a_forced_model_is_picked_up(
    small_corpus, article, reader, moderator, screen, settings
):
    comments = [post_comment(article=article, author=reader, body=f"{HONEST} Take {n}.") for n in range(3)]
    for comment in comments:
        screen(comment)
    review_decide(
        moderator=moderator, comment=comments[0], decision="confirm_label", label="financial_advice"
    )
    review_decide(moderator=moderator, comment=comments[1], decision="reject_label", label="spam")
    review_decide(moderator=moderator, comment=comments[2], decision="remove", label="spam")
    settings.MODERATION_CONFIG_TTL_SECONDS = 0
    before = runtime.active_bundle().full_version

    result = train("--force")

    assert result["examples_from_decisions"] == 3
    assert result["activated"] and not result["same_as_active"]
    pointer = runtime.active_pointer()
    assert pointer["version"] == result["metrics"]["model_version"] != before
    assert runtime.active_bundle().full_version == pointer["version"]


def test_the_activation_rule():
    active = {"labels": {"spam": {"f1": 0.95}, "financial_advice": {"f1": 0.92}}, "honest_flag_rate": 0.02}
    better = {"labels": {"spam": {"f1": 0.96}, "financial_advice": {"f1": 0.92}}, "honest_flag_rate": 0.02}
    worse_f1 = {"labels": {"spam": {"f1": 0.96}, "financial_advice": {"f1": 0.91}}, "honest_flag_rate": 0.01}
    worse_honest = {
        "labels": {"spam": {"f1": 0.96}, "financial_advice": {"f1": 0.93}},
        "honest_flag_rate": 0.03,
    }

    assert not_worse(better, active) == (True, [])
    assert not not_worse(worse_f1, active)[0]
    assert not not_worse(worse_honest, active)[0]
