"""Reported speech's scans against the regular expressions they stand for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.reported import _has_mark

_QUOTE_CHAR = re.compile('["“”«»„]')  # what `_has_mark` replaced
_MARK_TEXTS = st.text(st.sampled_from(list('ab "“”«»„‘’\'é\n')), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_MARK_TEXTS, st.integers(0, 45), st.integers(0, 45))
def test_has_mark_is_the_regex_search(text: str, a: int, b: int) -> None:
    assert _has_mark(text, a, b) == (_QUOTE_CHAR.search(text, a, b) is not None)
