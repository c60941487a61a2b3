"""Find the reporting cue next to a quote and the mention (name, title, pronoun) it points to.

Scans the words around a quote with precompiled patterns, no parser; it returns mention
spans only and leaves deciding who a mention is to `lib.speakers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data"


def _words(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@dataclass(frozen=True, slots=True)
class Attribution:
    """A mention span and the cue that ties it to a quote."""

    start: int
    end: int
    cue: str | None


@dataclass(frozen=True, slots=True)
class _Lex:
    cue: re.Pattern[str]
    pronouns: frozenset[str]
    stop: frozenset[str]
    roles: frozenset[str]


@cache
def _lex() -> _Lex:
    cues = sorted(_words("cue_verbs.txt"), key=len, reverse=True)
    cue = re.compile(
        r"\b(?:according to|(?:" + "|".join(re.escape(c) for c in cues) + r"))\b", re.IGNORECASE
    )
    return _Lex(cue, _words("speaker_pronouns.txt"), _words("mention_stopwords.txt"),
                _words("speaker_roles.txt"))


# A word, a title abbreviation ("Sen.", "R-S.C."), or a single punctuation mark.
_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*|\d[\w.\-]*|[^\s\w]")
_SENT_END = re.compile(r"[.!?…][”\"’']?\s+(?=[“\"‘'(\[]?[A-Z0-9])")
_ADVERB_OK = frozenset(
    "also later then has had have would will once previously recently again just repeatedly "
    "often reportedly publicly privately quickly simply only has already even first last "
    "flatly finally since told".split()
)
_DETERMINERS = frozenset(
    "the a an his her their its our one some two three several many another this that "
    "these those".split()
)
_CONNECT = frozenset("of for the and de van von der al bin la le di da del".split())
_CLAUSE_STOP = frozenset(
    "in on at during after before when who that to while as with from about by "
    "because if since".split()
)


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or (len(tok) > 1 and tok[0] == "@")


def _tokens(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, a, b)]


def _trim_dot(text: str, s: int, e: int) -> tuple[int, int]:
    # "Trump." at a sentence end: the dot is not the name; "Sen." or "R-S.C." keep theirs.
    tok = text[s:e]
    if tok.endswith(".") and len(tok) > 4 and "." not in tok[:-1]:
        e -= 1
    return s, e


def np_before(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before offset b (the subject of a cue at b)."""
    lex = _lex()
    toks = _tokens(text, a, b)
    i = len(toks) - 1
    while i >= 0 and toks[i][2].lower() in _ADVERB_OK or (i >= 0 and toks[i][2].endswith("ly")
                                                           and toks[i][2].islower()):
        i -= 1
    if i < 0:
        return None
    # Appositive between commas: "Smith, a spokesman for X, said" -> take Smith.
    if toks[i][2] == ",":
        j = i - 1
        while j >= 0 and toks[j][2] != "," and i - j < 16:
            j -= 1
        seg = toks[j + 1 : i]
        head = seg[0][2] if seg else ""
        if j >= 0 and toks[j][2] == "," and (head.islower() or head[:1].isdigit()):
            # Keep the phrase before the appositive unless it is a clause ("In 2015,").
            k = j - 1
            if k >= 0 and (_is_cap(toks[k][2]) or toks[k][2].lower() in lex.pronouns):
                i = k
            else:
                i = i - 1
        elif seg:
            i = i - 1
        else:
            return None
    tok = toks[i][2]
    low = tok.lower()
    if low in lex.pronouns and low not in ("one", "another"):
        return toks[i][0], toks[i][1]
    if _is_cap(tok) and low not in lex.stop:
        j = i
        while j - 1 >= 0:
            prev = toks[j - 1][2]
            if _is_cap(prev) and prev.lower() not in lex.stop:
                j -= 1
            elif prev.lower() in _CONNECT and j - 2 >= 0 and _is_cap(toks[j - 2][2]) \
                    and toks[j - 2][2].lower() not in lex.stop:
                j -= 2
            else:
                break
        return _trim_dot(text, toks[j][0], toks[i][1])
    if tok.isalpha() and tok.islower() and low not in _CLAUSE_STOP:
        # "the senator said", "a spokeswoman for the campaign said", "officials said"
        j = i
        while j >= 0 and i - j < 7:
            w = toks[j][2].lower()
            if w in _DETERMINERS:
                return toks[j][0], toks[i][1]
            if not toks[j][2].isalpha() or w in _CLAUSE_STOP and w not in ("for",):
                break
            j -= 1
        if low in lex.roles or low.endswith("s") and low[:-1] in lex.roles:
            return toks[i][0], toks[i][1]
    return None


def np_after(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The noun phrase that starts at offset a (the speaker after an inverted cue)."""
    lex = _lex()
    toks = _tokens(text, a, b)
    if not toks:
        return None
    tok = toks[0][2]
    low = tok.lower()
    if low in lex.pronouns:
        return toks[0][0], toks[0][1]
    if _is_cap(tok) and low not in lex.stop or low in _DETERMINERS and low != "that":
        j = 0
        while j + 1 < len(toks) and j < 8:
            nxt = toks[j + 1][2]
            nl = nxt.lower()
            if nxt in (",", ".", ":", ";", "—", "–", "(") or nl in _CLAUSE_STOP:
                break
            if not (nxt[:1].isalpha() or nxt[:1].isdigit() or nxt == "-"):
                break
            if _is_cap(tok) and not (_is_cap(nxt) or nl in _CONNECT):
                break
            j += 1
        return _trim_dot(text, toks[0][0], toks[j][1])
    return None


def cue_after(text: str, a: int, b: int) -> Attribution | None:
    """`…,” he said` / `…,” said Sen. X` / `…,” according to X`: cue right after a quote."""
    lex = _lex()
    m = lex.cue.search(text, a, min(b, a + 90))
    if m is None:
        return None
    pre = text[a : m.start()]
    cue = m.group()
    if cue.lower() == "according to":
        np = np_after(text, m.end(), b)
        return Attribution(*np, cue) if np else None
    if pre.strip(" ,\u00a0—–-"):
        np = np_before(text, a, m.start())
        if np is not None and len(pre.split()) <= 12:
            return Attribution(*np, cue)
        return None
    np = np_after(text, m.end(), b)
    return Attribution(*np, cue) if np else None


def cue_before(text: str, a: int, b: int) -> Attribution | None:
    """`X said: "…"` / `X told reporters "…"` / `According to X, "…"`: last cue before a quote."""
    lex = _lex()
    last = None
    for m in lex.cue.finditer(text, a, b):
        last = m
    if last is None:
        return None
    cue = last.group()
    if cue.lower() == "according to":
        np = np_after(text, last.end(), b)
        return Attribution(*np, cue) if np else None
    np = np_before(text, a, last.start())
    if np is None:
        np = np_after(text, last.end(), b)
    return Attribution(*np, cue) if np else None


def sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence containing pos, not before lo."""
    start = lo
    for m in _SENT_END.finditer(text, lo, pos):
        start = m.end()
    return start


def sentence_end(text: str, pos: int, hi: int) -> int:
    m = _SENT_END.search(text, pos, hi)
    return m.start() + 1 if m else hi
