"""Pipeline combination: thresholds -> levels, the stacked probability with the hard rules and behaviour by
noisy-OR, soft rules as evidence only, watched words, batch == single, and the verdict's plain-data form. Most
tests use a stub model so the numbers are exact."""

import numpy as np
import pytest

from moderation.classifier.model import Scores
from moderation.classifier.pipeline import Behaviour, Thresholds, Verdict, classify, classify_many
from moderation.classifier.rules import WatchedRule


class StubBundle:
    """A model that returns fixed probabilities, so the pipeline's arithmetic can be checked exactly."""

    full_version = "stub+000000000000"

    def __init__(self, spam: float = 0.0, advice: float = 0.0) -> None:
        self.spam, self.advice = spam, advice

    def score(self, inputs, encode_fn=None, second_fn=None) -> Scores:
        n = len(inputs.normalized)
        probability = {"spam": np.full(n, self.spam), "financial_advice": np.full(n, self.advice)}
        blocks = {label: {"char": p, "lexicon": p, "encoder": p} for label, p in probability.items()}
        return Scores(probability=probability, blocks=blocks, encoder_available=True)


@pytest.mark.parametrize(
    ("score", "level"),
    [(0.0, "low"), (0.49, "low"), (0.5, "medium"), (0.84, "medium"), (0.85, "high"), (1.0, "high")],
)
def test_default_thresholds_map_scores_to_levels(score: float, level: str) -> None:
    thresholds = Thresholds()
    assert thresholds.level("spam", score) == level
    assert thresholds.level("financial_advice", score) == level


def test_model_probability_alone_sets_the_level() -> None:
    verdict = classify("a plain sentence", bundle=StubBundle(spam=0.6, advice=0.1))
    assert (verdict.spam.score, verdict.spam.level, verdict.spam.flagged) == (0.6, "medium", True)
    assert (verdict.financial_advice.level, verdict.financial_advice.flagged) == ("low", False)
    assert verdict.spam.evidence[0] == "model:0.60"
    assert verdict.model_version == "stub+000000000000"


def test_hard_rules_combine_with_the_model_by_noisy_or_and_soft_rules_are_evidence() -> None:
    verdict = classify("Use my referral code AB12CD", bundle=StubBundle(spam=0.5))
    # Only the hard referral_code rule (0.9) acts; referral_link and referral_word are evidence.
    assert verdict.spam.score == pytest.approx(1 - 0.5 * 0.1, abs=1e-4)
    assert verdict.spam.level == "high"
    assert any(item.startswith("rule:spam.referral_code") for item in verdict.spam.evidence)
    assert any(item.startswith("rule:spam.referral_word") for item in verdict.spam.evidence)
    soft = classify("you should buy more now", bundle=StubBundle(advice=0.2))
    assert soft.financial_advice.score == pytest.approx(0.2)


def test_evidence_names_the_language_blocks_and_cues() -> None:
    verdict = classify("现在满仓抄底，加我微信进群", bundle=StubBundle(spam=0.7, advice=0.6))
    evidence = verdict.spam.evidence
    assert evidence[:5] == (
        "model:0.70",
        "lang:zh(1.00)",
        "block:char=0.70",
        "block:encoder=0.70",
        "block:lexicon=0.70",
    )
    assert "lex:sp_offsite('微信')" in evidence
    assert any(item.startswith("lex:adv_buy(") for item in verdict.financial_advice.evidence)
    assert verdict.language == "zh"


def test_thresholds_are_overridable() -> None:
    strict = Thresholds(spam_medium=0.3, spam_high=0.5)
    verdict = classify("x", bundle=StubBundle(spam=0.4), thresholds=strict)
    assert verdict.spam.level == "medium"
    assert Thresholds.from_mapping({"spam": {"medium": 0.2, "high": 0.4}}).for_label("spam") == (0.2, 0.4)
    assert Thresholds.from_mapping({"financial_advice_high": 0.9}).financial_advice_high == 0.9
    with pytest.raises(ValueError, match="medium"):
        Thresholds(spam_medium=0.9, spam_high=0.5)


def test_watched_words_report_an_action_and_evidence_without_changing_scores() -> None:
    watched = [
        WatchedRule(pattern="moonshot", label="financial_advice", action="hold", name="w1"),
        WatchedRule(pattern="lambo", action="flag", name="w2"),
    ]
    plain = classify("moonshot lambo", bundle=StubBundle())
    verdict = classify("moonshot lambo", watched=watched, bundle=StubBundle())
    assert verdict.watched_action == "hold"
    assert verdict.financial_advice.score == plain.financial_advice.score
    assert "watched:w1('moonshot',hold)" in verdict.financial_advice.evidence
    assert [hit.name for hit in verdict.watched_hits] == ["w1", "w2"]
    assert classify("nothing here", watched=watched, bundle=StubBundle()).watched_action is None


def test_behaviour_signals_raise_spam_only() -> None:
    behaviour = Behaviour(duplicates_recent=6, posts_last_10min=3, account_age_hours=2.0, trust_level=0)
    verdict = classify("same text again", behaviour=behaviour, bundle=StubBundle(spam=0.1))
    assert verdict.spam.level == "high"
    assert "behaviour:duplicates(6)" in verdict.spam.evidence
    assert verdict.financial_advice.score == 0.0


def test_links_count_without_behaviour_and_unknown_hosts_only_for_new_accounts() -> None:
    assert "link:denied(t.me)" in classify("see t.me/abc", bundle=StubBundle()).spam.evidence
    text = "see shiny-widgets.xyz/now"
    assert classify(text, bundle=StubBundle()).spam.score == 0.0
    new = classify(text, behaviour=Behaviour(account_age_hours=1.0), bundle=StubBundle())
    assert new.spam.score == pytest.approx(0.3)


def test_batch_equals_single_with_the_shipped_model() -> None:
    texts = [
        "Join our VIP telegram t.me/pumpvip",
        "I think NVDA is overvalued",
        "Buy SOL now, trust me",
        "\u52a0\u6211\u5fae\u4fe1 abc8899 \u8fdb\u7fa4",
        "",
        "\u8305\u53f0\u4f30\u503c\u592a\u9ad8\u4e86",
    ]
    behaviours = [None, Behaviour(duplicates_recent=3), None, None, None, Behaviour(trust_level=0)]
    batch = classify_many(texts, behaviour=behaviours)
    assert batch == [classify(text, behaviour=b) for text, b in zip(texts, behaviours, strict=True)]
    assert classify_many([]) == []
    with pytest.raises(ValueError, match="behaviour"):
        classify_many(["a", "b"], behaviour=[None])


def test_verdict_to_dict_is_plain_json_data() -> None:
    import json

    verdict = classify("Use my referral code AB12CD", watched=[WatchedRule(pattern="code", name="c")])
    assert isinstance(verdict, Verdict)
    data = json.loads(json.dumps(verdict.to_dict()))
    assert set(data) == {
        "spam",
        "financial_advice",
        "model_version",
        "watched_action",
        "watched",
        "language",
        "encoder_available",
    }
    assert set(data["spam"]) == {"score", "level", "flagged", "evidence"}
    assert 0.0 <= data["spam"]["score"] <= 1.0
    assert data["watched_action"] == "flag"
