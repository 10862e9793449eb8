"""Pure helpers for text: Markdown to sanitized HTML for articles, links made clickable in comments."""

import nh3
from markdown_it import MarkdownIt

# Articles come from staff and the news bot, but are still sanitized: an account can be compromised.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_ARTICLE_TAGS = {
    "a", "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render_markdown(markdown_text: str) -> str:
    """Render Markdown to HTML that holds only harmless tags, with links opened safely."""
    raw_html = _markdown.render(markdown_text)
    return nh3.clean(
        raw_html,
        tags=_ARTICLE_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
