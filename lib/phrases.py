"""Candidate keyphrases in one text: words and short phrases that cross no stopword or punctuation.

Also owns the stopword lists (``lib/data/stopwords/*.txt``) and the key a phrase is folded under
(lowercase, plural to singular). It does not score anything; ``lib.keywords`` does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from lib import wordlists

STOPWORD_DIR = wordlists.DATA / "stopwords"

# A word may carry inner apostrophes ("O'Brien"); a hyphen between letters splits a compound into
# words of one phrase ("haunted-house" -> "haunted house"): readers name its parts. A phrase of
# several words starts and ends on a compound's edges ("short-term holiday lets" gives no "term
# holiday lets") and is written with its hyphens.
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’](?=[^\W_]))*")
# Whitespace without a line break keeps a phrase together; anything else ends it. Apostrophes
# and hyphens between letters are not breaks.
_BREAK = re.compile(r"((?:[^\w\s'’\-]|[\n\r_]|(?<![^\W_])['’\-]|['’\-](?![^\W_]))+)")
# Links and addresses are not words; their pieces ("http", "com") would rank as frequent terms.
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b\S+\.(?:com|org|net|html?)\b\S*")
_SENTENCE_END = re.compile(r"[.!?:;\n\r]")
_LAST_WORD = re.compile(rf"({_TOKEN.pattern})\s*$")
_CONTRACTION_TAILS = frozenset({"t", "ll", "ve", "re", "d", "m"})
# Plurals whose "s" is not a plural marker; folding them would merge unrelated words.
_NOT_PLURAL = frozenset(
    {"news", "series", "species", "physics", "politics", "economics", "analysis", "crisis",
     "basis", "thesis", "bus", "gas", "lens", "always", "perhaps", "yes", "less", "unless",
     "mathematics", "athletics", "ethics", "tennis", "chess", "us", "its", "his", "hers",
     "this", "was", "has", "does", "is", "as", "afterwards", "towards", "sometimes"}
)


# One candidate occurrence: (key, surface, position, words, capital). A plain tuple because a
# corpus has millions of them; ``key`` is the folded identity, ``position`` the index of its first
# word in the text, ``capital`` whether every word is capitalised outside a sentence start.
Occurrence = tuple[str, str, int, int, bool]


@cache
def load_stopwords(lang: str = "en") -> frozenset[str]:
    """The stopword list of one language code, lowercase; ValueError names the missing file."""
    path = STOPWORD_DIR / f"{lang}.txt"
    if not path.is_file():
        raise ValueError(f"no stopword list for language {lang!r} (looked for {path})")
    words = (line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


@cache
def available_languages() -> tuple[str, ...]:
    """Language codes that have a stopword list."""
    return tuple(sorted(p.stem for p in STOPWORD_DIR.glob("*.txt")))


@cache
def _language_index() -> dict[str, tuple[str, ...]]:
    """Stopword -> the languages that list it, to count all languages in one pass."""
    index: dict[str, list[str]] = {}
    for lang in available_languages():
        for word in load_stopwords(lang):
            index.setdefault(word, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


def guess_language(text: str, default: str = "en") -> str:
    """The language whose stopwords cover most words of ``text``; ``default`` when unsure."""
    words = _TOKEN.findall(text[:3000])
    if len(words) < 5:
        return default
    index = _language_index()
    hits: Counter[str] = Counter()
    for w in words:
        langs = index.get(w.lower())
        if langs:
            hits.update(langs)
    if not hits:
        return default
    best, best_hits = hits.most_common(1)[0]
    # Function words are shared across languages; switch only on a clear margin.
    return best if best_hits > 1.5 * hits.get(default, 0) else default


_SINGULAR: dict[str, str] = {}   # memo of singular(): the same words recur across a corpus


def singular(word: str) -> str:
    """English plural to singular by suffix rules; leaves anything doubtful alone."""
    if len(word) <= 3 or not word.endswith("s") or word in _NOT_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4 and word[-4] not in "aeiou":
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "'s", "’s")):
        return word
    return word[:-1]


def word_key(surface: str, capital: bool) -> str:
    """Fold key of one word: names keep their final "s" ("James", "Paris")."""
    low = surface.lower().replace("’", "'")
    return low if capital else singular(low)


def candidates(text: str, stopwords: frozenset[str], max_words: int = 3) -> list[Occurrence]:
    """Every word and phrase of up to ``max_words`` inside a run of non-stop, unbroken words."""
    out: list[Occurrence] = []
    _walk(text, stopwords, max_words, out, None)
    return out


def candidate_keys(text: str, stopwords: frozenset[str], max_words: int = 3) -> set[str]:
    """The distinct keys of ``candidates`` (what document frequencies need), built faster."""
    keys: set[str] = set()
    _walk(text, stopwords, max_words, None, keys)
    return keys


def _walk(text: str, stopwords: frozenset[str], max_words: int,
          out: list[Occurrence] | None, keys: set[str] | None) -> None:
    singular_of = _SINGULAR
    position = 0
    sentence_start = True
    if "http" in text or "www" in text or "@" in text or ".com" in text:
        text = _URL.sub(" ; ", text)
    for segment, sep in _segments(text):
        # surface, key, capital, sentence start, after a hyphen (the compound goes on before)
        run: list[tuple[str, str, bool, bool, bool]] = []
        cut: list[bool] = []   # per run word: the next word continues its compound
        first_pos = position
        in_run = False   # the previous word is the run's last
        for match in _TOKEN.finditer(segment):
            surface = match.group()
            glued = match.start() > 0 and segment[match.start() - 1] == "-"
            if glued and in_run:
                cut[-1] = True
            position += 1
            stop = False
            if "'" in surface or "’" in surface:
                head, _apos, tail = surface.replace("’", "'").rpartition("'")
                if tail.lower() == "s":
                    surface = surface[: len(head)]      # possessive: "Schnabel's" -> "Schnabel"
                elif tail.lower() in _CONTRACTION_TAILS:
                    stop = True                          # "don't", "we'll": function words
            low = surface.lower()
            if stop or low in stopwords or len(surface) < 2 or surface[0].isdigit() and (
                    not any(c.isalpha() for c in surface)):
                if run:
                    _emit(run, cut, first_pos, max_words, out, keys)
                    run, cut = [], []
                first_pos = position
                sentence_start = False
                in_run = False
                continue
            capital = surface[0].isupper()
            # A capital keeps the final "s" even at a sentence start: names ("James") are common.
            low = low.replace("’", "'")         # one apostrophe: "O’Brien" is "O'Brien"
            if capital:
                key = low
            else:
                key = singular_of.get(low) or singular_of.setdefault(low, singular(low))
            run.append((surface, key, capital, sentence_start, glued))
            cut.append(False)
            in_run = True
            sentence_start = False
        if run:
            _emit(run, cut, first_pos, max_words, out, keys)
        sentence_start = sep


@cache
def _titles() -> frozenset[str]:
    return wordlists.words("title_abbreviations.txt")


def title_stop(word: str) -> bool:
    """A word whose full stop ends no sentence: a title abbreviation ("Mr", "Sen") or an
    initial ("V" in "Vladimir V. Putin"). The name after it is capitalised for itself."""
    return (len(word) == 1 and word.isupper()) or word.lower() in _titles()


def written(words: Sequence[str]) -> str:
    """A phrase as written from its words, a compound's later parts marked with a leading "-"
    (["short", "-term", "rent"] -> "short-term rent"); a first word keeps no mark (a
    compound's part alone is a word). The scan, the build's keyword parts and the walk below
    all spell phrases with it."""
    out = words[0].removeprefix("-")
    for w in words[1:]:
        out += w if w.startswith("-") else " " + w
    return out


def _segments(text: str) -> list[tuple[str, bool]]:
    """Pieces of text between punctuation, each with whether the next piece starts a sentence."""
    parts = _BREAK.split(text)
    out = []
    # re.split with one group alternates text, separator, text, ...
    for i in range(0, len(parts), 2):
        brk = parts[i + 1] if i + 1 < len(parts) else ""
        if brk.startswith("."):
            last = _LAST_WORD.search(parts[i])
            if last is not None and title_stop(last.group(1)):
                brk = brk[1:]  # "Mr." / "V.": that full stop ends nothing
        out.append((parts[i], bool(_SENTENCE_END.search(brk))))
    return out


def _emit(run: list[tuple[str, str, bool, bool, bool]], cut: list[bool], first_pos: int,
          max_words: int, out: list[Occurrence] | None, keys: set[str] | None) -> None:
    m = len(run)
    if keys is not None:
        keys.update(t[1] for t in run)
        if m > 1:
            lows = [t[0].lower().replace("’", "'") for t in run]
            for i in range(m - 1):
                if run[i][4]:
                    continue
                for j in range(i + 2, min(i + max_words, m) + 1):
                    if not cut[j - 1]:
                        keys.add(" ".join(lows[i:j - 1]) + " " + run[j - 1][1])
        return
    assert out is not None
    surfaces = [t[0] for t in run]
    marked = [("-" if t[4] else "") + t[0] for t in run]   # for `written`
    caps = [t[2] for t in run]
    lows = [s.lower().replace("’", "'") for s in surfaces] if m > 1 else []
    for i in range(m):
        # A lone capitalised word at a sentence start may be an ordinary word.
        out.append((run[i][1], surfaces[i], first_pos + i, 1, caps[i] and not run[i][3]))
        if run[i][4]:
            continue  # inside a compound: its words alone only
        for n in range(2, min(max_words, m - i) + 1):
            j = i + n
            if cut[j - 1]:
                continue
            # Only the head (last) word takes the plural: "tax cuts" ~ "tax cut".
            key = " ".join(lows[i:j - 1]) + " " + run[j - 1][1]
            out.append((key, written(marked[i:j]), first_pos + i, n, all(caps[i:j])))


def stopword_set(langs: Iterable[str] = ("en",), extra: Iterable[str] = ()) -> frozenset[str]:
    """Union of the named languages' lists and user words (lowercased)."""
    words: set[str] = set()
    for lang in langs:
        words |= load_stopwords(lang)
    words |= {w.strip().lower() for w in extra if w.strip()}
    return frozenset(words)
