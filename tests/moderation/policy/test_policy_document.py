"""docs/moderation-policy.md keeps the shared policy word for word (issue 4: "keep the two in step")."""

import re

import pytest

from tests.support.processes import PROJECT_DIR

SHARED = PROJECT_DIR.parent / "shared" / "POLICY.md"
OURS = PROJECT_DIR / "docs" / "moderation-policy.md"


def words(text: str) -> str:
    text = re.sub(r"^#+\s*", "", text, flags=re.M)  # our copy nests the headings one level deeper
    return " ".join(text.split())


@pytest.mark.skipif(not SHARED.exists(), reason="the shared policy is not beside this checkout")
def test_the_project_policy_contains_the_shared_policy():
    shared = SHARED.read_text(encoding="utf-8").split("\n", 1)[1]

    assert words(shared) in words(OURS.read_text(encoding="utf-8"))


def test_the_documented_defaults_are_the_settings(settings):
    text = OURS.read_text(encoding="utf-8")
    defaults = settings.MODERATION_DEFAULT_THRESHOLDS

    for field in ("spam_medium", "spam_high", "advice_medium", "advice_high"):
        assert re.search(rf"`{field}`\) \| {defaults[field]:.2f} \|", text), field
    for field in ("reports_to_hide", "new_account_hold_count", "approvals_for_trust"):
        assert re.search(rf"`{field}`\) \| {defaults[field]} \|", text), field
