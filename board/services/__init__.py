"""Every write of the board: plain functions with keyword-only arguments, each one transaction.

Views, admin actions, commands, tasks and the apps built on the board (moderation) call these; none of
them writes the models directly. Split by topic; import from here: ``from board.services import
comment_create``.

Counters. Stored counters move in the same transaction as the change, with ``F()`` updates (the row lock
they take lasts until commit, so concurrent changes serialize and none is lost). ``Article.comment_count``
and ``Comment.reply_count`` count what every reader sees (``Comment.counts_as_visible``). Services that
move a counter a caller shows (likes, reposts, shares, rewards) set its stored value on the instance.

Lock order. To avoid deadlocks, a transaction takes row locks in this order: users (by primary key), then
comments (the comment before its parent), then the article, last.

Languages and translations. Every text records its detected language where it is written (``language``,
``board.language``); an edit or a deletion drops the content's translations in the same transaction
(``translations_drop``).

Moderation. New comments and reposts start in ``NEW_CONTENT_STATE``; each place where text is written
calls ``board.extensions.content_submitted`` inside the transaction: the hooks named in
``BOARD_CONTENT_SUBMITTED_HOOKS`` (moderation's screening) run there. Moderation changes what it moderates
through the primitives below (``*_set_moderation_state``, ``*_pinned_set``, ``user_*_set``), around which
it checks the actor and writes its audit rows.
"""

from board.services.accounts import (
    account_register,
    auth_token_issue,
    auth_token_revoke,
    display_name_clean,
    ensure_not_silenced,
    user_active_set,
    user_create,
    user_silence_set,
    user_trust_level_set,
    user_update,
)
from board.services.articles import (
    ARTICLE_EDITABLE_FIELDS,
    article_abstract_generate,
    article_abstract_mark_failed,
    article_editor_check,
    article_pinned_set,
    article_publish,
    article_update,
    disclaimer_save,
)
from board.services.comments import (
    COMMENT_MAX_DEPTH,
    comment_create,
    comment_delete,
    comment_edit,
    comment_pinned_set,
    comment_set_moderation_state,
)
from board.services.common import NEW_CONTENT_STATE, Change, content_language_set
from board.services.notifications import (
    comment_published_notify,
    digest_unsubscribe,
    digest_unsubscribe_token,
    mentions_find,
    mute_create,
    mute_delete,
    notification_digest_send,
    notification_enqueue,
    notification_record,
    notification_settings_get,
    notification_settings_update,
    notifications_mark_read,
    reward_notify,
)
from board.services.privacy import (
    ErasedIdentity,
    ExportAnswer,
    account_erase,
    account_export_build,
    account_export_download,
    account_export_request,
    account_exports_purge,
    account_password_check,
    user_erase,
)
from board.services.reactions import article_like, article_unlike, comment_like, comment_unlike
from board.services.rewards import idempotency_key_clean, ledger_grant, reward_create, reward_points_clean
from board.services.shares import (
    repost_create,
    repost_delete,
    repost_set_moderation_state,
    share_create,
    share_url,
)
from board.services.translations import (
    translation_perform,
    translations_drop,
    translations_request,
    translations_sweep,
)

__all__ = [
    "ARTICLE_EDITABLE_FIELDS",
    "COMMENT_MAX_DEPTH",
    "NEW_CONTENT_STATE",
    "Change",
    "ErasedIdentity",
    "ExportAnswer",
    "account_erase",
    "account_export_build",
    "account_export_download",
    "account_export_request",
    "account_exports_purge",
    "account_password_check",
    "account_register",
    "article_abstract_generate",
    "article_abstract_mark_failed",
    "article_editor_check",
    "article_like",
    "article_pinned_set",
    "article_publish",
    "article_unlike",
    "article_update",
    "auth_token_issue",
    "auth_token_revoke",
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_like",
    "comment_pinned_set",
    "comment_published_notify",
    "comment_set_moderation_state",
    "comment_unlike",
    "content_language_set",
    "digest_unsubscribe",
    "digest_unsubscribe_token",
    "disclaimer_save",
    "display_name_clean",
    "ensure_not_silenced",
    "idempotency_key_clean",
    "ledger_grant",
    "mentions_find",
    "mute_create",
    "mute_delete",
    "notification_digest_send",
    "notification_enqueue",
    "notification_record",
    "notification_settings_get",
    "notification_settings_update",
    "notifications_mark_read",
    "repost_create",
    "repost_delete",
    "repost_set_moderation_state",
    "reward_create",
    "reward_notify",
    "reward_points_clean",
    "share_create",
    "share_url",
    "translation_perform",
    "translations_drop",
    "translations_request",
    "translations_sweep",
    "user_active_set",
    "user_create",
    "user_erase",
    "user_silence_set",
    "user_trust_level_set",
    "user_update",
]
