"""What a capitalised run or a quote's mention says on its own: person or organisation, name
parts, the name inside "the deputy mayor of Eastmere Ayşe Karabulut" and the role around it.

The same in every article, so each distinct run or mention is read once per process. Deciding
who a name is within the article is `lib.speakers`' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final, cast

from lib import names
from lib.names import NameParts
from lib.speaker_text import (
    DETERMINER,
    PREPOSITIONS,
    Piece,
    Run,
    clean_role,
    find_runs,
    has_role_word,
    is_abbreviation,
    is_org,
    is_org_words,
    namey,
    org_lists,
    pieces,
    role_after,
    role_in_mention,
    word_list,
)

_EMPTY: Final = NameParts("", "", "", "", "")
_SPLIT: Final = re.compile(r"\s*[,(]\s*")
_AFTER_NAME: Final = PREPOSITIONS | {"who", "said"}
# "the Bank of England", "Department of Health": what follows an organisation word's "of"
_OF_NAME: Final = re.compile(r"\s+of\s+((?:the\s+)?[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*)*)")


@dataclass(slots=True, init=False, unsafe_hash=True)
class RunInfo:
    """A capitalised run of an article read on its own."""

    org: bool
    parts: NameParts | None  # None: neither an organisation nor a person
    key: str  # folded surname without spaces
    gender: str
    strong: bool  # a first name we know, a title or an initial: a person, not "Wall Street"
    weak_first: bool  # its first word is no evidence: dropped when the article knows the surname
    implausible: bool  # and could not open a name at all ("Affairs Clinton")
    surname: NameParts  # the run as a bare surname (with its titles)
    surname_gender: str
    surname_strong: bool
    rank: int  # full names we know first, then other full names, then bare surnames

    def __init__(
        self, org: bool, parts: NameParts | None, key: str, gender: str, strong: bool,
        weak_first: bool, implausible: bool, surname: NameParts, surname_gender: str,
        surname_strong: bool, rank: int,
    ) -> None:
        self.org = org
        self.parts = parts
        self.key = key
        self.gender = gender
        self.strong = strong
        self.weak_first = weak_first
        self.implausible = implausible
        self.surname = surname
        self.surname_gender = surname_gender
        self.surname_strong = surname_strong
        self.rank = rank


_NOT_PERSON: Final = RunInfo(False, None, "", "", False, False, False, _EMPTY, "", False, 2)
_ORG: Final = RunInfo(True, None, "", "", False, False, False, _EMPTY, "", False, 2)
_INFO: Final[dict[str, RunInfo]] = {}
# Readings kept per process: about 1.5 kB a stretch with its runs, so some 100 MB at most;
# news repeats its names, so the most recent tens of thousands catch most of them.
_CACHE: Final = 40_000
_INFO_MAX: Final = _CACHE


@dataclass(slots=True, init=False, unsafe_hash=True)
class StretchRun:
    """A run that may name someone, read with its stretch; `start` is relative to the stretch."""

    start: int
    piece: Piece
    info: RunInfo
    # when the run's first word may only be capitalised as a sentence opener: the run without it
    # (None: nothing worth reading is left), to use if it does open a sentence
    opener_check: bool
    opener_dropped: StretchRun | None

    def __init__(
        self, start: int, piece: Piece, info: RunInfo, opener_check: bool,
        opener_dropped: StretchRun | None,
    ) -> None:
        self.start = start
        self.piece = piece
        self.info = info
        self.opener_check = opener_check
        self.opener_dropped = opener_dropped


# read_stretch's readings, one table for each value of `glued` (a dict, as `_INFO`: looked up
# natively by compiled callers, where a functools cache is called through Python)
_STRETCHES: Final[dict[str, tuple[StretchRun, ...]]] = {}
_GLUED_STRETCHES: Final[dict[str, tuple[StretchRun, ...]]] = {}


def read_stretch(word: str, glued: bool) -> tuple[StretchRun, ...]:
    """The organisation and person runs of one stretch (see `speaker_text.pieces`), read."""
    table = _GLUED_STRETCHES if glued else _STRETCHES
    got = table.get(word)
    if got is None:
        if len(table) >= _CACHE:
            table.clear()
        got = table[word] = _read_stretch(word, glued)
    return got


def _read_stretch(word: str, glued: bool) -> tuple[StretchRun, ...]:
    out = []
    for p in pieces(word, glued):
        alt = p.opener_dropped
        alt_run = None
        if alt is not None:
            alt_info = run_info(alt)
            if alt_info.org or alt_info.parts is not None:
                alt_run = StretchRun(alt.start, alt, alt_info, False, None)
        info = run_info(p)
        if not info.org and info.parts is None:
            if alt_run is None:
                continue
            info = _NOT_PERSON  # kept only for what is left without the opener
        out.append(StretchRun(p.start, p, info, p.opener_check, alt_run))
    return tuple(out)


def clear_caches() -> None:
    """Forget every reading (and the name and stretch caches under them): for cold timings."""
    _INFO.clear()
    _CLUES.clear()
    _STRETCHES.clear()
    _GLUED_STRETCHES.clear()
    for fn in (read_mention, plausible_first, pieces, is_abbreviation, namey):
        fn.cache_clear()
    names.clear_caches()


Clue = tuple[bool, tuple[str, ...]]
# stretch -> clue, shared with `lib.speaker_article`'s scan, which looks it up inline
STRETCH_CLUES: Final[dict[str, Clue | None]] = {}
_CLUES: Final = STRETCH_CLUES
# not in the table yet (None there means "no run"): a sentinel tested by identity here and in
# `lib.speaker_article`'s inline lookup. A plain object, not a tuple: compiled (mypyc) code
# unboxes a typed tuple into a struct, so a tuple sentinel would lose its identity there.
UNSEEN_CLUE: Final[object] = object()


def stretch_clue(word: str) -> Clue | None:
    """Before reading a stretch: can one of its runs be a person on its own evidence, and which
    folded words could its surnames end in (None: it holds no run at all, "The", "But"). The
    evidence (a first name, title or initial) comes before a surname, so a stretch's last word
    never gives it and one word alone never has it."""
    # a miss is the usual call (the scan looks the table up inline first): no KeyError raised
    seen: object = _CLUES.get(word, UNSEEN_CLUE)
    if seen is not UNSEEN_CLUE:
        return cast("Clue | None", seen)
    if len(_CLUES) >= _INFO_MAX:
        _CLUES.clear()
    clue: Clue | None = None
    if word.isalpha() and word.isascii():
        # most stretches: one plain word, whose bare form is its lower case (names._bare); it is
        # read here without the per-word tables, as it is met once per article on a first sight
        if word.lower() not in word_list("name_stopwords.txt"):  # as `pieces`
            clue = (False, (names.fold(word),))
    elif " " in word or names._bare(word) not in word_list("name_stopwords.txt"):
        words = word.split()
        namey = False
        tails: list[str] = []  # not list[str](): calling a generic alias costs an exception
        for i, w in enumerate(words):
            n, f = names.word_clue(w)
            namey = namey or (n and i + 1 < len(words))
            tails.extend(f)
        clue = (namey, tuple(tails))
    _CLUES[word] = clue
    return clue


def run_info(piece: Piece) -> RunInfo:
    """The reading of one run, from the per-process table (a dict: cheaper than lru_cache here)."""
    info = _INFO.get(piece.text)
    if info is None:
        if len(_INFO) >= _INFO_MAX:
            _INFO.clear()
        info = _INFO[piece.text] = _classify(piece)
    return info


def _classify(piece: Piece) -> RunInfo:
    if is_org_words(piece.text, piece.tokens):
        return _ORG
    parts = names.parse_name(piece.text)
    if not parts.last or not _looks_like_person(parts):
        return _NOT_PERSON
    strong = _strong(parts)
    gender = names.gender_hint(parts)
    key = names.fold(parts.last).replace(" ", "")
    if not parts.first:
        # a bare surname (no first name, so no middle either) is its own surname reading
        return RunInfo(False, parts, key, gender, strong, False, False, parts, gender, strong, 2)
    bare = surname_only(parts)
    return RunInfo(
        False,
        parts,
        key,
        gender,
        strong,
        not strong,
        not plausible_first(parts.first),
        bare,
        names.gender_hint(bare),
        _strong(bare),
        0 if strong else 1,
    )


def surname_only(parts: NameParts) -> NameParts:
    return NameParts(parts.honorific, "", "", parts.last, parts.suffix)


@lru_cache(maxsize=50_000)
def plausible_first(first: str) -> bool:
    """An unknown word can still open a name ("Armstrong Williams"), but not "Affairs Clinton",
    "Electing Obama" or "Post Trump": plurals, verb forms and organisation words do not."""
    bare = names._bare(first)
    if bare in names.first_names() or names._is_initial(first):
        return True
    return not (bare.endswith(("s", "ing", "ed")) or names.fold(first) in org_lists()[0])


def _looks_like_person(parts: NameParts) -> bool:
    # only the name words count: "Rules Committee Chairman Bruce Ash" is a person
    heads = org_lists()[0]
    last = names.fold(parts.last)
    return (
        last not in heads
        and names._bare(parts.last) not in word_list("not_names.txt")
        and (names.fold(parts.first) not in heads)
    )


def _strong(parts: NameParts) -> bool:
    """Evidence that a capitalised run is a person, not "United States" or "Wall Street"."""
    return (
        names._bare(parts.first) in names.first_names()
        or any(names.is_honorific(t) for t in parts.honorific.split())
        or names._is_initial(parts.middle.split(" ")[0])
    )


@dataclass(slots=True, init=False, unsafe_hash=True)
class MentionInfo:
    """A quote's mention read on its own; `run` offsets are relative to the mention."""

    kind: str  # "person" | "organisation" | "describe" (no name: left to the article)
    run: Run | None
    parts: NameParts | None
    name: str | None  # organisations only
    role: str | None  # the role the mention itself gives
    key: str  # people: folded surname without spaces ("" otherwise, the default)
    gender: str  # people: "m", "f" or "" from the title or first name

    def __init__(
        self, kind: str, run: Run | None, parts: NameParts | None, name: str | None,
        role: str | None, key: str = "", gender: str = "",
    ) -> None:
        self.kind = kind
        self.run = run
        self.parts = parts
        self.name = name
        self.role = role
        self.key = key
        self.gender = gender


_DESCRIBE: Final = MentionInfo("describe", None, None, None, None)


@lru_cache(maxsize=_CACHE)
def read_mention(mention: str, before: str) -> MentionInfo:
    """Read a stripped mention; `before` is the (up to) 3 characters before it in the article,
    all that telling a sentence-opening word from a name needs of the context."""
    off = len(before)
    run, desc = _name_run(mention, off, before + mention)
    if run is None:
        return _DESCRIBE
    rel = Run(run.start - off, run.end - off, run.text, run.tokens)
    lead = DETERMINER.sub("", mention[: rel.start]).split()
    # "Procter & Gamble", "Avon and Somerset Police": a capitalised word joined to the run
    # (not two bodies: "the Justice Department and FBI" is the FBI's word)
    joined = (len(lead) >= 2 and lead[-1] in ("&", "and") and lead[-2][:1].isupper()
              and not names.is_honorific(lead[-2])
              and (lead[-1] == "&" or not is_org_words(lead[-2], (lead[-2],))))
    if is_org(run) or joined and lead[-1] == "&":
        name = DETERMINER.sub("", run.text)
        if joined:
            name = f"{lead[-2]} {lead[-1]} {name}"
        elif len(lead) == 1 and lead[0][:1].isupper() and lead[0].endswith(("'", "’")) and not desc:
            # a plural possessive the run stopped at is part of the name: "the Tenants' Alliance"
            # (not "Conservative Fox News")
            name = f"{lead[0]} {name}"
        name += _of_part(mention[rel.end :])
        return MentionInfo("organisation", rel, None, name, desc or role_after(mention, run))
    parts = names.parse_name(run.text)
    if not parts.last or names._bare(parts.last) in word_list("not_names.txt"):
        return _DESCRIBE
    if parts.first and not plausible_first(parts.first):
        parts = surname_only(parts)
    if not parts.first and not parts.honorific:
        # "de Gaulle", "ten Hag": the particles the run (capitalised words) left out
        lead = mention[: rel.start].split()
        k = len(lead)
        while k and lead[k - 1] in names.PARTICLES:
            k -= 1
        if k < len(lead):
            parts = replace(parts, last=" ".join([*lead[k:], parts.last]))
    return MentionInfo(
        "person",
        rel,
        parts,
        None,
        clean_role(desc or role_in_mention(mention, run, off)),
        names.fold(parts.last).replace(" ", ""),
        names.gender_hint(parts),
    )


def _of_part(rest: str) -> str:
    """ " of England" after "Bank": the capitalised words an organisation's "of" runs on to, up
    to a title or a first name (in "Bank of England Governor Andrew Bailey" the bank is "Bank of
    England"); "" when none follow."""
    m = _OF_NAME.match(rest)
    if m is None:
        return ""
    words: list[str] = []
    joined = 0  # where an "and" began: "of Health and Human Services", not "of State and Gov."
    for w in m.group(1).split():
        if w in ("and", "&") and words and not joined:
            joined = len(words)
            words.append(w)
            continue
        if w != "the" and (not w[0].isupper() or names.is_honorific(w)
                           or names._bare(w) in names.first_names()):
            if joined and (w[0].isupper() or len(words) == joined + 1):
                del words[joined:]
            break
        words.append(w)
    if joined and len(words) == joined + 1:
        words.pop()
    while words and words[-1] == "the":
        words.pop()
    if words:  # "the Bank of England's report": the name, not its possessive
        last = words[-1]
        words[-1] = last[:-2] if last.endswith(("'s", "’s")) else last.rstrip("'’")
    return " of " + " ".join(words) if words and words[-1] else ""


def _name_run(mention: str, offset: int, context: str) -> tuple[Run | None, str | None]:
    """The run that names the source inside a mention, and the description around it as role.

    "Clinton campaign spokesman Brian Fallon" -> Brian Fallon; "the former top aide to President
    George W. Bush" -> no name (Bush is the object of "to"); "the F.B.I. director, James B. Comey,"
    -> James B. Comey with role "F.B.I. director"; "the deputy mayor of Eastmere Ayşe Karabulut"
    -> Ayşe Karabulut with role "deputy mayor of Eastmere".
    """
    parts = _SPLIT.split(mention)
    head = parts[0]
    runs = find_runs(head, offset, context)
    after_org = _name_after_org(head, runs, offset)
    if after_org is not None:
        return after_org
    for run in runs:
        if all(names.is_honorific(t) for t in run.tokens):
            continue  # "Prime Minister" in "the Prime Minister of Lithuania Ingrid Šimonite"
        before = head[: run.start - offset].split()
        after = head[run.end - offset :].split()
        titled_of = (len(before) > 1 and before[-2][0].isupper()
                     and names.is_honorific(before[-2]))
        if titled_of and len(run.tokens) == 1 and names._bare(before[-1]) == "of":
            continue  # "the Mayor of London", "the Governor of Texas": a place, not a person
        if (
            before
            and names._bare(before[-1]) in PREPOSITIONS
            and not titled_of
        ):
            named = _named_after_place(before, run)
            if named is not None and not after:
                return named
            continue  # "aide to President Bush" is the aide; "Minister of Lithuania X" is X
        if before and before[-1].endswith(("'s", "’s")):
            continue
        if not after or names._bare(after[0]) in _AFTER_NAME:
            return run, None
    if len(parts) > 1 and head and (head[0].islower() or DETERMINER.match(head)):
        pos = mention.find(parts[1])
        inner = find_runs(parts[1], offset + pos, context)
        if inner and inner[0].start == offset + pos:
            return inner[0], DETERMINER.sub("", head).strip() or None
    return None, None


def _named_after_place(before: list[str], run: Run) -> tuple[Run, str] | None:
    """ "the deputy mayor of Eastmere Ayşe Karabulut": a role, "of", a place and straight after it
    a full name. The role word before "of" tells it from "the aide to Ohio's Bob Smith"; a title
    after the place ("of Texas Sen. Ted Cruz") makes the whole run the object."""
    if names._bare(before[-1]) != "of" or len(before) < 2 or not has_role_word(before[-2]):
        return None
    parts = names.parse_name(run.text)
    if not parts.first or not parts.honorific or not plausible_first(parts.first):
        return None
    place = parts.honorific.split()
    if any(names.is_honorific(t) for t in place) or not run.text.startswith(parts.honorific):
        return None
    at = run.text.index(parts.first, len(parts.honorific))
    name_run = Run(run.start + at, run.end, run.text[at:], run.tokens[len(place) :])
    role = " ".join([*before, *place])
    return name_run, DETERMINER.sub("", role).strip()


_CHAIN: Final = frozenset({"of", "for", "the", "and", "&"})
_JOINS: Final = frozenset({"of", "for"})


def _name_after_org(head: str, runs: list[Run], offset: int) -> tuple[Run, str | None] | None:
    """ "spokesperson for the Harbour Chamber of Commerce Bartholomew Quill", "Minister of Finance
    Piers Hatherleigh": a capitalised phrase joined by "of"/"for" runs straight into a known first
    name and a surname, so the person is that trailing name and the phrase before it the role.

    A title inside the phrase ("a spokesman for Texas Sen. Ted Cruz") makes the name the object,
    and a name the phrase does not run into ("a spokeswoman for Hillary Clinton") is left alone.
    """
    if not runs:
        return None
    last = runs[-1]
    tail = head[last.end - offset :].split()
    if tail and names._bare(tail[0]) not in _AFTER_NAME:
        return None
    at = _first_name_at(last.tokens)
    if at is None:
        return None
    titled = any(names.is_honorific(t) for t in last.tokens[:at])
    # walk back from the name over the phrase: capitalised words and joiners only, up to a lower
    # case role word ("spokesperson") or the mention's start; it must be joined by of/for
    words = head[: last.start - offset].split() + list(last.tokens[:at])
    joined = False
    stop = ""
    for w in reversed(words):
        bare = names._bare(w)
        if bare in _CHAIN:
            joined = joined or bare in _JOINS
        elif not w[0].isupper():
            stop = w
            break
    if not joined:
        return None
    if stop and not DETERMINER.match(stop + " ") and not has_role_word(stop):
        return None  # "the daughter of Eastmere Ayşe Karabulut" is the daughter
    if titled and stop and not DETERMINER.match(stop + " "):
        # "a spokesman for Texas Gov. Greg Abbott" is the spokesman; with no role word before
        # it, "Bank of England Governor Andrew Bailey" is Andrew Bailey
        return None
    start = last.text.find(last.tokens[at], sum(len(t) for t in last.tokens[:at]))
    name = Run(last.start + start, last.end, last.text[start:], last.tokens[at:])
    role = DETERMINER.sub("", head[: name.start - offset].strip()).strip()
    # "the Ministry of Environment" alone says where, not what: the article's role is better
    return name, role if has_role_word(role) else None


def _first_name_at(tokens: tuple[str, ...]) -> int | None:
    """Index of the known first name that opens the trailing name (after at least one phrase
    word): read from the right, so "North Carolina Pat McCrory" opens at Pat, not Carolina."""
    j = len(tokens) - 2
    while j > 0 and names._bare(tokens[j]) in names.PARTICLES:
        j -= 1  # "Ursula von der Leyen"
    while j > 0 and names._is_initial(tokens[j]):
        j -= 1  # "George W. Bush"
    if j < 1 or names._bare(tokens[j]) not in names.first_names():
        return None
    return j
