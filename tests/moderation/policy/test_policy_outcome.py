"""The policy table (docs/moderation-policy.md) as a pure function: one row per case."""

import pytest

from moderation.models import ContentAction
from moderation.policy import board_state_for, policy_outcome, risk_for

A = ContentAction


@pytest.mark.parametrize(
    ("spam", "advice", "watched", "new_account", "action", "queued", "lower_trust"),
    [
        ("high", "low", None, False, A.HIDE, True, True),
        ("medium", "low", None, False, A.HOLD, True, False),
        ("low", "high", None, False, A.HOLD, True, False),
        ("low", "medium", None, False, A.NOTICE, True, False),
        ("low", "low", None, False, A.PUBLISH, False, False),
        # Both labels: the stricter action wins.
        ("high", "high", None, False, A.HIDE, True, True),
        ("medium", "medium", None, False, A.HOLD, True, False),
        # New accounts are held whatever their scores, but never less strictly than the table says.
        ("low", "low", None, True, A.HOLD, True, False),
        ("low", "medium", None, True, A.HOLD, True, False),
        ("high", "low", None, True, A.HIDE, True, True),
        # Watched words: remove > hold > flag (flag publishes and queues).
        ("low", "low", "remove", False, A.REMOVE, False, False),
        ("high", "low", "remove", False, A.REMOVE, False, True),
        ("low", "low", "hold", False, A.HOLD, True, False),
        ("low", "low", "flag", False, A.PUBLISH, True, False),
        ("low", "medium", "flag", False, A.NOTICE, True, False),
    ],
)
def test_policy_table(spam, advice, watched, new_account, action, queued, lower_trust):
    outcome = policy_outcome(
        levels={"spam": spam, "financial_advice": advice},
        watched_action=watched,
        new_account_hold=new_account,
    )

    assert outcome.action == action
    assert outcome.queue_for_review is queued
    assert outcome.lower_trust is lower_trust


def test_reasons_name_every_cause():
    outcome = policy_outcome(
        levels={"spam": "medium", "financial_advice": "high"}, watched_action="flag", new_account_hold=True
    )

    assert outcome.reasons == ("spam:medium", "financial_advice:high", "watched:flag", "new_account")


@pytest.mark.parametrize(
    ("action", "state"),
    [
        (A.PUBLISH, "visible"),
        (A.NOTICE, "visible"),
        (A.HOLD, "held"),
        (A.HIDE, "held"),
        (A.REMOVE, "removed"),
    ],
)
def test_board_states(action, state):
    assert board_state_for(action) == state


def test_risk_is_the_highest_flagged_score():
    assert (
        risk_for({"spam": 0.7, "financial_advice": 0.95}, {"spam": "medium", "financial_advice": "high"})
        == 0.95
    )
    assert risk_for({"spam": 0.2, "financial_advice": 0.3}, {"spam": "low", "financial_advice": "low"}) == 0.0
