"""Every write of the moderation app: plain functions with keyword-only arguments, each one transaction that
also writes its audit entry. Views, admin actions, commands and tasks call these, never the models; they
change the board's rows only through the board's services.

Split by subject; import from here: ``from moderation.services import report_create``.
"""

from moderation.services.appeals import appeal_create, appeal_decide, decision_statements
from moderation.services.audit import audit_log_record
from moderation.services.config import thresholds_update, watched_word_save
from moderation.services.erasure import account_erased_anonymise
from moderation.services.pins import article_pin_set, comment_pin, comment_unpin
from moderation.services.queue import review_item_open, review_item_resolve
from moderation.services.reports import report_create
from moderation.services.reviews import review_decide
from moderation.services.screening import (
    content_screen,
    screening_attempt_start,
    screening_error_record,
    screening_request_create,
    screening_request_fail,
    screening_sweep,
)
from moderation.services.training import decision_examples, model_train
from moderation.services.users import (
    require_moderator,
    user_silence,
    user_suspend,
    user_trust_set,
    user_unsuspend,
)

__all__ = [
    "account_erased_anonymise",
    "appeal_create",
    "appeal_decide",
    "article_pin_set",
    "audit_log_record",
    "comment_pin",
    "comment_unpin",
    "content_screen",
    "decision_examples",
    "decision_statements",
    "model_train",
    "report_create",
    "require_moderator",
    "review_decide",
    "review_item_open",
    "review_item_resolve",
    "screening_attempt_start",
    "screening_error_record",
    "screening_request_create",
    "screening_request_fail",
    "screening_sweep",
    "thresholds_update",
    "user_silence",
    "user_suspend",
    "user_trust_set",
    "user_unsuspend",
    "watched_word_save",
]
