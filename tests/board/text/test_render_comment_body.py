import pytest

from board.text import markdown_to_text, render_comment_body

pytestmark = pytest.mark.sqlite

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>x</a>",
    'https://evil.example/"onmouseover="alert(1)',
    "https://evil.example/<script>alert(1)</script>",
    "https://evil.example/'><img src=x onerror=alert(1)>",
    "&lt;script&gt;",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_as_markup(payload):
    rendered = render_comment_body(payload)

    assert "<script" not in rendered
    assert "<img" not in rendered
    assert "<svg" not in rendered
    assert 'href="javascript' not in rendered
    # The only tags are the links and line breaks the renderer itself writes.
    without_own_tags = rendered.replace("<br>", "").replace("</a>", "")
    assert all(chunk.startswith('a href="http') for chunk in without_own_tags.split("<")[1:])


def test_links_become_clickable_with_safe_rel():
    rendered = render_comment_body("See https://example.com/a?b=1&c=2.")

    assert rendered == (
        'See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener" target="_blank">'
        "https://example.com/a?b=1&amp;c=2</a>."
    )


def test_a_quote_ends_the_link_and_is_escaped():
    rendered = render_comment_body('https://e.example/x"onclick="alert(1)')

    assert rendered.startswith('<a href="https://e.example/x" ')
    assert "&quot;onclick=&quot;alert(1)" in rendered


def test_parentheses_and_cjk_punctuation_around_links():
    assert ">https://w.example/A_(b)</a>" in render_comment_body("(see https://w.example/A_(b))")
    assert render_comment_body("看 https://a.example/x\uff0c好").endswith("</a>\uff0c好")


def test_newlines_become_line_breaks_and_text_stays_as_written():
    assert render_comment_body("one\r\ntwo\nthree & <four>") == "one<br>two<br>three &amp; &lt;four&gt;"


def test_scheme_alone_is_not_a_link():
    assert render_comment_body("http:// and ftp://x.example") == "http:// and ftp://x.example"


def test_markdown_to_text_drops_markup():
    text = markdown_to_text("# Title\n\n**Bold** and *em* with `code`.\n\n- item\n\n<b>raw</b>")

    assert text.splitlines() == ["Title", "Bold and em with code.", "item", "<b>raw</b>"]
