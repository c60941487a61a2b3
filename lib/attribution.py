"""Find the reporting cue next to a quote and the mention (name, title, pronoun) it points to.

Scans the words around a quote with precompiled patterns, no parser; it returns mention
spans only and leaves deciding who a mention is to `lib.speakers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data"


def _words(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@dataclass(frozen=True, slots=True)
class Attribution:
    """A mention span and the cue that ties it to a quote."""

    start: int
    end: int
    cue: str | None


@dataclass(frozen=True, slots=True)
class _Lex:
    cue: re.Pattern[str]
    pronouns: frozenset[str]
    stop: frozenset[str]
    roles: frozenset[str]
    abbrev: frozenset[str]
    addressee: frozenset[str]


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


@cache
def _lex() -> _Lex:
    words = sorted(_words("cue_verbs.txt") | {"according to"})
    # A few sentence-initial forms too ("Stated Stone:", "According to her,"), not IGNORECASE:
    # "States" or "Reports" opening a sentence are nouns.
    forms = words + [w[:1].upper() + w[1:] for w in sorted(_words("sentence_initial_cues.txt"))]
    cue = re.compile(r"\b" + trie_pattern(forms) + r"\b")
    return _Lex(cue, _words("speaker_pronouns.txt"), _words("mention_stopwords.txt"),
                _words("speaker_roles.txt"), _words("title_abbreviations.txt"),
                _words("addressee_cues.txt"))


# A word, a title abbreviation ("Sen.", "R-S.C."), or a single punctuation mark.
_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*|\d[\w.\-]*|[^\s\w]")
_SENT_END = re.compile(r"[.!?…][”\"’']?\s+(?=[“\"‘'(\[]?[A-Z0-9])")
_ADVERB_OK = frozenset(
    "also later then has had have would will once previously recently again just repeatedly "
    "often reportedly publicly privately quickly simply only already even first last "
    "flatly finally since not never haven't hasn't didn't don't doesn't won't wouldn't "
    "haven’t hasn’t didn’t don’t doesn’t won’t wouldn’t".split()
)
_DETERMINERS = frozenset(
    "the a an his her their its our one some two three several many another this these "
    "those".split()
)
_CONNECT = frozenset("of for the and de van von der al bin la le di da del".split())
_CLAUSE_STOP = frozenset(
    "in on at during after before when who that to while as with from about by "
    "because if since which whose said says is was are were has have had will would can "
    "could may might should must".split()
)
_CONJUNCTIONS = frozenset("and but so then yet or still now also".split())
_LEAD_IN = frozenset("the The de van von du da di del al bin le la".split())
_PUNCT_STOP = frozenset(",.:;—–(\"“”?!")


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or (len(tok) > 1 and tok[0] == "@")


def _name_tok(tok: str, lex: _Lex) -> bool:
    return _is_cap(tok) and tok.lower().rstrip(".") not in lex.stop


def _tokens(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, a, b)]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    # "Trump." at a sentence end: the dot is not the name; "Sen." or "R-S.C." keep theirs.
    tok = text[s:e]
    if tok.endswith(".") and len(tok) > 4 and "." not in tok[:-1]:
        e -= 1
    return s, e


def _possessive(tok: str) -> bool:
    return tok.endswith(("'s", "’s")) and _is_cap(tok)


def np_before(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before offset b (the subject of a cue at b)."""
    lex = _lex()
    toks = _tokens(text, max(a, b - 240), b)
    i = len(toks) - 1
    while i >= 0 and (toks[i][2].lower() in _ADVERB_OK
                      or toks[i][2].endswith("ly") and toks[i][2].islower()):
        i -= 1
    if i >= 0 and toks[i][2] == ")":
        # "Gov. Mary Fallin (R-OK) said": step over the party tag.
        j = i - 1
        while j >= 0 and toks[j][2] != "(" and i - j < 8:
            j -= 1
        if j >= 1 and toks[j][2] == "(":
            i = j - 1
    if i >= 0 and toks[i][2] == ",":
        # Appositive between commas: "Smith, a spokesman for X, said" -> Smith.
        j = i - 1
        while j >= 0 and toks[j][2] != "," and i - j < 20:
            j -= 1
        i = j - 1 if j >= 1 and toks[j][2] == "," else i - 1
    if i < 0:
        return None
    tok = toks[i][2]
    low = tok.lower()
    if low in lex.pronouns and low not in ("one", "another", "it"):
        return toks[i][0], toks[i][1]
    if _name_tok(tok, lex) or low == "it":
        j = i
        while j - 1 >= 0:
            prev = toks[j - 1][2]
            if _name_tok(prev, lex) and not prev.endswith(","):
                j -= 1
            elif prev.lower() in _CONNECT and j - 2 >= 0 and _name_tok(toks[j - 2][2], lex):
                j -= 2
            else:
                break
        if j - 1 >= 0 and toks[j - 1][2] in _LEAD_IN:
            j -= 1  # "the FBI", "de Blasio"
        return _trim(text, toks[j][0], toks[i][1])
    if tok.replace("-", "").isalpha() and tok.islower() and low not in _CLAUSE_STOP:
        # "the senator said", "a spokeswoman for the campaign said", "Gowdy's office said"
        j = i
        while j >= 0 and i - j < 7:
            w = toks[j][2]
            if w.lower() in _DETERMINERS or _possessive(w):
                # "a spokeswoman for the bank": the head noun sits before the preposition.
                k = j - 1
                if k >= 1 and toks[k][2] in ("for", "of", "at", "with"):
                    for h in range(k - 1, max(-1, k - 5), -1):
                        if toks[h][2].lower() in _DETERMINERS:
                            return toks[h][0], toks[i][1]
                        if not toks[h][2].isalpha():
                            break
                return toks[j][0], toks[i][1]
            if not w.replace("-", "").isalpha() or w.lower() in _CLAUSE_STOP and w != "for":
                break
            j -= 1
        if low in lex.roles or low.endswith("s") and low[:-1] in lex.roles:
            return toks[i][0], toks[i][1]
    return None


def np_after(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The noun phrase that starts at offset a (the speaker after an inverted cue)."""
    lex = _lex()
    toks = _tokens(text, a, min(b, a + 160))
    if not toks:
        return None
    i = 0
    # "said former Sen. Evan Bayh", "said spokesman John Kirby": skip the lower-case lead-in.
    while i < len(toks) - 1 and i < 4 and toks[i][2].isalpha() and toks[i][2].islower() \
            and toks[i][2].lower() not in _DETERMINERS and toks[i][2] not in lex.pronouns \
            and toks[i][2] not in _CLAUSE_STOP:
        i += 1
    if i and not _name_tok(toks[i][2], lex):
        i = 0
    tok = toks[i][2]
    low = tok.lower()
    if low in lex.pronouns and low not in ("one", "another"):
        return toks[i][0], toks[i][1]
    if _name_tok(tok, lex):
        j = i
        while j + 1 < len(toks) and j - i < 8:
            nxt = toks[j + 1][2]
            if _name_tok(nxt, lex):
                j += 1
            elif nxt.lower() in _CONNECT and j + 2 < len(toks) and _name_tok(toks[j + 2][2], lex):
                j += 2
            else:
                break
        return _trim(text, toks[i][0], toks[j][1])
    if low in _DETERMINERS or low in ("one", "another") or _possessive(tok):
        j = i
        while j + 1 < len(toks) and j - i < 10:
            nxt = toks[j + 1][2]
            if nxt in _PUNCT_STOP or nxt.lower() in _CLAUSE_STOP or not nxt[:1].isalnum():
                break
            if j > i and nxt.islower() and (nxt.endswith("ed") or lex.cue.fullmatch(nxt)):
                break  # "the county board released …": the verb ends the phrase
            if j - i >= 4 and not _name_tok(nxt, lex) and nxt.lower() not in _CONNECT:
                break
            j += 1
        return _trim(text, toks[i][0], toks[j][1])
    return None


def sentence_subject(text: str, lo: int, b: int) -> tuple[int, int] | None:
    """The name or pronoun opening the sentence at lo, after a lead-in clause ("On Monday,")."""
    lex = _lex()
    toks = _tokens(text, lo, min(b, lo + 200))
    if not toks:
        return None
    while len(toks) > 1 and toks[0][2].lower() in _CONJUNCTIONS:
        toks = toks[1:]  # "And then Trump went …"
    first = toks[0][2]
    if first.isupper() and len(first) > 2 and len(toks) > 1 and toks[1][2] in (",", "(", "-", "—"):
        # A dateline ("PHILADELPHIA, July 25 (UPI) — The committee …"): start after its dash.
        dash = next((k for k, t in enumerate(toks[:16]) if t[2] in ("—", "–", "-")), None)
        if dash is None or dash + 1 >= len(toks):
            return None
        toks = toks[dash + 1 :]
        first = toks[0][2]
    if first.lower() in _DETERMINERS:
        return np_after(text, toks[0][0], b)
    if first.lower() in lex.stop or first.endswith(("ed", "ing")):
        # "On Monday, Eric Trump …", "Reached by phone, Bennett …" (but "Husted continued …").
        comma = next((k for k, t in enumerate(toks[:25]) if t[2] == ","), None)
        after = toks[comma + 1][2] if comma is not None and comma + 1 < len(toks) else ""
        if after and (after.lower() in lex.pronouns or _name_tok(after, lex)
                      or after.lower() in _DETERMINERS):
            toks = toks[comma + 1 :]
            first = after
        elif first.lower() in lex.stop or first.endswith("ing"):
            return None
    if first.lower().startswith(("it's", "it’s")):
        return None  # "It's …" has no speaker in it
    if first.lower() in lex.pronouns or _name_tok(first, lex) or first.lower() in _DETERMINERS:
        return np_after(text, toks[0][0], b)
    return None


def cue_after(text: str, a: int, b: int, loose: bool = True) -> Attribution | None:
    """`…,” he said` / `…,” said Sen. X` / `…,” according to X`: cue right after a quote."""
    lex = _lex()
    m = lex.cue.search(text, a, min(b, a + 90))
    who: Attribution | None = None
    if m is not None:
        pre = text[a : m.start()]
        cue = m.group()
        np = None
        if cue.lower() == "according to":
            np = np_after(text, m.end(), b)
        elif pre.strip(" ,\u00a0—–-"):
            if len(pre.split()) <= 12:
                np = np_before(text, a, m.start())
        elif not cue.endswith("ing"):
            # '…,” said Sen. X' (but '…,” describing the team' belongs to the sentence subject)
            np = np_after(text, m.end(), b)
        if np is not None:
            who = Attribution(*np, cue)
            # "…,” Walker said, according to an AP account": annotators credit the report.
            acc = lex.cue.search(text, m.end(), b)
            if acc is not None and acc.group().lower() == "according to":
                np2 = np_after(text, acc.end(), b)
                if np2 is not None:
                    who = Attribution(*np2, "according to")
    if who is None:
        # "…" and more paraphrase, he says.": a short subject and its cue closing the sentence.
        for m2 in lex.cue.finditer(text, a, b):
            np = np_before(text, a, m2.start())
            if np is not None and text[:np[0]].rstrip().endswith(",") and \
                    len(text[np[0] : np[1]].split()) <= 3:
                who = Attribution(*np, m2.group())
                break
    if who is None and loose:
        # "…,” the nominee riffed" / "…,” Robert Peck, an analyst at …": a name right after.
        np = np_after(text, a, b)
        if np is not None and not text[a : np[0]].strip(" ,"):
            nxt = _TOKEN.search(text, np[1], b)
            word = nxt.group() if nxt is not None else ""
            if word.islower() and word.isalpha() and word.endswith(("ed", "s")) \
                    and word not in _CLAUSE_STOP:
                who = Attribution(*np, word)
            else:
                # Right after '…,”' a name or a described person is the speaker in news style.
                m3 = lex.cue.search(text, np[1], b)
                who = Attribution(*np, m3.group() if m3 else None)
    return who


def cue_before(text: str, a: int, b: int) -> Attribution | None:
    """`X said: "…"` / `X told reporters "…"` / `According to X, "…"`: last cue before a quote."""
    lex = _lex()
    last = None
    cues = list(lex.cue.finditer(text, a, b))
    if cues:
        last = cues[-1]
    if last is None:
        pre = text[a:b].rstrip()
        if pre.endswith(":"):
            # "Clinton: "Our goal is …""
            np = np_before(text, a, a + len(pre) - 1)
            return Attribution(*np, ":") if np else None
        return None
    cue = last.group()
    if cue.lower() == "according to":
        np = np_after(text, last.end(), b)
        return Attribution(*np, cue) if np else None
    np = None
    if cue.endswith("ing") and text[a : last.start()].rstrip().endswith((",", "—", "–")):
        # "Trump slammed the deal, saying …": the subject opens the sentence.
        np = sentence_subject(text, a, last.start())
    if np is None:
        np = np_before(text, a, last.start())
        if np is not None and not _subject_slot(text, a, np):
            np = None  # "released an extraordinary statement saying": an object, not a source
    if np is None:
        np = sentence_subject(text, a, last.start())
    if np is None and cue.lower() not in lex.addressee:
        # Inverted: 'said Sen. X, R-S.C.: "…"' — the name must run up to the quote.
        np = np_after(text, last.end(), b)
        rest = text[np[1] : b].split() if np is not None else []
        if np is not None and (len(rest) > 3 or any(w.lower() in _AUX for w in rest)
                               or text[np[0] : np[1]].lower() in _OBJECT_PRONOUNS):
            np = None
    if np is not None and len(cues) > 1 and text[np[0] : np[1]].lower() in ("he", "she", "they"):
        # "Rubio said that he has begun “to unmask …”": the source is the outer speaker.
        outer = cues[-2]
        if len(text[outer.end() : np[0]].split()) <= 1:
            np0 = np_before(text, a, outer.start())
            if np0 is not None and _subject_slot(text, a, np0):
                return Attribution(*np0, outer.group())
    return Attribution(*np, cue) if np else None


_NEGATED = frozenset(
    "haven't hasn't hadn't didn't don't doesn't won't wouldn't can't couldn't "
    "haven’t hasn’t hadn’t didn’t don’t doesn’t won’t wouldn’t can’t couldn’t".split()
)
_AUX = frozenset("is was are were has have had will would can could be".split())
_OBJECT_PRONOUNS = frozenset("him her them me us it".split())
_SUBJECT_AFTER = frozenset(
    "and but that as while because when after so which who though although since if before "
    "where then also meanwhile yet or whom until once".split()
)


_OBJECT_AFTER = frozenset(
    "in on at of for to with by from about into against over under through has have had is "
    "was are were be been told gave made sent".split()
)


def _subject_slot(text: str, a: int, np: tuple[int, int]) -> bool:
    """A subject follows a clause edge; a phrase right after a verb or preposition is its object."""
    if text[np[0] : np[1]].lower() in _lex().pronouns:
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
    if low in _SUBJECT_AFTER or low in _ADVERB_OK or low in _lex().roles:
        return True  # "…, and Smith said", "FBI general counsel James Baker said"
    # Right after a verb ("released", "outlined") or a preposition the phrase is an object;
    # a name after a plain noun ("In a Bloomberg interview Trump declared") is still a subject.
    if not word.islower() or low in _NEGATED:
        return True
    return (low not in _OBJECT_AFTER and not word.endswith(("ed", "ing"))
            and text[np[0]].isupper())


def cue_re() -> re.Pattern[str]:
    """The compiled reporting-cue pattern (from lib/data/cue_verbs.txt)."""
    return _lex().cue


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    j = m.start()
    i = j
    while i > 0 and j - i < 30 and (text[i - 1].isalnum() or text[i - 1] in ".-"):
        i -= 1
    word = text[i:j]
    if not word:
        return True
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Charles E. Grassley"
    return word.lower().rsplit(".", 1)[-1] not in _lex().abbrev


def sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence containing pos, not before lo."""
    start = lo
    # Look a little past pos: the capital that proves a boundary may be the quote itself.
    for m in _SENT_END.finditer(text, lo, min(len(text), pos + 3)):
        if m.end() > pos:
            break
        if _is_boundary(text, m):
            start = m.end()
    return start


def sentence_end(text: str, pos: int, hi: int) -> int:
    for m in _SENT_END.finditer(text, pos, min(len(text), hi + 3)):
        if m.start() >= hi:
            break
        if _is_boundary(text, m):
            return m.start() + 1
    return hi
