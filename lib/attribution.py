"""Find the reporting cue next to a quote and the mention (name, title, pronoun) it points to.

Scans the words around a quote with precompiled patterns, no parser; noun phrases come from
`lib.mentions`. It returns mention spans only and leaves who a mention is to `lib.speakers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from lib import names
from lib.mentions import (
    AUX,
    BE_FORMS,
    CLAUSE_STOP,
    NOUN_CUE_LEADS,
    NOUN_CUES,
    OBJECT_PRONOUNS,
    PASSIVE_LEADS,
    POSSESSIVES,
    TOKEN,
    lexicon,
    np_after,
    np_before,
    sentence_subject,
    subject_slot,
)

_MAX_SENTENCE: Final = 600
# The next sentence may open with a quote: one mark, or the two-character `''` / ``` `` ``` of
# New York Times copy ("cuts. ''They are painful''": a new sentence, not the same one).
_DOTTED: Final = re.compile(r"(?:[A-Z]\.)+[A-Z]$")  # "U.S" of "U.S.", before its last dot
# "Reuters quoted Zhang Wei as saying: …": the one quoted, not the outlet, is the source.
_QUOTED_AS: Final = re.compile(
    r"\b(?:quoted|quotes|quoting|cited|cites|citing)\s+(?=\S)(.{2,90}?)\s+as\s+$"
)
_SENT_END: Final = re.compile(r"[.!?…](?:''|[”\"’'])?\s+(?=(?:''|``|[“\"‘'(\[])?[A-Z0-9])")


@dataclass(slots=True, init=False, unsafe_hash=True)
class Attribution:
    """A mention span and the cue that ties it to a quote."""

    start: int
    end: int
    cue: str | None

    def __init__(self, start: int, end: int, cue: str | None) -> None:
        self.start = start
        self.end = end
        self.cue = cue


class Cue:
    """A reporting cue in a text: where it is and its words as written."""

    __slots__ = ("start", "end", "word")

    def __init__(self, start: int, end: int, word: str) -> None:
        self.start = start
        self.end = end
        self.word = word


# `lexicon().cue` opens with `\b`, which gives the regex engine no character to skip ahead to:
# it ran its matcher at every position of a window (a fifth of a cue search's cost). `cue_edge`
# opens with the non-word character before the cue, so the engine skips word characters in a
# C loop. Searched from a - 1 it reads the character `\b` reads at a (text[a - 1], before the
# window); at 0, which has no character before it, `cue` itself is used. A record, not the
# match, is returned: compiled code reads its fields natively, where each `.start()` or
# `.group()` of a match is a call through Python.
def find_cues(text: str, a: int, b: int) -> list[Cue]:
    """What `lexicon().cue.finditer(text, a, b)` finds, in order."""
    lex = lexicon()
    out: list[Cue] = []
    if a > 0:
        for m in lex.cue_edge.finditer(text, a - 1, b):
            s, e = m.span(1)
            out.append(Cue(s, e, text[s:e]))
    else:
        for m in lex.cue.finditer(text, a, b):
            s, e = m.span()
            out.append(Cue(s, e, text[s:e]))
    return out


def first_cue(text: str, a: int, b: int) -> Cue | None:
    """What `lexicon().cue.search(text, a, b)` finds (see `find_cues`)."""
    lex = lexicon()
    if a > 0:
        m = lex.cue_edge.search(text, a - 1, b)
        if m is None:
            return None
        s, e = m.span(1)
    else:
        m = lex.cue.search(text, a, b)
        if m is None:
            return None
        s, e = m.span()
    return Cue(s, e, text[s:e])


def cue_after(text: str, a: int, b: int, loose: bool = True) -> Attribution | None:
    """`…,” he said` / `…,” said Sen. X` / `…,” according to X`: cue right after a quote."""
    lex = lexicon()
    m = first_cue(text, a, min(b, a + 90))
    who: Attribution | None = None
    if m is not None:
        pre = text[a : m.start]
        cue = m.word
        np = None
        if cue.lower() == "according to":
            np = np_after(text, m.end, b)
        elif pre.strip(" ,\u00a0—–-"):
            if len(pre.split()) <= 12:
                np = np_before(text, a, m.start)
        elif not cue.endswith("ing"):
            # '…,” said Sen. X' (but '…,” describing the team' belongs to the sentence subject)
            np = np_after(text, m.end, b)
        if np is not None:
            who = Attribution(np[0], np[1], cue)
            # "…,” Walker said, according to an AP account": annotators credit the report. The
            # cue search runs only where one can be that: its match would hold "ccording to".
            acc = first_cue(text, m.end, b) if text.find("ccording to", m.end, b) >= 0 else None
            if acc is not None and acc.word.lower() == "according to":
                np2 = np_after(text, acc.end, b)
                if np2 is not None:
                    who = Attribution(np2[0], np2[1], "according to")
    if who is None:
        # "…" and more paraphrase, he says.": a short subject and its cue closing the sentence.
        for m2 in find_cues(text, a, b):
            np = np_before(text, a, m2.start)
            if np is not None and _comma_before(text, np[0]) and \
                    len(text[np[0] : np[1]].split()) <= 3:
                who = Attribution(np[0], np[1], m2.word)
                break
            # "…,'' since so many cases were close, said Lee Epstein, who teaches …"
            if _comma_before(text, m2.start) and not m2.word.endswith("ing") \
                    and m2.word.lower() not in lex.addressee:
                np = np_after(text, m2.end, b)
                # the name follows the verb at once: 'said of Mrs. Clinton's plan' is the topic
                if np is not None and text[np[0]].isupper() \
                        and not text[m2.end : np[0]].strip():
                    who = Attribution(np[0], np[1], m2.word)
                    break
    if who is None and loose:
        # "…,” the nominee riffed" / "…,” Robert Peck, an analyst at …": a name right after.
        np = np_after(text, a, b)
        # with no cue, "Her suggestions are redacted" names a thing of hers, not a speaker
        if np is not None and not text[a : np[0]].strip(" ,") \
                and text[np[0] : np[1]].split(None, 1)[0].lower() not in POSSESSIVES:
            nxt = TOKEN.search(text, np[1], b)
            word = nxt.group() if nxt is not None else ""
            if word.islower() and word.isalpha() and word.endswith(("ed", "s")) \
                    and word not in CLAUSE_STOP:
                who = Attribution(np[0], np[1], word)
            else:
                # Right after '…,”' a name or a described person is the speaker in news style.
                m3 = first_cue(text, np[1], b)
                who = Attribution(np[0], np[1], m3.word if m3 else None)
    return who


def _comma_before(text: str, pos: int) -> bool:
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos > 0 and text[pos - 1] == ","


def cue_before(text: str, a: int, b: int) -> Attribution | None:
    """`X said: "…"` / `X told reporters "…"` / `According to X, "…"`: last cue before a quote."""
    lex = lexicon()
    last = None
    cues = [m for m in find_cues(text, a, b) if not noun_use(text, a, m)]
    if cues:
        last = cues[-1]
        # "who told Congress when asked about it:": the last active cue is the source's
        active = [m for m in cues if not _passive(text, a, m)]
        if active and active[-1] is not last:
            last = active[-1]
            cues = cues[: cues.index(last) + 1]
    if last is None:
        pre = text[a:b].rstrip()
        if pre.endswith(":"):
            # "Clinton: "Our goal is …""
            np = np_before(text, a, a + len(pre) - 1)
            return Attribution(np[0], np[1], ":") if np else None
        return None
    cue = last.word
    if cue.lower() == "according to":
        np = np_after(text, last.end, b)
        return Attribution(np[0], np[1], cue) if np else None
    np = None
    if text[last.start - 4 : last.start] == " as ":
        quoted = _QUOTED_AS.search(text, max(a, last.start - 110), last.start)
        if quoted is not None:
            np = np_after(text, quoted.start(1), quoted.end(1))
            if np is not None:
                return Attribution(np[0], np[1], cue)
    if cue.endswith("ing") and text[a : last.start].rstrip().endswith((",", "—", "–")):
        # "Trump slammed the deal, saying …": the subject opens the sentence.
        np = sentence_subject(text, a, last.start)
    if np is None:
        np = np_before(text, a, last.start)
        if np is not None and not subject_slot(text, a, np):
            np = None  # "released an extraordinary statement saying": an object, not a source
    if np is None:
        np = sentence_subject(text, a, last.start)
    if np is None and cue.lower() not in lex.addressee:
        # Inverted: 'said Sen. X, R-S.C.: "…"' — the name must run up to the quote.
        np = np_after(text, last.end, b)
        rest = text[np[1] : b].split() if np is not None else []
        if np is not None and (len(rest) > 3 or any(w.lower() in AUX for w in rest)
                               or text[np[0] : np[1]].lower() in OBJECT_PRONOUNS):
            np = None
    if np is not None and len(cues) > 1 and text[np[0] : np[1]].lower() in ("he", "she", "they"):
        # "Rubio said that he has begun “to unmask …”": the source is the outer speaker.
        outer = cues[-2]
        if len(text[outer.end : np[0]].split()) <= 1:
            np0 = np_before(text, a, outer.start)
            if np0 is not None and subject_slot(text, a, np0):
                return Attribution(np0[0], np0[1], outer.word)
    return Attribution(np[0], np[1], cue) if np else None


def noun_use(text: str, a: int, cue: Cue) -> bool:
    """A cue word used as a noun: "Trump's over-the-top comments", "his remarks", "Republican
    claims of …" name words, they do not introduce a speaker."""
    if cue.word.lower() not in NOUN_CUES:
        return False
    if text[cue.end : cue.end + 4] == " of ":
        return True
    before = text[max(a, cue.start - 40) : cue.start].split()[-3:]
    for w in reversed(before):
        if w.lower() in NOUN_CUE_LEADS or w.endswith(("'s", "’s")):
            return True
        if not (w.replace("-", "").isalpha() and w.islower()) or w in CLAUSE_STOP:
            return False  # a name, punctuation or a clause word: the cue has a subject
    return False


def _passive(text: str, a: int, cue: Cue) -> bool:
    """The word before a cue makes it passive or a time clause ("when asked", "was told"); a
    form of "be" before an -ing form is active ("the engineers were arguing")."""
    before = text[max(a, cue.start - 12) : cue.start].split()
    if not before or before[-1].lower() not in PASSIVE_LEADS:
        return False
    return not (cue.word.endswith("ing") and before[-1].lower() in BE_FORMS)


def cue_words() -> frozenset[str]:
    """The reporting cues as plain words, for cheap membership tests before a regex."""
    return lexicon().cue_words


def cue_re() -> re.Pattern[str]:
    """The compiled reporting-cue pattern (from lib/data/cue_verbs.txt)."""
    return lexicon().cue


def _is_boundary(text: str, j: int, m: re.Match[str]) -> bool:
    """Whether m, `_SENT_END`'s match at offset j (passed: a call of m.start() from compiled
    code goes through Python), ends a sentence."""
    # The word before the full stop, found with C-speed searches rather than a char loop.
    k = max(text.rfind(" ", max(0, j - 30), j), text.rfind("\n", max(0, j - 30), j))
    word = text[k + 1 : j]
    while word and not word[0].isalnum():
        word = word[1:]  # an opening mark or bracket glued to the word
    if not word or not word[-1:].isalnum():
        return True
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Charles E. Grassley"
    if len(word) > 2 and word[1] == "." and _DOTTED.match(word) \
            and m.group() in (". ", ".\u00a0"):
        # "Assistant U.S. Attorney Jo White": a title goes on; "in the U.S. He said" and "from
        # the U.S. Tom Brown said" end a sentence
        nxt = text[m.end() : m.end() + 20].split(None, 1)
        return not (nxt and names.is_honorific(nxt[0]))
    return word.lower().rsplit(".", 1)[-1] not in lexicon().abbrev


class _Marks:
    """Where one text has a full stop, "!", "?" or "…", in order: every sentence end starts at
    one. Found with `str.find` (C's memchr) once a text; the regex engine's scan for the
    same set tested each character of every window (~38 windows, ~3,400 characters an
    article of PolNeAR-dev). What each mark gives is kept too: the windows of one article
    overlap, and nearly half the marks tried were tried before."""

    def __init__(self, text: str) -> None:
        self.text = text
        at: list[int] = []
        for c in ".!?…":
            i = text.find(c)
            while i >= 0:
                at.append(i)
                i = text.find(c, i + 1)
        at.sort()
        self.at = at
        # per mark, filled on first use: `_SENT_END`'s match there in the whole text (None: no
        # sentence ends at it, in any window), and whether that match is a boundary (-1: not
        # worked out yet, -2: the match not either)
        self.match: list[re.Match[str] | None] = [None] * len(at)
        self.bound: list[int] = [-2] * len(at)
        self.ends: list[int] = [0] * len(at)  # each match's end, read once (m.end() is a call)


# The last text's marks: the one item is replaced whole, so a reader sees one text's or another's
_LAST_MARKS: Final[list[_Marks]] = [_Marks("")]


def forget_text() -> None:
    """Drop the last text's marks (`lib.quotes.clear_caches`: a cold pass starts with none)."""
    _LAST_MARKS[0] = _Marks("")


def _marks(text: str) -> _Marks:
    marks = _LAST_MARKS[0]
    if marks.text is not text:
        marks = _LAST_MARKS[0] = _Marks(text)
    return marks


def _first_from(at: list[int], pos: int) -> int:
    """`bisect.bisect_left(at, pos)`: the index of the first mark at pos or after. Written out,
    compiled code runs it natively; a call into `bisect` went through Python (~1,000
    instructions, more than the search)."""
    lo, hi = 0, len(at)
    while lo < hi:
        mid = (lo + hi) // 2
        if at[mid] < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


# What may follow a mark in a `_SENT_END` match before its space: a closing quote.
_CLOSERS: Final = "'”\"’"


def _next_end(
    text: str, marks: _Marks, i: int, stop: int, end: int
) -> tuple[int, re.Match[str] | None, int]:
    """From mark i on, the first mark before `stop` where `_SENT_END` matches within `end`, that
    match (None: no more) and its end. Tried at each mark, it gives what scanning the window
    with the pattern gives: a match opens with a mark and holds no other. The whole text's
    match at a mark is the window's too when the window holds all the pattern reads (up to
    three characters past the match's end); none in the whole text is none in any window."""
    at, found, bound, ends = marks.at, marks.match, marks.bound, marks.ends
    while i < len(at) and at[i] < stop:
        p = at[i]
        if bound[i] == -2:
            # The match needs a space or a closing quote right after the mark: a mark inside a
            # word or number ("U.S.", "3.5", "google.com") is ruled out without a regex call.
            after = text[p + 1 : p + 2]
            if after.isspace() or after and after in _CLOSERS:
                m0 = found[i] = _SENT_END.match(text, p)
                if m0 is not None:
                    ends[i] = m0.end()
            bound[i] = -1
        m = found[i]
        if m is not None:
            e = ends[i]
            if e + 3 > end:
                m = _SENT_END.match(text, p, end)  # the window cuts into what it reads
                if m is not None:
                    e = m.end()
            if m is not None:
                return i, m, e
        i += 1
    return i, None, -1


def _boundary(text: str, marks: _Marks, i: int, m: re.Match[str]) -> bool:
    """`_is_boundary` of mark i's match m, once a text for the whole text's match."""
    if m is not marks.match[i]:
        return _is_boundary(text, marks.at[i], m)
    b = marks.bound[i]
    if b < 0:
        b = marks.bound[i] = int(_is_boundary(text, marks.at[i], m))
    return b == 1


def sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence containing pos, not before lo."""
    # A sentence longer than _MAX_SENTENCE is not prose; bounding the look-back keeps a huge
    # one-paragraph text linear.
    start = lo = max(lo, pos - _MAX_SENTENCE)
    # Look a little past pos: the capital that proves a boundary may be the quote itself.
    end = min(len(text), pos + 3)
    marks = _marks(text)
    i, m, e = _next_end(text, marks, _first_from(marks.at, lo), end, end)
    while m is not None and e <= pos:
        if _boundary(text, marks, i, m):
            start = e
        i, m, e = _next_end(text, marks, i + 1, end, end)  # a match holds only its own mark
    return start


def sentence_end(text: str, pos: int, hi: int) -> int:
    hi = min(hi, pos + _MAX_SENTENCE)
    end = min(len(text), hi + 3)
    stop = min(end, hi)  # a match starting at hi or later ends nothing here
    marks = _marks(text)
    i, m, _ = _next_end(text, marks, _first_from(marks.at, pos), stop, end)
    while m is not None:
        if _boundary(text, marks, i, m):
            return marks.at[i] + 1  # the match opens at its mark
        i, m, _ = _next_end(text, marks, i + 1, stop, end)
    return hi
