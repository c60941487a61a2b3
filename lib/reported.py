"""Reported speech: what someone said, written without quote marks (kind "indirect").

"X said (in May 2024) that …", "According to X, …", "This was stated by X", and, without a
"that", "Stein said the results were promising" and "Rates will stay high, the bank said." Each
is a content span and the mention it is attributed to; `lib.quotes` resolves the mentions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Final

from lib.attribution import (
    Attribution,
    cue_before,
    cue_words,
    find_cues,
    noun_use,
    sentence_end,
    sentence_start,
)
from lib.mentions import (
    ADVERBIAL_LEADS,
    AUX,
    CLAUSE_CUES,
    CLAUSE_TIMES,
    DATA_SOURCES,
    DETERMINERS,
    NOT_A_CLAUSE_LEAD,
    OBJECT_PRONOUNS,
    RELATIVE_VERBS,
    SUBORDINATORS,
    TOLD_THINGS,
    lexicon,
    next_token,
    np_after,
    np_before,
    trie_pattern,
)

Reported = tuple[int, int, Attribution]  # content start, end, and who said it
_Free = Callable[[int, int], bool]  # no direct quote overlaps the span

# Between a reporting verb and its "that": "said in May 2024 that", never across a clause mark.
_CLAUSE_MARKS: Final = '.,;:!?"“”\n'
# The quote marks a reported span may not hold, each found by `str.find` (see `_has_mark`).
_QUOTE_CHARS: Final = ('"', "“", "”", "«", "»", "„")
# Patterns open with a literal so the regex engine can skip ahead; word edges are checked by hand.
# "According to X, …" and "…, according to X.": one scan finds both, the letter before tells
_ACCORDING: Final = re.compile(r"ccording to\s+")
_BY: Final = re.compile(r" by\s+")
_STATED_VERB: Final = re.compile(
    r"(?:stated|said|announced|reported|noted|claimed|declared|written|explained)$"
)
_STATED_LEAD: Final = re.compile(r"(?:This|That|It|These|This statement) (?:was|were) $")
# After a space: a literal first character lets the regex engine skip ahead (4x faster than \b)
_CLAUSE_CUE: Final = re.compile(r" (" + trie_pattern(sorted(CLAUSE_CUES)) + r")\b")
_SUBJECT_PRONOUNS: Final = frozenset({"he", "she", "it", "they", "we", "i", "you", "there"})
# Words a relative clause without "that" hangs on: "what he said he would do", "everything
# she says is true".
_RELATIVE_HEADS: Final = frozenset({"what", "everything", "anything", "something", "nothing",
                                    "all", "whatever", "much", "little"})
# What a span cut before the next speaker leaves hanging: ", and", " but", a dash.
_DANGLING: Final = re.compile(r"[\s,;:—–-]*(?:\b(?:and|but|or|while|as)\b[\s,;:—–-]*)?$")
_TIME_LEADS: Final = frozenset({"on", "last", "this", "early", "late"})  # need a time after
_MIN_WORDS: Final = 3  # a content of fewer words ("said it was.") is no statement
_LEAD_WORDS: Final = 3  # words of a mention's lead np_before may leave after the comma
_MIN_CLAUSE: Final = 12  # characters of a clause reported without "that"
_VERB_WITHIN: Final = 7  # a clause's verb comes within this many words of its start
_CLAUSE_WINDOW: Final = 120  # characters after a cue its clause's first words are read from
_NEAR_QUOTE: Final = 80  # a cue this close to a direct quote, in its sentence, is the quote's
_SENTENCE_MARK: Final = re.compile(r"[.!?][\"”’']?\s")
_LOOK_BACK: Final = 160  # how far before a cue its subject and the sentence start are sought
# A dateline opening the paragraph: "WASHINGTON —", "Washington (AFP) –", "LONDON, May 3
# (Reuters) -": capitals, or a place with a parenthesised agency, then a dash.
_DATELINE: Final = re.compile(
    r"(?:[A-Z][A-Z.'’ ]{2,30}|[A-Z][\w.'’ ]{1,30}(?=[ ,][^–—\-]{0,20}\())"
    r"[^–—\-\n]{0,30}?\s[–—\-]\s+"
)


def reported_speech(text: str, taken: list[tuple[int, int]]) -> list[Reported]:
    """Reported speech outside the direct quotes `taken` (sorted, not overlapping)."""
    out: list[Reported] = []
    starts = [s for s, _ in taken]

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_left(starts, b)
        return i == 0 or taken[i - 1][1] <= a

    _stated_by(text, free, out)
    _according(text, free, out)
    _said_that(text, free, out)
    _said_clause(text, taken, starts, free, out)
    return _untangle(text, out)


def _untangle(text: str, found: list[Reported]) -> list[Reported]:
    """One statement per stretch of text: a span stops where another speaker's mention starts
    inside it ("The Fed said the economy was strong, and the ECB said it would …"), and a span
    overlapping one kept before it (two cues for one clause: "…, said X, according to Y")
    is dropped, so no two quotes share a start."""
    if len(found) < 2:
        return found
    mentions = sorted(who.start for _, _, who in found)
    kept: list[Reported] = []
    for a, b, who in sorted(found, key=lambda r: (r[0], r[1])):
        i = bisect.bisect_right(mentions, a)
        if i < len(mentions) and mentions[i] < b:
            tail = _DANGLING.search(text, a, mentions[i])
            b = tail.start() if tail is not None else mentions[i]
        if len(text[a:b].split()) < _MIN_WORDS or kept and a < kept[-1][1]:
            continue
        kept.append((a, b, who))
    return kept


def _para_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    return len(text) if e < 0 else e


def _para_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _stated_by(text: str, free: _Free, out: list[Reported]) -> None:
    for m in _BY.finditer(text):
        verb = _STATED_VERB.search(text, max(0, m.start() - 10), m.start())
        if verb is None:
            continue
        lead = _STATED_LEAD.search(text, max(0, verb.start() - 25), verb.start())
        if lead is None:
            continue
        # "This was stated by X": the content is what precedes, from the paragraph start.
        a = _para_start(text, lead.start())
        b = lead.start()
        while b > a and text[b - 1].isspace():
            b -= 1
        np = np_after(text, m.end(), sentence_end(text, m.end(), _para_end(text, m.end())))
        if b > a and np and free(a, b):
            out.append((a, b, Attribution(np[0], np[1], verb.group() + " by")))


def _according(text: str, free: _Free, out: list[Reported]) -> None:
    leads: list[int] = []  # where the source starts after "According to"
    tails: list[tuple[int, int]] = []  # the comma before ", according to", where the source starts
    for m in _ACCORDING.finditer(text):
        k = m.start() - 1
        if k >= 0 and text[k] == "A":
            leads.append(m.end())
        elif k >= 0 and text[k] == "a":
            j = k
            while j > 0 and text[j - 1].isspace():
                j -= 1
            if 0 < j < k and text[j - 1] == ",":
                tails.append((j - 1, m.end()))
    for e in leads:
        comma = text.find(",", e, e + 60)
        np = np_after(text, e, comma) if comma > 0 else None
        if np is None:
            continue
        a = comma + 1
        while a < len(text) and text[a].isspace():
            a += 1
        b = sentence_end(text, a, _para_end(text, a))
        if b > a and free(a, b):
            out.append((a, b, Attribution(np[0], np[1], "according to")))
    for c, e in tails:
        # "Inflation will fall next year, according to Jerome Powell.": the clause before
        end = sentence_end(text, e, _para_end(text, e))
        np = np_after(text, e, end)
        if np is None or text[np[1] : end].strip(" .!?…")[:1] not in ("", ","):
            continue  # the source runs on into a clause: not the pattern (an appositive or a
            # relative after a comma, "according to X, the oncologist who …", still is)
        words = text[np[0] : np[1]].split()
        if not any(w[:1].isupper() for w in words) or words[-1].lower() in DATA_SOURCES:
            # only a named source: "according to figures", "according to the regional
            # statistics office" cite data, and would top the most-quoted list
            continue
        a = sentence_start(text, _para_start(text, c), c)
        b = c
        if b - a > 20 and free(a, b) and not _has_mark(text, a, b):
            out.append((a, b, Attribution(np[0], np[1], "according to")))


def _said_that(text: str, free: _Free, out: list[Reported]) -> None:
    for t0, t1 in _thats(text):
        if t0 and text[t0 - 1].isalnum():
            continue
        lo = max(0, t0 - 45)
        if cue_words().isdisjoint(text[lo : t0].split()):
            continue  # most "that"s have no reporting verb before them; skip the regex
        cues = find_cues(text, lo, t0)
        if not cues:
            continue
        cue = cues[-1]
        if cue.word.lower() == "according to" or noun_use(text, lo, cue):
            continue  # "…, a claim that could not be verified": a noun, not someone saying
        seg = text[cue.end : t0]
        if any(c in seg for c in _CLAUSE_MARKS):
            continue
        follow = text[t1 : t1 + 20].split(None, 1)
        nxt = follow[0].rstrip(".,;:!?") if follow else ""
        opener = seg.split(None, 1)[0].lower() if seg.strip() else ""
        if opener and opener not in ADVERBIAL_LEADS and (
                not nxt or nxt in AUX or nxt in RELATIVE_VERBS
                or nxt.islower() and nxt.endswith("ed") and len(follow[0]) > len(nxt)):
            # "announced a feature that will let…", "the exchange that followed.": "that" after
            # the verb's object with no subject after it is a relative, not what was said
            # ("said in May that is ready to…", wire copy that dropped the subject, still is)
            continue
        a = t1
        end = sentence_end(text, a, _para_end(text, a))
        comma = text.find(",", a, end)
        if not _open_span(text, a, end, 1, free) and (
                comma <= a or not _open_span(text, a, comma, 1, free)):
            # Whoever the subject, a direct quote or a quote mark takes the span (the content
            # runs to the sentence's end, or to its comma after a "who"): a third of the "that"s
            # that get here, and the subject search below is 100,000 instructions each.
            continue
        # The same subject rules as for direct quotes (participles, objects, outer speaker).
        who = cue_before(text, sentence_start(text, _para_start(text, cue.start), cue.start),
                         cue.end)
        if who is None or _restrictive(text, who):
            continue
        b = _content_end(text, a, end, comma, who)
        if not _open_span(text, a, b, 1, free):
            continue
        out.append((a, b, who))


def _thats(text: str) -> list[tuple[int, int]]:
    """Each "that" and the spaces after it, (start, end) as `re.finditer(r"that\\s+", text)`
    finds them: `str.find` skips ahead in C, and the spans are ints read once, not match
    methods called at each use."""
    out: list[tuple[int, int]] = []
    n = len(text)
    i = text.find("that")
    while i >= 0:
        e = i + 4
        while e < n and text[e].isspace():
            e += 1
        if e > i + 4:
            out.append((i, e))
            i = text.find("that", e)
        else:
            i = text.find("that", i + 1)
    return out


def _restrictive(text: str, who: Attribution) -> bool:
    """ "voters who say they might …": a "who" with no comma before it picks out a group, it
    does not stand for the person named last (that is the resolver's reading of a "who")."""
    if text[who.start : who.end].lower() != "who":
        return False
    return not text[max(0, who.start - 3) : who.start].rstrip().endswith(",")


def _open_span(text: str, a: int, b: int, least: int, free: _Free) -> bool:
    """text[a:b] can be reported speech: `least` characters or more, in no direct quote and
    with no quote mark."""
    return b - a >= least and free(a, b) and not _has_mark(text, a, b)


def _has_mark(text: str, a: int, b: int) -> bool:
    """A quote mark in text[a:b] (offsets of the text, not negative)."""
    # One `str.find` a mark (a memchr-like scan in C): a regex search for the class of marks
    # tested each character against it, ~7,000 instructions a call for a span of 100.
    for mark in _QUOTE_CHARS:
        if text.find(mark, a, b) >= 0:
            return True
    return False


def _said_clause(
    text: str, taken: list[tuple[int, int]], starts: list[int], free: _Free, out: list[Reported]
) -> None:
    """Reported speech with no "that": "Stein said the results were promising." (the clause
    after the cue) and "Rates will stay high, the bank said on Tuesday." (the clause before)."""
    lex = lexicon()
    for m in _CLAUSE_CUE.finditer(text):
        c0, c1, cue = m.start(1), m.end(1), m.group(1)
        i = bisect.bisect_left(starts, c0)
        # '"…," she said.' / '"…," said Smith.': a direct quote's own cue closing its sentence
        after_quote = i and taken[i - 1][1] > c0 - _NEAR_QUOTE and not _SENTENCE_MARK.search(
            text, taken[i - 1][1] - 1, c0
        )
        if i < len(starts) and starts[i] - c1 < _NEAR_QUOTE and not _SENTENCE_MARK.search(
            text, c1, starts[i]
        ):
            continue  # 'She said: "…"' or a mixed quote: the quote is what was said
        before = text[max(0, c0 - 12) : c0].split()
        if before and (before[-1].lower() in NOT_A_CLAUSE_LEAD or before[-1].endswith("n't")):
            continue  # "was told", "did not say", "as he said the words"
        p = c1
        if cue in lex.addressee:
            p = _after_addressee(text, p)
            if p < 0:
                continue
        p = _after_times(text, p)
        rest = text[p : p + 3].lstrip()
        if rest[:1] in (".", "!", "?") or not rest:
            if not after_quote:
                _clause_before(text, c0, cue, free, out)
        elif text[max(0, c0 - 3) : c0].rstrip().endswith(",") and not after_quote \
                and _inverted(text, c0, c1, cue, free, out):
            pass  # "…, said Joachim Nagel."
        else:
            # "Smith, the bank's economist, said rates would rise." (a comma, then a clause)
            _clause_after(text, c0, c1, p, free, out)


def _after_times(text: str, p: int) -> int:
    """Past "on Tuesday", "in a statement", "last week" after a cue (p unchanged if none)."""
    for _ in range(4):
        w0 = _skip_space(text, p)
        w1 = _token_end(text, w0)
        if w1 < 0:
            break
        word = text[w0:w1].lower().rstrip(".")  # "on Tuesday." keeps its full stop after it
        if word in _TIME_LEADS:
            # "on Tuesday", "last week", "this morning" (not "on the radio", "this was")
            n0 = _skip_space(text, w1)
            n1 = _token_end(text, n0)
            if n1 < 0 or text[n0:n1].lower().rstrip(".") not in CLAUSE_TIMES:
                break
            p = w1
        elif word in CLAUSE_TIMES or word in ("in", "a", "an") \
                and _medium_follows(text, w1):
            p = w0 + len(word)
        else:
            break
    return p


def _token_end(text: str, pos: int) -> int:
    """The end of `TOKEN.match(text, pos)`, -1 if no token starts at pos."""
    a, b = next_token(text, pos, len(text))
    return b if a == pos else -1


def _medium_follows(text: str, p: int) -> bool:
    """ "in a statement", "in an interview": a medium word within the next two words."""
    for w in text[p : p + 30].split()[:2]:
        if w.strip(".,").lower() in CLAUSE_TIMES:
            return True
    return False


def _skip_space(text: str, p: int) -> int:
    while p < len(text) and text[p] == " ":
        p += 1
    return p


def _after_addressee(text: str, p: int) -> int:
    """Past the one told: "reporters", "the BBC", "Reuters", "him" (-1 if none)."""
    words = _tokens(text, p, p + 60)
    if not words:
        return -1
    w0 = words[0]
    n = 1
    if w0.lower() in OBJECT_PRONOUNS and w0.lower() != "it":
        pass
    elif w0.lower() in ("the", "a", "an"):
        if len(words) < 2:
            return -1  # "He told the" ending the text: a determiner with no one after it
        n = 2
        while n < len(words) and n < 4 and words[n][:1].isupper() and words[n - 1][:1].isupper():
            n += 1  # "the Associated Press"
    elif w0[:1].isupper():
        while n < len(words) and n < 3 and words[n][:1].isupper():
            n += 1
    elif not (w0.islower() and w0.endswith("s")):  # "reporters", "lawmakers"
        return -1
    if words[n - 1].lower().rstrip(".") in TOLD_THINGS:
        return -1  # "she told the truth": a thing told, not someone told
    end = p
    for w in words[:n]:
        end = text.index(w, end) + len(w)
    return end


def _tokens(text: str, pos: int, end: int) -> list[str]:
    """`TOKEN.findall(text, pos, end)`, by `next_token`."""
    out: list[str] = []
    a, b = next_token(text, pos, end)
    while a >= 0:
        out.append(text[a:b])
        a, b = next_token(text, b, end)
    return out


def _clause_after(text: str, c0: int, c1: int, p: int, free: _Free, out: list[Reported]) -> None:
    a = _skip_space(text, p)
    words = _Words(text, a, a + _CLAUSE_WINDOW)
    if not words.get(_MIN_WORDS - 1) or not _opens_clause(words):
        return
    end = sentence_end(text, a, _para_end(text, a))
    comma = text.find(",", a, end)
    if not _open_span(text, a, end, _MIN_CLAUSE, free) and (
            comma <= a or not _open_span(text, a, comma, _MIN_CLAUSE, free)):
        return  # taken whoever the subject is (as in `_said_that`)
    s0 = sentence_start(text, _para_start(text, c0), c0)
    who = cue_before(text, s0, c1)
    if who is None or _restrictive(text, who) or _reduced_relative(text, s0, who):
        return
    b = _content_end(text, a, end, comma, who)
    if not _open_span(text, a, b, _MIN_CLAUSE, free):
        return
    out.append((a, b, who))


def _content_end(text: str, a: int, end: int, comma: int, who: Attribution) -> int:
    """The end of what was said from `a`: the sentence's (`end`), or after "Smith, who said the
    plan would fail, resigned" the relative clause's (`comma`, the first in the sentence)."""
    if comma > a and text[who.start : who.end].lower() in ("who", "which"):
        return comma
    return end


def _reduced_relative(text: str, s0: int, who: Attribution) -> bool:
    """ "The country he said he loved was at war", "what he said he would do": a pronoun subject
    inside a relative clause that has no "that", so what follows is no statement."""
    if text[who.start : who.end].lower() not in _SUBJECT_PRONOUNS:
        return False
    words = text[s0 : who.start].split()
    if not words:
        return False
    w1 = words[-1]
    if w1.lower() in _RELATIVE_HEADS:
        return True
    return len(words) >= 2 and w1.isalpha() and w1.islower() and words[-2].lower() in DETERMINERS


class _Words:
    """The words of text[pos:end], read one at a time as they are asked for: most clauses are
    judged by their first two or three, and `TOKEN.findall` read every word of the window
    (~25,000 instructions a call)."""

    def __init__(self, text: str, pos: int, end: int) -> None:
        self.text = text
        self.pos = pos
        self.end = end
        self.read: list[str] = []

    def get(self, i: int) -> str:
        """The i-th word ("" past the last: a word is never empty)."""
        while len(self.read) <= i:
            a, b = next_token(self.text, self.pos, self.end)
            if a < 0:
                return ""
            self.read.append(self.text[a:b])
            self.pos = b
        return self.read[i]


def _opens_clause(words: _Words) -> bool:
    """A subject and, within a few words, a finite verb: "the results were", "it expected",
    "18 people had been"; not an object ("the words", "a prayer for the victims"). There are
    `_MIN_WORDS` words or more."""
    w0 = words.get(0)
    first = w0.lower()
    if first == "that":
        return False  # reported with "that": `_said_that`
    if first in _SUBJECT_PRONOUNS:
        nxt = words.get(1)
        return nxt[:1].isalpha() and nxt.lower() not in ("and", "or", "to", "in", "on", "as")
    if not (first in DETERMINERS or w0[:1].isupper() or w0[:1].isdigit()):
        # a bare noun subject needs its verb straight after: "rates would rise", "prices fell"
        nxt = words.get(1).lower()
        return first.isalpha() and (nxt in AUX or nxt in RELATIVE_VERBS or (
            nxt.isalpha() and len(nxt) > 4 and nxt.endswith("ed")))
    for i in range(1, _VERB_WITHIN):
        w = words.get(i)
        if not w:
            break
        if not w[:1].isalnum():
            return False  # "said Smith, who …", "said the company, which …"
        low = w.lower()
        if low in ("that", "which", "who", "whose", "whom", "to", "and", "but", "or"):
            # "announced a feature that will…": the verb of a relative clause; "added the
            # figures and the total was…": an object, then a clause of its own
            return False
        if low in AUX or low in RELATIVE_VERBS or (
            w.islower() and len(w) > 4 and w.endswith("ed")
        ):
            return True
    return False


def _clause_before(text: str, c0: int, cue: str, free: _Free, out: list[Reported]) -> None:
    """ "Rates will stay high, Bundesbank President Joachim Nagel said (on Tuesday)." """
    s0 = sentence_start(text, _para_start(text, c0), c0)
    if _has_mark(text, s0, c0):
        return  # a direct quote's own attribution, or a mixed quote: not this pattern
    np = np_before(text, max(s0, c0 - _LOOK_BACK), c0)
    if np is None:
        return
    comma = text.rfind(",", s0, np[0])
    lead = text[comma + 1 : np[0]].split()
    # the mention may leave out a word or two of its own lead ("Bundesbank President …"), but
    # ", and the coach said." joins a clause of its own: it closes no statement
    if comma < 0 or len(lead) > _LEAD_WORDS or lead and lead[0].lower() in ("and", "but", "or"):
        return
    _add_before(text, s0, comma, Attribution(np[0], np[1], cue), free, out)


def _inverted(
    text: str, c0: int, c1: int, cue: str, free: _Free, out: list[Reported]
) -> bool:
    """ "Rates will stay high, said Joachim Nagel, the bank's president.": False when no name
    closes the sentence after the cue."""
    s0 = sentence_start(text, _para_start(text, c0), c0)
    if _has_mark(text, s0, c0):
        return False
    end = sentence_end(text, c1, _para_end(text, c1))
    np = np_after(text, c1, end)
    if np is None or text[np[1] : end].strip(" .!?…")[:1] not in ("", ","):
        return False
    comma = text.rfind(",", s0, c0)
    _add_before(text, s0, comma, Attribution(np[0], np[1], cue), free, out)
    return True


def _add_before(
    text: str, a: int, b: int, who: Attribution, free: _Free, out: list[Reported]
) -> None:
    dateline = _DATELINE.match(text, a, b)
    if dateline is not None:
        a = dateline.end()  # "WASHINGTON (AFP) – Uncertainty is weighing …, the survey said."
    words = text[a:b].split()
    if b <= a or len(words) < _MIN_WORDS or not free(a, b):
        return
    if words[0].lower() in SUBORDINATORS and "," not in text[a:b]:
        return  # "When asked about the plan, he said.": a lead-in with no statement after it
    out.append((a, b, who))
