"""The review queue's cells, from templates (``admin/moderation/queue/``), as Django's own
``admin/templatetags/admin_list.py`` renders a changelist's rows: each function below prepares one cell's
context; the queue's columns render them with ``render_to_string`` and the content page with the
inclusion tags. Text is escaped by the templates; nothing here builds HTML.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.timesince import timesince

from moderation.admin.decisions import SILENCE_DURATIONS
from moderation.admin.links import detail_url, id_url
from moderation.content import content_article, content_text_shown
from moderation.models import REASON_MAX_LENGTH, ContentKind, Decision, Label, Level

register = template.Library()

TEXT_CHARS = 600
ARTICLE_TITLE_CHARS = 80
EVIDENCE_SHOWN = 5
EVIDENCE_CHARS = 90
LEVEL_ORDER = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}
SHORT_DURATIONS = {"24h": "24 h", "7d": "7 d", "30d": "30 d"}

CONTENT_TEMPLATE = "admin/moderation/queue/_content.html"
AUTHOR_TEMPLATE = "admin/moderation/queue/_author.html"
LABELS_TEMPLATE = "admin/moderation/queue/_labels.html"
DECIDE_TEMPLATE = "admin/moderation/queue/_decide.html"
DECIDED_TEMPLATE = "admin/moderation/queue/_decided.html"


def _ago(moment, now=None) -> str:
    """ "3 hours" of "3 hours, 5 minutes": the largest unit only."""
    return timesince(moment, now).split(",")[0]


def _past_decisions(decisions: dict[str, int] | None) -> str:
    if decisions is None:
        return "n/a"
    if not decisions:
        return "none"
    return ", ".join(f"{Decision(name).label} {count}" for name, count in sorted(decisions.items()))


@register.inclusion_tag(AUTHOR_TEMPLATE)
def queue_author(author, decisions: dict[str, int] | None = None, now=None) -> dict:
    """Name (linked), badges, account age and trust, past decisions, silence and suspension; an erased
    account's content has no author (``author`` None)."""
    if author is None:
        return {"author": None, "erased": True}
    now = now or timezone.now()
    silenced = author.silenced_until is not None and author.silenced_until > now
    return {
        "author": author,
        "url": id_url("admin:board_user_change", object_id=author.pk),
        "silenced_until": (
            timezone.localtime(author.silenced_until).strftime("%Y-%m-%d %H:%M") if silenced else ""
        ),
        "joined": _ago(author.date_joined, now),
        "past": _past_decisions(decisions),
    }


def _evidence_lines(evidence: list) -> list[str]:
    """The classifier's language and block scores folded into one line, then what fired (rules, cues,
    links, behaviour, watched words): so the features show within ``EVIDENCE_SHOWN`` lines."""
    lines = [str(line) for line in evidence]
    language = next((line.removeprefix("lang:") for line in lines if line.startswith("lang:")), None)
    blocks = [line.removeprefix("block:").replace("=", " ") for line in lines if line.startswith("block:")]
    rest = [line for line in lines if not line.startswith(("lang:", "block:"))]
    if language is None and not blocks:
        return rest
    summary = " · ".join(
        part for part in (f"language {language}" if language else "", ", ".join(blocks)) if part
    )
    model = [line for line in rest if line.startswith("model:")]
    return model + [summary] + [line for line in rest if not line.startswith("model:")]


def _label_row(label: str, name: str, flag, summary_entry) -> dict | None:
    if flag is not None:
        score, level, status, evidence = flag.score, flag.level, flag.status, _evidence_lines(flag.evidence)
    elif isinstance(summary_entry, dict):
        score, level, status, evidence = (
            summary_entry.get("score", 0.0),
            summary_entry.get("level", "low"),
            "",
            [],
        )
    else:
        return None
    if level == Level.LOW:  # nothing fired but the model's own low score: no list to read
        evidence = [line for line in evidence if not str(line).startswith("model:")]
    shown = [Truncator(line).chars(EVIDENCE_CHARS) for line in evidence[:EVIDENCE_SHOWN]]
    return {
        "label": label,
        "name": name,
        "level": level,
        "score": f"{score:.2f}",
        "status": status,
        "evidence": shown,
        "more": len(evidence) - len(shown),
    }


@register.inclusion_tag(LABELS_TEMPLATE)
def queue_labels(flags: dict, summary: dict, key: str, can_decide: bool) -> dict:
    """Each label's score, level, status and evidence, with its confirm/reject buttons."""
    rows = [_label_row(label, name, flags.get(label), summary.get(label)) for label, name in Label.choices]
    return {"rows": [row for row in rows if row], "key": key, "can_decide": can_decide}


def suggested_label(flags: dict, summary: dict) -> str:
    """The label a removal most likely confirms: the highest-scoring label above low, or none."""
    candidates = []
    for label in Label.values:
        flag = flags.get(label)
        level = flag.level if flag else (summary.get(label) or {}).get("level", Level.LOW)
        score = flag.score if flag else (summary.get(label) or {}).get("score", 0.0)
        if level != Level.LOW:
            candidates.append((LEVEL_ORDER.get(level, 3), -score, label))
    return min(candidates)[2] if candidates else ""


@register.inclusion_tag(DECIDE_TEMPLATE)
def queue_decide(
    *, kind: str, object_id: int, suggested: str, author_name: str, decide: bool, moderate: bool
):
    """The one-click controls of one piece of content (a row of the queue, or the content page)."""
    return {
        "key": f"{kind}:{object_id}",
        "field": f"{kind}-{object_id}",
        "decide": decide,
        "moderate": moderate,
        "labels": [(value, text, value == suggested) for value, text in [("", "no label"), *Label.choices]],
        "silences": [
            (duration, words, SHORT_DURATIONS[duration])
            for duration, (_period, words) in SILENCE_DURATIONS.items()
        ],
        "author_name": author_name,
        "reason_max": REASON_MAX_LENGTH,
    }


def _watched(item) -> list[str]:
    """What the watched words matched, as the latest classification recorded it."""
    for flag in getattr(item, "label_flags", {}).values():
        return (flag.classification.scores or {}).get("watched", []) if flag.classification_id else []
    return []


def queue_content(item) -> dict:
    """The content cell: what it is (linked to its page), its state, text, article, why it is queued."""
    target, kind = item.target, item.content_kind
    article = content_article(kind, target)
    return {
        "url": detail_url(kind, target.pk),
        "kind": kind,
        "target": target,
        "notice": kind == ContentKind.COMMENT and target.advice_notice,
        "reply": kind == ContentKind.COMMENT and bool(target.parent_id),
        "text": Truncator(content_text_shown(kind, target)).chars(TEXT_CHARS),
        "translation": getattr(target, "translation", None),
        "article_url": id_url("admin:board_article_change", object_id=article.pk),
        "article_title": Truncator(article.title).chars(ARTICLE_TITLE_CHARS),
        "why": ", ".join(item.reasons) or "—",
        "risk": f"{item.risk:.2f}",
        "opened": _ago(item.opened_at),
        "watched": "; ".join(_watched(item)),
        "reasons": getattr(item, "report_reasons", []),
        "reports_total": getattr(item, "reports_total", 0),
        "report_count": item.report_count,
    }


def queue_decided(item) -> dict:
    """The decide cell of an item already decided: what, by whom, when."""
    return {
        "resolution": item.resolution or "decided",
        "by": item.resolved_by or "—",
        "ago": _ago(item.resolved_at) if item.resolved_at else "?",
    }
