"""Read in context: an article cut into labelled segments (quote, speaker) and keyword-in-context.

Pure functions over strings and frames; HTML comes out escaped, so corpus text is never markup.
It does not find quotes or speakers (lib.quotes, lib.speakers) nor render anything.
"""

from __future__ import annotations

import html
import re

import pandas as pd

# Where a speaker mention sits inside a quote span, the mention wins: it is the smaller,
# more specific mark. Unknown labels rank below both.
_PRIORITY = {"speaker": 2, "quote": 1}
_MARK_CLASS = {"quote": "q", "speaker": "s"}
KWIC_COLUMNS = ["article_id", "left", "match", "right"]


def highlight_segments(text: str, spans: list[tuple[int, int, str]]
                       ) -> list[tuple[str, str | None]]:
    """`text` as consecutive (segment, label) pairs whose segments join back to `text`.

    Spans are clipped to the text; empty, reversed or malformed spans are ignored. Where spans
    overlap, the higher-priority label holds each character ("speaker" over "quote"; otherwise
    the later span in the list).
    """
    if not isinstance(text, str):
        return []
    n = len(text)
    labels: list[str | None] = [None] * n
    rank = [-1] * n
    for order, span in enumerate(spans or []):
        try:
            start, end, label = int(span[0]), int(span[1]), str(span[2])
        except (TypeError, ValueError, IndexError):
            continue
        start, end = max(start, 0), min(end, n)
        if start >= end:
            continue
        weight = _PRIORITY.get(label, 0) * 1_000_000 + order
        for i in range(start, end):
            if weight >= rank[i]:
                labels[i], rank[i] = label, weight
    out: list[tuple[str, str | None]] = []
    i = 0
    while i < n:
        j = i + 1
        while j < n and labels[j] == labels[i]:
            j += 1
        out.append((text[i:j], labels[i]))
        i = j
    return out


def segments_to_html(segments: list[tuple[str, str | None]]) -> str:
    """Segments as HTML: every segment escaped, labelled ones wrapped in <mark class="q"|"s">."""
    parts = []
    for seg, label in segments:
        body = html.escape(seg, quote=True)
        if label is None:
            parts.append(body)
        else:
            cls = _MARK_CLASS.get(label, re.sub(r"[^a-z0-9_-]", "", str(label).lower()) or "x")
            parts.append(f'<mark class="{cls}">{body}</mark>')
    return "".join(parts)


def _parts(query: object, re2: bool = False) -> tuple[str, bool, bool] | None:
    """The pattern of a word or phrase, and whether it starts and ends on a letter or digit
    (only those edges need a word boundary: "<b>" or "U.S." may touch anything)."""
    words = query.split() if isinstance(query, str) else []
    if not words:
        return None
    last = words[-1]
    if last.endswith("*") and last.strip("*"):
        # "econom*": any ending, as in Voyant
        words[-1] = last.rstrip("*")
        end = r"[\p{L}\p{N}_]*" if re2 else r"\w*"  # RE2's \w is ASCII only
    elif last[-1].isalnum():
        # "storm" finds "storms" and "storm's", "tax" finds "taxes", "pric" finds nothing
        plural = "es" if last.lower().endswith(("s", "x", "z", "ch", "sh")) else "s"
        end = rf"(?:{plural})?(?:'s|’s)?"
    else:
        end = ""
    space = r"[\s\p{Z}]+" if re2 else r"\s+"  # RE2's \s leaves out no-break spaces
    body = space.join(re.escape(w) for w in words) + end
    return body, words[0][0].isalnum(), words[-1][-1].isalnum()


def word_regex(query: object) -> str | None:
    """The whole-word pattern of a word or phrase (Python `re`, to use case-insensitively):
    "rain" finds "Rain fell" and "rains", not "train"; "econom*" finds any ending; None for a
    blank query."""
    parts = _parts(query)
    if parts is None:
        return None
    body, left, right = parts
    # \b fails next to punctuation at the query's edges ("U.S."), so use look-arounds on \w.
    return (r"(?<!\w)" if left else "") + body + (r"(?!\w)" if right else "")


def word_regex_re2(query: object) -> str | None:
    """`word_regex` for Arrow's RE2, which has no look-arounds: a letter, digit or underscore
    on neither side; letters and spaces are Unicode ones, as Python's are."""
    parts = _parts(query, re2=True)
    if parts is None:
        return None
    body, left, right = parts
    edge = r"[^\p{L}\p{N}_]"
    return (rf"(?:^|{edge})" if left else "") + body + (rf"(?:{edge}|$)" if right else "")


def kwic_pattern(query: str) -> re.Pattern[str] | None:
    """Case-insensitive whole-word regex for a word or phrase; None for a blank query."""
    pattern = word_regex(query)
    return re.compile(pattern, re.IGNORECASE) if pattern is not None else None


_SPACE = re.compile(r"\s+")


def _one_line(s: str) -> str:
    return _SPACE.sub(" ", s)  # not stripped: the space before the match is part of the line


def kwic(texts: pd.Series, query: str, width: int = 60, limit: int = 200) -> pd.DataFrame:
    """Keyword-in-context lines: columns article_id (the series' index), left, match, right.

    Up to `width` characters each side, whitespace folded to single spaces; stops after
    `limit` lines. A blank query or no match gives an empty frame with the same columns.
    """
    pattern = kwic_pattern(query)
    rows: list[tuple[object, str, str, str]] = []
    if pattern is None or limit <= 0:
        return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    width = max(int(width), 0)
    for key, text in texts.items():
        if not isinstance(text, str):
            continue
        for m in pattern.finditer(text):
            left = _one_line(text[max(m.start() - width, 0) : m.start()])
            right = _one_line(text[m.end() : m.end() + width])
            rows.append((key, left[-width:] if width else "", _one_line(m.group()),
                         right[:width] if width else ""))
            if len(rows) >= limit:
                return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
