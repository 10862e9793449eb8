"""Log lines are single JSON objects; lines written during a request carry its id."""

import json
import logging

from config.logging import JsonFormatter, RequestIdFilter, request_id_var


def format_line(message: str, **extra) -> dict:
    record = logging.LogRecord("board.test", logging.INFO, __file__, 1, message, (), None)
    for key, value in extra.items():
        setattr(record, key, value)
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_line_is_one_json_object_with_extra_fields():
    line = format_line("comment created", comment_id=7)

    assert line["message"] == "comment created"
    assert line["level"] == "INFO"
    assert line["comment_id"] == 7
    assert "request_id" not in line


def test_lines_during_a_request_carry_its_id():
    token = request_id_var.set("abc123")
    try:
        assert format_line("inside")["request_id"] == "abc123"
    finally:
        request_id_var.reset(token)


def test_the_response_echoes_a_safe_request_id_and_replaces_an_unsafe_one(client, db):
    assert client.get("/api/v1/", HTTP_X_REQUEST_ID="req-42")["X-Request-ID"] == "req-42"
    replaced = client.get("/api/v1/", HTTP_X_REQUEST_ID="bad id\nforged")["X-Request-ID"]
    assert replaced != "bad id\nforged"
    assert len(replaced) == 32
