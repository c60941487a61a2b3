"""Text normalisation and sentence splitting for readability scoring.

Cleans what readability formulas should not see (quote marks, editor's insertions, glued dashes,
headlines without a full stop) and splits sentences around abbreviations, initials and decimals.
It does not tokenise words or score anything: that is `lib.readability`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lib import wordlists

# --------------------------------------------------------------------------- word lists


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Lower-cased abbreviation (with its dots) -> kind ("prefix", "number" or "any")."""
    table: dict[str, str] = {}
    for line in wordlists.lines("abbreviations.txt"):
        abbr, _, kind = line.partition("\t")
        table[abbr.strip().lower()] = kind.strip() or "any"
    return table


@lru_cache(maxsize=1)
def sentence_openers() -> frozenset[str]:
    """Lower-cased words that, capitalised, start a new sentence after an ambiguous abbreviation."""
    return frozenset(w.lower() for w in wordlists.lines("sentence_openers.txt"))


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Reporting verbs that carry a quoted question into its attribution ("Why? Jones asked.")."""
    return frozenset(w.lower() for w in wordlists.lines("speech_verbs.txt"))


@lru_cache(maxsize=1)
def time_followers() -> frozenset[str]:
    """Capitalised words (days, months, zones) that stay in the sentence after "a.m."/"p.m."."""
    return frozenset(w.lower() for w in wordlists.lines("time_followers.txt"))


# --------------------------------------------------------------------------- normalise

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Patterns start with the character they look for and check what precedes it afterwards
# (a lookbehind that includes the match): a leading lookbehind or `\s*` is tried at every
# position of the text, which made normalising most of the cost of scoring.
# "(French President Emmanuel Macron - ed.)", "[sic]", "[...]": the editor's voice, not the text.
_EDITOR = re.compile(
    r"(?:[(\[][^()\[\]\n]{0,200}?\s[-–—]+\s*(?:eds?|red|Ed|Eds|Red)\.?\s*[)\]]"
    r"|[(\[]\s*(?:eds?\.|sic|\.\.\.|…|\.\s\.\s\.)\s*[)\]])",
)
_ELLIPSIS = re.compile(r"\.[ ]?\.(?:[ ]?\.)+")  # within a line: a headline ending "." is not one
_APOSTROPHE = re.compile(r"[’ʼ′](?<=\w[’ʼ′])(?=\w)")
_DQ = "\"“”„‟«»‹›〝〞＂"
_DOUBLE_QUOTE_GLUED = re.compile(rf"[{_DQ}](?<=[^\s(\[][{_DQ}])(?=[^\s)\].,;:!?…])")
_SQ = "'‘’‛‚`"
_SINGLE_QUOTE = re.compile(rf"[{_SQ}](?:(?<!\w[{_SQ}])|(?!\w))")
_RANGE_DASH = re.compile(r"[–—](?<=\d[–—])(?=\d)")
_GLUED_DASH = re.compile(r"[—―]|--+|–(?<=\s–)(?=\s)")
_GLUED_STOP = re.compile(r"([.!?])(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Þ][a-zà-ÿ])")
# A pattern that opens with a repeat (" +", " {2,}") is tried at every position of the text;
# opening with one plain space instead lets the regex engine skip to the spaces.
_SPACES = re.compile(r"  +")
_SPACE_BEFORE_PUNCT = re.compile(r"  *(?=[.,;:!?…]+(?:\s|$))")
_PARAGRAPH = re.compile(r"\n\s*\n")
# Cheap tests that a pattern above cannot match, so most texts skip its pass entirely: the
# rare characters of the first three, and the ending every editor's insertion has.
_RARE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u00a0\u1680\u2000-\u200a\u202f\u205f"
                   "\u3000\t\x0b\x0c\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The insertion's own ending, whichever of _EDITOR's two forms: a dash then "ed."/"red.", or a
# bracket then "ed."/"sic"/"...". One leading class, so the search skips to those characters.
_EDITOR_END = re.compile(
    r"[-–—(\[](?:(?<=[-–—])\s*(?:eds?|red|Ed|Eds|Red)\.?"
    r"|(?<=[(\[])\s*(?:eds?\.|sic|\.\.\.|…|\.\s\.\s\.))\s*[)\]]"
)
_SPACE_PUNCT = (" .", " ,", " ;", " :", " !", " ?", " …")
_ALNUM = re.compile(r"[^\W_]")  # str.isalnum, as a regex
_ASCII_NON_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _alnum_count(text: str, lo: int, hi: int) -> int:
    """Letters and digits in text[lo:hi]: `len(_ALNUM.findall(...))` without making a string
    per character (most articles hold an editor's insertion, so this counts most of the text)."""
    piece = text[lo:hi]
    n = len(piece.encode("ascii", "ignore").translate(None, _ASCII_NON_ALNUM))
    if not piece.isascii():
        n += sum(1 for ch in _NON_ASCII.findall(piece) if ch.isalnum())
    return n


def _sub_with_space(
    pattern: re.Pattern[str],
    text: str,
    repl: str,
    after: bool,
    dropped: list[tuple[int, int]] | None = None,
) -> str:
    r"""`pattern` replaced by `repl`, eating the whitespace before it (and after it if `after`).

    What `re.sub(r"\s*(?:pattern)\s*", ...)` does, without trying `\s*` at every position.
    `dropped` receives (letters and digits before the match, letters and digits in it).
    """
    out: list[str] = []
    pos = 0
    seen = 0
    for m in pattern.finditer(text):
        if dropped is not None:
            seen += _alnum_count(text, pos, m.start())
            inside = _alnum_count(text, m.start(), m.end())
            if inside:
                dropped.append((seen, inside))
            seen += inside
        out.append(text[pos : m.start()].rstrip())
        out.append(repl)
        pos = m.end()
        if after:
            while pos < len(text) and text[pos].isspace():
                pos += 1
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def normalise(text: str) -> str:
    """Text cleaned for counting: one space between words, paragraphs kept ("\\n\\n").

    Quote marks and editor's insertions go, glued dashes get spaces (so "bill—which" stays two
    words), hard-wrapped lines are joined and a line that ends without punctuation (a headline,
    a byline) gets a full stop so that it counts as its own sentence.
    """
    return _normalise(text, None)


def _normalise(text: str, dropped: list[tuple[int, int]] | None) -> str:
    if not isinstance(text, str) or not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    if _RARE.search(text):
        text = _INVISIBLE.sub("", text)
        text = _ODD_SPACE.sub(" ", text)
        text = _CONTROL.sub(" ", text)
    # The quote-mark passes run only on a text that has one of their marks (an `in` test scans
    # far faster than the regex engine), and remaining double marks go by str.replace.
    if "’" in text or "ʼ" in text or "′" in text:
        text = _APOSTROPHE.sub("'", text)
    marks = [mark for mark in _DQ if mark in text]
    if marks:
        text = _DOUBLE_QUOTE_GLUED.sub(" ", text)
        for mark in marks:
            text = text.replace(mark, "")
    if any(mark in text for mark in _SQ):
        text = _SINGLE_QUOTE.sub("", text)
    # After the marks go: a mark inside "..’." or "['…)" would hide an ellipsis or an
    # insertion until a second pass.
    text = _ELLIPSIS.sub("…", text)
    if ("(" in text or "[" in text) and _EDITOR_END.search(text):
        text = _sub_with_space(_EDITOR, text, "", after=False, dropped=dropped)
    if "–" in text or "—" in text:
        text = _RANGE_DASH.sub("-", text)
    if "—" in text or "―" in text or "--" in text or "–" in text:
        text = _sub_with_space(_GLUED_DASH, text, " — ", after=True)
    text = _GLUED_STOP.sub(r"\1 ", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if any(pair in text for pair in _SPACE_PUNCT):
        text = _SPACE_BEFORE_PUNCT.sub("", text)
    paragraphs = []
    for block in _PARAGRAPH.split(text):
        if "\n" not in block:
            # One line, as most paragraphs are: nothing to join.
            line = block.strip()
            if line:
                paragraphs.append(_closed(line))
            continue
        lines = [ln.strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if lines:
            paragraphs.append(_join_lines(lines))
    return "\n\n".join(paragraphs)


def _join_lines(lines: list[str]) -> str:
    """Lines of one paragraph: a wrapped line continues, a headline line ends a sentence."""
    out: list[str] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and not _terminal(line) and nxt[0].islower():
            out.append(line + " ")  # hard-wrapped prose: the sentence goes on
            continue
        out.append(_closed(line) + ("\n" if nxt else ""))
    return "".join(out)


# Lines are read from their end (they are stripped, never empty), not searched by a regex.
def _terminal(line: str) -> bool:
    """Terminal punctuation before any closing brackets."""
    bare = line.rstrip(")]")
    return bool(bare) and bare[-1] in ".!?…"


def _closed(line: str) -> str:
    """The line with a full stop, unless it ends a sentence already or needs none (a comma,
    colon or dash: the sentence goes on in the next line)."""
    if _terminal(line) or line[-1] in ",;:-–—":
        return line
    return line + "."


# --------------------------------------------------------------------------- split

# A candidate end: terminal punctuation (plus closing brackets) before a space or the line end;
# `normalise` has already unglued "failed.The".
# (One mark, then more: a leading repeat would make the engine try every position.)
_CANDIDATE = re.compile(
    r"[.!?…][.!?…]*[)\]]*(?=\s|$)",
)
_DOTTED = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_INITIAL = re.compile(r"^[^\W\d_]\.$")
_ENUMERATOR = re.compile(r"^\d{1,2}\.$")
_OPENING = "([\"'“‘«"
_TRAILING = ".,;:!?…)]\"'”’»"


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` after `normalise`, in order; every line break ends a sentence."""
    return split_sentences_dropping(text)[0]


def split_sentences_dropping(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """`split_sentences`, and where normalising dropped letters or digits (editor's insertions):
    (letters and digits of `text` before the drop, how many were dropped), in order.

    Every other step keeps letters and digits, so this locates sentences in the original text.
    """
    dropped: list[tuple[int, int]] = []
    sentences: list[str] = []
    for line in _normalise(text, dropped).split("\n"):
        if line:
            sentences.extend(_split_line(line))
    return sentences, dropped


def _split_line(line: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(line):
        end = m.end()
        if _is_boundary(line, start, m.start(), end):
            _keep(out, line[start:end])
            start = end
    _keep(out, line[start:])
    return out


def _keep(out: list[str], piece: str) -> None:
    piece = piece.strip()
    # A piece with no letter or digit ("—", "…") is punctuation left over, not a sentence.
    if piece and _ALNUM.search(piece):
        out.append(piece)


def _is_boundary(line: str, sent_start: int, p_start: int, p_end: int) -> bool:
    nxt = _next_word(line, p_end)
    if not nxt:
        return True
    first = nxt.lstrip(_OPENING)[:1] or nxt[:1]
    punct = line[p_start:p_end]
    if "?" in punct or "!" in punct:
        # "“Who pays?” asked one resident" / "“Why now?” Jones asked.": the question belongs
        # to the sentence that goes on with its attribution.
        return not first.islower() and not _attribution_follows(line, p_end)
    if "…" in punct:
        return first.isupper()
    word_start = line.rfind(" ", sent_start, p_start) + 1
    token = line[max(word_start, sent_start) : p_end].lstrip(_OPENING).rstrip(")]")
    kind = abbreviations().get(token.lower())
    # Both need a dot after the first letter: most words skip the two regexes.
    if kind is None and token[1:2] == "." and (_DOTTED.match(token) or _INITIAL.match(token)):
        kind = "any"  # U.N.E.S.C.O., John F. Kennedy: ambiguous like a listed abbreviation
    if kind == "prefix":
        return False
    if kind == "number" and first.isdigit():
        return False
    if kind == "time":
        bare = nxt.lstrip(_OPENING).rstrip(_TRAILING).lower()
        return first.isupper() and bare not in time_followers()
    if kind == "any":
        bare = nxt.lstrip(_OPENING).rstrip(_TRAILING)
        return first.isupper() and bare.lower() in sentence_openers()
    if word_start <= sent_start and token[:1].isdigit() and _ENUMERATOR.match(token):
        return False  # "1. The council..." : a list number, not a sentence
    return not first.islower()


_CLAUSE_END = re.compile(r"[.!?…]")


def _attribution_follows(line: str, pos: int) -> bool:
    """A short clause "Name verb ...": "Jones asked reporters.", "Sen. Ana Holt shouted."

    Only names (capitalised words that are not ordinary sentence openers) may precede the verb,
    so "The council says taxpayers will!" and "He said the money ran out." start new sentences.
    """
    m = _CLAUSE_END.search(line, pos)
    words = [w.strip(",;:") for w in line[pos : m.start() if m else len(line)].split()]
    if not words or len(words) > 8:
        return False
    verbs, openers = speech_verbs(), sentence_openers()
    for i, word in enumerate(words[:4]):
        if word.lower() in verbs:
            return i > 0
        if not word[:1].isupper() or word.lower() in openers:
            return False
    return False


def _next_word(line: str, pos: int) -> str:
    rest = line[pos : pos + 60].lstrip()
    return rest.split(" ", 1)[0] if rest else ""
