"""A stand-in for a LibreTranslate server (https://docs.libretranslate.com/), on a loopback port.

It speaks the real protocol, so the board's backend is exercised as it is against the real service:

- ``GET /languages``: ``[{"code": "en", "name": "English", "targets": [...]}, ...]``;
- ``POST /translate`` (JSON or form) with ``q`` (a string or a list), ``source`` (a code or ``auto``),
  ``target``, ``format`` (``text`` or ``html``) and ``api_key``: ``{"translatedText": ...}`` of the shape of
  ``q``; errors as LibreTranslate answers them: ``{"error": "..."}`` with 400 (missing parameter, language
  not supported), 403 (``--api-key`` set and a wrong key) or 500.

It translates from a small phrasebook (the demo's and the tests' texts), else by marking the text with the
pair (``[zh→en] 买入``), which is enough to see that a translation arrived and from where. Tests switch
``mode`` at run time: ``ok``, ``down`` (the port refuses connections), ``slow`` (answers after
``delay`` seconds), ``garbage`` (200 with HTML), ``error`` (500 ``{"error": ...}``).

From the command line, to try the board without a real server (README, "Translation"):

    .venv/bin/python -m tests.support.libretranslate --port 5000
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

LANGUAGES = {
    "en": "English",
    "zh": "Chinese",
    "ko": "Korean",
    "ja": "Japanese",
    "vi": "Vietnamese",
    "tr": "Turkish",
    "ru": "Russian",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
}
# (source, target, text) -> translation: what the demo and the tests show.
PHRASEBOOK = {
    (
        "zh",
        "en",
        "这篇文章写得很清楚，谢谢分享。",
    ): "This article is very clearly written, thanks for sharing.",
    ("zh", "en", "美联储如果继续加息，银行股会承压。"): (
        "If the Fed keeps raising rates, bank stocks will come under pressure."
    ),
    ("zh", "en", "海外订单占比升到四成，比我预想的快不少。"): (
        "Overseas orders rising to 40% of the total is a good deal faster than I expected."
    ),
    ("zh", "en", "主要还是欧洲车企在分散供应商，不完全是公司自身的功劳。"): (
        "It is mostly European carmakers spreading their suppliers, not entirely the company's own doing."
    ),
    ("zh", "en", "同意，不过能拿到这些订单本身也说明产品质量过关。"): (
        "Agreed, but winning these orders at all shows the product quality is up to standard."
    ),
    ("zh", "en", "毛利率持平其实不错了，今年整个行业都在降价。"): (
        "A flat gross margin is actually not bad; the whole industry is cutting prices this year."
    ),
    ("zh", "en", "匈牙利工厂明年满产的话，运费和关税的压力会小很多。"): (
        "If the Hungarian plant reaches full output next year, freight and tariff pressure will ease a lot."
    ),
    ("zh", "en", "关键看当地的人工和电价，欧洲的能源成本一直是个问题。"): (
        "It depends on local labour and power prices; Europe's energy costs have always been a problem."
    ),
    ("zh", "en", "文章最后提到汇率风险，这一点经常被忽略。"): (
        "The article ends on currency risk, which is often overlooked."
    ),
    ("zh", "en", "想知道上调的指引里有多少是储能业务贡献的。"): (
        "I wonder how much of the raised guidance comes from the energy-storage business."
    ),
    ("zh", "en", "华澜电池上调全年出货指引，海外订单占比升至四成"): (
        "Hualan Battery raises full-year shipment guidance as overseas orders reach 40%"
    ),
    ("zh", "en", "茅台这季度的毛利率又创新高，但估值已经不便宜了。"): (
        "Moutai's gross margin hit another record this quarter, but the valuation is no longer cheap."
    ),
}


# Sentence by sentence, for longer texts (the demo's Chinese article: its body and abstract); keys are
# compared without whitespace.
SENTENCES = {
    "宁德—华澜电池周二发布公告，将全年动力电池出货量指引上调约12%，理由是欧洲和东南亚客户的订单好于预期。": (
        "NINGDE — Hualan Battery said on Tuesday it was raising its full-year power-battery shipment guidance "
        "by about 12%, citing better-than-expected orders from European and Southeast Asian customers."
    ),
    "公司表示，海外订单占比已由去年的约25%升至四成左右。": (
        "The company said overseas orders had risen to about 40% of the total, from about 25% last year."
    ),
    "公告称，位于匈牙利的新工厂已于上月开始试生产，预计明年一季度实现满产。": (
        "Its new plant in Hungary began trial production last month and should reach full output in the "
        "first quarter of next year, the announcement said."
    ),
    "公司同时披露，上半年原材料成本同比下降，但部分被产品降价所抵消，毛利率基本持平。": (
        "The company also disclosed that raw-material costs fell year on year in the first half, partly "
        "offset by lower product prices, leaving the gross margin roughly flat."
    ),
    "分析人士指出，海外扩张有助于分散单一市场的风险，但也面临贸易政策和汇率波动等不确定因素。": (
        "Analysts noted that overseas expansion spreads the risk of relying on one market, but brings "
        "uncertainties such as trade policy and currency swings."
    ),
    "华澜电池未就是否调整分红政策置评。": "Hualan Battery did not comment on whether it would change its dividend policy.",
}


def _by_sentence(text: str, source: str, target: str) -> str | None:
    if (source, target) != ("zh", "en"):
        return None
    paragraphs = []
    for line in text.splitlines():
        sentences = [part for part in re.split(r"(?<=。)", re.sub(r"\s+", "", line)) if part]
        if not sentences:
            continue
        if not all(sentence in SENTENCES for sentence in sentences):
            return None
        paragraphs.append(" ".join(SENTENCES[sentence] for sentence in sentences))
    return "\n\n".join(paragraphs) or None


def translate_text(text: str, source: str, target: str) -> str:
    if (source, target, text) in PHRASEBOOK:
        return PHRASEBOOK[(source, target, text)]
    return _by_sentence(text, source, target) or f"[{source}→{target}] {text}"


class StandIn:
    """The server, run in a thread. ``requests`` records every translate call (its JSON or form fields)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, api_key: str = ""):
        self.mode = "ok"
        self.delay = 5.0
        self.api_key = api_key
        self.requests: list[dict] = []
        self._host, self._port = host, port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self._port}"

    def start(self) -> StandIn:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet in tests
                pass

            def _answer(self, status: int, body, content_type: str = "application/json") -> None:
                data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _misbehave(self) -> bool:
                if stand_in.mode == "slow":
                    time.sleep(stand_in.delay)
                elif stand_in.mode == "garbage":
                    self._answer(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
                    return True
                elif stand_in.mode == "error":
                    self._answer(500, {"error": "Cannot translate text: model crashed"})
                    return True
                return False

            def do_GET(self):
                if self.path.split("?")[0] != "/languages":
                    self._answer(404, {"error": "Not Found"})
                    return
                if self._misbehave():
                    return
                codes = list(LANGUAGES)
                self._answer(
                    200,
                    [
                        {"code": code, "name": name, "targets": [c for c in codes if c != code]}
                        for code, name in LANGUAGES.items()
                    ],
                )

            def do_POST(self):
                if self.path.split("?")[0] != "/translate":
                    self._answer(404, {"error": "Not Found"})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8", "replace")
                if "json" in (self.headers.get("Content-Type") or ""):
                    try:
                        fields = json.loads(raw or "{}")
                    except ValueError:
                        self._answer(400, {"error": "Invalid request: malformed JSON"})
                        return
                else:
                    fields = {key: values[-1] for key, values in parse_qs(raw).items()}
                stand_in.requests.append(fields)
                if self._misbehave():
                    return
                for name in ("q", "source", "target"):
                    if not fields.get(name):
                        self._answer(400, {"error": f"Invalid request: missing {name} parameter"})
                        return
                if stand_in.api_key and fields.get("api_key") != stand_in.api_key:
                    self._answer(403, {"error": "Invalid API key"})
                    return
                source, target = fields["source"], fields["target"]
                for code in (source, target):
                    if code not in LANGUAGES and not (code == source == "auto"):
                        self._answer(400, {"error": f"{code} is not supported"})
                        return
                texts = fields["q"]
                if source == "auto":
                    source = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in json.dumps(texts)) else "en"
                if isinstance(texts, list):
                    self._answer(200, {"translatedText": [translate_text(t, source, target) for t in texts]})
                else:
                    self._answer(200, {"translatedText": translate_text(str(texts), source, target)})

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address):
                if stand_in.mode == "down":  # as if nothing listened: the client sees the connection drop
                    request.shutdown(socket.SHUT_RDWR)
                    return False
                return True

        self._server = Server((self._host, self._port), Handler)
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def main() -> None:
    parser = argparse.ArgumentParser(description="A LibreTranslate-compatible stand-in server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--api-key", default="", help="Refuse requests without this api_key (403).")
    parser.add_argument("--mode", default="ok", choices=["ok", "slow", "garbage", "error", "down"])
    parser.add_argument("--delay", type=float, default=5.0, help="Seconds to wait in --mode slow.")
    args = parser.parse_args()
    server = StandIn(args.host, args.port, api_key=args.api_key)
    server.mode, server.delay = args.mode, args.delay
    server.start()
    print(f"LibreTranslate stand-in on {server.url} (mode {server.mode}); Ctrl-C stops it.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
