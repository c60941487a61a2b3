"""Find quotations in one article and the mention each is attributed to.

Direct quotes come from `lib.quote_marks`, cues and mentions from `lib.attribution`; reported
speech ("X said that …") is kind "indirect". Who a mention is, is decided by `lib.speakers`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from types import FunctionType
from typing import Final

from lib import wordlists
from lib.attribution import (
    Attribution,
    cue_after,
    cue_before,
    cue_re,
    first_cue,
    forget_text,
    sentence_end,
    sentence_start,
)
from lib.mentions import (
    NOT_A_SOURCE,
    REACTION_WORDS,
    TITLE_SMALL,
    is_word_char,
    sentence_subject,
)
from lib.quote_marks import MarkSpan, find_mark_spans
from lib.reported import reported_speech
from lib.speaker_reading import clear_caches as _clear_readings
from lib.speakers import forget_texts, resolve_in_article

_set: Final = object.__setattr__  # past a frozen record's own __setattr__ (Quote.__init__)


def _is_compiled() -> bool:
    """True in the mypyc-compiled copy of this module (lib.accel): its functions are not Python
    functions."""
    return not isinstance(_is_compiled, FunctionType)


# Compiled, `self.field = value` in a method of a record is a write to the record's own C
# struct, past its Python-level __setattr__ (see Quote.__init__).
_COMPILED: Final = _is_compiled()


@dataclass(frozen=True, slots=True, init=False)
class Quote:
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_mention: str | None
    speaker_role: str | None
    speaker_kind: str
    cue: str | None

    def __init__(
        self, start: int, end: int, text: str, kind: str, speaker: str | None,
        speaker_start: int | None, speaker_end: int | None, speaker_mention: str | None,
        speaker_role: str | None, speaker_kind: str, cue: str | None,
    ) -> None:
        # Written out so mypyc compiles it (lib.accel); a frozen record's fields are set past its
        # own __setattr__, as the __init__ dataclass generates does.
        if _COMPILED:
            # Each field written into the record's C struct: an `object.__setattr__` call a
            # field looked the slot up by name (~300 instructions each, 11 a quote). The record
            # stays frozen to everyone else: only compiled methods of its own write this way.
            self.start = start  # type: ignore[misc]
            self.end = end  # type: ignore[misc]
            self.text = text  # type: ignore[misc]
            self.kind = kind  # type: ignore[misc]
            self.speaker = speaker  # type: ignore[misc]
            self.speaker_start = speaker_start  # type: ignore[misc]
            self.speaker_end = speaker_end  # type: ignore[misc]
            self.speaker_mention = speaker_mention  # type: ignore[misc]
            self.speaker_role = speaker_role  # type: ignore[misc]
            self.speaker_kind = speaker_kind  # type: ignore[misc]
            self.cue = cue  # type: ignore[misc]
            return
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "text", text)
        _set(self, "kind", kind)
        _set(self, "speaker", speaker)
        _set(self, "speaker_start", speaker_start)
        _set(self, "speaker_end", speaker_end)
        _set(self, "speaker_mention", speaker_mention)
        _set(self, "speaker_role", speaker_role)
        _set(self, "speaker_kind", speaker_kind)
        _set(self, "cue", cue)

    def __reduce__(self) -> tuple[type[Quote], tuple[object, ...]]:
        # Compiled, a class whose __init__ takes arguments does not pickle (or deepcopy) by
        # itself: results go to other processes and caches, so say how to rebuild one.
        return (Quote, (self.start, self.end, self.text, self.kind, self.speaker,
                        self.speaker_start, self.speaker_end, self.speaker_mention,
                        self.speaker_role, self.speaker_kind, self.cue))


@dataclass(slots=True, init=False, unsafe_hash=True)
class _Found:
    start: int
    end: int
    kind: str
    who: Attribution | None
    how: str  # after / before / colon / carry / subject: which rule found the speaker

    def __init__(
        self, start: int, end: int, kind: str, who: Attribution | None, how: str = ""
    ) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.who = who
        self.how = how


# An Arabic article joined to a surname ("Ahmed al-Sharaa", "al-Sayegh said"): the name rules
# read capitalised words, so the finder works on a copy that writes it "Al-Sharaa".
_JOINED_PARTICLES: Final = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ud",
                                      "ul"})
# What follows a particle's hyphen: "al-Sharaa", not "al-sharaa"
_CAPITALS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_TRAIL_OPEN: Final = re.compile(r"[,?!—–\-…:;]\s*$")


def _after_window(text: str, sp: MarkSpan, nxt: MarkSpan | None) -> tuple[int, int]:
    hi = sp.para_end
    if nxt is not None and nxt.para_start == sp.para_start:
        hi = min(hi, nxt.open_at)
    return sp.close_at, sentence_end(text, sp.close_at, hi)


def _before_window(text: str, sp: MarkSpan, prev: MarkSpan | None) -> tuple[int, int]:
    lo = sp.para_start
    if prev is not None and prev.para_start == sp.para_start:
        lo = max(lo, prev.close_at)
    return sentence_start(text, lo, sp.open_at), sp.open_at


def _attribute(text: str, spans: list[MarkSpan]) -> list[_Found]:
    out: list[_Found] = []
    last: tuple[MarkSpan, Attribution] | None = None
    for i, sp in enumerate(spans):
        prev = spans[i - 1] if i > 0 else None
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        who: Attribution | None = None
        how = ""
        content_tail = text[max(sp.start, sp.end - 2) : sp.end]
        trail = sp.closed and (
            _TRAIL_OPEN.search(content_tail) is not None
            # French and German put the comma after the mark: « … », a déclaré X / „…“, sagte X
            # (only with a cue straight after: the so-called "managed retreat", which … is not)
            or text[sp.close_at : sp.close_at + 1] == ","
            and cue_re().match(text, _after_comma(text, sp.close_at + 1)) is not None
        )
        if trail:
            # A bare name after '…,”' is the speaker only for a quote that opens its sentence.
            opens = not text[sentence_start(text, sp.para_start, sp.open_at) : sp.open_at].strip()
            # the window after the quote costs a sentence-end search: only where it is read
            a, b = _after_window(text, sp, nxt)
            who, how = cue_after(text, a, b, loose=opens), "after"
        if who is None and sp.opened:
            lo, hi = _before_window(text, sp, prev)
            who, how = cue_before(text, lo, hi), "before"
            if who is None and sp.open_at == sp.para_start:
                who, how = _colon_paragraph(text, sp, prev), "colon"
        if who is None and sp.closed and not trail and text[sp.end - 1] not in ".":
            # A fragment ('"…" of the proposals, Mr. Holtz-Eakin said'); after a full stop a new
            # sentence starts and its subject is not this quote's source.
            a, b = _after_window(text, sp, nxt)
            who, how = cue_after(text, a, b, loose=False), "after"
        if who is None and last is not None:
            # Interrupted quote or a quote carrying on in the next paragraph: same speaker.
            lsp, lwho = last
            gap = text.count("\n\n", lsp.para_end, sp.para_start)
            if lsp.para_start == sp.para_start:
                own = sentence_start(text, lsp.close_at, sp.open_at)
                ended = text[lsp.end - 1 : lsp.end] in ".!?"
                if own == lsp.close_at and not ended \
                        or not text[own : sp.open_at].strip(" ,.;:—–-\u00a0") \
                        or sentence_subject(text, own, sp.open_at) is None:
                    who, how = lwho, "carry"
            elif gap <= 1 and not _has_own_subject(text, sp):
                who, how = lwho, "carry"
        if who is None and sp.opened:
            # '… remained “tight,” with “modest” gains, according to the survey.': a closing
            # "according to" speaks for every fragment of its sentence.
            who, how = _according_at_end(text, spans, i), "after"
        if who is None and sp.opened:
            # A fragment inside paraphrase with no cue: the sentence's subject is the source.
            lo = sentence_start(text, sp.para_start, sp.open_at)
            np = sentence_subject(text, lo, sp.open_at)
            if np is not None:
                who, how = Attribution(np[0], np[1], None), "subject"
        if who is None:
            who, how = _previous_sentence(text, sp, prev), "previous"
        out.append(_Found(sp.start, sp.end, "direct", who, how if who else ""))
        if who is not None:
            last = (sp, who)
    # A paragraph left open and reopened in the next one is one quote: its first part has the
    # speaker the continuation names ("…there.\n\n"Work starts in May," Ann Lee said.").
    for i in range(len(out) - 2, -1, -1):
        sp, nxt = spans[i], spans[i + 1]
        if out[i].who is None and out[i + 1].who is not None and sp.opened and not sp.closed \
                and nxt.opened and nxt.open_at == nxt.para_start \
                and not text[sp.para_end : nxt.para_start].strip():
            out[i] = _Found(out[i].start, out[i].end, "direct", out[i + 1].who, "carry")
    return out


def _after_comma(text: str, pos: int) -> int:
    """Past the spaces and a dash after a comma: where the cue of « … », – sakė X starts."""
    n = len(text)
    while pos < n and (text[pos].isspace() or text[pos] in "–—-"):
        pos += 1
    return pos


def _according_at_end(text: str, spans: list[MarkSpan], i: int) -> Attribution | None:
    """An "according to" closing the sentence of spans[i], past its later fragments."""
    sp = spans[i]
    end = sentence_end(text, sp.close_at, sp.para_end)
    a = sp.close_at
    for nxt in spans[i + 1 :]:  # past the sentence's later fragments
        if nxt.open_at >= end or nxt.para_start != sp.para_start:
            break
        a = nxt.close_at
    who = cue_after(text, a, end, loose=False)
    if who is None or who.cue != "according to" or first_cue(text, sp.close_at, a) is not None:
        return None  # another cue between: the later fragments have their own source
    return who


_REACTION_MAX_WORDS: Final = 6  # "Tom Jones was unimpressed.", no longer: not a sentence of news


def _previous_sentence(text: str, sp: MarkSpan, prev: MarkSpan | None) -> Attribution | None:
    # "Sam Lau said in a statement. “There are …”": the cue sits in the sentence before.
    lo = sp.para_start
    if sp.open_at == sp.para_start:
        lo = text.rfind("\n", 0, _end_before(text, sp.para_start)) + 1
    if prev is not None and prev.close_at > lo:
        return None
    end = sentence_start(text, sp.para_start, sp.open_at)
    if end == sp.para_start:
        end = _end_before(text, sp.para_start)
    if end <= lo:
        return None
    start = sentence_start(text, lo, max(lo, end - 1))
    who = cue_before(text, start, end)
    words = text[start:end].split()
    if who is None and lo == sp.para_start and sp.open_at > lo \
            and len(words) <= _REACTION_MAX_WORDS \
            and words[-1].strip(".!?,;:").lower() in REACTION_WORDS:
        # "Tom Jones shrugged. “There is no chance.”": a short sentence of the speaker's
        # reaction, in the quote's own paragraph, introduces it
        np = sentence_subject(text, start, end)
        subject = text[np[0] : np[1]].split() if np is not None else []
        # a name ("Tom Jones") or a pronoun, not a description ("The crowd")
        if np is not None and 0 < len(subject) <= 4 and all(x[:1].isupper() for x in subject) \
                and subject[0].lower() not in NOT_A_SOURCE:
            who = Attribution(np[0], np[1], None)
    return who


def _colon_paragraph(text: str, sp: MarkSpan, prev: MarkSpan | None) -> Attribution | None:
    # "Stated Stone:" or "Smith said:" closing the previous paragraph introduces this one.
    end = _end_before(text, sp.para_start)
    if end == 0 or text[end - 1] != ":":
        return None
    lo = text.rfind("\n", 0, end) + 1
    if prev is not None and prev.close_at > lo:
        lo = prev.close_at
    return cue_before(text, sentence_start(text, lo, end), end)


def _has_own_subject(text: str, sp: MarkSpan) -> bool:
    # Text before the quote in its paragraph means it belongs to that sentence, not a carry-on.
    return bool(text[sp.para_start : sp.open_at].strip())


@cache
def _title_cue() -> re.Pattern[str]:
    words = sorted(wordlists.lines("title_cues.txt"))
    return re.compile(r"(?:\w['’]s?|\b(?:" + "|".join(map(re.escape, words)) + r"))[\s,]*$")


@cache
def _naming_cue() -> re.Pattern[str]:
    # Words that introduce a name or a label rather than someone's words.
    cues = sorted(wordlists.lines("naming_cues.txt"))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + r")\s*$")


def _word_case(text: str, a: int, b: int) -> tuple[int, bool, bool, bool]:
    """The words (regex \\w+) of text[a:b]: how many were read, and whether all are title-cased
    or numbers (titled), title-cased (capped), capitals or numbers (upper).

    One pass over the words, stopping after the fifth once the quote is neither all title-cased
    nor all capitals (nothing more decides a long quote): titled allows numbers ("Catch-22"),
    capped does not. The words are read character by character (compiled, a read is inline):
    `re.finditer` and its match objects were ~1,700 instructions a word."""
    n = 0
    titled = capped = upper = True
    k = max(a, 0)
    end = min(b, len(text))
    while k < end:
        if not is_word_char(text, k):
            k += 1
            continue
        start = k
        k += 1
        while k < end and is_word_char(text, k):
            k += 1
        w = text[start:k]
        n += 1
        if not (_upper_at(text, start) or w.lower() in TITLE_SMALL):
            capped = False
            titled = titled and w.isdigit()
        if upper and not (w.isupper() or w.isdigit()):
            upper = False
        if n > 4 and not (titled or upper):
            break
    return n, titled, capped, upper


def _upper_at(text: str, k: int) -> bool:
    """text[k].isupper(), without the method call for ASCII."""
    c = ord(text[k])
    if c < 128:
        return 65 <= c <= 90
    return text[k].isupper()


def _is_speech(text: str, sp: MarkSpan, f: _Found) -> bool:
    """Titles, nicknames and scare quotes are quoted too; keep what reads as someone's words."""
    n, titled, capped, upper = _word_case(text, sp.start, sp.end)
    if titled and _title_cue().search(text, max(sp.para_start, sp.open_at - 30), sp.open_at):
        return False  # CNN's “State of the Union”, his book “Crippled America: How to …”
    if n > 1 and upper and f.how not in ("after", "before"):
        return False  # a headline in capitals
    if f.how == "after" or n > 4:
        return True  # '"…," she said' is speech whatever it says
    if _naming_cue().search(text, max(sp.para_start, sp.open_at - 20), sp.open_at):
        return False
    if capped and (n > 1 or f.how != "before"):
        return False  # "Make America Great Again", "The Apprentice", a hashtag or handle
    return f.who is not None or n >= 4


def _end_before(text: str, pos: int) -> int:
    """Offset just past the last non-space character before pos (no copy of the prefix)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def _resolve(text: str, found: Sequence[_Found]) -> list[Quote]:
    spans = [(f.who.start, f.who.end) for f in found if f.who is not None]
    resolved = _resolver(text, spans)
    out: list[Quote] = []
    k = 0
    for f in found:
        if f.who is None:
            out.append(Quote(f.start, f.end, text[f.start : f.end], f.kind,
                             None, None, None, None, None, "unknown", None))
            continue
        name, role, kind = resolved[k]
        k += 1
        mention = text[f.who.start : f.who.end]
        out.append(Quote(f.start, f.end, text[f.start : f.end], f.kind, name,
                         f.who.start, f.who.end, mention, role, kind, f.who.cue))
    return out


def _resolver(text: str, spans: list[tuple[int, int]]) -> list[tuple[str | None, str | None, str]]:
    # One call per article: lib.speakers links pronouns and surnames to the fullest name.
    if not spans:
        return []
    return [(r.name, r.role, r.kind) for r in resolve_in_article(text, spans)]


def _find(text: str) -> list[_Found]:
    """Quote spans and their mentions, before anyone decides who the mentions are."""
    spans = find_mark_spans(text)
    found = _attribute(text, spans)
    direct = [f for sp, f in zip(spans, found, strict=True) if _is_speech(text, sp, f)]
    taken = [(f.start, f.end) for f in direct]
    indirect = [_Found(a, b, "indirect", who) for a, b, who in reported_speech(text, taken)]
    return sorted(direct + indirect, key=lambda f: (f.start, f.end))


def _extract(text: str) -> list[Quote]:
    work, lowered = _capital_particles(text)
    if not lowered:
        return _resolve(text, _find(text))
    # Found on a copy with "al-Sharaa" read as "Al-Sharaa" (same offsets), so the name rules
    # see one capitalised word; quotes and mentions are cut from the text itself, and names
    # keep the particle as the article writes it.

    def as_written(name: str | None) -> str | None:
        if name is None or "-" not in name:
            return name
        return " ".join(lowered.get(w, w) for w in name.split(" "))

    return [
        replace(q, text=text[q.start : q.end], speaker=as_written(q.speaker),
                speaker_role=as_written(q.speaker_role),
                speaker_mention=None if q.speaker_start is None or q.speaker_end is None
                else text[q.speaker_start : q.speaker_end])
        for q in _resolve(work, _find(work))
    ]


def _capital_particles(text: str) -> tuple[str, dict[str, str]]:
    """`text` with "al-Sharaa" written "Al-Sharaa" (same length), and each such word as the
    copy writes it -> as the text does ({} and `text` itself when there is none)."""
    work = text
    written: dict[str, str] = {}
    # Each hyphen is found with `str.find` (C's memchr): an article has ten or so, and the
    # regex engine's scan for "-[A-Z]" tested every character.
    i = text.find("-")
    while i >= 0:
        if text[i + 1 : i + 2] in _CAPITALS:
            j = i
            while j > 0 and text[j - 1].isalpha() and i - j < 3:
                j -= 1
            if j < i and text[j:i] in _JOINED_PARTICLES and (j == 0 or not text[j - 1].isalnum()):
                # Sliced in, not a list of the text's characters joined back (~100 instructions
                # a character): a particle's first letter is one ASCII letter either way.
                work = work[:j] + text[j].upper() + work[j + 1 :]
                k = i + 1
                while k < len(text) and (text[k].isalnum() or text[k] in "'’-"):
                    k += 1
                written[text[j].upper() + text[j + 1 : k]] = text[j:k]
        i = text.find("-", i + 1)
    return work, written


def clear_caches() -> None:
    """Forget every per-process reading of names and stretches, as a new process would have:
    benchmarks time a first sight of the text with it, not a cache of the same articles."""
    _clear_readings()
    forget_text()
    forget_texts()


def extract_quotes(text: object) -> list[Quote]:
    """Every quotation in the article, in text order; never raises (odd input gives fewer)."""
    if not isinstance(text, str) or not text.strip():
        return []
    # The cyclic garbage collector is paused for the article: a first sight of one makes
    # thousands of small tuples and records, and the collections they trigger walk everything
    # the process holds (in a build, pandas' and the caches' objects too) to find no cycle,
    # as none is made here (tests/test_quotes_gc.py checks that). Reference counting still frees
    # all of it; the collector runs as usual after, and stays off if the caller had it off.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _extract(text)
    except Exception:  # noqa: BLE001 - analysis degrades rather than stopping a corpus build
        return []
    finally:
        if paused:
            gc.enable()
