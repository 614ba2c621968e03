"""The one body parser of the API: JSON, bounded in size and depth, text PostgreSQL can store.

Python's JSON decoder recurses once per level, so a body of a few thousand brackets used to
end in a RecursionError (a 500); a NUL or a lone surrogate reached the database or the error
renderer and failed there. Such bodies are refused here, before any view sees them, with a
translated problem: 400, or 413 for a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

import json
import re
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
# A NUL, or half of a UTF-16 surrogate pair that JSON's \uXXXX escapes let through alone.
_FORBIDDEN_CHARACTER = re.compile("[\x00\ud800-\udfff]")


class BoundedJSONParser(JSONParser):
    def parse(self, stream: IO[bytes] | None, media_type: str | None = None, parser_context: Any = None) -> Any:
        if stream is None:
            return None
        try:
            text = stream.read().decode(self._encoding(parser_context))
        except (UnicodeDecodeError, LookupError) as error:
            raise exceptions.ParseError(_("The request body is not valid UTF-8.")) from error
        if nesting_depth(text) > MAX_DEPTH:
            raise exceptions.ParseError(
                _("The request body nests arrays and objects deeper than %(limit)s levels.") % {"limit": MAX_DEPTH}
            )
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except ValueError as error:
            raise exceptions.ParseError(_("The request body is not valid JSON.")) from error
        if _has_forbidden_character(data):
            raise exceptions.ParseError(
                _("The request body contains a character that cannot be stored (NUL or a lone surrogate).")
            )
        return data

    def _encoding(self, parser_context: Any) -> str:
        request = (parser_context or {}).get("request")
        return str(getattr(request, "encoding", None) or settings.DEFAULT_CHARSET)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text, counting up to MAX_DEPTH + 1."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
        else:
            depth -= 1
    return deepest


def _has_forbidden_character(data: Any) -> bool:
    if isinstance(data, str):
        return _FORBIDDEN_CHARACTER.search(data) is not None
    if isinstance(data, dict):
        return any(_has_forbidden_character(key) or _has_forbidden_character(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_has_forbidden_character(item) for item in data)
    return False
