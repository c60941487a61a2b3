"""Find the spans between quotation marks in an article, robust to messy wire copy.

Pairs marks within a paragraph (any mix of straight, curly, « », „ “, '' and ``), repairs a
missing opening mark and stray spaces; it does not decide whether a span is speech or who said it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from lib import wordlists

# Characters that can sit just before an opening mark / just after a closing one.
_OPEN_LEFT: Final = set("([{—–-/:;…") | {"\u00a0"}
_CLOSE_RIGHT: Final = set(",.;:!?)]}—–-…/") | {"\u00a0"}
_END_PUNCT: Final = set(",.?!;:…")
_TAG: Final = re.compile(r"<[^<>\n]{0,2000}>")
# '90s, '08, 'em, 'n', 'cause: a leading apostrophe before digits or a clipped word is elision,
# never a mark.
_ELISION: Final = re.compile(r"\d\d|(?:em|n|cause|cos|til|bout|round|tis|twas|nuff)\b",
                            re.IGNORECASE)


@dataclass(slots=True, init=False, unsafe_hash=True)
class MarkSpan:
    """Text between two marks (or a mark and a paragraph edge); offsets exclude the marks."""

    start: int
    end: int
    open_at: int  # index of the opening mark, or the paragraph start when it is missing
    close_at: int  # index just past the closing mark, or the paragraph end when left open
    opened: bool  # an opening mark was seen
    closed: bool  # a closing mark was seen
    para_start: int
    para_end: int

    def __init__(
        self, start: int, end: int, open_at: int, close_at: int, opened: bool, closed: bool,
        para_start: int, para_end: int,
    ) -> None:
        self.start = start
        self.end = end
        self.open_at = open_at
        self.close_at = close_at
        self.opened = opened
        self.closed = closed
        self.para_start = para_start
        self.para_end = para_end


@cache
def _load_marks(name: str) -> tuple[re.Pattern[str], dict[str, str]]:
    hints: dict[str, str] = {}
    for line in (wordlists.DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        mark, _, hint = line.partition(" ")
        hints[mark] = hint.strip() or "both"
    # Longest first so that '' is one mark, not two apostrophes.
    alts = sorted(hints, key=len, reverse=True)
    return re.compile("|".join(re.escape(m) for m in alts)), hints


def _role(text: str, s: int, e: int, p0: int, p1: int, hint: str) -> int:
    """+1 looks like an opening mark, -1 like a closing one, 0 unclear."""
    left = text[s - 1] if s > p0 else " "
    right = text[e] if e < p1 else " "
    left_open = left.isspace() or left in _OPEN_LEFT or s == p0
    right_close = right.isspace() or right in _CLOSE_RIGHT or e == p1
    if left_open and not right_close:
        return 1
    if right_close and not left_open:
        return -1
    if left.isspace() and right_close:
        if hint == "opens":
            return 1  # « „ with a space on each side: French spacing, not a stray space
        # A stray space before a closing mark: "needed ,” Shimonite said."
        j = s - 1
        while j > p0 and text[j].isspace():
            j -= 1
        if text[j] in _END_PUNCT or text[j].isalnum():
            return -1
    if hint == "open" or hint == "opens":
        return 1
    if hint == "close":
        return -1
    return 0


def _tag_ranges(text: str) -> list[tuple[int, int]]:
    if "<" not in text:
        return []
    return [m.span() for m in _TAG.finditer(text)]


def _span(
    text: str, a: int, b: int, open_at: int, close_at: int, opened: bool, closed: bool,
    p0: int, p1: int,
) -> MarkSpan | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b <= a:
        return None
    return MarkSpan(a, b, open_at, close_at, opened, closed, p0, p1)


def _pair_paragraph(
    text: str, p0: int, p1: int, marks: list[tuple[int, int, str]]
) -> list[MarkSpan]:
    out: list[MarkSpan] = []
    open_mark: tuple[int, int] | None = None
    for i, (s, e, hint) in enumerate(marks):
        if open_mark is None:
            role = _role(text, s, e, p0, p1, hint)
            if i == 0 and role < 0 and len(text[p0:s].split()) >= 2:
                # The paragraph opens a quote whose opening mark was lost.
                span = _span(text, p0, s, p0, e, False, True, p0, p1)
                if span is not None:
                    out.append(span)
                continue
            open_mark = (s, e)
        else:
            span = _span(text, open_mark[1], s, open_mark[0], e, True, True, p0, p1)
            if span is not None:
                out.append(span)
            open_mark = None
    if open_mark is not None:
        # News convention: a quote still open runs to the end of its paragraph.
        span = _span(text, open_mark[1], p1, open_mark[0], p1, True, False, p0, p1)
        if span is not None:
            out.append(span)
    return out


_LINE_END: Final = set(".!?…:;\"”’»)]")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Every line is a paragraph, except in hard-wrapped copy (blank lines between paragraphs):
    there a line that stops mid-sentence, long or followed by a lower-case word, runs on into
    the next one ("The mayor said "We will\nwin the vote"")."""
    wrapped = "\n\n" in text
    out: list[tuple[int, int]] = []
    pos = 0
    prev = ""  # the line just before, if it was not blank
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if wrapped and prev and out and prev[-1] not in _LINE_END and (
                    len(prev) >= 40 or line.lstrip()[:1].islower()):
                out[-1] = (out[-1][0], end)
            else:
                out.append((pos, end))
            prev = line.rstrip()
        else:
            prev = ""
        pos = end + 1
    return out


def _mark_hits(text: str, marks: dict[str, str]) -> list[tuple[int, int, str]]:
    """Every mark in the text as the pattern of `_load_marks` finds them (leftmost, longest first,
    no overlaps), found with str.find: a regex tests every character of the article, and the
    marks are a handful of characters."""
    found: list[tuple[int, int, str]] = []
    for mark in marks:
        i = text.find(mark)
        while i >= 0:
            found.append((i, -len(mark), mark))
            i = text.find(mark, i + 1)
    found.sort()
    out: list[tuple[int, int, str]] = []
    end = -1
    for i, neg, mark in found:
        if i >= end:
            end = i - neg
            out.append((i, end, mark))
    return out


def _scan(text: str, marks_file: str, singles: bool) -> list[MarkSpan]:
    hints = _load_marks(marks_file)[1]
    hits = _mark_hits(text, hints)
    if not hits:
        return []
    tags = _tag_ranges(text)
    out: list[MarkSpan] = []
    k, n = 0, len(hits)
    for p0, p1 in _paragraphs(text):
        if k >= n:
            break
        if hits[k][0] >= p1:
            continue
        marks: list[tuple[int, int, str]] = []
        roles: list[int] = []
        while k < n and hits[k][0] < p1:
            s, e, mark = hits[k]
            k += 1
            if s < p0 or tags and any(a <= s < b for a, b in tags):
                continue
            if singles:
                left = text[s - 1] if s > p0 else " "
                right = text[e] if e < p1 else " "
                if left.isalnum() and right.isalnum():
                    continue  # Macron's, don't
                if _ELISION.match(text, e) and not left.isalnum():
                    continue  # '90s
                role = _role(text, s, e, p0, p1, hints[mark])
                if role == 0:
                    continue
                roles.append(role)
            marks.append((s, e, hints[mark]))
        if singles and marks:
            marks = _apostrophes_out(text, p0, marks, roles)
        if marks:
            out.extend(_pair_paragraph(text, p0, p1, marks))
    return out


def _dropped_g(text: str, s: int, e: int) -> bool:
    """The mark at s ends a lower-case word in "-in" that is an "-ing" word without its g, and
    lower-case prose goes on after a space: "goin' home", "fightin’ for" (not "Berlin’ and",
    "again' and")."""
    if not (text[s - 2 : s] == "in" and text[e : e + 1] == " " and text[e + 1 : e + 2].islower()):
        return False
    k = s
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    word = text[k:s]
    if len(word) < 4 or not word.islower():
        return False
    from lib.readability_counts import cmu_syllables  # loaded once, and only for such a word

    return word + "g" in cmu_syllables()


def _apostrophes_out(
    text: str, p0: int, marks: list[tuple[int, int, str]], roles: list[int]
) -> list[tuple[int, int, str]]:
    """Single marks of one paragraph without the apostrophes that look like closing marks:
    "Workers' rights" (nothing open to close), "'The workers' rights matter,' she said" (a later
    mark closes), rock 'n' roll (a pair around a letter or two)."""
    out: list[tuple[int, int, str]] = []
    is_open = False
    i, n = 0, len(marks)
    while i < n:
        s, e, hint = marks[i]
        role = roles[i]
        if not is_open:
            if role > 0:
                if i + 1 < n and roles[i + 1] < 0 and marks[i + 1][0] - e <= 2:
                    i += 2  # 'n', 'em: an elision, not a quote
                    continue
                out.append(marks[i])
                is_open = True
            elif not out and s > p0 and text[s - 1] in _END_PUNCT:
                out.append(marks[i])  # "… needed,' he said": the opening mark was lost
            i += 1
            continue
        if role < 0 and i + 1 < n and roles[i + 1] < 0 and (
                text[s - 1] in "sS" and text[s - 2 : s - 1].isalpha()
                or text[s - 2 : s] in ("'n", "’n", "'N")):
            # "the workers' rights matter,'", "rock 'n' roll,'": a plural possessive or the end
            # of an elision; the later mark closes
            i += 1
            continue
        if role < 0 and i + 1 < n and roles[i + 1] < 0 and _dropped_g(text, s, e):
            i += 1  # "'I was goin' home,' she said": the later mark closes
            continue
        out.append(marks[i])
        is_open = False
        i += 1
    return out


def find_mark_spans(text: str) -> list[MarkSpan]:
    """All quoted spans in reading order; single marks count only if no double mark is used,
    or if every double-quoted span sits inside a single-quoted one (British nesting: 'He said
    "no" to me,' said Ms Ruiz)."""
    spans = _scan(text, "quote_marks.txt", singles=False)
    if not spans:
        return _scan(text, "single_marks.txt", singles=True)
    # an opening single mark shows as one after a space or a line start (apostrophes do not)
    if "‘" in text or " '" in text or "\n'" in text or text.startswith("'"):
        singles = _scan(text, "single_marks.txt", singles=True)
        if singles and all(any(s.open_at < d.open_at and d.close_at <= s.close_at
                               for s in singles) for d in spans):
            return singles
    return spans
