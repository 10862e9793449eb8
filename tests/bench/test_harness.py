"""The harness's pure parts: counting comments in a response, the loopback guard, the target checks."""

import json

import pytest

from bench import loadgen, report
from bench.measure_board import count_comments


def _comment(cid, replies=()):
    return {"id": cid, "body": "x", "replies": list(replies)}


def test_comments_are_counted_with_their_nested_replies():
    payload = {"next": None, "results": [_comment(1, [_comment(2, [_comment(3)])]), _comment(4)]}
    assert count_comments(payload) == 4
    assert loadgen.count_comments(json.dumps(payload).encode(), "json") == 4
    assert loadgen.count_comments(json.dumps([_comment(1), _comment(2)]).encode(), "json") == 2


def test_xtd_html_counts_one_per_rendered_comment():
    html = b'<div id="c1" class="comment d-flex"><div id="c2" class="comment pb-3 d-flex"></div></div>'
    assert loadgen.count_comments(html, "html-xtd") == 2


@pytest.mark.parametrize("url", ["http://10.0.0.1:80/", "http://example.com/", "https://127.0.0.1/"])
def test_load_generator_refuses_anything_but_http_on_loopback(url):
    with pytest.raises(SystemExit):
        loadgen.run(url, seconds=1, clients=1, max_requests=1, count="json")


def _measure(ms, queries, comments=20):
    return {"median_ms": ms, "queries": queries, "comments": comments, "offset_in_sql": False}


def _results(*, our_first_ms=5.0, first_queries=3, post_queries=7, classifier=2000.0, p95=100.0):
    ours_measures = {
        "api_first_anon": _measure(our_first_ms, first_queries),
        "api_first_user": _measure(our_first_ms, first_queries + 2),
        "api_middle_anon": _measure(our_first_ms, first_queries),
        "post_top": _measure(10.0, post_queries, 0),
        "post_reply_deep": _measure(10.0, post_queries, 0),
        "max_comments_per_response_setting": 500,
        "anonymous_cacheable": {
            "identical_for_two_anonymous_clients": True,
            "csrf_token_in_body": False,
            "per_reader_field_set": False,
        },
    }
    peer_measures = {
        "api_page_first": _measure(50.0, 44),
        "api_list_all": _measure(2000.0, 988, 1000),
        "post_top": _measure(30.0, 18, 0),
        "post_reply_deep": _measure(40.0, 34, 0),
    }
    return {
        "ours": {str(n): {"measures": ours_measures} for n in (100, 1000, 10000)},
        "peer": {str(n): {"measures": peer_measures} for n in (100, 1000, 10000)},
        "classifier": {"batch_comments_per_s": classifier, "batch_ms_per_comment": 1000 / classifier},
        "e2e": {"p95_ms": p95, "missing": 0},
    }


def _marks(results):
    rows, misses = report.check_rows(results)
    return {row[0]: row[-1] for row in rows}, misses


def test_report_passes_what_meets_the_targets():
    marks, misses = _marks(_results())
    assert "miss" not in marks.values()
    assert marks["3. first page vs peer's 20-comment page (N=1,000)"] == "pass"
    assert misses == []


def test_report_marks_misses_and_says_by_how_much():
    marks, misses = _marks(_results(first_queries=9, post_queries=12, classifier=400.0, p95=800.0))
    assert marks["1. queries: API first page, anonymous"] == "miss"
    assert marks["5. posting: SQL queries (top level and deep reply, every N)"] == "miss"
    assert marks["6. classifier throughput, one core (`classify_many`)"] == "miss"
    assert marks["6. posting-to-decision p95, one worker"] == "miss"
    text = " ".join(misses)
    assert "1 over the bound" in text and "2.5x too slow" in text and "1.60x the bound" in text
