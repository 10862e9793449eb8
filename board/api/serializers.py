"""Input and output serializers of the board's API. Input ones only parse (the rules are in services);
output ones only shape data the selectors already fetched. Fields are listed explicitly; nothing queries.

Output serializers read from the context: ``viewer`` (``board.access.Viewer``), ``viewer_flags`` (comment
id to ``{liked, rewarded}``, signed-in readers only) and ``site_url`` (origin for absolute links).
"""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from board.models import (
    DISPLAY_NAME_MAX_LENGTH,
    ID_MAX,
    QUOTE_INPUT_MAX_LENGTH,
    REWARD_MAX_POINTS,
    REWARD_MIN_POINTS,
    TEXT_INPUT_MAX_LENGTH,
    ShareChannel,
)
from board.pagination import CURSOR_MAX_LENGTH
from board.search import (
    QUERY_REQUIRED,
    QUERY_TOO_LONG,
    SEARCH_PAGE_SIZE_MAX,
    SEARCH_QUERY_MAX_LENGTH,
    SEARCH_TYPES,
    TYPE_INVALID,
)
from board.selectors import comment_presentation
from board.text import render_comment_body

# ---------------------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------------------


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    display_name = serializers.CharField(max_length=DISPLAY_NAME_MAX_LENGTH, required=False, allow_blank=True)


class RegisterOutputSerializer(serializers.Serializer):
    detail = serializers.CharField()


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text="The username or the email address.")
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    display_name = serializers.CharField()
    is_bot = serializers.BooleanField()
    trust_level = serializers.IntegerField(help_text="0 new, 1 basic, 2 trusted.")
    points_balance = serializers.IntegerField()
    referral_code = serializers.CharField()
    date_joined = serializers.DateTimeField()
    language = serializers.CharField(
        allow_null=True,
        help_text="The language you read in (ISO 639-1); null: your device's (Accept-Language).",
    )
    unread_notifications = serializers.IntegerField(help_text="Unread notifications (one indexed query).")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["language"] = data["language"] or None
        return data


class MeUpdateInputSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=DISPLAY_NAME_MAX_LENGTH, required=False)
    language = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="One of the offered ISO 639-1 codes; null or empty: your device's language.",
    )


class MeDeleteInputSerializer(serializers.Serializer):
    password = serializers.CharField(
        max_length=128,
        trim_whitespace=False,
        required=False,
        allow_blank=True,
        style={"input_type": "password"},
    )


class ExportQueuedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.CharField(help_text="`pending`: a worker builds it and mails a one-time link.")
    created_at = serializers.DateTimeField()


class ExportDocumentSerializer(serializers.Serializer):
    format = serializers.CharField(help_text='"newsboard-export/1".')
    generated_at = serializers.DateTimeField()
    sections = serializers.DictField(
        help_text=(
            "One entry per section: account, comments, reposts, likes, shares, rewards, ledger, exports, "
            "reports, moderation_decisions (and any an app adds)."
        )
    )


class LedgerEntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="grant, reward_sent, reward_received or adjustment.")
    amount = serializers.IntegerField(help_text="Negative when points leave the balance.")
    balance_after = serializers.IntegerField()
    reward = serializers.IntegerField(source="reward_id", allow_null=True)
    created_at = serializers.DateTimeField()


class LedgerPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null on the last one.")
    results = LedgerEntryOutputSerializer(many=True)


# ---------------------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------------------


class AuthorSerializer(serializers.Serializer):
    display_name = serializers.CharField()
    is_bot = serializers.BooleanField()


class AbstractSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["pending", "ready", "failed"])
    text = serializers.CharField(allow_blank=True)


class DisclaimerSerializer(serializers.Serializer):
    key = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    url = serializers.CharField(help_text="The disclaimer's page.")


class SourceSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True, help_text='The original article ("View Original").')


class TranslationSerializer(serializers.Serializer):
    language = serializers.CharField(help_text="The reader's language (ISO 639-1), translated into.")
    status = serializers.ChoiceField(choices=["pending", "ready", "failed"])
    text = serializers.CharField(allow_null=True, help_text="The translated text once ready; null before.")


class ArticleTranslationSerializer(TranslationSerializer):
    text = serializers.CharField(allow_null=True, help_text="The translated body (plain text) once ready.")
    title = serializers.CharField(allow_null=True)
    abstract = serializers.CharField(allow_null=True)


def _translation(obj, *, article: bool = False):
    view = obj.get("translation") if isinstance(obj, dict) else getattr(obj, "translation", None)
    if view is None:
        return None
    data = {"language": view.language, "status": view.status, "text": view.text}
    if article:
        data.update(title=view.title, abstract=view.abstract)
    return data


TRANSLATION_HELP = (
    "The text in the reader's language (?lang=, profile, Accept-Language): null when none applies (same "
    "language, unknown language, no translation service, or originals asked for)."
)


class ArticleViewerSerializer(serializers.Serializer):
    liked = serializers.BooleanField()
    reposted = serializers.BooleanField()
    rewarded = serializers.BooleanField()


def _absolute(context, path: str) -> str:
    return context["site_url"].rstrip("/") + path


class ArticleListOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The article's canonical page.")
    author = AuthorSerializer()
    source = serializers.SerializerMethodField()
    source_name = serializers.CharField(allow_blank=True)
    original_url = serializers.CharField(allow_blank=True)
    language = serializers.SerializerMethodField(
        help_text="ISO 639-1 of the article (the editor's, or detected); null when unsure."
    )
    translation = serializers.SerializerMethodField(help_text=TRANSLATION_HELP)
    published_at = serializers.DateTimeField()
    is_pinned = serializers.BooleanField()
    abstract = serializers.SerializerMethodField()
    disclaimer = serializers.SerializerMethodField()
    comment_count = serializers.IntegerField()
    like_count = serializers.IntegerField()
    repost_count = serializers.IntegerField()
    reward_count = serializers.IntegerField()
    reward_points = serializers.IntegerField()
    share_count = serializers.IntegerField()
    viewer = serializers.SerializerMethodField(
        help_text="The signed-in reader's own actions; null otherwise."
    )

    def get_url(self, article) -> str:
        return _absolute(self.context, article.get_absolute_url())

    def get_language(self, article) -> str | None:
        return article.language or None

    @extend_schema_field(ArticleTranslationSerializer(allow_null=True))
    def get_translation(self, article):
        return _translation(article, article=True)

    @extend_schema_field(SourceSerializer)
    def get_source(self, article):
        return {"name": article.source_name, "url": article.original_url}

    @extend_schema_field(AbstractSerializer)
    def get_abstract(self, article):
        return {"status": article.abstract_status, "text": article.abstract}

    @extend_schema_field(DisclaimerSerializer)
    def get_disclaimer(self, article):
        disclaimer = article.disclaimer
        return {
            "key": disclaimer.key,
            "version": disclaimer.version,
            "title": disclaimer.title,
            "text": disclaimer.text,
            "url": _absolute(self.context, f"/disclaimers/{disclaimer.key}/"),
        }

    @extend_schema_field(ArticleViewerSerializer(allow_null=True))
    def get_viewer(self, article):
        if not hasattr(article, "viewer_liked"):
            return None
        return {
            "liked": article.viewer_liked,
            "reposted": article.viewer_reposted,
            "rewarded": article.viewer_rewarded,
        }


class ArticleOutputSerializer(ArticleListOutputSerializer):
    body = serializers.CharField(help_text="Markdown, as published.")
    body_html = serializers.CharField(help_text="The body rendered to sanitized HTML.")


# many=False: the feed is the `list` action, which drf-spectacular would otherwise document as an array of pages.
@extend_schema_serializer(many=False)
class ArticlePageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null on the last one.")
    results = ArticleListOutputSerializer(many=True)


class ArticleCreateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(help_text="Markdown.")
    source_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    original_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    language = serializers.CharField(
        max_length=16, required=False, help_text="ISO 639-1; detected from the text when omitted."
    )
    disclaimer_key = serializers.SlugField(
        max_length=64, required=False, help_text="Latest version of this disclaimer; default: the site's."
    )
    published_at = serializers.DateTimeField(required=False)
    is_pinned = serializers.BooleanField(required=False, default=False)


# ---------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------


class CommentViewerSerializer(serializers.Serializer):
    liked = serializers.BooleanField()
    rewarded = serializers.BooleanField()


class LanguageField(serializers.CharField):
    """ISO 639-1 of a text, detected when it was written or edited; null when unsure."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, help_text=self.__doc__, **kwargs)

    def to_representation(self, value):
        return value or None


class AppealStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["open", "upheld", "overturned"])
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(allow_blank=True, help_text="The moderator's reason, once decided.")


class DecisionSerializer(serializers.Serializer):
    """The statement of reasons of a held or removed comment or quote, shown to its author."""

    reason = serializers.CharField(allow_blank=True)
    label = serializers.CharField(
        allow_null=True, help_text="spam, financial_advice, or null (another rule)."
    )
    rule = serializers.CharField(
        allow_blank=True, help_text="The rule when no label applies, e.g. new_account."
    )
    by = serializers.ChoiceField(choices=["automated", "moderator"])
    decided_at = serializers.DateTimeField()
    appealable_until = serializers.DateTimeField()
    appeal = AppealStateSerializer(allow_null=True)


class CommentOutputSerializer(serializers.Serializer):
    """A comment with its first replies nested (``replies``, same shape), as ``selectors`` prepared it."""

    id = serializers.IntegerField()
    article = serializers.IntegerField(source="article_id")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    depth = serializers.IntegerField()
    author = serializers.SerializerMethodField(help_text="Null for tombstones.")
    body = serializers.SerializerMethodField(help_text="Plain text as written; empty for tombstones.")
    body_html = serializers.SerializerMethodField(help_text="The body escaped, links clickable, <br> lines.")
    language = LanguageField()
    translation = serializers.SerializerMethodField(help_text=TRANSLATION_HELP)
    status = serializers.SerializerMethodField(
        help_text="visible; under_review or removed (the author and moderators see the text); deleted."
    )
    removal_reason = serializers.SerializerMethodField()
    advice_notice = serializers.BooleanField(help_text="Show the financial-advice notice with it.")
    is_pinned = serializers.BooleanField()
    is_deleted = serializers.BooleanField()
    is_edited = serializers.SerializerMethodField()
    edited_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    reply_count = serializers.IntegerField(help_text="Visible direct replies.")
    like_count = serializers.IntegerField()
    reward_count = serializers.IntegerField()
    reward_points = serializers.IntegerField()
    viewer = serializers.SerializerMethodField(
        help_text="The signed-in reader's own actions; null otherwise."
    )
    muted = serializers.SerializerMethodField(
        help_text="Written by a reader you muted: show it collapsed, its body only when opened."
    )
    decision = serializers.SerializerMethodField(
        help_text="Your own held or removed comment: the statement of reasons; null otherwise."
    )

    def get_fields(self):
        fields = super().get_fields()
        # Recursive: the first replies, nested the same way (drf-spectacular emits a $ref to this component).
        fields["replies"] = CommentOutputSerializer(many=True, read_only=True, source="preview_replies")
        return fields

    def _presentation(self, comment):
        cache = self.context.setdefault("_presentations", {})
        if comment.pk not in cache:
            cache[comment.pk] = comment_presentation(comment, self.context["viewer"])
        return cache[comment.pk]

    @extend_schema_field(AuthorSerializer(allow_null=True))
    def get_author(self, comment):
        if not self._presentation(comment).text_shown:
            return None
        return {"display_name": comment.author.display_name, "is_bot": comment.author.is_bot}

    def get_body(self, comment) -> str:
        return comment.body if self._presentation(comment).text_shown else ""

    def get_body_html(self, comment) -> str:
        if not self._presentation(comment).text_shown:
            return ""
        return render_comment_body(comment.body, comment.mentions)

    @extend_schema_field(serializers.ChoiceField(choices=["visible", "under_review", "removed", "deleted"]))
    def get_status(self, comment) -> str:
        return self._presentation(comment).status

    def get_removal_reason(self, comment) -> str:
        return comment.removal_reason if self._presentation(comment).text_shown else ""

    @extend_schema_field(TranslationSerializer(allow_null=True))
    def get_translation(self, comment):
        return _translation(comment) if self._presentation(comment).text_shown else None

    def get_is_edited(self, comment) -> bool:
        return comment.edited_at is not None

    @extend_schema_field(CommentViewerSerializer(allow_null=True))
    def get_viewer(self, comment):
        flags = self.context.get("viewer_flags")
        if flags is None:
            return None
        return flags.get(comment.pk, {"liked": False, "rewarded": False})

    def get_muted(self, comment) -> bool:
        return self._presentation(comment).text_shown and self.context["viewer"].has_muted(comment.author_id)

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, comment):
        statement = (self.context.get("decisions") or {}).get(comment.pk)
        return None if statement is None else DecisionSerializer(statement).data


class CommentPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text='The next page ("View More"), or null.')
    results = CommentOutputSerializer(many=True)


class CommentCreateInputSerializer(serializers.Serializer):
    body = serializers.CharField(trim_whitespace=False, allow_blank=True, max_length=TEXT_INPUT_MAX_LENGTH)
    parent = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=ID_MAX)


class CommentUpdateInputSerializer(serializers.Serializer):
    body = serializers.CharField(trim_whitespace=False, allow_blank=True, max_length=TEXT_INPUT_MAX_LENGTH)


# ---------------------------------------------------------------------------------------------------------
# Reactions and rewards
# ---------------------------------------------------------------------------------------------------------


class LikeOutputSerializer(serializers.Serializer):
    liked = serializers.BooleanField()
    like_count = serializers.IntegerField()


class RepostInputSerializer(serializers.Serializer):
    quote = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=QUOTE_INPUT_MAX_LENGTH
    )


class RepostOutputSerializer(serializers.Serializer):
    article = serializers.IntegerField(source="article_id")
    quote = serializers.CharField(allow_blank=True)
    language = LanguageField()
    translation = serializers.SerializerMethodField(help_text=TRANSLATION_HELP)
    status = serializers.CharField(source="moderation_state", help_text="The quote's moderation state.")
    created_at = serializers.DateTimeField()
    repost_count = serializers.IntegerField()
    decision = DecisionSerializer(
        allow_null=True, help_text="Your held or removed quote: the statement of reasons; null otherwise."
    )

    @extend_schema_field(TranslationSerializer(allow_null=True))
    def get_translation(self, repost):
        return _translation(repost)


class ShareInputSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=ShareChannel.values)


class ShareOutputSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="The canonical article URL with the sharer's referral code.")
    channel = serializers.CharField()
    share_count = serializers.IntegerField()


class RewardInputSerializer(serializers.Serializer):
    points = serializers.IntegerField(min_value=REWARD_MIN_POINTS, max_value=REWARD_MAX_POINTS)


class RewardOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    points = serializers.IntegerField()
    article = serializers.IntegerField(source="article_id", allow_null=True)
    comment = serializers.IntegerField(source="comment_id", allow_null=True)
    recipient = AuthorSerializer()
    balance_after = serializers.IntegerField(help_text="The giver's balance right after this reward.")
    created_at = serializers.DateTimeField()


# ---------------------------------------------------------------------------------------------------------
# Notifications, preferences, mutes
# ---------------------------------------------------------------------------------------------------------


class NotificationActorSerializer(serializers.Serializer):
    display_name = serializers.CharField()


class NotificationTargetSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["comment", "repost", "article"])
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="The page to open (absolute).")
    excerpt = serializers.CharField(allow_blank=True, help_text="Empty when no longer shown to you.")


class NotificationOutputSerializer(serializers.Serializer):
    """One notification, from ``board.selectors.notification_view``."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["reply", "mention", "reward", "moderation", "appeal"])
    count = serializers.IntegerField(help_text="Events grouped in it (e.g. replies to one comment).")
    read = serializers.BooleanField()
    created_at = serializers.DateTimeField(help_text="Of its latest event.")
    actor = NotificationActorSerializer(allow_null=True, help_text="The latest actor; null for moderation.")
    target = serializers.SerializerMethodField()
    outcome = serializers.CharField(
        allow_null=True,
        help_text="moderation: published, notice or removed; appeal: upheld or overturned; else null.",
    )
    reason = serializers.CharField(allow_blank=True, help_text="moderation and appeal: the reason given.")

    @extend_schema_field(NotificationTargetSerializer(allow_null=True))
    def get_target(self, item):
        target = item["target"]
        if target is None:
            return None
        return {**target, "url": _absolute(self.context, target["url"])}


class NotificationPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null on the last one.")
    results = NotificationOutputSerializer(many=True)


class NotificationReadInputSerializer(serializers.Serializer):
    up_to = serializers.IntegerField(
        required=False, min_value=1, max_value=ID_MAX, help_text="Mark read up to this id; absent: all."
    )


class NotificationSettingsSerializer(serializers.Serializer):
    """Each kind on or off, and the daily e-mail digest of unread ones. PATCH any subset."""

    reply = serializers.BooleanField(required=False)
    mention = serializers.BooleanField(required=False)
    reward = serializers.BooleanField(required=False)
    moderation = serializers.BooleanField(required=False)
    appeal = serializers.BooleanField(required=False)
    email_digest = serializers.BooleanField(required=False)


class MuteInputSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=DISPLAY_NAME_MAX_LENGTH)


class MuteOutputSerializer(serializers.Serializer):
    display_name = serializers.CharField(source="muted.display_name")
    created_at = serializers.DateTimeField()


# ---------------------------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------------------------


class SearchInputSerializer(serializers.Serializer):
    """``GET search/``'s query string; the query itself is cleaned by ``board.search.search_query_clean``."""

    q = serializers.CharField(
        max_length=SEARCH_QUERY_MAX_LENGTH,
        error_messages={"required": QUERY_REQUIRED, "blank": QUERY_REQUIRED, "max_length": QUERY_TOO_LONG},
    )
    type = serializers.ChoiceField(
        choices=SEARCH_TYPES, default="comments", error_messages={"invalid_choice": TYPE_INVALID}
    )
    cursor = serializers.CharField(required=False, max_length=CURSOR_MAX_LENGTH, trim_whitespace=False)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=SEARCH_PAGE_SIZE_MAX)


class SearchArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()


class SearchAuthorSerializer(serializers.Serializer):
    display_name = serializers.CharField()


class SearchResultSerializer(serializers.Serializer):
    """One result, a comment or an article, as ``board.search`` prepared it (``search_excerpt``,
    ``search_title``)."""

    type = serializers.SerializerMethodField(help_text="comment or article.")
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="The comment's or the article's page.")
    title = serializers.SerializerMethodField(
        help_text="Articles: the title as HTML, escaped, matches in <mark>. Null for comments."
    )
    excerpt = serializers.SerializerMethodField(
        help_text="HTML: a short passage around the first match, escaped, the matched words in <mark>."
    )
    created_at = serializers.SerializerMethodField(help_text="Comments: written; articles: published.")
    author = serializers.SerializerMethodField()
    article = serializers.SerializerMethodField(help_text="The comment's article; null for articles.")

    @staticmethod
    def _is_article(item) -> bool:
        return hasattr(item, "search_title")

    def get_type(self, item) -> str:
        return "article" if self._is_article(item) else "comment"

    def get_url(self, item) -> str:
        path = item.get_absolute_url() if self._is_article(item) else f"/comments/{item.pk}/"
        return _absolute(self.context, path)

    def get_title(self, item) -> str | None:
        return str(item.search_title) if self._is_article(item) else None

    def get_excerpt(self, item) -> str:
        return str(item.search_excerpt)

    @extend_schema_field(serializers.DateTimeField())
    def get_created_at(self, item):
        value = item.published_at if self._is_article(item) else item.created_at
        return serializers.DateTimeField().to_representation(value)

    @extend_schema_field(SearchAuthorSerializer(allow_null=True))
    def get_author(self, item):
        author = item.author
        return {"display_name": author.display_name} if author is not None else None

    @extend_schema_field(SearchArticleRefSerializer(allow_null=True))
    def get_article(self, item):
        if self._is_article(item):
            return None
        article = item.article
        return {
            "id": article.pk,
            "title": article.title,
            "url": _absolute(self.context, article.get_absolute_url()),
        }


@extend_schema_serializer(many=False)
class SearchPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null on the last one.")
    results = SearchResultSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
