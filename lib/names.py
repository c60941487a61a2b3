"""Pure name handling: folding, transliteration, honorifics and name parts.

Knows nothing about articles or quotes; word lists come from `lib/data/` and are loaded once.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

from unidecode import unidecode

from lib import wordlists

DATA: Final = wordlists.DATA

SUFFIXES: Final = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq"})
# Lower-case particles that belong to the surname ("Bill de Blasio", "Marine Le Pen").
PARTICLES: Final = frozenset(
    {
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "du",
        "van",
        "von",
        "le",
        "la",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
        "mac",
        "st",
    }
)
_TOKEN: Final = re.compile(r"[^\W\d_]+(?:[.'’\-][^\W\d_]+)*\.?|\S")


@dataclass(slots=True, init=False, unsafe_hash=True)
class NameParts:
    honorific: str  # titles before the name, as written ("Sen.", "Prime Minister")
    first: str
    middle: str
    last: str  # with particles ("de Blasio"); the only part of a surname-only mention
    suffix: str

    def __init__(self, honorific: str, first: str, middle: str, last: str, suffix: str) -> None:
        self.honorific = honorific
        self.first = first
        self.middle = middle
        self.last = last
        self.suffix = suffix


class _Tables:
    """The word tables the per-word functions read, each loaded on first use and then kept.

    Plain functions over one record rather than `functools.cache`: compiled callers then call
    them natively, where a cache's call through Python cost more than the lookup it guards
    (some 200 calls an article). A table is built whole before it is stored, so a thread never
    sees one half read.
    """

    honorifics: dict[str, str] | None = None
    first_names: dict[str, str] | None = None
    folded_first_names: frozenset[str] | None = None
    transliteration_rules: _Rules | None = None


_TABLES: Final = _Tables()


def honorifics() -> dict[str, str]:
    """Honorific (folded, no dot) -> implied gender ("m", "f" or "")."""
    table = _TABLES.honorifics
    if table is None:
        table = {}
        for line in wordlists.lines("honorifics.txt"):
            word, _, gender = line.partition(" ")
            table[word] = gender.strip()
        _TABLES.honorifics = table
    return table


def first_names() -> dict[str, str]:
    """Known first name (folded) -> gender hint ("m", "f", "x"): the hand-made list, then given
    names of some 80 countries (`first_names_world.csv`, from Faker) that it lacks."""
    table = _TABLES.first_names
    if table is None:
        table = {}
        for source in ("first_names_world.csv", "first_names.csv"):  # the hand-made list wins
            for line in wordlists.lines(source)[1:]:
                name, _, gender = line.partition(",")
                table[_plain(name)] = gender.strip()
        _TABLES.first_names = table
    return table


@cache
def _variant_groups() -> dict[str, frozenset[int]]:
    """Folded first name -> ids of the variant groups it belongs to (Bill -> {William's group})."""
    out: dict[str, set[int]] = {}
    with (DATA / "first_name_variants.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    for gid, row in enumerate(rows):
        for name in row:
            out.setdefault(fold(name.strip()), set()).add(gid)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _transliterations() -> tuple[tuple[str, str, int], ...]:
    """(from, to, shortest word it applies to) in file order."""
    out: list[tuple[str, str, int]] = []
    for row in wordlists.lines("transliterations.csv")[1:]:
        cells = [c.strip() for c in row.split(",")]
        if len(cells) >= 2 and cells[0]:
            shortest = int(cells[2]) if len(cells) > 2 and cells[2].isdigit() else 0
            out.append((cells[0], cells[1], shortest))
    return tuple(out)


_NON_ALNUM: Final = re.compile(r"[^a-z0-9 ]+")
_DROP: Final = re.compile(r"['’`\-.]")


def _plain_char(c: str) -> str | None:
    low = c.lower()
    if low in "'`-.":
        return None
    return low if low == " " or "a" <= low <= "z" or "0" <= low <= "9" else " "


# lower case, ' ` - . dropped, any other mark a space: _DROP and _NON_ALNUM in one C-speed pass
_PLAIN_ASCII: Final = {c: _plain_char(chr(c)) for c in range(128)}


def _plain(s: str) -> str:
    """Unicode folded to lower-case ASCII, punctuation dropped; no transliteration rules."""
    # unidecode walks a string a character at a time in Python and leaves ASCII as it is
    if not s.isascii():
        s = _DROP.sub("", unidecode(s).lower())  # ’ is dropped too; unidecode may give any case
    return " ".join(s.translate(_PLAIN_ASCII).split())


# Per-process readings of words, as plain dicts emptied when full rather than functools caches:
# compiled callers look a dict up natively, where they call a functools cache through Python
# (several hundred instructions a call, on the few hundred calls of an article's first sight).
_CACHE_MAX: Final = 200_000
_FOLDED: Final[dict[str, str]] = {}
_BARE: Final[dict[str, str]] = {}
_NAMES: Final[dict[str, NameParts]] = {}
_WORD_CLUES: Final[dict[str, tuple[bool, tuple[str, ...]]]] = {}


def clear_caches() -> None:
    """Forget every per-process reading of a word or name (for cold timings)."""
    for table in (_FOLDED, _BARE, _NAMES, _WORD_CLUES):
        table.clear()
    first_names_compatible.cache_clear()
    middles_compatible.cache_clear()


def fold(s: object) -> str:
    """Comparison key: diacritics folded, lower case, Š/Sh, Č/Ch, Ž/Zh, y/i merged, doubles single.

    Šimonytė, Šimonite, Shimonite and Simonite all give "simonite"; Emmanuel and Emanuel agree.
    """
    if not isinstance(s, str):
        return ""
    got = _FOLDED.get(s)
    if got is None:
        if len(_FOLDED) >= _CACHE_MAX:
            _FOLDED.clear()
        got = _FOLDED[s] = _fold(s)
    return got


def _fold(s: str) -> str:
    # a plain ASCII word (most of them) is its own lower case after `_plain`
    text = s.lower() if _ascii_word(s) else _plain(s)
    rules = _transliteration_rules()
    if " " in text:
        text = " ".join([_transliterate(w, rules) for w in text.split(" ")])
    else:
        text = _transliterate(text, rules)
    return _single_letters(text)


def _ascii_word(s: str) -> bool:
    """`s.isalpha() and s.isascii()` in one compiled pass over a short word (two method calls
    cost more than the pass)."""
    for i in range(len(s)):
        c = ord(s[i])
        if not (97 <= c <= 122 or 65 <= c <= 90):
            return False
    return len(s) > 0


def _single_letters(text: str) -> str:
    """`text` with each run of one letter a-z written once ("emmanuel" -> "emanuel"): a compiled
    pass costs a fraction of the regex it replaces (a letter and its backreference), which has
    no literal to skip to."""
    kept: list[str] = []  # the pieces between doubled letters, once one is found
    start = 0
    prev = -1
    for i in range(len(text)):
        c = ord(text[i])
        if c == prev and 97 <= c <= 122:
            kept.append(text[start:i])
            start = i + 1
        prev = c
    if not kept:
        return text
    kept.append(text[start:])
    return "".join(kept)


@dataclass(frozen=True, slots=True)
class _Rules:
    """`_transliterations()` with what tells, in a compiled pass, that a word holds none of them."""

    rules: tuple[tuple[str, str, int], ...]
    # byte a*128+b is 1 when a spelling opens with the ASCII letters a b, byte 16384+a when a
    # one-letter spelling is a: a word with neither holds no spelling
    starts: bytes
    # a spelling outside ASCII: the pass cannot rule words out
    wide: bool


def _transliteration_rules() -> _Rules:
    table = _TABLES.transliteration_rules
    if table is None:
        rules = _transliterations()
        starts = bytearray(128 * 128 + 128)
        wide = False
        for src, _, _ in rules:
            codes = [ord(c) for c in src[:2]]
            if max(codes) >= 128:
                wide = True
            elif len(codes) == 1:
                starts[128 * 128 + codes[0]] = 1
            else:
                starts[codes[0] * 128 + codes[1]] = 1
        table = _TABLES.transliteration_rules = _Rules(rules, bytes(starts), wide)
    return table


def _may_hold_spelling(word: str, starts: bytes) -> bool:
    prev = -1
    for i in range(len(word)):
        c = ord(word[i])
        if c >= 128 or starts[128 * 128 + c] or (prev >= 0 and starts[prev * 128 + c]):
            return True
        prev = c
    return False


def _transliterate(word: str, rules: _Rules) -> str:
    # most words hold no spelling to rewrite and skip the passes
    if not rules.wide and not _may_hold_spelling(word, rules.starts):
        return word
    size = len(word)
    for src, dst, shortest in rules.rules:
        if size >= shortest and src in word:  # a test is cheaper than a replace that finds none
            word = word.replace(src, dst)
    return word


def _bare(token: str) -> str:
    """A token folded to lower-case ASCII letters and digits, nothing else: its key in the word
    tables."""
    # a plain ASCII word (most tokens) is its own lower case after `_plain`: cheaper than a
    # cache lookup, so only the others are cached
    if _ascii_word(token):
        return token.lower()
    return _bare_marked(token)


def _bare_marked(token: str) -> str:
    got = _BARE.get(token)
    if got is None:
        if len(_BARE) >= _CACHE_MAX:
            _BARE.clear()
        got = _BARE[token] = _plain(token).replace(" ", "")
    return got


def is_honorific(token: str) -> bool:
    return _bare(token) in honorifics()


def _is_initial(token: str) -> bool:
    # "J." / "G.K." / "W"
    letters = token.replace(".", "")
    return 0 < len(letters) <= 2 and letters.isalpha() and letters.isupper()


def _is_name_token(token: str) -> bool:
    # an upper-case first character is almost always a letter: the scan below rarely runs
    return bool(token) and token[0].isupper() and (
        token[0].isalpha() or any(c.isalpha() for c in token)
    )


def _split_suffix(tokens: list[str]) -> tuple[list[str], str]:
    if len(tokens) > 1 and _bare(tokens[-1]) in SUFFIXES:
        return tokens[:-1], tokens[-1]
    return tokens, ""


def parse_name(s: object) -> NameParts:
    """Split a name as written into honorific, first, middle, last and suffix.

    "Sen. Lindsey Graham, R-S.C." -> ("Sen.", "Lindsey", "", "Graham", ""); anything after a comma
    or bracket is a role, not a name, unless it is a suffix ("Martin Luther King, Jr.").
    """
    if not isinstance(s, str):
        return NameParts("", "", "", "", "")
    got = _NAMES.get(s)
    if got is None:
        if len(_NAMES) >= _CACHE_MAX:
            _NAMES.clear()
        got = _NAMES[s] = _parse_name(s)
    return got


def _parse_name(s: str) -> NameParts:
    head, _, tail = s.partition(",")
    head = head.split("(")[0]
    # typed lists: findall gives list[Any], on which compiled code would call str methods by name
    found: list[str] = _TOKEN.findall(head)
    tokens = [t for t in found if t[0].isalpha() or any(c.isalpha() for c in t)]
    tail_tokens: list[str] = _TOKEN.findall(tail) if tail else []
    suffix = ""
    if tail_tokens and _bare(tail_tokens[0]) in SUFFIXES:
        suffix = tail_tokens[0]
    if "'" in head or "’" in head:
        tokens = [t[:-2] if t.endswith(("'s", "’s")) else t.rstrip("'’") for t in tokens]
    tokens, suf = _split_suffix(tokens)
    suffix = suffix or suf
    # Titles and lower-case description words before the name ("former Sen.", "political
    # scientist"); the last word is always the name ("Martin Luther King").
    # each token's bare form, title test and name test once (the rules below ask repeatedly)
    hons = honorifics()
    bares = [_bare(t) for t in tokens]
    titles = [b in hons for b in bares]
    namey = [_is_name_token(t) for t in tokens]
    start = 0
    for i in range(len(tokens) - 1):
        if titles[i] or (not namey[i] and bares[i] not in PARTICLES):
            start = i + 1
    if tokens and not any(n and not h for n, h in zip(namey, titles, strict=True)):
        # "the President", "the ministry": a title or description, no name
        return NameParts(" ".join(tokens), "", "", "", suffix)
    name = _trim_to_first_name(tokens[start:])
    honorific = " ".join(tokens[: len(tokens) - len(name)])
    if not name:
        return NameParts(honorific, "", "", "", suffix)
    # particles before the last word join the surname
    last_i = len(name) - 1
    while last_i > 0 and _bare(name[last_i - 1]) in PARTICLES:
        last_i -= 1
    last = " ".join(name[last_i:])
    rest = name[:last_i]
    first = rest[0] if rest else ""
    middle = " ".join(rest[1:])
    return NameParts(honorific, first, middle, last, suffix)


def _trim_to_first_name(name: list[str]) -> list[str]:
    """Drop place or group words glued in front of a name ("Lithuania Ingrid Šimonite")."""
    if len(name) <= 2:
        return name
    known = first_names()
    for i, tok in enumerate(name[:-1]):
        if _bare(tok) in known:
            return name[i:]
    # no known first name: keep "First M. Last" or the last two words
    if len(name) >= 3 and _is_initial(name[-2]):
        return name[-3:]
    last_i = len(name) - 1
    while last_i > 0 and _bare(name[last_i - 1]) in PARTICLES:
        last_i -= 1
    return name[max(0, last_i - 1) :]


def _folded_first_names() -> frozenset[str]:
    table = _TABLES.folded_first_names
    if table is None:
        table = _TABLES.folded_first_names = frozenset(fold(n) for n in first_names())
    return table


def word_clue(word: str) -> tuple[bool, tuple[str, ...]]:
    """What one capitalised word can give a name before any run is read: whether it is evidence
    of a person (a known first name, a title, an initial) and the folded pieces a surname read
    from it could end in ("Trump's" -> "trump")."""
    got = _WORD_CLUES.get(word)
    if got is None:
        if len(_WORD_CLUES) >= _CACHE_MAX:
            _WORD_CLUES.clear()
        got = _WORD_CLUES[word] = _word_clue(word)
    return got


def _word_clue(word: str) -> tuple[bool, tuple[str, ...]]:
    # most words: one token of ASCII letters (isalpha() and isascii(), in one compiled pass),
    # whose lower case is its bare form and which is an initial only when one or two capitals
    if _ascii_word(word):
        low, f = word.lower(), fold(word)
        return (
            low in first_names() or f in _folded_first_names() or low in honorifics()
            or len(word) <= 2 and _is_initial(word)
        ), (f,)
    namey = False
    folds: list[str] = []
    found: list[str] = _TOKEN.findall(word)  # typed: compiled str operations on each token
    for t in found:
        if not (t[0].isalpha() or any(c.isalpha() for c in t)):
            continue
        t = t[:-2] if t.endswith(("'s", "’s")) else t.rstrip("'’")
        f = fold(t)
        folds.extend(f.split())
        bare = _bare(t)
        namey = namey or (
            bare in first_names() or f in _folded_first_names() or bare in honorifics()
            or _is_initial(t)
        )
    return namey, tuple(folds)


def surname_key(s: str) -> str:
    """Folded surname that blocks candidate merges: "Mr. Šimonite", "Shimonite" -> "simonite"."""
    return fold(parse_name(s).last).replace(" ", "")


def gender_hint(parts: NameParts) -> str:
    """ "m", "f" or "" from the honorific (Mrs. beats a unisex first name), then the first name."""
    hons = honorifics()
    for tok in reversed(parts.honorific.split()):
        g = hons.get(_bare(tok), "")
        if g:
            return g
    g = first_names().get(_bare(parts.first), "")
    if g in ("m", "f"):
        return g
    # "Aldone Žemaitytė": a feminine surname form when the first name is unknown or unisex (a
    # bare surname gets none: it must still match "Bradley Podliska" in the same article)
    last = parts.last.lower()
    return "f" if parts.first and last.endswith(_surname_endings()) and " " not in last else ""


@cache
def _surname_endings() -> tuple[str, ...]:
    return tuple(wordlists.lines("surname_gender.txt"))


@lru_cache(maxsize=100_000)
def first_names_compatible(a: str | None, b: str | None) -> bool:
    """True when two first names can belong to one person.

    Missing, equal after folding, one an initial of the other ("J." / "John"), one a prefix of the
    other ("Chris" / "Christopher", "Ingrid" / "Ingrida"), or listed variants ("Bill" / "William").
    """
    fa, fb = fold(a or "").replace(" ", ""), fold(b or "").replace(" ", "")
    if not fa or not fb or fa == fb:
        return True
    ra, rb = (a or "").replace(".", "").strip(), (b or "").replace(".", "").strip()
    if (len(ra) == 1 or len(rb) == 1) and fa[0] == fb[0]:
        return True
    if len(ra) <= 2 and ra.isupper() or len(rb) <= 2 and rb.isupper():
        return fa[0] == fb[0]
    if fa.startswith(fb) or fb.startswith(fa):
        return True
    groups = _variant_groups()
    return bool(groups.get(fa, frozenset()) & groups.get(fb, frozenset()))


@lru_cache(maxsize=100_000)
def middles_compatible(a: str, b: str) -> bool:
    """ "George W." vs "George P." differ; a missing middle name is compatible with any."""
    fa, fb = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    if not fa or not fb:
        return True
    return fa[0] == fb[0] and (fa.startswith(fb) or fb.startswith(fa) or min(len(fa), len(fb)) == 1)


def display_form(parts: NameParts) -> str:
    """The name without honorific: "First Middle Last Suffix"."""
    return " ".join(p for p in (parts.first, parts.middle, parts.last, parts.suffix) if p)
