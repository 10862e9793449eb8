"""Pure helpers for text: Markdown to sanitized HTML for articles, links made clickable in comments."""

import html
import re
from urllib.parse import quote

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


# ---------------------------------------------------------------------------------------------------------
# Comments: plain text, shown escaped, with web links made clickable and line breaks kept.
# ---------------------------------------------------------------------------------------------------------

# Characters a URL may hold (RFC 3986), minus quotes and angle brackets: a link ends at the first other one,
# so a link followed by CJK punctuation or wrapped in "<...>" links only the address.
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?"


def _split_trailing(url: str) -> tuple[str, str]:
    """Leave sentence punctuation and an unbalanced closing parenthesis outside the link."""
    trailing = ""
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION or (last == ")" and url.count(")") > url.count("(")):
            url, trailing = url[:-1], last + trailing
        else:
            break
    return url, trailing


def _mentions_linked(escaped: str, mentions: tuple[str, ...]) -> str:
    """``@Name`` (ignoring case) of each name in ``mentions`` as a link to the reader's profile, in text
    already escaped (names are letters, digits, spaces, "-" and "_", so escaping does not change them)."""
    if not mentions:
        return escaped
    names = sorted({name for name in mentions if name}, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w@])@(" + "|".join(re.escape(html.escape(name)) for name in names) + r")(?![\w\-])",
        re.IGNORECASE,
    )
    by_lower = {html.escape(name).lower(): name for name in names}

    def link(match: re.Match) -> str:
        name = by_lower.get(match.group(1).lower(), match.group(1))
        href = "/users/" + quote(name, safe="") + "/"
        return f'<a class="mention" href="{html.escape(href, quote=True)}">@{match.group(1)}</a>'

    return pattern.sub(link, escaped)


def render_comment_body(text: str, mentions: tuple[str, ...] | list[str] = ()) -> str:
    """Comment text as HTML: everything escaped, http(s) links clickable, newlines as ``<br>``, and the
    ``@mentions`` of readers in ``mentions`` (display names) linked to their profiles.

    Pure and total: any string in, safe HTML out. Links open with ``rel="nofollow ugc noopener"`` so readers'
    links earn no ranking and cannot reach back into the page.
    """
    mentions = tuple(mentions or ())
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url, trailing = _split_trailing(match.group())
        if len(url) <= len("https://"):
            continue
        parts.append(_mentions_linked(html.escape(text[position : match.start()]), mentions))
        escaped = html.escape(url, quote=True)
        parts.append(f'<a href="{escaped}" rel="nofollow ugc noopener" target="_blank">{escaped}</a>')
        parts.append(html.escape(trailing))
        position = match.end()
    parts.append(_mentions_linked(html.escape(text[position:]), mentions))
    rendered = "".join(parts)
    return rendered.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def markdown_to_text(markdown_text: str) -> str:
    """The readable text of a Markdown document: one line per block, markup and HTML dropped."""
    lines: list[str] = []
    for token in _markdown.parse(markdown_text):
        if token.type != "inline":
            continue
        pieces = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(" ")
        line = " ".join("".join(pieces).split())
        if line:
            lines.append(line)
    return "\n".join(lines)
