"""Reported speech's scans against the regular expressions they stand for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.mentions import TOKEN, next_token
from lib.reported import _has_mark, _thats, _token_end, _tokens

_QUOTE_CHAR = re.compile('["“”«»„]')  # what `_has_mark` replaced
_MARK_TEXTS = st.text(st.sampled_from(list('ab "“”«»„‘’\'é\n')), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_MARK_TEXTS, st.integers(0, 45), st.integers(0, 45))
def test_has_mark_is_the_regex_search(text: str, a: int, b: int) -> None:
    assert _has_mark(text, a, b) == (_QUOTE_CHAR.search(text, a, b) is not None)


_TOKEN_TEXTS = st.one_of(
    st.lists(st.sampled_from(list("aZé_3٣²ǅ ’'.-,\"“\t\x1c\u00a0\u2003—")
                             + ["Sen.", "U.S.", "don't", "3.5", "1-2", "al-Sharaa"]),
             max_size=25).map("".join),
    st.text(max_size=40),
)


@settings(max_examples=1500, deadline=None)
@given(_TOKEN_TEXTS, st.integers(-2, 60), st.integers(-2, 60))
def test_next_token_is_the_token_search(text: str, pos: int, end: int) -> None:
    m = TOKEN.search(text, pos, end)
    assert next_token(text, pos, end) == ((-1, -1) if m is None else m.span())


_THAT = re.compile(r"that\s+")  # what `_thats` replaced


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["that", "thatthat", "tha", "t", "hat", " ", "\n", "\u2003",
                                 "\x1c", "x", "é"]), max_size=30).map("".join))
def test_thats_are_the_regex_matches(text: str) -> None:
    assert _thats(text) == [m.span() for m in _THAT.finditer(text)]


@settings(max_examples=800, deadline=None)
@given(_TOKEN_TEXTS, st.integers(-2, 60), st.integers(-2, 60))
def test_tokens_and_token_end_are_the_token_regex(text: str, pos: int, end: int) -> None:
    assert _tokens(text, pos, end) == TOKEN.findall(text, pos, end)
    if pos >= 0:  # callers pass offsets of the text
        m = TOKEN.match(text, pos)
        assert _token_end(text, pos) == (-1 if m is None else m.end())
