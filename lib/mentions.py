"""Find the mention a reporting cue points to: a name, a title with a name, a pronoun, a nominal.

Scans a few words either side of an offset with precompiled patterns and word lists from
`lib/data/`; it knows nothing about quote marks and does not decide who a mention is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from lib import names, wordlists


@dataclass(frozen=True, slots=True)
class Lexicon:
    cue: re.Pattern[str]
    cue_edge: re.Pattern[str]  # `cue` led by the non-word character before it (see find_cues)
    pronouns: frozenset[str]
    stop: frozenset[str]
    roles: frozenset[str]
    abbrev: frozenset[str]
    addressee: frozenset[str]
    cue_words: frozenset[str]


def trie_pattern(words: list[str]) -> str:
    """One regex alternation shaped as a trie: a long word list costs about one word's match."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        end = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and len(alts[0]) <= 2 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return walk(trie)


class _Loaded:
    """The lexicon once built: a plain function over a record rather than `functools.cache`,
    so compiled callers (some 70 calls an article) call it natively instead of through Python.
    It is stored only once built whole, so a thread never sees one half read."""

    lexicon: Lexicon | None = None


_LOADED: Final = _Loaded()


def lexicon() -> Lexicon:
    lex = _LOADED.lexicon
    if lex is None:
        lex = _LOADED.lexicon = _build_lexicon()
    return lex


def _build_lexicon() -> Lexicon:
    words = sorted(wordlists.words("cue_verbs.txt") | {"according to"})
    # A few sentence-initial forms too ("Stated Stone:", "According to her,"), not IGNORECASE:
    # "States" or "Reports" opening a sentence are nouns.
    initial = sorted(wordlists.words("sentence_initial_cues.txt"))
    forms = words + [w[:1].upper() + w[1:] for w in initial]
    trie = trie_pattern(forms)
    cue = re.compile(r"\b" + trie + r"\b")
    cue_edge = re.compile(r"\W(" + trie + r")\b")
    w = wordlists.words
    return Lexicon(cue, cue_edge, w("speaker_pronouns.txt"), w("mention_stopwords.txt"),
                   w("speaker_roles.txt"), w("title_abbreviations.txt"),
                   w("addressee_cues.txt"), frozenset(words))


# A word, a title abbreviation ("Sen.", "R-S.C."), or a single punctuation mark. A word that
# opens with a plain letter is read by the first branch, whose `[a-z]*` the regex engine steps
# over faster than the Unicode classes after it (the same tokens, ~10% less time).
TOKEN: Final = re.compile(
    r"[a-zA-Z][a-z]*[\w'’.\-]*|[^\W\d_][\w'’.\-]*|\d[\w.\-]*|[^\s\w]"
)


def next_token(text: str, pos: int, end: int) -> tuple[int, int]:
    """Where `TOKEN.search(text, pos, end)` matches, (-1, -1) if nowhere (tests pin
    the two together): read character by character (compiled, a read is inline; the regex
    call was ~1,100 instructions a word).
    TOKEN is a word, a number, or one mark: a letter (\\w but no digit or "_") then \\w and
    "'’.-"; a digit (\\d) then \\w and ".-"; any other character but a space or "_"."""
    end = min(end, len(text))
    k = max(pos, 0)
    while k < end:
        kind = token_char(text, k)
        if kind == TOKEN_SPACE or kind == TOKEN_UNDERSCORE:
            k += 1
            continue
        start = k
        k += 1
        if kind == TOKEN_MARK:
            return start, k
        while k < end:
            nxt = token_char(text, k)
            if nxt == TOKEN_LETTER or nxt == TOKEN_DIGIT or nxt == TOKEN_UNDERSCORE \
                    or text[k] in ".-" or kind == TOKEN_LETTER and text[k] in "'’":
                k += 1
            else:
                break
        return start, k
    return -1, -1


# What a character is to TOKEN: \s, "_", \d, another \w (a letter, or a numeral such as "²"),
# or a mark (anything else).
TOKEN_SPACE: Final = 0
TOKEN_UNDERSCORE: Final = 1
TOKEN_DIGIT: Final = 2
TOKEN_LETTER: Final = 3
TOKEN_MARK: Final = 4


def token_char(text: str, k: int) -> int:
    c = ord(text[k])
    if c < 128:  # ASCII \w is [a-zA-Z0-9_], \s is " \t\n\v\f\r" and the separators 28-31
        if 97 <= c <= 122 or 65 <= c <= 90:
            return TOKEN_LETTER
        if 48 <= c <= 57:
            return TOKEN_DIGIT
        if c == 95:
            return TOKEN_UNDERSCORE
        return TOKEN_SPACE if c == 32 or 9 <= c <= 13 or 28 <= c <= 31 else TOKEN_MARK
    ch = text[k]
    if ch.isdecimal():
        return TOKEN_DIGIT
    if ch.isalnum():
        return TOKEN_LETTER
    return TOKEN_SPACE if ch.isspace() else TOKEN_MARK


def is_word_char(text: str, k: int) -> bool:
    """text[k] is a regex \\w: a letter, digit or numeral (str.isalnum), or "_"."""
    kind = token_char(text, k)
    return kind == TOKEN_LETTER or kind == TOKEN_DIGIT or kind == TOKEN_UNDERSCORE


def _sections(name: str) -> dict[str, frozenset[str]]:
    """A data file of "[section]" word lists, read once at import."""
    out: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in (wordlists.DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], set())
        elif line and not line.startswith("#"):
            current.update(line.split())
    return {k: frozenset(v) for k, v in out.items()}


_GRAMMAR: Final = _sections("mention_grammar.txt")
_ADVERB_OK: Final = _GRAMMAR["adverbs"]
_DETERMINERS: Final = _GRAMMAR["determiners"]
_CONNECT: Final = _GRAMMAR["name_connectors"]
TITLE_SMALL: Final = _GRAMMAR["title_small_words"]
CLAUSE_STOP: Final = _GRAMMAR["clause_stops"]
_CONJUNCTIONS: Final = _GRAMMAR["conjunctions"]
_LEAD_IN: Final = _GRAMMAR["name_lead_ins"]
_PUNCT_STOP: Final = frozenset(",.:;—–(\"“”?!")


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or (len(tok) > 1 and tok[0] == "@")


def _name_tok(tok: str, lex: Lexicon) -> bool:
    return _is_cap(tok) and tok.lower().rstrip(".") not in lex.stop


# The phrase finders below read words as `TOKEN.findall` strings (no match object per word) and
# work out offsets only for the words they return. Words are separated by nothing but spaces
# and leading underscores, which no word starts or ends with, so a word's next occurrence after
# the previous word (or its last one before the next word) is the word itself.
def _start_fwd(text: str, lo: int, words: list[str], k: int) -> int:
    """Offset of words[k], `words` being TOKEN.findall(text, lo, ...)."""
    pos = lo
    for w in words[:k]:
        pos = text.find(w, pos) + len(w)
    return text.find(words[k], pos)


def _start_back(text: str, lo: int, hi: int, words: list[str], k: int) -> int:
    """Offset of words[k], `words` being TOKEN.findall(text, lo, hi); walked from the end."""
    pos = hi
    for w in reversed(words[k:]):
        pos = text.rfind(w, lo, pos)
    return pos


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    # "Trump." at a sentence end: the dot is not the name; "Sen." or "R-S.C." keep theirs.
    s, e = span
    tok = text[s:e].rsplit(" ", 1)[-1]  # the last word: "Sen. Ann Holt." ends "Holt."
    if tok.endswith(".") and "." not in tok[:-1] and (
            len(tok) > 4 or len(tok) > 2 and tok[1:-1].islower()
            and tok[:-1].lower() not in lexicon().abbrev and tok[:-1].lower() not in _ORG_ENDS):
        e -= 1
    return s, e


def _word(tok: str) -> bool:
    """Letters, perhaps hyphenated, or an age: "spokesman", "co-author", "19-year-old"."""
    return tok.replace("-", "").isalpha() or _AGE.fullmatch(tok) is not None


_ROLE_MODIFIERS: Final = _GRAMMAR["role_modifiers"]
_AGE: Final = re.compile(r"\d+-[^\W\d_]+(?:-[^\W\d_]+)*")


def _possessive(tok: str) -> bool:
    return tok.endswith(("'s", "’s")) and _is_cap(tok)


def _after_possessive(w: list[str], j: int, i: int) -> int:
    """Where the person's name starts in the name run w[j..i]: after a possessive that a known
    first name follows ("Labour's Angela Rayner", "the Bank of England's Andrew Bailey"), else j
    ("Moody's Investors Service" is one name)."""
    for k in range(i - 1, j - 1, -1):
        if _possessive(w[k]) and names._bare(w[k + 1]) in names.first_names():
            return k + 1
    return j


# A first read of this many characters next to a cue holds the words most phrase walks look at
# ("Lindsey Graham", "the spokeswoman"); the window (up to 160 characters) is tokenised further,
# MORE_READ at a time, only when a walk reaches past them: TOKEN costs ~2,000 instructions a
# word, and reading on costs little more than one findall call. Sizes measured on PolNeAR dev.
FIRST_READ: Final = 16
MORE_READ: Final = 24


class _Before:
    """The words of text[lo:hi], read back from hi: indexed from the end (-1 the last word),
    so an index stays valid when words further back are read in.

    The first read starts at a space: no word holds whitespace, so the words from a space on are
    the window's own last words, and the words before it, read later, go in front of them."""

    __slots__ = ("text", "lo", "hi", "cut", "words")

    def __init__(self, text: str, lo: int, hi: int, read: int) -> None:
        self.text = text
        self.lo = lo
        self.hi = hi
        cut = text.find(" ", hi - read, hi) if hi - read > lo else -1
        self.cut = cut if cut >= 0 else lo
        self.words: list[str] = TOKEN.findall(text, self.cut, hi)

    def has(self, i: int) -> bool:
        """Whether the window has a word at index i (< 0), reading further back if needed."""
        while i < -len(self.words):
            if self.cut <= self.lo:
                return False
            start = self.cut - MORE_READ
            cut = self.text.find(" ", start, self.cut) if start > self.lo else -1
            if cut < 0:
                cut = self.lo
            front: list[str] = TOKEN.findall(self.text, cut, self.cut)
            self.words = front + self.words
            self.cut = cut
        return True

    # A method, not a closure in the finder: compiled code calls a closure through Python.
    def span(self, j: int, i: int) -> tuple[int, int]:
        """The offsets of words j to i (read already)."""
        w = self.words
        end = _start_back(self.text, self.lo, self.hi, w, i) + len(w[i])
        return (end - len(w[i]) if j == i else _start_back(self.text, self.lo, self.hi, w, j)), end


class _After:
    """The words of text[lo:hi], read on from lo: the first read ends at a space (no word holds
    whitespace, so its words are the window's first words), the rest read when a walk
    reaches past them."""

    __slots__ = ("text", "lo", "hi", "cut", "words")

    def __init__(self, text: str, lo: int, hi: int, read: int) -> None:
        self.text = text
        self.lo = lo
        self.hi = hi
        cut = text.find(" ", lo + read, hi) if lo + read < hi else -1
        self.cut = cut if cut >= 0 else hi
        self.words: list[str] = TOKEN.findall(text, lo, self.cut)

    def has(self, i: int) -> bool:
        """Whether the window has a word at index i (>= 0), reading further on if needed."""
        while i >= len(self.words):
            if self.cut >= self.hi:
                return False
            end = self.cut + MORE_READ
            cut = self.text.find(" ", end, self.hi) if end < self.hi else -1
            if cut < 0:
                cut = self.hi
            rest: list[str] = TOKEN.findall(self.text, self.cut, cut)
            self.words += rest
            self.cut = cut
        return True

    def all(self) -> list[str]:
        """Every word of the window."""
        while self.has(len(self.words)):
            pass
        return self.words

    def span(self, i: int, j: int) -> tuple[int, int]:
        """The offsets of words i to j (read already)."""
        w = self.words
        start = _start_fwd(self.text, self.lo, w, i)
        if j == i:
            return start, start + len(w[i])
        end = _start_fwd(self.text, start + len(w[i]), w[i + 1 :], j - i - 1)
        return start, end + len(w[j])


def np_before(text: str, a: int, b: int, read: int = FIRST_READ) -> tuple[int, int] | None:
    """The noun phrase that ends just before offset b (the subject of a cue at b)."""
    lex = lexicon()
    lo = max(a, b - 160)
    t = _Before(text, lo, b, read)

    # Indices count from the end (-1 the last word); `t.has(i)` is "i >= 0" of a list of all.
    i = -1
    while t.has(i) and (t.words[i].lower() in _ADVERB_OK
                        or t.words[i].endswith("ly") and t.words[i].islower()):
        i -= 1
    if t.has(i) and t.words[i] == ")":
        # "Gov. Mary Fallin (R-OK) said": step over the party tag.
        j = i - 1
        while t.has(j) and t.words[j] != "(" and i - j < 8:
            j -= 1
        if t.has(j - 1) and t.words[j] == "(":
            i = j - 1
    if t.has(i) and t.words[i] == ",":
        # "Smith, the finance minister, who also attended, said": the relative clause first
        j = i - 1
        while t.has(j) and t.words[j] != "," and i - j < 20:
            j -= 1
        if t.has(j - 1) and t.words[j] == "," and t.words[j + 1] in ("who", "whose"):
            i = j
    if t.has(i) and t.words[i] == ",":
        # Appositive between commas: "Smith, a spokesman for X, said" -> Smith.
        j = i - 1
        while t.has(j) and t.words[j] != "," and i - j < 20:
            j -= 1
        if t.has(j - 1) and t.words[j] == ",":
            t.has(j - 6)  # the words _head_before reads, and one more for its edge test
            w = t.words
            if _named_appositive(_head_before(w, len(w) + j - 1), w[j + 1 : i], lex):
                i -= 1  # "Her lawyer, Kevin Shaw, said" -> Kevin Shaw: the name, not the role
            else:
                i = j - 1
        else:
            i -= 1
    if not t.has(i):
        return None
    tok = t.words[i]
    low = tok.lower()
    if low in lex.pronouns and low not in ("one", "another", "it"):
        return t.span(i, i)
    if _name_tok(tok, lex) or low == "it":
        j = i
        while t.has(j - 1):
            prev = t.words[j - 1]
            if _name_tok(prev, lex) and not prev.endswith(","):
                j -= 1
            elif prev.lower() in _CONNECT and t.has(j - 2) and _name_tok(t.words[j - 2], lex):
                j -= 2
            elif prev in names.PARTICLES:
                k = j - 1  # "Marguerite van der Linden", "ten Hag"
                while t.has(k - 1) and t.words[k - 1] in names.PARTICLES:
                    k -= 1
                if t.has(k - 1) and _name_tok(t.words[k - 1], lex):
                    j = k - 1
                    continue
                j = k
                break
            else:
                break
        if t.has(j - 1) and t.words[j - 1] in _LEAD_IN:
            j -= 1  # "the FBI", "de Blasio"
        return _trim(text, t.span(_after_possessive(t.words, j, i), i))
    if _word(tok) and tok.islower() and low not in CLAUSE_STOP:
        # "the senator said", "a spokeswoman for the campaign said", "Gowdy's office said"
        j = i
        while t.has(j) and i - j < 7:
            w_j = t.words[j]
            if w_j.lower() in _DETERMINERS or _possessive(w_j):
                # "a spokeswoman for the bank": the head noun sits before the preposition.
                k = j - 1
                if t.has(k - 1) and t.words[k] in ("for", "of", "at", "with"):
                    h = k - 1
                    while h > k - 5 and t.has(h):
                        if t.words[h].lower() in _DETERMINERS:
                            return t.span(h, i)
                        if not t.words[h].isalpha():
                            break
                        h -= 1
                return t.span(j, i)
            if not _word(w_j) or w_j.lower() in CLAUSE_STOP and w_j != "for":
                break
            j -= 1
        if _is_role(low, lex):
            return t.span(i, i)
    return None


def np_after(text: str, a: int, b: int, read: int = FIRST_READ) -> tuple[int, int] | None:
    """The noun phrase that starts at offset a (the speaker after an inverted cue)."""
    lex = lexicon()
    t = _After(text, a, min(b, a + 160), read)
    if not t.has(0):
        return None

    # `t.has(i)` is "i < n" of a list of all the window's words.
    i = 0
    # "said former Sen. Evan Bayh", "said spokesman John Kirby": skip the lower-case lead-in.
    while i < 4 and t.has(i + 1) and t.words[i].replace("-", "").isalpha() \
            and t.words[i].islower() and t.words[i].lower() not in _DETERMINERS \
            and t.words[i] not in lex.pronouns and t.words[i] not in CLAUSE_STOP:
        i += 1
    if i and not _name_tok(t.words[i], lex):
        i = 0
    tok = t.words[i]
    low = tok.lower()
    # "said her sister, Jo White": "her" with a noun after it opens a description
    owner = low == "her" and t.has(i + 1) and _plain_word(t.words[i + 1], lex)
    if low in lex.pronouns and low not in ("one", "another") and not owner:
        return t.span(i, i)
    described = False
    if _name_tok(tok, lex) and not owner:  # "Her attorney, …" opening a sentence
        j = i
        while j - i < 8 and t.has(j + 1):
            nxt = t.words[j + 1]
            if _name_tok(nxt, lex):
                j += 1
            elif nxt.lower() in _CONNECT and t.has(j + 2) and _name_tok(t.words[j + 2], lex):
                j += 2
            elif nxt in names.PARTICLES and t.has(j + 3) and t.words[j + 2] in names.PARTICLES \
                    and _name_tok(t.words[j + 3], lex):
                j += 3  # "Ursula von der Leyen"
            else:
                break
        # "said Sky News's political editor, Beth Rigby": whose editor, not the speaker
        described = _possessive(t.words[j]) and t.has(j + 1) and _plain_word(t.words[j + 1], lex)
        if not described:
            j = _role_then_name(t, j, lex)
            return _trim(text, t.span(_after_possessive(t.words, i, j), j))
    if described or low in _DETERMINERS or low in ("one", "another") or _possessive(tok):
        j = i
        while j - i < 10 and t.has(j + 1):
            nxt = t.words[j + 1]
            if nxt in _PUNCT_STOP or nxt.lower() in CLAUSE_STOP or not nxt[:1].isalnum():
                break
            if j > i and nxt.islower() and (nxt.endswith(("ed", "ly")) or nxt in _ADVERB_OK
                                            or lex.cue.fullmatch(nxt)):
                break  # "the county board released …": the verb ends the phrase
            if j - i >= 4 and not _name_tok(nxt, lex) and nxt.lower() not in _CONNECT:
                break
            j += 1
        if t.has(j + 2) and t.words[j + 1] == ",":
            # "said his deputy, Carla Mendes." -> Carla Mendes: a name closing the appositive
            k = j + 2
            while k - j < 8 and t.has(k + 1) and t.words[k + 1] not in _PUNCT_STOP:
                k += 1
            if (not t.has(k + 1) or t.words[k + 1] in (",", ".", ";")) and _named_appositive(
                    _head_before(t.words, j), t.words[j + 2 : k + 1], lex):
                m = k
                while m - 1 > j + 1 and _name_tok(t.words[m - 1], lex):
                    m -= 1
                return _trim(text, t.span(m, k))
        return _trim(text, t.span(i, j))
    return None


def _role_then_name(t: _After, j: int, lex: Lexicon) -> int:
    """The end of the name after an organisation and a lower-case role: "said White House
    spokesman Josh Earnest", "said NATO chief Jens Stoltenberg" (word j ends "House", "NATO");
    else j. The mention then holds all of it, and reading it finds the person."""
    k = j + 1
    while k - j <= 3 and t.has(k) and _plain_word(t.words[k], lex) \
            and t.words[k] not in _DETERMINERS:
        k += 1
    # the words between are a role ("spokesman", "campaign chairman"), not a verb or an adverb
    # ("said Merkel yesterday alongside President Macron" is Merkel)
    if k == j + 1 or not t.has(k + 1) \
            or not (_name_tok(t.words[k], lex) and _name_tok(t.words[k + 1], lex)) \
            or not all(_role_word(x, lex) for x in t.words[j + 1 : k]):
        return j
    while t.has(k + 1) and _name_tok(t.words[k + 1], lex):
        k += 1
    return k


def _plain_word(tok: str, lex: Lexicon) -> bool:
    """A lower-case word that can go on a noun phrase ("sister", "co-founder"), not a clause
    word or a cue ("mother." at a sentence end counts)."""
    tok = tok.rstrip(".")
    return (tok.replace("-", "").isalpha() and tok.islower() and tok not in CLAUSE_STOP
            and lex.cue.fullmatch(tok) is None)


def _role_word(tok: str, lex: Lexicon) -> bool:
    """A listed role or a word that qualifies one ("campaign", "press", "deputy")."""
    low = tok.lower()
    return _is_role(low, lex) or low in _ROLE_MODIFIERS


def _is_role(low: str, lex: Lexicon) -> bool:
    """A listed role, or its plural ("spokesmen" aside): "aides", "officials"."""
    return low in lex.roles or low.endswith("s") and low[:-1] in lex.roles


def _head_before(w: list[str], j: int) -> str:
    """The word a description ending at w[j] hangs on: "chief" in "the mission chief for
    Lebanon" (a place or body after "for"/"of"/"at"/"in" closes many roles), else w[j]."""
    k = j
    while k > 0 and k > j - 4 and _is_cap(w[k]):
        k -= 1
    if k < j and k >= 1 and w[k] in ("for", "of", "at", "in", "to") and w[k - 1].islower():
        return w[k - 1]
    return w[j]


def _named_appositive(head: str, inner: list[str], lex: Lexicon) -> bool:
    """A role described in lower case ("her lawyer", "the company's chief executive") and
    between commas a person's name, perhaps after a lower-case role or a title ("economist
    Paul Johnson", "Cllr James Hughes"): the name is the mention."""
    if not inner or len(inner) > 6 or not (head.isalpha() and head.islower()) \
            or head in CLAUSE_STOP or head in lex.pronouns and head not in ("one", "another"):
        return False
    if not (_name_tok(inner[-1], lex) and inner[-1][0].isalpha()):
        return False
    if not (len(inner) >= 2 and _name_tok(inner[-2], lex)) and not (
        len(inner) == 1 and names._bare(inner[0]) in names.first_names()
    ):
        # one capitalised word may be a day or a place ("the report, Monday,"), unless it is
        # a first name ("His wife, Jean, said")
        return False
    return all(_name_tok(t, lex) or t.isalpha() and t.islower() and t not in CLAUSE_STOP
               for t in inner)


def sentence_subject(
    text: str, lo: int, b: int, read: int = FIRST_READ
) -> tuple[int, int] | None:
    """The name or pronoun opening the sentence at lo, after a lead-in clause ("On Monday,")."""
    lex = lexicon()
    t = _After(text, lo, min(b, lo + 200), read)
    if not t.has(0):
        return None
    k = 0  # the sentence's words are from k on; `t.has(i)` is "i < n" of a list of all
    while t.has(k + 1) and t.words[k].lower() in _CONJUNCTIONS:
        k += 1  # "And then Trump went …"
    first = t.words[k]
    if first.isupper() and len(first) > 2 and t.has(k + 1) \
            and t.words[k + 1] in (",", "(", "-", "—"):
        # A dateline ("PHILADELPHIA, July 25 (UPI) — The committee …"): start after its dash.
        w = t.all()
        dash = next((d for d, t in enumerate(w[k : k + 16]) if t in ("—", "–", "-")), None)
        if dash is None or k + dash + 1 >= len(w):
            return None
        k += dash + 1
        first = w[k]
    if first.lower() in _DETERMINERS:
        return np_after(text, _start_fwd(text, lo, t.words, k), b, read)
    if first.lower() in lex.stop or first.endswith(("ed", "ing")):
        # "On Monday, Eric Trump …", "Reached by phone, Bennett …" (but "Husted continued …"),
        # "On Tuesday, even as shares were tumbling, Mr. Ackman wrote …": up to three lead-ins.
        w = t.all()
        commas = [d for d, t in enumerate(w[k : k + 30]) if t == ","][:3]
        for comma in commas:
            cut = k + comma + 1
            after = w[cut] if cut < len(w) else ""
            if cut + 1 < len(w) and w[cut + 1] in ":;.":
                continue  # "… in Benghazi, Libya: a scene …" (but "Lopez, a Democrat, said")
            if after and (after.lower() in lex.pronouns or _name_tok(after, lex)
                          or after.lower() in _DETERMINERS):
                k = cut
                first = after
                break
        else:
            if first.lower() in lex.stop or first.endswith("ing"):
                return None
    if first.lower().startswith(("it's", "it’s")):
        return None  # "It's …" has no speaker in it
    if first.lower() in lex.pronouns or _name_tok(first, lex) or first.lower() in _DETERMINERS:
        return np_after(text, _start_fwd(text, lo, t.words, k), b, read)
    return None


_NEGATED: Final = _GRAMMAR["negated"]
AUX: Final = _GRAMMAR["auxiliaries"]
OBJECT_PRONOUNS: Final = _GRAMMAR["object_pronouns"]
POSSESSIVES: Final = _GRAMMAR["possessives"]
OPENER_LINKS: Final = _GRAMMAR["opener_links"]
PASSIVE_LEADS: Final = _GRAMMAR["passive_leads"]
NOUN_CUES: Final = _GRAMMAR["noun_cues"]
FIRST_NAME_TITLES: Final = _GRAMMAR["first_name_titles"]
NOT_A_SOURCE: Final = _GRAMMAR["not_a_source"]
ENGLISH_TAILS: Final = _GRAMMAR["english_tails"]
_ORG_ENDS: Final = _GRAMMAR["org_ends"]
REACTION_WORDS: Final = _GRAMMAR["reaction_words"]
NOUN_CUE_LEADS: Final = _GRAMMAR["noun_cue_leads"]
BE_FORMS: Final = _GRAMMAR["be_forms"]
ADVERBIAL_LEADS: Final = _GRAMMAR["adverbial_leads"]
RELATIVE_VERBS: Final = _GRAMMAR["relative_verbs"]
DATA_SOURCES: Final = _GRAMMAR["data_sources"]
CLAUSE_CUES: Final = _GRAMMAR["clause_cues"]
CLAUSE_TIMES: Final = _GRAMMAR["clause_times"]
NOT_A_CLAUSE_LEAD: Final = _GRAMMAR["not_a_clause_lead"]
SUBORDINATORS: Final = _GRAMMAR["subordinators"]
KIN: Final = _GRAMMAR["kin"]
TOLD_THINGS: Final = _GRAMMAR["told_things"]
DETERMINERS: Final = _DETERMINERS
OPENER_ENDINGS: Final = tuple(sorted(_GRAMMAR["opener_endings"]))
_SUBJECT_AFTER: Final = _GRAMMAR["subject_after"]


_OBJECT_AFTER: Final = _GRAMMAR["object_after"]


def subject_slot(text: str, a: int, np: tuple[int, int]) -> bool:
    """A subject follows a clause edge; a phrase right after a verb or preposition is its object."""
    if text[np[0] : np[1]].lower() in lexicon().pronouns:
        return True
    j = np[0]
    while j > a and text[j - 1].isspace():
        j -= 1
    if j <= a or not text[j - 1].isalnum():
        return True
    i = j
    while i > a and (text[i - 1].isalnum() or text[i - 1] in "'’-"):
        i -= 1
    word = text[i:j]
    low = word.lower()
    if low in _SUBJECT_AFTER or low in _ADVERB_OK or low in lexicon().roles:
        return True  # "…, and Smith said", "FBI general counsel James Baker said"
    # Right after a verb ("released", "outlined") or a preposition the phrase is an object;
    # a name after a plain noun ("In a Bloomberg interview Trump declared") is still a subject.
    if not word.islower() or low in _NEGATED:
        return True
    return (low not in _OBJECT_AFTER and not word.endswith(("ed", "ing"))
            and text[np[0]].isupper())


