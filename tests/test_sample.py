"""Tests for lib.sample: deterministic, big enough, messy in the ways the analysis must survive."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.sample import COLUMNS, generate_articles, main, write_articles
from lib.sample_text import load_vocab

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_e020959c31ef5263.txt"
SAMPLE_DIR = ROOT / "data" / "corpus" / "sample"
SEED_DIR = ROOT / "data" / "corpus" / "seed"

OPEN = "\"\u201c"
CLOSE = "\"\u201d"


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return generate_articles(600, seed=11)


@pytest.fixture(scope="module")
def paragraphs(corpus: pd.DataFrame) -> list[str]:
    return [p for t in corpus["text"] for p in t.split("\n\n")]


def test_same_seed_same_articles_other_seed_other_articles() -> None:
    a = generate_articles(40, seed=3)
    b = generate_articles(40, seed=3)
    c = generate_articles(40, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == COLUMNS
    assert (a["text"] != c["text"]).sum() > 30


def test_parallel_parts_give_the_same_articles_as_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import lib.sample

    monkeypatch.setattr(lib.sample, "PART", 25)
    one = generate_articles(60, seed=9, words=(80, 120), workers=1)
    two = generate_articles(60, seed=9, words=(80, 120), workers=2)
    pd.testing.assert_frame_equal(one, two)
    assert one["id"].is_unique and len(one) == 60
    # Part 0 is seeded like an unsplit run, so small samples do not move when PART changes.
    monkeypatch.setattr(lib.sample, "PART", 10_000)
    whole = generate_articles(60, seed=9, words=(80, 120))
    assert list(whole["text"][:25]) == list(one["text"][:25])
    assert list(whole["text"][25:]) != list(one["text"][25:])


def test_rows_ids_and_dates_are_well_formed(corpus: pd.DataFrame) -> None:
    assert len(corpus) == 600
    assert corpus["id"].is_unique
    dated = corpus["date"].dropna()
    assert dated.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert dated.min() >= "2023-01-01" and dated.max() < "2024-09-01"
    assert corpus["url"].str.startswith("https://").all()
    assert corpus["url"].str.contains(r"\.example/").all()  # fictional outlets, reserved domain


def test_default_length_averages_about_750_words_and_respects_the_range(
    corpus: pd.DataFrame,
) -> None:
    words = corpus["text"].str.split().str.len()
    assert 680 <= words.mean() <= 820
    short = generate_articles(60, seed=1, words=(100, 200))["text"].str.split().str.len()
    assert short.max() < 330 and short.mean() < 250


def test_counts_the_bundle_promises(corpus: pd.DataFrame) -> None:
    vocab = load_vocab()
    text = "\n".join(corpus["text"])
    months = pd.to_datetime(corpus["date"].dropna()).dt.to_period("M").nunique()
    assert months >= 18
    assert corpus["source"].nunique() >= 6
    named = [p for p in vocab.people if p.surname in text]
    assert len(named) >= 30
    assert sum(o.name in text for o in vocab.orgs) >= 5


def test_topic_shares_drift_over_time(corpus: pd.DataFrame) -> None:
    dated = corpus.dropna(subset=["date"])
    election = dated["title"].str.contains(
        r"[Pp]oll|[Tt]urnout|[Ee]lection|[Cc]oalition|debate|Civic Renewal")
    early = election[dated["date"] < "2023-07-01"].mean()
    late = election[(dated["date"] >= "2023-12-01") & (dated["date"] < "2024-06-01")].mean()
    assert late > 2 * early


# Each phenomenon a quote finder or speaker merger has to face, as a test of presence.
PHENOMENA: dict[str, str] = {
    "curly marks": "\u201c[^\u201d\n]+\u201d",
    "straight marks": '"[^"\n]+"',
    "mixed marks (straight open, curly close)": '"[^"\u201d\u201c\n]+\u201d',
    "open to the end of the paragraph": r"(?m)(?:replied|said|added): [\"\u201c][^\"\u201d\n]+$",
    "missing opening mark, seed-style ' ,\u201d'": r"(?m)^[A-Z][^\"\u201c\n]+ ,[\"\u201d] \w+",
    "interrupted quote": r"[\"\u201d] (?:s?he|[A-Z]\w+) said\. [\"\u201c]",
    "colon introduction": r"\w: [\"\u201c]",
    "according to": r"According to (?:her|him|[A-Z])",
    "reported speech with that": r"\b(?:said|noted|stressed|argued|warned|confirmed) that\b",
    "pronoun attribution": r"[\"\u201d] (?:she|he) (?:said|added|told)",
    "scare quotes": r"so-called [\"\u201c]",
    "title in quotes": r"The report [\"\u201c]",
    "editor's insertion": r"\([^()]+ - ed\.\)",
    "organisation speaking": r"said in a statement",
    "inverted cue": r"[\"\u201d] said [A-Z]",
    "transliteration Zh/Ch/Sh": r"\b(?:Zhemaitite|Chiurlys|Hrubeshova)\b",
    "diacritic surname": r"\bŽemaitytė\b",
    "first-name variant": r"\b(?:Aldone|Yulia|Julia|Oscar|Thomas)\b",
    "middle initial": r"\b(?:Piers J\.|Oskar T\.|Oscar T\.|Wendell A\.) [A-Z]",
    "honorific + surname": r"\b(?:Dr\.|Mr\.|Ms\.|Minister|Mayor) [A-ZŽČØŠ]\w+",
    "French text": r"« [^»]+ », a",
    "German text": "\u201e[^\u201c]+\u201c, (?:sagte|erklärte|betonte)",
}


@pytest.mark.parametrize("name", list(PHENOMENA))
def test_messiness_is_present(name: str, corpus: pd.DataFrame) -> None:
    pattern = re.compile(PHENOMENA[name])
    hits = sum(bool(pattern.search(t)) for t in corpus["text"])
    assert hits >= 3, f"{name}: only {hits} articles"


def test_multi_paragraph_quotes_close_only_in_the_last_paragraph(paragraphs: list[str]) -> None:
    # "X said: “A\n\n“B,” she added." -- the first paragraph opens and never closes.
    runs = [
        (a, b) for a, b in zip(paragraphs, paragraphs[1:], strict=False)
        if re.search(r"said: [\"\u201c]", a) and not re.search(r"[\"\u201d]$", a)
        and b[:1] in OPEN and re.search(r"[\"\u201d] (?:s?he) added\.$", b)
    ]
    assert len(runs) >= 5


def test_one_surname_two_people_and_surname_only_mentions(corpus: pd.DataFrame) -> None:
    text = "\n".join(corpus["text"])
    for a, b in (("Helen", "Peter"), ("Anja", "Jonas")):
        sur = "Marlow" if a == "Helen" else "Lindqvist"
        assert f"{a} {sur}" in text and f"{b} {sur}" in text
    both = corpus["text"].str.contains("Helen Marlow|Helena Marlow") & corpus["text"].str.contains(
        "Peter Marlow|Pete Marlow")
    assert both.sum() >= 1
    # Attributed to the bare surname in an article that never gives a first name: the speaker
    # cannot be told apart from the other Marlow, which is what the "ambiguous" bucket is for.
    cue = r"(?:^|\. |[\"\u201d] )Marlow (?:said|added|warned|insisted|explained|stressed|noted)"
    bare = corpus["text"].str.contains(cue) & ~corpus["text"].str.contains(
        r"(?:Helena?|Pete|Peter) Marlow")
    assert bare.sum() >= 1


def test_spelling_switches_inside_one_article(corpus: pd.DataFrame) -> None:
    # Like the seed ("Šimonite" then "Shimonite"): two spellings of one surname in one article.
    owner = {f: p.key for p in load_vocab().people if p.surname_variants
             for f in (p.surname, *p.surname_variants)}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(owner, key=len)[::-1])) + r")\b")
    switched = 0
    for t in corpus["text"]:
        keys = [owner[f] for f in set(pattern.findall(t))]
        switched += len(keys) - len(set(keys))
    assert switched >= 5


def test_duplicates_wire_copy_foreign_and_undated(corpus: pd.DataFrame) -> None:
    assert corpus["text"].duplicated().sum() >= 2
    wire = corpus[corpus["source"] == "Continental Wire Service"]
    assert len(wire) >= 10
    # A wire story's lead paragraph turns up again, lightly edited, under other outlets.
    leads = {t.split("\n\n")[1] for t in wire["text"]}
    copies = corpus[(corpus["source"] != "Continental Wire Service")
                    & corpus["text"].map(lambda t: any(ld in t for ld in leads))]
    assert copies["source"].nunique() >= 3
    assert not copies["text"].isin(set(wire["text"])).all()  # edited, not only verbatim
    assert corpus["source"].isin(["Le Courrier d'Aubin", "Nordhafener Tagblatt"]).sum() >= 6
    assert corpus["date"].isna().sum() >= 2


def test_wire_copies_are_near_duplicates_and_unrelated_articles_are_not(
    corpus: pd.DataFrame,
) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    head = corpus.iloc[:350]
    english = head[~head["source"].isin(["Le Courrier d'Aubin", "Nordhafener Tagblatt"])]
    english = english.drop_duplicates("text").reset_index(drop=True)
    sim = (lambda m: (m @ m.T).toarray())(TfidfVectorizer(sublinear_tf=True).fit_transform(
        english["text"]))
    # Rows of one wire story sit next to each other: the original, then its copies.
    wire = english.index[english["source"] == "Continental Wire Service"]
    copies = [sim[i, i + 1] for i in wire if i + 1 < len(english)
              and english["source"][i + 1] != "Continental Wire Service"
              and english["title"][i + 1].startswith(english["title"][i].split(":")[0][:20])]
    assert len(copies) >= 6 and min(copies) > 0.85
    far = [sim[i, j] for i in range(0, 300, 7) for j in range(i + 40, 300, 11)]
    assert sorted(far)[int(0.99 * len(far))] < 0.75


@pytest.mark.parametrize("seed", [0, 1, 99])
def test_any_seed_gives_a_small_sample_every_rare_case(seed: int) -> None:
    df = generate_articles(200, seed)
    assert df["text"].duplicated().sum() >= 2
    assert df["date"].isna().sum() >= 2
    assert (df["source"] == "Le Courrier d'Aubin").sum() >= 2
    assert (df["source"] == "Nordhafener Tagblatt").sum() >= 2
    assert (df["source"] == "Continental Wire Service").sum() >= 6


BLOCKLIST = ["Trump", "Biden", "Macron", "Putin", "Clinton", "Obama", "Merkel", "Scholz",
             "Zelensky", "Zelenskyy", "Šimonytė", "Simonyte", "Nausėda", "Sunak", "Starmer",
             "Meloni", "Orbán", "Harris", "Johnson", "Sanders"]


def test_no_real_politicians_are_named(corpus: pd.DataFrame) -> None:
    text = "\n".join(corpus["text"]) + "\n".join(corpus["title"])
    vocab = load_vocab()
    names = " ".join(f"{p.first} {p.surname}" for p in vocab.people)
    found = set(re.findall(r"\b(" + "|".join(BLOCKLIST) + r")\b", text + "\n" + names))
    assert not found
    # The check itself works: a planted name is caught.
    assert re.findall(r"\b(" + "|".join(BLOCKLIST) + r")\b", "as Macron said") == ["Macron"]


def test_write_articles_round_trips_every_format(tmp_path: Path) -> None:
    df = generate_articles(12, seed=5)
    for ext in ("jsonl", "parquet", "csv"):
        out = tmp_path / f"a.{ext}"
        write_articles(df, out)
        back = {"jsonl": lambda p: pd.read_json(p, lines=True, dtype=False),
                "parquet": pd.read_parquet, "csv": pd.read_csv}[ext](out)
        assert list(back["text"]) == list(df["text"]), ext
    with pytest.raises(ValueError, match="unknown output format"):
        write_articles(df, tmp_path / "a.xlsx")


def test_cli_writes_the_requested_number_of_lines(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.jsonl"
    main(["--n", "7", "--seed", "2", "--out", str(out)])
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 7 and set(rows[0]) == set(COLUMNS)
    assert "wrote 7" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [dict(n=-1), dict(n=3, months=0), dict(n=3, words=(500, 100))])
def test_bad_arguments_raise(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        generate_articles(**bad)  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 15), seed=st.integers(0, 2**32), months=st.integers(1, 30),
       lo=st.integers(1, 400))
def test_any_size_and_seed_gives_n_unique_rows(n: int, seed: int, months: int, lo: int) -> None:
    df = generate_articles(n, seed, months=months, words=(lo, lo + 50))
    assert len(df) == n and df["id"].is_unique
    assert (df["text"].str.len() > 0).all()


# ---- the files committed under data/ ---------------------------------------------------

def test_bundled_sample_loads_with_its_promised_size() -> None:
    from lib.corpus import load_corpus

    result = load_corpus(SAMPLE_DIR)
    arts = result.articles
    assert not result.report.skipped
    assert len(arts) >= 150
    # The rare cases the dashboard has to show, each at least twice even in 200 rows.
    assert result.report.duplicates_folded >= 2 and result.report.undated >= 2
    assert (arts["source"] == "Continental Wire Service").sum() >= 5
    assert {"Le Courrier d'Aubin", "Nordhafener Tagblatt"} <= set(arts["source"])
    assert arts["date"].dt.to_period("M").nunique() >= 18
    assert arts["source"].nunique() >= 5
    assert {f.split(":")[0].rsplit(".", 1)[-1] for f in arts["file"]} >= {"jsonl", "md", "txt"}
    text = "\n".join(arts["text"])
    assert sum(p.surname in text for p in load_vocab().people) >= 25


def test_bundled_sample_is_what_the_documented_command_writes(tmp_path: Path) -> None:
    main(["--n", "200", "--seed", "2024", "--bundle", str(tmp_path)])
    for f in SAMPLE_DIR.iterdir():
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name


def test_seed_article_is_dated_from_its_name_and_body_is_unchanged() -> None:
    assert SHARED_SEED.exists(), f"shared seed missing: {SHARED_SEED}"
    files = list(SEED_DIR.glob("*.txt"))
    assert len(files) == 1
    assert re.match(r"2024-(0[89]|1[0-2])-\d{2}-", files[0].name)
    raw = files[0].read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n---\n")
    assert head.startswith("---\n") and "source: UNN" in head and sep
    assert body == SHARED_SEED.read_text(encoding="utf-8")
