"""The policy table of docs/moderation-policy.md as code: levels in, action out. Pure; no ORM.

| label            | level  | action                                                                 |
| ---------------- | ------ | ---------------------------------------------------------------------- |
| spam             | high   | hide at once (author sees it as under review), queue, lower trust     |
| spam             | medium | hold for review                                                        |
| financial_advice | high   | hold for review                                                        |
| financial_advice | medium | publish with the "not financial advice" notice, queue for review       |
| either           | low    | publish                                                                |

and, around the table: a watched word's action (remove > hold > flag), and the new-account hold (a trust-0
account's first comments are held whatever their scores). The strictest applicable action wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from board.models import ModerationState
from moderation.models import ContentAction, Label, Level, WatchedAction

# Strictness order: the strongest applicable action is taken.
_STRENGTH = {
    ContentAction.NONE: 0,
    ContentAction.PUBLISH: 1,
    ContentAction.NOTICE: 2,
    ContentAction.HOLD: 3,
    ContentAction.HIDE: 4,
    ContentAction.REMOVE: 5,
}

LABEL_ACTIONS = {
    Label.SPAM: {
        Level.HIGH: ContentAction.HIDE,
        Level.MEDIUM: ContentAction.HOLD,
        Level.LOW: ContentAction.NONE,
    },
    Label.FINANCIAL_ADVICE: {
        Level.HIGH: ContentAction.HOLD,
        Level.MEDIUM: ContentAction.NOTICE,
        Level.LOW: ContentAction.NONE,
    },
}
WATCHED_ACTIONS = {
    WatchedAction.REMOVE: ContentAction.REMOVE,
    WatchedAction.HOLD: ContentAction.HOLD,
    WatchedAction.FLAG: ContentAction.PUBLISH,
}
# The board's state of content after each action.
BOARD_STATES = {
    ContentAction.PUBLISH: ModerationState.VISIBLE,
    ContentAction.NOTICE: ModerationState.VISIBLE,
    ContentAction.HOLD: ModerationState.HELD,
    ContentAction.HIDE: ModerationState.HELD,
    ContentAction.REMOVE: ModerationState.REMOVED,
}


@dataclass(frozen=True)
class PolicyOutcome:
    action: ContentAction
    # Whether a moderator should look at it (everything but a plain publish, and watched "flag" words).
    queue_for_review: bool
    reasons: tuple[str, ...]
    lower_trust: bool


def label_action(label: str, level: str) -> ContentAction:
    """What one label at one level asks for on its own (recorded on the label's ``Flag``)."""
    return LABEL_ACTIONS[label][level]


def policy_outcome(
    *, levels: dict[str, str], watched_action: str | None = None, new_account_hold: bool = False
) -> PolicyOutcome:
    """Apply the policy table to the per-label ``levels`` ({"spam": "high", "financial_advice": "low"})."""
    action = ContentAction.PUBLISH
    reasons: list[str] = []
    for label in Label.values:
        level = levels.get(label, Level.LOW)
        if level != Level.LOW:
            reasons.append(f"{label}:{level}")
        candidate = label_action(label, level)
        if _STRENGTH[candidate] > _STRENGTH[action]:
            action = candidate
    if watched_action:
        reasons.append(f"watched:{watched_action}")
        candidate = WATCHED_ACTIONS[watched_action]
        if _STRENGTH[candidate] > _STRENGTH[action]:
            action = candidate
    if new_account_hold:
        reasons.append("new_account")
        if _STRENGTH[ContentAction.HOLD] > _STRENGTH[action]:
            action = ContentAction.HOLD
    queue = action in (ContentAction.NOTICE, ContentAction.HOLD, ContentAction.HIDE) or (
        watched_action == WatchedAction.FLAG and action == ContentAction.PUBLISH
    )
    return PolicyOutcome(
        action=action,
        queue_for_review=queue,
        reasons=tuple(reasons),
        lower_trust=levels.get(Label.SPAM) == Level.HIGH,
    )


def board_state_for(action: ContentAction) -> ModerationState:
    """The board's ``moderation_state`` for a content action."""
    return BOARD_STATES[action]


def risk_for(scores: dict[str, float], levels: dict[str, str]) -> float:
    """Queue order: the highest score among the labels that are not low (0 when none is)."""
    flagged = [scores[label] for label, level in levels.items() if level != Level.LOW]
    return round(max(flagged, default=0.0), 4)
