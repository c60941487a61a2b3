"""Regenerate `first_names_world.csv` from Faker's person providers (a developer's step, not run
by the product: Faker is not a dependency).

    pip download faker --no-deps -d /tmp/fk && unzip -q /tmp/fk/faker-*.whl -d /tmp/fk/x
    python lib/data/make_first_names_world.py /tmp/fk/x > lib/data/first_names_world.csv

Faker (MIT licence, https://github.com/joke2k/faker) lists given names by gender for some 80
locales. Kept: names in Latin letters, three letters or more, that are not common English words
(textstat's Dale-Chall list of familiar words and the project's stopword, cue and opener lists:
"Will", "Grant", "Hope", "Can" stay out) or places (`not_first_names.txt`), from every locale but
the English and East Asian ones (see SKIP_LOCALES). `first_names.csv` (hand-made) wins where
both list a name.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ'’-]+$")
WORD_LISTS = (
    "name_stopwords.txt", "mention_stopwords.txt", "not_names.txt", "sentence_openers.txt",
    "cue_verbs.txt", "speech_verbs.txt", "honorifics.txt", "role_words.txt",
    "speaker_pronouns.txt", "time_followers.txt", "not_first_names.txt",
)
# English names come from the hand-made list; Faker's US, British, Irish and New Zealand lists
# (census names: Carson, Tyler, Lincoln) would make surnames first names in US news. Its Indian,
# Kenyan, Nigerian and Pakistani English lists are kept. East Asian and
# Vietnamese locales put the family name first.
SKIP_LOCALES = ("en_US", "en_GB", "en_IE", "en_NZ", "en_TH", "zh_", "ja_", "ko_", "vi_", "th_")


def _words(path: Path) -> set[str]:
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "[")):
            out.update(w.lower() for w in re.split(r"[\s,\t]+", line) if w)
    return out


def excluded() -> set[str]:
    import textstat

    easy = Path(textstat.__file__).parent / "resources" / "en" / "easy_words.txt"
    out = _words(easy)
    for name in WORD_LISTS:
        if (HERE / name).exists():
            out |= _words(HERE / name)
    for path in (HERE / "lang").glob("*.txt"):
        out |= _words(path)
    for path in (HERE / "stopwords").glob("*.txt"):
        out |= _words(path)
    return out


def main(faker_dir: str) -> int:
    sys.path.insert(0, faker_dir)
    root = Path(faker_dir) / "faker" / "providers" / "person"
    found: dict[str, dict[str, set[str]]] = {}
    for loc in sorted(os.listdir(root)):
        if loc.startswith("_") or loc == "en" or loc.startswith(SKIP_LOCALES) \
                or not (root / loc).is_dir():
            continue
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr, gender in (("first_names_male", "m"), ("first_names_female", "f")):
            names = getattr(provider, attr, None) or ()
            for name in (names.keys() if hasattr(names, "keys") else names):
                name = str(name).strip()
                if " " not in name and len(name) >= 3 and LATIN.match(name):
                    found.setdefault(name.lower(), {}).setdefault(gender, set()).add(loc)
    skip = excluded()
    print("# Given names from Faker's person providers (MIT licence, github.com/joke2k/faker),")
    print("# made by make_first_names_world.py: do not edit by hand. name,gender (m/f/x = either)")
    print("name,gender")
    for name in sorted(found):
        genders = found[name]
        bare = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        if name in skip or bare in skip:  # "Germán" is "German" to the reader
            continue
        print(f"{name},{'x' if len(genders) > 1 else next(iter(genders))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
