"""Sentence and paragraph writers for the fictional sample corpus (words in lib/data/sample/).

Knows how people are named and how quotes are punctuated, messily on purpose; it does not
decide dates, outlets or duplicates (that is lib.sample).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

DATA_DIR = Path(__file__).parent / "data" / "sample"


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    first: str
    surname: str
    middle: str  # initial, "" if none: "Piers J. Hatherleigh" must merge with "Piers Hatherleigh"
    first_variants: tuple[str, ...]
    surname_variants: tuple[str, ...]
    honorific: str
    role: str
    gender: str  # "f" | "m": picks the pronoun used for later mentions
    themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    short: str  # "the ministry": how later sentences refer back to it
    themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    terms: tuple[str, ...]
    headlines: tuple[str, ...]
    facts: tuple[str, ...]
    quotes: tuple[str, ...]
    reported: tuple[str, ...]
    scare: tuple[str, ...]
    titles: tuple[str, ...]
    subjects: tuple[str, ...]  # composed with predicates, so same-theme articles differ
    predicates: tuple[str, ...]  # simple past: agrees with singular and plural subjects


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    domain: str
    lang: str


@dataclass(frozen=True, slots=True)
class Vocab:
    people: tuple[Person, ...]
    orgs: tuple[Org, ...]
    themes: dict[str, Theme]
    outlets: tuple[Outlet, ...]
    misc: dict[str, list[str]]
    foreign: dict[str, dict[str, list[str]]]
    shared_surnames: frozenset[str]  # surnames two people carry: material for "ambiguous"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


@lru_cache(maxsize=1)
def load_vocab() -> Vocab:
    """Read the sample vocabulary once; editing the files changes the corpus, not the code."""
    with open(DATA_DIR / "people.csv", encoding="utf-8", newline="") as fh:
        people = tuple(
            Person(r["key"], r["first"], r["surname"], r["middle"], _split(r["first_variants"]),
                   _split(r["surname_variants"]), r["honorific"], r["role"], r["gender"],
                   _split(r["themes"]))
            for r in csv.DictReader(fh)
        )
    with open(DATA_DIR / "organisations.csv", encoding="utf-8", newline="") as fh:
        orgs = tuple(Org(r["name"], r["short"], _split(r["themes"])) for r in csv.DictReader(fh))
    with open(DATA_DIR / "outlets.csv", encoding="utf-8", newline="") as fh:
        outlets = tuple(Outlet(r["name"], r["domain"], r["lang"]) for r in csv.DictReader(fh))
    raw: dict[str, dict[str, list[str]]] = json.loads(
        (DATA_DIR / "themes.json").read_text(encoding="utf-8"))
    themes = {name: Theme(name, *(tuple(t[f]) for f in (
        "terms", "headlines", "facts", "quotes", "reported", "scare", "titles", "subjects",
        "predicates")))
        for name, t in raw.items()}
    misc = json.loads((DATA_DIR / "misc.json").read_text(encoding="utf-8"))
    foreign = json.loads((DATA_DIR / "foreign.json").read_text(encoding="utf-8"))
    seen = [p.surname for p in people]
    shared = frozenset(s for s in seen if seen.count(s) > 1)
    return Vocab(people, orgs, themes, outlets, misc, foreign, shared)


# Quote-mark styles an article is written in; "mixed" copies the seed (straight open, curly close).
MARK_STYLES: tuple[tuple[str, str], ...] = (('"', '"'), ("\u201c", "\u201d"), ('"', "\u201d"))


def pick(rand: Callable[[], float], seq: Sequence[T]) -> T:
    """random.choice via random(): a third of the cost, and just as deterministic per seed."""
    return seq[int(rand() * len(seq))]


def pick_distinct(rand: Callable[[], float], seq: Sequence[T], k: int) -> list[T]:
    """k different items (k <= 3 in practice), cheaper than random.sample for such small k."""
    n = len(seq)
    i = int(rand() * n)
    if k == 1 or n == 1:
        return [seq[i]]
    j = (i + 1 + int(rand() * (n - 1))) % n
    idx = [i, j]
    k = min(k, n)
    while len(idx) < k:
        x = int(rand() * n)
        if x not in idx:
            idx.append(x)
    return [seq[x] for x in idx]


def comma_end(sentence: str) -> str:
    """'We will.' -> 'We will,' : the form a quote takes before its attribution."""
    return sentence[:-1] + "," if sentence.endswith(".") else sentence


# Subjects that open with a name keep their capital after an opener ("Meanwhile, Northgrid's...").
PROPER_STARTS = ("Northgrid", "Civic", "The Green Harbour", "Complaints to the Electoral")


def tidy(s: str) -> str:
    """Drop the doubled commas an appositive ("X, role,") leaves before a comma or full stop."""
    return s.replace(",,", ",").replace(",.", ".")


def mid(who: str) -> str:
    """A mention placed after a quote: 'She' becomes 'she', names stay as they are."""
    return who.lower() if who in ("He", "She") else who


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


Focus = tuple[list[str], list[str], list[str], list[str], list[str]]


@lru_cache(maxsize=64)
def focus_sets(theme: str, n: int = 96) -> tuple[Focus, ...]:
    """`n` fixed subsets of a theme's parts (terms, subjects, predicates, facts, quotes).

    Built once from the theme's name, so choosing one per article is a single draw.
    """
    rng = random.Random(f"focus:{theme}")
    vocab = load_vocab()
    t = vocab.themes[theme]
    generic = vocab.misc["quotes_generic"]
    return tuple((rng.sample(t.terms, 5), rng.sample(t.subjects, 8), rng.sample(t.predicates, 10),
                  rng.sample(t.facts, 5), rng.sample(t.quotes, 7) + rng.sample(generic, 8))
                 for _ in range(n))


class Writer:
    """Writes one English article's paragraphs, remembering who has been introduced."""

    __slots__ = ("rng", "r", "v", "theme", "o", "c", "surname_of", "first_of", "introduced",
                 "last", "slots", "switch_variant", "terms", "subjects", "preds", "facts",
                 "quotes")

    def __init__(self, rng: random.Random, vocab: Vocab, theme: Theme) -> None:
        self.rng = rng
        self.r = r = rng.random
        self.v = vocab
        self.theme = theme
        self.o, self.c = MARK_STYLES[int(r() * 3)]
        self.surname_of: dict[str, str] = {}
        self.first_of: dict[str, str] = {}
        self.introduced: set[str] = set()
        self.last: Person | Org | None = None
        # Like the seed ("Šimonite" then "Shimonite"), some articles switch spelling mid-way.
        self.switch_variant = r() < 0.15
        self.slots = {"place": pick(r, vocab.misc["places"]), "num": "", "big": "", "pct": "",
                      "term": "", "day": ""}
        # Each story dwells on part of its theme, as real ones do; drawing from the whole pool
        # made every energy article a near-duplicate of every other (TF-IDF cosine > 0.8).
        self.terms, self.subjects, self.preds, self.facts, self.quotes = pick(
            r, focus_sets(theme.name))

    # ---- filling templates -------------------------------------------------------------
    def fill(self, template: str) -> str:
        if "{" not in template:
            return template
        r, s = self.r, self.slots
        if "{num" in template:
            s["num"] = str(2 + int(r() * 94))
        if "{big" in template:
            s["big"] = str(int(r() * 60000) + 100)
        if "{pct" in template:
            s["pct"] = str(3 + int(r() * 35))
        if "{term" in template:
            s["term"] = pick(r, self.terms)
        if "{day" in template:
            s["day"] = pick(r, self.v.misc["days"])
        if "{place" in template and r() < 0.1:
            s["place"] = pick(r, self.v.misc["places"])
        return template.format_map(s)

    def quote_sentences(self, k: int) -> list[str]:
        return [self.fill(q) for q in pick_distinct(self.r, self.quotes, k)]

    # ---- naming people -----------------------------------------------------------------
    def _surname(self, p: Person) -> str:
        r = self.r
        sur = self.surname_of.get(p.key)
        if sur is None:
            sur = p.surname
            if p.surname_variants and self.r() < 0.3:
                sur = pick(r, p.surname_variants)
            first = p.first
            if p.first_variants and self.r() < 0.2:
                first = pick(r, p.first_variants)
            self.surname_of[p.key], self.first_of[p.key] = sur, first
        elif self.switch_variant and p.surname_variants and self.r() < 0.4:
            return pick(r, (p.surname,) + p.surname_variants)
        return sur

    def mention(self, sp: Person | Org, subject: bool = True) -> str:
        """How the article names `sp` now: full with role the first time, shorter later."""
        r = self.r
        if isinstance(sp, Org):
            if sp.name in self.introduced and r() < 0.5:
                return sp.short if not subject else cap(sp.short)
            self.introduced.add(sp.name)
            return cap(sp.name) if subject else sp.name
        sur = self._surname(sp)
        if sp.key not in self.introduced:
            self.introduced.add(sp.key)
            full = f"{self.first_of[sp.key]} {sur}"
            if sp.middle and r() < 0.3:
                full = f"{self.first_of[sp.key]} {sp.middle}. {sur}"
            x = r()
            if x < (0.15 if sp.surname in self.v.shared_surnames else 0.03):
                return sur  # never introduced: a shared surname must land in "ambiguous"
            if x < 0.4:
                return f"{full}, {sp.role},"
            if x < 0.6:
                return f"{sp.honorific} {full}"
            if x < 0.8 and sp.role[:1].isupper():
                return f"{sp.role} {full}"
            return f"the {sp.role} {full}" if not subject else f"The {sp.role} {full}"
        if self.last is sp and r() < 0.5:
            pron = ("she" if sp.gender == "f" else "he") if subject else (
                "her" if sp.gender == "f" else "him")
            return cap(pron) if subject else pron
        if r() < 0.3:
            return f"{sp.honorific} {sur}"
        return sur

    # ---- paragraphs --------------------------------------------------------------------
    def facts_paragraph(self) -> str:
        r, t = self.r, self.theme
        sents = [self.composed() for _ in range(1 + int(r() * 3))]
        if r() < 0.6:  # at most one stock fact per paragraph, so none repeats side by side
            sents.insert(int(r() * 2), self.fill(pick(r, self.facts)))
        x = r()
        # Marks around words that nobody said: a quote finder must not take these as speech.
        if x < 0.15:
            sents.append(f"Critics have questioned the so-called {self.o}{pick(r, t.scare)}"
                         f"{self.c} approach.")
        elif x < 0.25:
            sents.insert(0, f"The report {self.o}{pick(r, t.titles)}{self.c}, published "
                            f"{pick(r, self.v.misc['days'])}, set out the figures.")
        return " ".join(sents)

    def composed(self) -> str:
        """Opener + subject + predicate + tail: thousands of sentences from a few dozen parts."""
        r, misc = self.r, self.v.misc
        opener = self.fill(pick(r, misc["openers"]))
        subject = pick(r, self.subjects)
        if opener and not subject.startswith(PROPER_STARTS):
            subject = subject[0].lower() + subject[1:]
        tail = self.fill(pick(r, misc["tails"]))
        return f"{opener}{subject} {self.fill(pick(r, self.preds))}{tail}."

    def lead(self, sp: Person | Org) -> str:
        r, misc = self.r, self.v.misc
        who = self.mention(sp)
        where = pick(r, misc["interview"])
        text = f"{who} said {pick(r, misc['days'])} that {self.fill(pick(r, self.theme.reported))}"
        self.last = sp
        return tidy(f"{text}, {where}.")

    def quote_block(self, sp: Person | Org) -> list[str]:
        """One attributed statement in one of the styles seen in real copy (or in the seed)."""
        r, o, c, misc = self.r, self.o, self.c, self.v.misc
        if r() < 0.1:  # the other mark style inside the same article
            o, c = MARK_STYLES[int(r() * 3)]
        style = r()
        if isinstance(sp, Org):
            out = self._org_block(sp, o, c, style)
        else:
            out = self._person_block(sp, o, c, style, misc)
        self.last = sp
        return [tidy(p) for p in out]

    def _org_block(self, sp: Org, o: str, c: str, style: float) -> list[str]:
        if style < 0.5:
            q = self.quote_sentences(1)[0]
            who = self.mention(sp, subject=False)
            return [f"{o}{comma_end(q)}{c} {who} said in a statement."]
        clause = self.fill(pick(self.r, self.theme.reported))
        return [f"In a statement, {self.mention(sp, subject=False)} said that {clause}."]

    def _person_block(self, sp: Person, o: str, c: str, style: float,
                      misc: dict[str, list[str]]) -> list[str]:
        r = self.r
        if style < 0.2:  # "…," X said.
            q = " ".join(self.quote_sentences(1 + int(r() * 3)))
            who = self.mention(sp)
            if r() < 0.3 and who[:1].isupper() and who not in ("He", "She"):
                return [f"{o}{comma_end(q)}{c} said {who}."]
            return [f"{o}{comma_end(q)}{c} {mid(who)} {pick(r, misc['cues_after'])}."]
        if style < 0.32:  # X said: "…"
            q = " ".join(self.quote_sentences(1 + int(r() * 2)))
            lead = f"Asked about {pick(r, self.theme.terms)}, " if r() < 0.5 else ""
            who = self.mention(sp)
            if lead and who in ("He", "She"):
                who = who.lower()
            return [f"{lead}{who} {pick(r, misc['cues_colon'])}: {o}{q}{c}"]
        if style < 0.42:  # "…," she said. "…"
            q1, q2 = self.quote_sentences(2)
            who = self.mention(sp)
            return [f"{o}{comma_end(q1)}{c} {mid(who)} said. {o}{q2}{c}"]
        if style < 0.5:  # opened, never closed: runs to the end of the paragraph
            qs = " ".join(self.quote_sentences(2 + int(r() * 2)))
            # Narration follows, so the open quote cannot be read as running on (as in the seed).
            return [f"{self.mention(sp)} {pick(r, ('replied', 'said', 'added'))}: {o}{qs}",
                    self.facts_paragraph()]
        if style < 0.58:  # no opening mark, like the seed's third paragraph
            qs = " ".join(self.quote_sentences(2 + int(r() * 2)))
            sep = " ," if r() < 0.5 else ","
            return [f"{qs[:-1]}{sep}{c} {mid(self.mention(sp))} said."]
        if style < 0.65:  # over several paragraphs: each opens, only the last closes
            q1, q2, q3 = self.quote_sentences(3)
            pron = "she" if sp.gender == "f" else "he"
            return [f"{self.mention(sp)} said: {o}{q1} {q2}",
                    f"{o}{comma_end(q3)}{c} {pron} added."]
        if style < 0.72:  # editor's insertion naming someone who is mentioned, not quoted
            other = pick(r, [p for p in self.v.people if p.key != sp.key])
            q = self.quote_sentences(1)[0]
            ed = (f"We discussed this with (the {other.role} {other.first} - ed.) "
                  f"{other.surname} and we agreed on the next steps.")
            return [f"{o}{q} {comma_end(ed)}{c} {mid(self.mention(sp))} said."]
        if style < 0.82:  # according to X / according to her
            who = self.mention(sp, subject=False)
            clause = self.fill(pick(r, self.theme.reported))
            return [f"According to {who}, {clause}."]
        # reported speech: X said that … / She noted that …
        who = self.mention(sp)
        clause = self.fill(pick(r, self.theme.reported))
        return [f"{who} {pick(r, misc['cues_reported'])} {clause}."]
