"""Who is who within one article: a quote's mention ("he", "Shimonite", "the ministry") to a name.

Links surname, title and pronoun mentions to the fullest name in the same article and keeps the
role seen with it. Corpus-wide merging lives in `lib.speaker_merge`, which needs pandas; this
module and the quote path under it import none (a notebook reading quotes loads no data frame
library, and a process finding quotes keeps fewer objects for the garbage collector to walk).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Final, cast

from lib import names, wordlists
from lib.mentions import FIRST_NAME_TITLES, OPENER_ENDINGS, OPENER_LINKS
from lib.names import NameParts
from lib.speaker_article import Article, surname_form
from lib.speaker_reading import MentionInfo, plausible_first, read_mention
from lib.speaker_text import (
    DETERMINER,
    INITIAL_END,
    Run,
    clean_role,
    has_role_word,
    org_lists,
    role_near,
    sentence_start,
    word_list,
)

__all__ = ["Resolved", "resolve_in_article"]


@dataclass(slots=True, init=False, unsafe_hash=True)
class Resolved:
    name: str | None  # fullest form of that person/organisation in the article; None if unknown
    role: str | None
    kind: str  # "person" | "organisation" | "unknown"

    def __init__(self, name: str | None, role: str | None, kind: str) -> None:
        self.name = name
        self.role = role
        self.kind = kind


UNKNOWN: Final = Resolved(None, None, "unknown")
_CONTRACTION: Final = re.compile(r"([A-Za-z]+)['’](?:m|re|ve|d|ll)$", re.IGNORECASE)


@cache
def _pronouns() -> dict[str, str]:
    out = {}
    for line in wordlists.lines("pronouns.txt"):
        word, _, gender = line.partition(" ")
        out[word] = gender.strip()
    return out


_Span = tuple[int, str, int, MentionInfo | None]  # start, mention, its offset, its reading


def _read_span(text: str, start: int, end: int) -> _Span | Resolved:
    """A quote's mention read on its own (the part that needs no article), else its answer."""
    raw = text[start:end]
    mention = raw.strip().strip(",;:")
    if mention.endswith(".") and not INITIAL_END.search(mention):
        mention = mention[:-1]
    if not mention:
        return UNKNOWN
    if mention.lower() in _pronouns():
        return start, mention, start, None
    short = _CONTRACTION.match(mention)
    if short is not None and short.group(1).lower() in word_list("speaker_pronouns.txt"):
        # "He'll" is "he"; "I'm" or "we've" is the writer or a crowd, not a name ("Sa'd" is)
        word = short.group(1)
        return (start, word, start, None) if word.lower() in _pronouns() else UNKNOWN
    offset = start + raw.find(mention)
    return start, mention, offset, read_mention(mention, text[max(0, offset - 3) : offset])


def _resolve_one(art: Article, span: _Span) -> Resolved:
    text = art.text
    start, mention, offset, read = span
    if read is None:
        ent = art.salient(start, _pronouns()[mention.lower()])
        return Resolved(ent.name, ent.role(text), "person") if ent else UNKNOWN
    if read.kind == "organisation":
        # "The spokesperson for the Harbour Chamber of Commerce Bart Quill" is Bart Quill
        named = _named_after(art, offset, mention) if " " in mention else None
        return named if named is not None else Resolved(read.name, read.role, "organisation")
    if read.parts is None or read.run is None:
        named = _named_after(art, offset, mention)
        return named if named is not None else _describe(art, mention)
    parts = read.parts
    ent = None
    if not parts.first and names._bare(parts.honorific) in FIRST_NAME_TITLES:
        ent = art.by_first_name(parts.last, known=True)  # "Sir Keir" after "Sir Keir Starmer"
    if ent is None:
        ent = art._find(parts, read.key, read.gender, start, create=False)
    if ent is None and not parts.first and not parts.honorific:
        ent = art.by_first_name(parts.last)
    if ent is None:
        name = names.display_form(parts) if parts.first else surname_form(parts)
        if read.role:
            return Resolved(name, read.role, "person")
        run = Run(offset + read.run.start, offset + read.run.end, read.run.text, read.run.tokens)
        role = clean_role(role_near(text, run, parts))
        if role is None and not parts.first and not parts.honorific and _common_opener(
            text, offset, mention
        ):
            # "Critics argue…", "Officials say…": a description at the head of its sentence
            return _describe(art, mention)
        if role is None and not parts.first and not parts.honorific and _employs(text, mention):
            # "Northgrid said in a statement" where the article has "a spokeswoman for Northgrid"
            return Resolved(mention, None, "organisation")
        return Resolved(name, role, "person")
    name = ent.name
    if parts.first and not ent.firsts:
        name = names.display_form(parts)
    return Resolved(name, read.role or ent.role(text), "person")


def forget_texts() -> None:
    """Drop the answers kept for whole texts (`lib.quotes.clear_caches`: a cold pass of the same
    articles must not find them)."""
    _employs.cache_clear()


@lru_cache(maxsize=1024)
def _employs(text: str, name: str) -> bool:
    """The article gives someone a role at `name` ("the chief executive of Northgrid"): a name
    of its own with no first name or title anywhere is then an employer, not a person."""
    if " " in name or not name[:1].isupper():
        return False
    for at in _whole_words(text, name):
        if at and text[at + len(name) : at + len(name) + 1] not in ("'", "’"):  # not "Gore's"
            before = text[max(0, at - 60) : at].split()
            if before and before[-1] == "the":
                before.pop()
            if len(before) >= 2 and before[-1] in _EMPLOYER_LINKS and has_role_word(before[-2]):
                return True
    return False


# "chief executive of Northgrid", "a professor at Eastmere": not "for", since a lawyer, aide or
# spokesman for someone often works for a person ("a pollster for Trump")
_EMPLOYER_LINKS: Final = ("of", "at")


def _common_opener(text: str, offset: int, mention: str) -> bool:
    """A one-word mention that is capitalised only because it opens its sentence: the article
    writes the word in lower case elsewhere and never capitalises it inside a sentence. "Bush"
    in "said Bush" (or "Bush said" beside a mid-sentence "Bush") stays a name."""
    low = mention.lower()
    if low == mention or not low.isalpha() or not sentence_start(text, offset):
        return False
    end = offset + len(mention)
    if text[end : end + 1] == ",":
        return False  # "Will, 12, said": an appositive follows a person
    if low in word_list("group_nouns.txt"):
        return True  # "Critics have noted that…": a group, even in an article that says it once
    if low.endswith(OPENER_ENDINGS) and not low.endswith("eed") \
            and not (low.endswith("ed") and len(low) < 7) and text[end : end + 1] == " " \
            and text[end + 1 : end + 12].split(" ", 1)[0] in OPENER_LINKS \
            and low not in names.first_names():
        return True  # "Informed of the result, …", "Frustrations at Carson's inability …"
    lower_seen = False
    for i in _word_at(text, low):
        if text.startswith(low, i):
            lower_seen = True
        elif text.startswith(mention, i) and not sentence_start(text, i):
            return False
    return lower_seen


def _word_at(text: str, word: str) -> list[int]:
    """Offsets where the lower-case `word` stands in `text` as a whole word, in any case."""
    hay = text.lower()
    if len(hay) != len(text):
        return []  # lower-casing changed the length ("İ"): offsets would not line up
    return _whole_words(text, word, hay)


def _whole_words(text: str, word: str, hay: str | None = None) -> list[int]:
    """Offsets where `word` stands in `hay` (default `text`, a same-length copy such as its
    lower case) as a whole word: str.find and a look at its two neighbours in `text`, not a
    regex compiled per word."""
    hay = text if hay is None else hay
    n, size = len(text), len(word)
    out: list[int] = []
    i = hay.find(word) if size else -1
    while i >= 0:
        j = i + size
        if (i == 0 or not text[i - 1].isalnum()) and (j >= n or not text[j].isalnum()):
            out.append(i)
        i = hay.find(word, j)
    return out


def _named_after(art: Article, offset: int, mention: str) -> Resolved | None:
    """ "the chief scientist at the Bayline Water Board Priya Ramaswamy-Holt": a description
    whose organisation runs straight into a person's full name is that person, with the
    description and organisation as the role.

    `speaker_reading._name_after_org` and `_named_after_place` read the same shape when the
    whole phrase is inside the mention, joined by of/for and with a listed first name. This
    runs after them, on what they left as a description: the mention finder stops at "at", and
    first names the lists lack ("Priya", "Signe") pass `plausible_first` here as they do there.
    """
    text = art.text
    # the organisation and name may be inside the mention ("The spokeswoman for Northgrid
    # Signe Halvorsrud") or follow it (the mention finder stops at the preposition)
    m = _TITLE_TAIL.search(text, offset, offset + len(mention) + 200)
    if m is None or m.start() > offset + len(mention):
        return None
    head = text[offset : m.start()]
    speaker_roles = word_list("speaker_roles.txt")
    if not (has_role_word(head) or any(names._bare(w) in speaker_roles for w in head.split())):
        return None  # "the daughter of Eastmere Ayşe Karabulut" is the daughter
    words = m.group(1).split()
    for j, w in enumerate(words):
        if w.endswith(".") and len(w) > 4:
            # a word, not an abbreviation, before a full stop ends the sentence: "… Jonas
            # Lindqvist. Lindqvist left" stops there ("St." or "U.S." does not)
            words = words[: j + 1]
            break
    words[-1] = words[-1].rstrip(".")  # "… Ramaswamy-Holt." at the end of a sentence
    # the organisation's words first, then the person's: the longest tail that reads as a full
    # name ("Bayline Homes Jonas Lindqvist" reads as an organisation, "Jonas Lindqvist" not)
    for k in range(len(words) - 1):
        at = m.start(1) + len(" ".join(words[:k])) + (1 if k else 0)
        read = read_mention(" ".join(words[k:]), text[max(0, at - 3) : at])
        parts = read.parts
        if read.kind != "person" or parts is None or read.run is None:
            continue
        if parts.first and plausible_first(parts.first):
            break
        if k == len(words) - 2 and not parts.first and parts.last == words[-1] \
                and words[k][:1].isupper() and names._bare(words[k]).endswith(_NAME_ENDS) \
                and _stands_alone(text, words[k], parts.last):
            # reading dropped an unlisted first name that looks like a plural ("Jonas"); the
            # article calling them by the surname alone shows a person ("Kansas City" is not)
            parts = NameParts("", words[k], "", parts.last, parts.suffix)
            break
    else:
        return None
    name_at = text.find(parts.first, at)
    if name_at <= m.start(1):
        return None  # no organisation before it: "a spokeswoman for Ann Whitby" is hers
    if any(names.is_honorific(w) for w in text[m.start(1) : name_at].split()):
        return None  # "the top aide of Ohio Gov. John Kasich" is the aide
    person = NameParts("", parts.first, parts.middle, parts.last, parts.suffix)
    role = clean_role(DETERMINER.sub("", text[offset:name_at].strip()))
    ent = art._find(person, read.key, read.gender, offset, create=False)
    return Resolved(ent.name if ent is not None else names.display_form(person), role, "person")


def _stands_alone(text: str, first: str, last: str) -> bool:
    """`last` occurs somewhere not right after `first`: "Lindqvist said" beside "Jonas
    Lindqvist"."""
    return any(
        not text[max(0, at - len(first) - 3) : at].rstrip().endswith(first)
        for at in _whole_words(text, last)
    )


# Unlisted first names that `plausible_first` reads as plurals ("Jonas", "Marcus"): after a
# title and an organisation, two capitalised words at the end are a first name and a surname.
_NAME_ENDS: Final = ("as", "is", "os", "us")
# after a description: "at/of/for/with/from (the) <capitalised words>" up to a clause mark,
# small words inside an organisation's name included ("Harbour Chamber of Commerce Bart Quill")
_TITLE_TAIL: Final = re.compile(
    r"[ \t]+(?:at|of|for|with|from)[ \t]+(?:the[ \t]+)?"
    r"((?:[A-Z][\w'’&.-]*[ \t]+(?:(?:of|for|and|the)[ \t]+)?){1,8}[A-Z][\w'’.-]*)"
    r"(?=[ \t]*(?:[,.;:]|\s[a-z]|$))"
)


def _describe(art: Article, mention: str) -> Resolved:
    """A mention without a name: an organisation ("the ministry") or an unnamed source."""
    desc = DETERMINER.sub("", mention).strip()
    words = desc.split()
    if not words:
        return UNKNOWN
    heads, _ = org_lists()
    head = names.fold(words[-1])
    if names.fold(desc.split(" of ")[0].split()[-1]) in word_list("documents.txt"):
        return UNKNOWN
    if head in heads and len(words) <= 3:
        fuller = _fuller_org(art, head)
        if fuller or len(words) > 1:
            return Resolved(fuller or mention.strip(), None, "organisation")
        # a bare "the company" the article never names: no speaker of that name (across a
        # corpus it would merge every unnamed company into one; "the interior ministry",
        # "China's foreign ministry" say which), the description kept as its role
    return Resolved(None, desc[:120], "unknown")


def _fuller_org(art: Article, head: str) -> str | None:
    """ "the ministry" -> "Ministry of Defence" when the article names it in full (looked up
    once per word and article: each lookup reads the runs of the stretches holding that word)."""
    if head in art.fuller_orgs:
        return art.fuller_orgs[head]
    found = art.fuller_orgs[head] = _find_fuller_org(art, head)
    return found


def _find_fuller_org(art: Article, head: str) -> str | None:
    for start, piece in art.orgs(head):
        if names.fold(piece.tokens[-1]) == head or names.fold(piece.tokens[0]) == head:
            name = DETERMINER.sub("", piece.text)
            m = _OF_TAIL.match(art.text, start + len(piece.text))
            return name + m.group(0) if m else name
    return None


_OF_TAIL: Final = re.compile(r"(?: (?:of|for|on) (?:the )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)")


def resolve_in_article(text: object, spans: object) -> list[Resolved]:
    """Resolve each mention span (start, end) to the fullest name, role and kind in this article.

    One result per span, in order; never raises (anything odd resolves to an unknown speaker,
    spans that are not a sequence to no result). `spans` is typed `object` so that compiled
    code does not check it before this function's own guards run.
    """
    text = text if isinstance(text, str) else ""
    try:
        items: list[Any] = list(cast("Iterable[Any]", spans))
    except Exception:  # noqa: BLE001
        return []
    n = len(text)
    read: list[_Span | Resolved] = []
    clean: list[tuple[int, int]] = []
    for span in items:
        try:
            a, b = int(span[0]), int(span[1])
            clean.append((a, b))
            read.append(_read_span(text, a, b) if 0 <= a < b <= n else UNKNOWN)
        except Exception:  # noqa: BLE001
            read.append(UNKNOWN)
    keys, firsts, last_pronoun = [], [], -1
    for r in read:
        if isinstance(r, Resolved):
            continue
        info = r[3]
        if info is None:
            last_pronoun = max(last_pronoun, r[0])
        elif info.key:
            keys.append(info.key)
            parts = info.parts
            if parts is not None and not parts.first and (
                not parts.honorific and names._bare(parts.last) in names.first_names()
                or names._bare(parts.honorific) in FIRST_NAME_TITLES
            ):
                firsts.append(names.fold(parts.last))  # may be "Bob" of "Bob Smith"
    try:
        art = Article(text, clean, keys, firsts, last_pronoun)
    except Exception:  # noqa: BLE001 - degrade: unknown speakers rather than a failed build
        return [UNKNOWN for _ in items]
    out = []
    for r in read:
        try:
            out.append(r if isinstance(r, Resolved) else _resolve_one(art, r))
        except Exception:  # noqa: BLE001
            out.append(UNKNOWN)
    return out
