"""Reading an article's surface for names: capitalised runs, quoted stretches, titles and roles.

Pure text scanning with no idea of who is who; `lib.speakers` links what this finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

from lib import names, wordlists
from lib.mentions import ENGLISH_TAILS
from lib.names import NameParts

_TOKEN: Final = re.compile(r"[^\W\d_]+(?:[.'’\-&][^\W\d_]+)*\.?")
_UPPER: Final = "".join(re.escape(chr(c)) for c in range(0x10000) if chr(c).isupper())
# `[a-z]*` first: the regex engine steps over plain lower-case letters faster than it tests
# each one for the Unicode letter class (the same matches: the class takes what follows)
_CAP_TOKEN: Final = rf"[{_UPPER}][a-z]*[^\W\d_]*(?:[.'’\-&][^\W\d_]+)*\.?"


def _possessive(pattern: str) -> str:
    return pattern.replace("*", "*+")


def _by_first_letter(words: frozenset[str]) -> str:
    """The alternation of `words` grouped by first letter: the engine tries each group's letter
    once rather than every word's."""
    firsts = sorted({w[0] for w in words})
    groups = []
    for a in firsts:
        tails = sorted((w[1:] for w in words if w[0] == a), key=len, reverse=True)
        groups.append(re.escape(a) + "(?:" + "|".join(re.escape(t) for t in tails) + ")")
    return "|".join(groups)


# Only stretches of capitalised words (with particles between) can hold a name: scanning these
# instead of every word keeps an article to well under a millisecond. It is
# `_CAP_TOKEN( (particle )*_CAP_TOKEN)*` with every repeat possessive and the particles grouped
# by letter: the same matches with less backtracking state (whatever follows a repeat may match
# nothing, so the engine never backtracks into one, and one particle at most fits before a
# space; tests/test_speaker_text.py checks it against the plain form).
_STRETCH: Final = re.compile(
    rf"{_possessive(_CAP_TOKEN)}(?:[ \u00a0](?:(?:{_by_first_letter(names.PARTICLES)})[ \u00a0])*+"
    rf"{_possessive(_CAP_TOKEN)})*+"
)
_LOWER_TAIL: Final = re.compile(r"-[a-z]")
# A romanised Korean or Chinese given name ("Yo-jong", "Jae-myung", "Jing-wen"): syllables of a
# few letters, unlike "Angeles-area" or "Paris-based", whose tail is an English word.
ROMANISED: Final = re.compile(
    r"[A-Z][a-z]{0,3}-[bcdfghjklmnpqrstwyz]{0,3}[aeiouy]{1,3}(?:ng|n|m|k|l|p|t)?"
)
_QUOTE_MARKS: Final = '“”«»„"'
OPENERS, CLOSERS, BOTH = "“«„", "”»", '"'
PREPOSITIONS: Final = frozenset({"to", "of", "for", "at", "by", "with", "from", "about", "against"})
_CONNECTORS: Final = frozenset({"of", "for", "the"})
_PARTY: Final = re.compile(r"\s*[,(]\s*([RDI]-[A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?)")
_APPOSITIVE: Final = re.compile(
    r"\s*,\s*((?:a|an|the|his|her|its|their)\s[^,;:()\n\"“”]{2,90}?)\s*(?=,|\.\s|;|$)"
)
INITIAL_END: Final = re.compile(r"\b[A-Z]\.$")  # "John F."
# a quote's last word and closing mark before the title, with no opening mark before them
_QUOTE_END: Final = re.compile(r"^[^“\"«‘]*?[,.!?…][\"”»'’]\s+(?=\S)")
DETERMINER: Final = re.compile(r"^(?:the|a|an|one|his|her|their|its)\s+", re.I)


class _Tables:
    """Word tables read on first use and kept, as in `names`: plain functions over one record
    are called natively by compiled callers, where a `functools.cache` call cost more than the
    lookup it guards. A table is built whole before it is stored."""

    word_lists: dict[str, frozenset[str]]
    org_lists: tuple[frozenset[str], frozenset[str]] | None = None
    outlet_ends: frozenset[str] | None = None
    needs_a_name: frozenset[str] | None = None

    def __init__(self) -> None:
        self.word_lists = {}


_TABLES: Final = _Tables()


def word_list(name: str) -> frozenset[str]:
    got = _TABLES.word_lists.get(name)
    if got is None:
        got = _TABLES.word_lists[name] = wordlists.words(name)
    return got


def org_lists() -> tuple[frozenset[str], frozenset[str]]:
    got = _TABLES.org_lists
    if got is None:
        heads: set[str] = set()
        outlets: set[str] = set()
        section = heads
        for line in wordlists.lines("organisation_words.txt"):
            if line == "[head]":
                section = heads
            elif line == "[outlet]":
                section = outlets
            else:
                section.add(names.fold(line))
        got = _TABLES.org_lists = (frozenset(heads), frozenset(outlets))
    return got


@dataclass(slots=True, init=False, unsafe_hash=True)
class Run:
    start: int
    end: int
    text: str
    tokens: tuple[str, ...]

    def __init__(self, start: int, end: int, text: str, tokens: tuple[str, ...]) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.tokens = tokens


def is_org(run: Run) -> bool:
    return is_org_words(run.text, run.tokens)


def is_org_words(text: str, tokens: tuple[str, ...]) -> bool:
    """`is_org` of a run given by its text and words (no `Run` record needed)."""
    heads, outlets = org_lists()
    last = names.fold(tokens[-1])
    # an outlet's name ends in the run's last word, so the whole run is folded only when that
    # word may end one (folding is per word: the run's last folded word is its last token's)
    if not last or last.rsplit(" ", 1)[-1] in _outlet_ends():
        folded = names.fold(text)
        if folded in outlets or names.fold(DETERMINER.sub("", text)) in outlets:
            return True
    if last in heads:
        return True
    letters = tokens[-1].replace(".", "").replace("&", "")
    return len(tokens) == 1 and len(letters) >= 2 and letters.isupper()


def _outlet_ends() -> frozenset[str]:
    got = _TABLES.outlet_ends
    if got is None:
        got = _TABLES.outlet_ends = frozenset(o.rsplit(" ", 1)[-1] for o in org_lists()[1])
    return got


@dataclass(slots=True, init=False, unsafe_hash=True)
class Piece:
    """One capitalised run inside a stretch, offsets relative to the stretch."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    # Set when the first word may only be capitalised because it opens a sentence ("Despite
    # Santilli"): the run to use instead if it does (None: nothing is left of it).
    opener_dropped: Piece | None
    opener_check: bool

    def __init__(
        self, start: int, end: int, text: str, tokens: tuple[str, ...],
        opener_dropped: Piece | None, opener_check: bool,
    ) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.tokens = tokens
        self.opener_dropped = opener_dropped
        self.opener_check = opener_check


def find_runs(text: str, offset: int = 0, context: str | None = None) -> list[Run]:
    """Maximal sequences of capitalised words separated by single spaces (names, places, orgs)."""
    return [
        Run(a + offset, a + offset + len(p.text), p.text, p.tokens)
        for a, p in scan_runs(text, offset, context)
    ]


def stretches(text: str) -> Iterator[re.Match[str]]:
    """Stretches of capitalised words (with particles between): only these can hold a name."""
    return _STRETCH.finditer(text)


def stretch_words(text: str) -> list[str]:
    """The stretches of `stretches` as strings, in text order, without a match record each (nor
    the calls to read one): stretch k starts at `text.find(word, e)`, e the end of stretch k-1.
    A stretch starts at every capital letter outside the one before (its rest is optional), so no
    capital, and no copy of a stretch, stands between e and its start."""
    found: list[str] = _STRETCH.findall(text)  # typed: compiled str operations on each
    return found


def scan_runs(text: str, offset: int = 0, context: str | None = None) -> list[tuple[int, Piece]]:
    """The runs of `find_runs` as (start in `text`, piece), without building `Run` records."""
    ctx, shift = (text, 0) if context is None else (context, offset)
    out: list[tuple[int, Piece]] = []
    for stretch in _STRETCH.finditer(text):
        s = stretch.start()
        # a stretch reads the same wherever it occurs, so its runs are worked out once
        for p in pieces(stretch.group(), s > 0 and text[s - 1].isalnum()):
            if p.opener_check and sentence_start(ctx, s + p.start + shift):
                if p.opener_dropped is None:
                    continue
                p = p.opener_dropped
            out.append((s + p.start, p))
    return out


@lru_cache(maxsize=40_000)  # about 1 kB each: a bounded share of memory
def pieces(word: str, glued: bool) -> tuple[Piece, ...]:
    """The runs in one stretch of capitalised words; `glued`: its first letter follows a letter
    or digit ("E3G"), so its first word is no name word."""
    stop = word_list("name_stopwords.txt")
    if " " not in word and names._bare(word) in stop:
        return ()  # "The", "But", "He": most stretches, and never a name
    out: list[Piece] = []
    cur: list[tuple[int, int, str]] = []
    # findall and str.find, not finditer: no match record and no group()/span() calls per word.
    # A token is found where the regex matched it: a match starts at the first letter after the
    # last one, and the token (which starts with a letter) cannot occur before it.
    after = 0  # where the last token ended
    found: list[str] = _TOKEN.findall(word)  # typed: compiled str operations on each token
    for tok in found:
        a = word.find(tok, after)
        b = after = a + len(tok)
        if (a == 0 and glued) or ("-" in tok and _LOWER_TAIL.search(tok)
                                  and not _romanised(tok, word)):
            _flush(word, cur, out, stop)  # inside "E3G", or "Angeles-area": not a name word
            continue
        if tok.endswith(("'s", "’s")):
            cur.append((a, b - 2, tok[:-2]))  # a possessive ends the name
            _flush(word, cur, out, stop)
            continue
        if (
            cur
            and tok[0].isupper()
            and names._bare(tok) in stop
            and not (names._bare(cur[-1][2]) in names.first_names() and len(cur) == 1)
        ):
            _flush(word, cur, out, stop)  # "Undone By Trump": a function word splits
        if tok.endswith(".") and not is_abbreviation(tok):
            tok, b = tok[:-1], b - 1  # a full stop: the run ends here
            cur.append((a, b, tok))
            _flush(word, cur, out, stop)
            continue
        if tok[0].isupper() or cur:
            cur.append((a, b, tok))
    _flush(word, cur, out, stop)
    return tuple(out)


def _romanised(tok: str, stretch: str) -> bool:
    """A romanised given name beside a Korean or Chinese family name in its stretch."""
    return ROMANISED.fullmatch(tok) is not None and tok.split("-")[1] not in ENGLISH_TAILS \
        and any(names._bare(w) in _east_asian_surnames() for w in stretch.split() if w != tok)


@cache
def _east_asian_surnames() -> frozenset[str]:
    return wordlists.tokens("east_asian_surnames.txt")


def _piece(
    word: str, toks: list[tuple[int, int, str]], dropped: Piece | None = None, check: bool = False
) -> Piece | None:
    while toks and not toks[-1][2][0].isupper():
        toks.pop()
    if not toks:
        return None
    a, b = toks[0][0], toks[-1][1]
    return Piece(a, b, word[a:b], tuple([t for _, _, t in toks]), dropped, check)


def _flush(
    word: str, cur: list[tuple[int, int, str]], out: list[Piece], stop: frozenset[str]
) -> None:
    """The tokens gathered so far as a run ("Theresa May"), a leading function word dropped and
    the run without its first word kept aside for when that word only opens a sentence."""
    if not cur:
        return
    while cur and names._bare(cur[0][2]) in stop:
        cur.pop(0)
    check = len(cur) >= 2 and not namey(cur[0][2]) and not _whole_org(word, cur)
    dropped = _piece(word, cur[1:]) if check else None
    whole = _piece(word, cur, dropped, check)
    if whole is not None:
        out.append(whole)
    cur.clear()


def _whole_org(word: str, cur: list[tuple[int, int, str]]) -> bool:
    """The run names an organisation only as a whole, so a sentence-opening first word stays:
    a first word before a lone organisation word that names nothing alone ("Fox News", "Labour
    Party": `org_words_needing_a_name.txt`; not "Afterwards Police"), or a listed outlet ("Der
    Spiegel")."""
    if len(cur) == 2 and names.fold(cur[1][2]) in _needs_a_name():
        return True
    return names.fold(word[cur[0][0] : cur[-1][1]]) in org_lists()[1]


def _needs_a_name() -> frozenset[str]:
    got = _TABLES.needs_a_name
    if got is None:
        words = word_list("org_words_needing_a_name.txt")
        got = _TABLES.needs_a_name = frozenset(names.fold(w) for w in words)
    return got


@lru_cache(maxsize=50_000)
def is_abbreviation(tok: str) -> bool:
    return names._is_initial(tok) or names.is_honorific(tok) or names._bare(tok) in names.SUFFIXES


def sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \u00a0\"“'‘(")
    return not before or before[-1] in ".!?\n:;—"


@lru_cache(maxsize=50_000)
def namey(token: str) -> bool:
    """Could open a name: a known first name, a title or an initial."""
    bare = names._bare(token)
    return (
        bare in names.first_names()
        or names.is_honorific(token)
        or names._is_initial(token)
        or bare in names.PARTICLES
    )


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quote marks, paragraph by paragraph; a closer with no opener quotes back to
    the paragraph start, an unclosed opener runs to its end (the news conventions)."""
    regions: list[tuple[int, int]] = []
    open_at = -1
    # only the marks are visited; paragraph ends are looked up when a quote spans one
    for i in _mark_positions(text):
        ch = text[i]
        if open_at >= 0:
            nl = text.find("\n", open_at, i)
            if nl >= 0:
                regions.append((open_at, nl))
                open_at = -1
        if ch in OPENERS or (ch in BOTH and open_at < 0):
            if open_at < 0:
                open_at = i
        else:
            regions.append((open_at if open_at >= 0 else text.rfind("\n", 0, i) + 1, i))
            open_at = -1
    if open_at >= 0:
        nl = text.find("\n", open_at)
        regions.append((open_at, nl if nl >= 0 else len(text)))
    return regions


def _mark_positions(text: str) -> list[int]:
    # str.find per mark is about five times faster than a regex over every character
    out: list[int] = []
    for ch in _QUOTE_MARKS:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def role_near(text: str, run: Run, parts: NameParts) -> str | None:
    """A party code or appositive after the name, else the title chain before it."""
    end = run.end + 120
    # both patterns need a comma (or bracket) after any spaces: most names have none, and the
    # regex calls cost more than this look (`\s` is what str.isspace says)
    i = run.end
    while i < end and i < len(text) and text[i].isspace():
        i += 1
    if i >= end or i >= len(text) or text[i] not in ",(":
        return _title_before(text, run, parts)
    m = _PARTY.match(text, run.end, end)
    if m:
        return m.group(1).rstrip(".,") + ("." if m.group(1).endswith(".") else "")
    m = _APPOSITIVE.match(text, run.end, end)
    if m and has_role_word(m.group(1)):  # not ", the state of Texas," in a list
        return DETERMINER.sub("", m.group(1)).strip()
    return _title_before(text, run, parts)


def has_role_word(phrase: str) -> bool:
    roles, hons = word_list("role_words.txt"), names.honorifics()
    return any(names._bare(w) in roles or names._bare(w) in hons for w in phrase.split())


def _title_before(text: str, run: Run, parts: NameParts) -> str | None:
    hons = names.honorifics()
    heads = org_lists()[0]
    stop, roles = word_list("name_stopwords.txt"), word_list("role_words.txt")
    # titles inside the run itself ("Prime Minister Ingrid"), then the chain before it
    name_start = run.start + run.text.find(parts.first or parts.last)
    left = text[max(0, run.start - 80) : name_start].rstrip(" ")
    chain: list[str] = []
    # the words before the name from the last back, as split(" ") gives them, cut off one at a
    # time: the walk mostly stops after a word or two of the dozen in `left`
    end = len(left)
    while end >= 0:
        cut = left.rfind(" ", 0, end)
        tok = left[cut + 1 : end]
        end = cut
        if not tok or tok[-1] in ",;:\n" or "\n" in tok:
            break
        if tok[-1] == "." and not is_abbreviation(tok):
            break  # "West Virginia. Mr. Clarke": the sentence before is not a title
        bare = names._bare(tok)
        if bare in _CONNECTORS:
            chain.append(tok)
            continue
        if bare in stop:
            break
        if tok[0].isupper() or bare in hons or bare in heads or bare in roles:
            chain.append(tok)
            continue
        break
    while chain and names._bare(chain[-1]) in _CONNECTORS:
        chain.pop()
    while chain and names._bare(chain[0]) in _CONNECTORS:
        chain.pop(0)
    if not chain:
        return None
    role = " ".join(reversed(chain)).strip()
    if role and has_role_word(role):
        return role
    return None


def role_after(mention: str, run: Run) -> str | None:
    rest = mention.split(",", 1)
    return rest[1].strip(" ,") or None if len(rest) > 1 else None


def role_in_mention(mention: str, run: Run, offset: int) -> str | None:
    m = _PARTY.match(mention, run.end - offset)
    if m:
        return m.group(1)
    m = _APPOSITIVE.match(mention + ",", run.end - offset)
    if m:
        return DETERMINER.sub("", m.group(1)).strip() or None
    return None


def clean_role(role: str | None) -> str | None:
    """Drop bare courtesy titles ("Mr.") and stray punctuation; a role says what someone is."""
    if not role:
        return None
    # 'service,” Dr.': the end of a quote read as the start of a title before the name
    role = _QUOTE_END.sub("", role)
    role = role.strip(" ,;:\"“”'’()")
    words = role.split()
    ends, clause = word_list("role_ends.txt"), word_list("clause_words.txt")
    for i, w in enumerate(words):
        if w in ends:  # "Miami lawyer who has been…": the role is what comes before
            role = " ".join(words[:i]).rstrip(" ,;:")
            words = role.split()
            break
        if w in clause:  # "the vaccination campaign would be extended": a clause, no role
            return None
    if (
        words
        and role.endswith(".")
        and not INITIAL_END.search(role)
        and not names.is_honorific(words[-1])
    ):
        role = role[:-1]
    words = role.split()
    # "Mr." goes, but "spokeswoman for the ministry" is a role: a title that governs of/for stays
    while (
        words
        and names.honorifics().get(names._bare(words[0])) in ("m", "f")
        and not (len(words) > 1 and names._bare(words[1]) in PREPOSITIONS)
    ):
        words.pop(0)
    return " ".join(words) or None
