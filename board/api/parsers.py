"""The API's only parser: JSON, answering 400 (never 500) for anything the standard parser would choke on."""

import codecs
import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    """DRF's ``JSONParser`` plus two refusals that would otherwise surface as server errors.

    - Nesting deep enough to exhaust Python's recursion limit (``[[[[...`` in a 1 MB body) raises
      ``RecursionError``, which DRF does not catch.
    - JSON may spell lone UTF-16 surrogates (``"\\ud800"``): Python accepts them, but they cannot be encoded
      to UTF-8, so the database driver would fail on save.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            decoded_stream = codecs.getreader(encoding)(stream)
            data = json.load(decoded_stream, parse_constant=_refuse_constant)
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError as exc:
            raise ParseError("JSON parse error - nested too deeply.") from exc
        except UnicodeError as exc:
            raise ParseError("JSON parse error - the text is not valid Unicode.") from exc
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        return data


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON.
    raise ValueError(f"{name} is not allowed")
