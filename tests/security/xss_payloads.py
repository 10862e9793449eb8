"""Stored-XSS payloads: 40 vectors (script tags, event handlers, script URLs, markup that breaks out of
attributes, textareas, titles and scripts, Markdown links, encodings, template syntax) in 4 settings each,
160 in all. Every payload starts with its own marker so a test can tell that it was shown as text. Each one
would call ``alert`` or set ``window.__xss`` if the browser ran it."""

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click me</a>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<form><button formaction=javascript:alert(1)>go</button></form>",
    "<marquee onstart=alert(1)>news</marquee>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "[read more](javascript:alert(1))",
    '![chart](x" onerror="alert(1))',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "<img src=x onerror=&#97;lert(1)>",
    "{{ 7|add:7 }}{% debug %}<script>alert(1)</script>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    "javascript:alert(1)",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "`\"'><script>window.__xss=1</script>",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<style>@import 'javascript:alert(1)';</style>",
    'https://example.com/"onmouseover="alert(1)',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    "<x onclick=alert(1) contenteditable autofocus onfocus=alert(1)>x</x>",
]
SETTINGS = [
    "{v}",
    "Great analysis! {v} Thanks for sharing.",
    "First line\n{v}\nlast line",
    "{v}{v}",
]
# Display names hold at most 40 characters: short vectors, after the marker.
SHORT_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "<b onmouseover=alert(1)>x</b>",
    "javascript:alert(1)",
    "<iframe src=javascript:alert(1)>",
    "</title><svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
]


def payloads(prefix: str) -> list[str]:
    """The 160 payloads, each starting with its marker ``{prefix}{number:03d}:``."""
    return [
        f"{prefix}{index:03d}: " + setting.format(v=vector)
        for index, (setting, vector) in enumerate((s, v) for s in SETTINGS for v in VECTORS)
    ]


def short_payloads(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index:03d}{SHORT_VECTORS[index % len(SHORT_VECTORS)]}"[:40] for index in range(count)]
