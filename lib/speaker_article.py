"""The people of one article: capitalised runs that can name someone, linked by surname into
entities (fullest name, gender, role, where mentioned). Reading one run is `lib.speaker_reading`'s
job; what one quote's mention means is `lib.speakers`'."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Final, cast

from lib import names, wordlists
from lib.mentions import KIN
from lib.names import NameParts
from lib.speaker_reading import (
    STRETCH_CLUES,
    UNSEEN_CLUE,
    Clue,
    RunInfo,
    StretchRun,
    read_stretch,
    stretch_clue,
)
from lib.speaker_text import (
    Piece,
    Run,
    clean_role,
    quoted_regions,
    role_near,
    sentence_start,
    stretch_words,
)

# only lower-case words can follow as a role (`_after_role` tests membership alone)
_ROLES: Final = frozenset(w for w in wordlists.words("speaker_roles.txt") if w.islower())
_ROLES_OR_KIN: Final = _ROLES | {w for w in KIN if w.islower()}
_MAX_ROLE_LOOKS: Final = 6  # mentions searched for a role; the title comes with the first few
_POS, _FIRST = itemgetter(0), attrgetter("first")

_Seen = tuple[int, Piece, RunInfo]  # a person run of the article: start, run, its reading


@dataclass(slots=True, init=False)
class Entity:
    key: str
    parts: list[NameParts]
    first: int  # offset of the first mention
    # (starting values in __init__, which mypyc compiles: see lib.accel)
    gender: str
    seen: list[_Seen]  # where it is named, for its role
    # distinct (first, middle) pairs seen: what a new full name must be compatible with
    firsts: dict[tuple[str, str], None]
    _part_ids: set[int]
    _role: str | None
    _role_done: bool
    _name: str | None
    strong: bool  # seen with a first name we know, a title, or alone by surname

    def __init__(self, key: str, parts: list[NameParts], first: int, gender: str = "") -> None:
        self.key = key
        self.parts = parts
        self.first = first
        self.gender = gender
        self.seen = []
        self.firsts = {}
        self._part_ids = set()
        self._role = None
        self._role_done = False
        self._name = None
        self.strong = False

    def add(self, parts: NameParts, gender: str) -> None:
        """Another mention's name; one copy of each (the runs' readings are shared objects)."""
        if id(parts) not in self._part_ids:
            self._part_ids.add(id(parts))
            self.parts.append(parts)
            if parts.first:
                self.firsts[parts.first, parts.middle] = None
        self.gender = self.gender or gender

    def role(self, text: str) -> str | None:
        """The most informative title or appositive seen with this person, worked out on demand."""
        if not self._role_done:
            found = [
                clean_role(role_near(text, _run(a, p), info.parts))
                for a, p, info in self.seen[:_MAX_ROLE_LOOKS]
                if info.parts is not None
            ]
            roles = [r for r in found if r]
            # the longest one says most ("former Secretary of State" over "Secretary")
            self._role = max(roles, key=len) if roles else None
            self._role_done = True
        return self._role

    @property
    def name(self) -> str:
        if self._name is None:
            full = [p for p in self.parts if p.first]
            pool = full or self.parts
            best = max(
                pool, key=lambda p: (bool(p.middle), len(p.first), len(names.display_form(p)))
            )
            self._name = names.display_form(best) if full else surname_form(best)
        return self._name


def _run(start: int, piece: Piece) -> Run:
    return Run(start, start + len(piece.text), piece.text, piece.tokens)


def surname_form(p: NameParts) -> str:
    # An unresolved surname keeps a gendered honorific so the corpus merge can tell Mrs. from Mr.
    hon = p.honorific.split()[-1] if p.honorific else ""
    if hon and names.honorifics().get(names._bare(hon)) in ("m", "f"):
        return f"{hon} {p.last}"
    return p.last


class Article:
    """One scan of an article: its person entities in text order, organisations, quoted spans.

    Only the people that can matter are read: those with a first name, title or initial, those a
    quote is attributed to, and every other mention of their surnames (and of the surnames the
    quotes' mentions give, in `keys`). The rest can be neither a pronoun's antecedent nor the
    fuller form of a mention, and reading every capitalised stretch of a new text was most of
    the cost of a first sight of it.
    """

    def __init__(
        self,
        text: str,
        spans: Sequence[tuple[int, int]] = (),
        keys: Iterable[str] = (),
        firsts: Iterable[str] = (),
        last_pronoun: int | None = None,
    ) -> None:
        """`keys`: surname keys of the mentions to resolve; `firsts`: folded first names a bare
        mention may stand for ("Bob"); `last_pronoun`: offset of the last pronoun to resolve
        (None: every person is read, as for a pronoun at the end)."""
        self.text = text
        # an organisation word's fuller name in this article, once per word (lib.speakers)
        self.fuller_orgs: dict[str, str | None] = {}
        self.entities: list[Entity] = []
        self._by_key: dict[str, list[Entity]] = {}
        # (offset, entity) for every person mention outside quotes, for pronoun salience
        self.mentions: list[tuple[int, Entity]] = []
        self._mention_pos: list[int] = []
        need = set(keys)
        wanted = {f for first in firsts for f in first.split()}
        until = len(text) if last_pronoun is None else last_pronoun
        # (offset, stretch, its folded words) of each stretch that can hold a run, for `orgs`
        self._named: list[tuple[int, str, tuple[str, ...]]] | None = None
        if not need and not wanted and until <= 0:
            # no name, first name or pronoun to resolve: no stretch would be read (organisations
            # and descriptions need only `orgs`), so the scan is skipped
            self._q_starts: list[int] = []
            self._q_ends: list[int] = []
            return
        named: list[tuple[int, str, tuple[str, ...]]] = []
        self._named = named
        # a name the article quotes as a source is a person even without a first name we know
        quoted_as = _clean_spans(spans)
        regions = quoted_regions(text)
        self._q_starts = [a for a, _ in regions]
        self._q_ends = [b for _, b in regions]
        read: dict[int, list[_Seen]] = {}
        later: list[tuple[int, int, str, tuple[str, ...]]] = []
        late: list[tuple[int, int, str, tuple[str, ...]]] = []
        before: list[tuple[str, ...]] = []  # folded words of the stretches before it
        spoken = [a for a, _ in quoted_as]
        clues = STRETCH_CLUES
        end = 0  # where the stretch before ended
        k = 0  # how many quoted mentions start before it ends: stretches come in text order

        # the loop runs over every capitalised stretch of the article: kept to lookups
        for i, word in enumerate(stretch_words(text)):
            s = text.find(word, end)
            end = s + len(word)
            seen = clues.get(word, UNSEEN_CLUE)
            clue = stretch_clue(word) if seen is UNSEEN_CLUE else cast("Clue | None", seen)
            if clue is None:
                continue
            namey, folds = clue
            named.append((s, word, folds))
            if s < until:
                before.append(folds)
            if wanted and not wanted.isdisjoint(folds):
                read[i] = _person_runs(text, s, word)
                need.update(info.key for _, _, info in read[i])
                continue
            if not namey and spoken:
                while k < len(spoken) and spoken[k] < end:
                    k += 1
                namey = _touches(quoted_as, spoken, k, s)
            if not (namey or _after_role(text, s)):
                later.append((i, s, word, folds))
            elif s < until:
                _antecedents(text, quoted_as, read, need, i, s, word)
            else:
                late.append((i, s, word, folds))
        # a person first named after the last pronoun matters only through a surname that also
        # stands before it: a folded word of theirs ends one of the earlier words, or the reverse
        if late:
            early = set().union(*before)
            ends = sorted(e[::-1] for e in early)
            for i, s, word, folds in late:
                if any(_ends_either(f, early, ends) for f in folds):
                    _antecedents(text, quoted_as, read, need, i, s, word)
                else:
                    later.append((i, s, word, folds))
        # the other mentions of those surnames: a stretch holding a word a needed key ends in
        ends_of = {k[j:] for k in need for j in range(len(k))}
        for i, s, word, folds in later:
            if "" in need or not ends_of.isdisjoint(folds):
                read[i] = _person_runs(text, s, word)
        # person runs by rank (full names with a first name we know, other full names, bare
        # surnames and titles), each in text order
        ranked: tuple[list[_Seen], list[_Seen], list[_Seen]] = ([], [], [])
        for i in sorted(read):
            for seen in read[i]:
                if seen[2].key in need:
                    ranked[seen[2].rank].append(seen)
        full_keys = {info.key for _, _, info in ranked[0]}
        full_keys.update(info.key for _, _, info in ranked[1])
        # names with a first name we know come first, so "Post Trump" in a headline can fall back
        # to the Donald Trump of the article rather than become a person of its own; a bare
        # surname counts only with a title or when a full name has that surname
        bare = [r for r in ranked[2] if r[2].key in full_keys or r[2].surname.honorific]
        q_starts, q_ends = self._q_starts, self._q_ends
        for seen in itertools.chain(ranked[0], ranked[1], bare):
            start, piece, info = seen
            parts, gender, strong = info.parts, info.gender, info.strong
            assert parts is not None
            if info.weak_first and (info.implausible or self._has_known(info.key)):
                parts, gender, strong = info.surname, info.surname_gender, info.surname_strong
            ent = self._find(parts, info.key, gender, start, create=True)
            if ent is not None:
                ent.seen.append(seen)
                ent.strong = (
                    ent.strong or strong or _speaks(quoted_as, start, start + len(piece.text))
                    or _after_role(text, start)
                )
                i = bisect.bisect_right(q_starts, start) - 1
                if not (i >= 0 and q_starts[i] < start < q_ends[i]):  # outside quotes
                    self.mentions.append((start, ent))
        self.mentions = [m for m in self.mentions if m[1].strong]
        self.mentions.sort(key=_POS)
        self._mention_pos = [m[0] for m in self.mentions]

    def orgs(self, head: str) -> Iterator[tuple[int, Piece]]:
        """Organisation runs in text order that may hold the word `head` (folded), read only when
        a mention needs a fuller name: stretches without that word are skipped unread."""
        text = self.text
        for s, word, folds in self._named_stretches():
            if " " in head or head in folds:
                for start, run in _runs(text, s, word):
                    if run.info.org:
                        yield start, run.piece

    def _named_stretches(self) -> list[tuple[int, str, tuple[str, ...]]]:
        """The stretches that can hold a run, as the scan in `__init__` kept them (read here once
        when it was skipped), so an organisation lookup never scans the text again."""
        if self._named is None:
            text = self.text
            named = []
            end = 0
            for word in stretch_words(text):
                s = text.find(word, end)  # as in `__init__`
                end = s + len(word)
                clue = stretch_clue(word)
                if clue is not None:
                    named.append((s, word, clue[1]))
            self._named = named
        return self._named

    def _has_known(self, key: str) -> bool:
        return any(e.strong and e.firsts for e in self._by_key.get(key, ()))

    def _find(
        self, parts: NameParts, key: str, gender: str, pos: int, create: bool
    ) -> Entity | None:
        """The entity this name belongs to; new if none fits and `create`."""
        cands = self._by_key.get(key)
        if cands is not None and len(cands) == 1:
            # the usual case, one person of that surname so far: no ranking to do
            ent = cands[0]
            if (not gender or ent.gender in ("", gender)) and (
                not parts.first
                or all(
                    names.first_names_compatible(parts.first, f)
                    and names.middles_compatible(parts.middle, m)
                    for f, m in ent.firsts
                )
            ):
                if create:
                    ent.add(parts, gender)
                return ent
        elif cands:
            same = [e for e in cands if not gender or e.gender in ("", gender)]
            if parts.first:
                first, middle = parts.first, parts.middle
                fits = [
                    e
                    for e in same
                    if all(
                        names.first_names_compatible(first, f)
                        and names.middles_compatible(middle, m)
                        for f, m in e.firsts
                    )
                ]
                # a full name joins a bare-surname entity only when no full-name entity fits
                fits = [e for e in fits if e.firsts] or fits
            else:
                fits = same
            if fits:
                # the full-name mention nearest before decides (else the first one after)
                before = [e for e in fits if e.first <= pos]
                ent = max(before, key=_FIRST) if before else min(fits, key=_FIRST)
                if create:
                    ent.add(parts, gender)
                return ent
        if not create:
            return None
        ent = Entity(key, [], pos, gender)
        ent.add(parts, gender)
        self.entities.append(ent)
        self._by_key.setdefault(key, []).append(ent)
        return ent

    def by_first_name(self, token: str, known: bool = False) -> Entity | None:
        """ "Bob" alone, in an article that introduced "Bob Smith" (`known`: the token is a
        first name whether or not the lists have it, as after "Sir")."""
        f = names.fold(token)
        if not known and names._bare(token) not in names.first_names():
            return None  # "Trump" is not the first name of "the Trump Train"
        hits = [e for e in self.entities if any(names.fold(p.first) == f for p in e.parts)]
        return hits[0] if len(hits) == 1 else None

    def salient(self, pos: int, gender: str) -> Entity | None:
        """The most recent person mentioned before `pos` (outside quotes) of a fitting gender."""
        i = bisect.bisect_left(self._mention_pos, pos) - 1
        while i >= 0:
            ent = self.mentions[i][1]
            if gender in ("x", "") or ent.gender in ("", gender):
                return ent
            i -= 1
        return None


def _antecedents(text: str, quoted_as: list[tuple[int, int]], read: dict[int, list[_Seen]],
                 need: set[str], i: int, s: int, word: str) -> None:
    """Read stretch i's person runs into `read` and add the keys of those that can be a pronoun's
    antecedent to `need`: only a person of its own evidence, or quoted. (A function, not a closure
    in `Article.__init__`: compiled, a closure and its environment refer to each other, and that
    cycle kept every article's scan alive until the garbage collector's next full pass.)"""
    seen = read[i] = _person_runs(text, s, word)
    need.update(
        info.key
        for a, piece, info in seen
        if info.strong or info.surname_strong or _speaks(quoted_as, a, a + len(piece.text))
        or _after_role(text, a)
    )


def _clean_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for span in spans:
        try:
            out.append((int(span[0]), int(span[1])))
        except (TypeError, ValueError, IndexError):
            continue
    return sorted(out)


def _after_role(text: str, start: int) -> bool:
    """A listed role straight before the name ("head coach Brendon McCullum", "spokesman Ali
    Reza"), or a role or kin word and a comma ("Her son, Pieter Vos"): a person, even with a
    first name the lists lack."""
    # (on every capitalised stretch of an article: slices and lookups only)
    if start < 3 or text[start - 1] != " ":
        return False
    end = start - 1
    comma = text[end - 1] == ","
    if comma:
        end -= 1
    lo = max(0, end - 14)  # the longest listed role or kin word fits
    space = text.rfind(" ", lo, end)
    word = text[space + 1 if space >= 0 else lo : end]
    # (the tables hold lower-case words only: no islower() call, which compiled code makes
    # through Python)
    return word in _ROLES_OR_KIN if comma else word in _ROLES


def _speaks(quoted_as: list[tuple[int, int]], start: int, end: int) -> bool:
    """The run lies inside a mention that a quote is attributed to."""
    i = bisect.bisect_right(quoted_as, (start, end + 1)) - 1
    while i >= 0 and quoted_as[i][0] >= start - 300:
        if quoted_as[i][0] <= start and end <= quoted_as[i][1]:
            return True
        i -= 1
    return False


def _touches(quoted_as: list[tuple[int, int]], starts: list[int], k: int, start: int) -> bool:
    """The stretch at `start` overlaps a quote's mention (a superset of the runs `_speaks`
    accepts); `k`: how many mentions start before the stretch ends."""
    i = k - 1
    while i >= 0 and starts[i] >= start - 300:
        if quoted_as[i][1] > start:
            return True
        i -= 1
    return False


def _ends_either(f: str, words: set[str], reversed_sorted: list[str]) -> bool:
    """Some word in `words` is a suffix of f, or f a suffix of one (`reversed_sorted`: the same
    words reversed and sorted): spellings that can end one surname key ("blasio", "deblasio")."""
    if any(f[j:] in words for j in range(len(f))):
        return True
    r = f[::-1]
    k = bisect.bisect_left(reversed_sorted, r)
    return k < len(reversed_sorted) and reversed_sorted[k].startswith(r)


def _runs(text: str, s: int, word: str) -> Iterator[tuple[int, StretchRun]]:
    """The read runs of the stretch `word` at offset s, a sentence opener dropped where due."""
    for run in read_stretch(word, s > 0 and text[s - 1].isalnum()):
        if run.opener_check and sentence_start(text, s + run.start):
            if run.opener_dropped is None:
                continue
            run = run.opener_dropped
        yield s + run.start, run


def _person_runs(text: str, s: int, word: str) -> list[_Seen]:
    """The person runs of `_runs` (the scan's inner loop, so written out without a generator)."""
    out = []
    for run in read_stretch(word, s > 0 and text[s - 1].isalnum()):
        if run.opener_check and sentence_start(text, s + run.start):
            if run.opener_dropped is None:
                continue
            run = run.opener_dropped
        info = run.info
        if not info.org and info.parts is not None:
            out.append((s + run.start, run.piece, info))
    return out
