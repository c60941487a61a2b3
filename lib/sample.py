"""Seeded generator of the fictional sample corpus: outlets, people and quotes that never existed.

Deterministic for a seed, fast enough for 100k-article benchmarks; it writes articles only
(no analysis) and never puts words in real people's mouths.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import random
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa

from lib.sample_text import Org, Outlet, Person, Theme, Vocab, Writer, cap, load_vocab

COLUMNS = ["id", "title", "text", "date", "source", "author", "url"]
WIRE = "Continental Wire Service"

# Each block of BLOCK stories holds exactly these rare kinds, shuffled: even a 200-article
# sample then has every kind of mess, whatever the seed (independent draws could miss one).
BLOCK = 150
RARE = {
    "dup": 2,       # a recent article delivered again: same text, outlet and address
    "fr": 2,        # French and German: readability has to say "not available"
    "de": 2,
    "wire": 9,      # a wire story, then copied by 1-3 outlets with light edits
    "undated": 3,
}


def _kinds(rng: random.Random) -> Iterator[str]:
    while True:
        block = [k for k, c in RARE.items() for _ in range(c)]
        block += ["plain"] * (BLOCK - len(block))
        rng.shuffle(block)
        yield from block


def _theme_weight(name: str, month: int, t: float, months: int) -> float:
    """How much of the news `name` gets in a calendar month: drift for topics-over-time."""
    winter = (1 + math.cos(2 * math.pi * (month - 1) / 12)) / 2  # 1 in January, 0 in July
    def bump(centre: float, width: float) -> float:
        return math.exp(-(((t - centre) * months) / width) ** 2)
    return {
        "energy": 0.6 + 1.6 * winter,
        "housing": 0.5 + 1.2 * t,
        "transport": 0.6 + 3.0 * bump(0.35, 1.6),   # a transit strike
        "health": 0.5 + 2.5 * bump(0.08, 2.5),      # an outbreak early on
        "elections": 0.25 + 4.0 * bump(0.75, 1.8),  # the campaign and the count
        "climate": 0.4 + 1.4 * (1 - winter) + 0.6 * t,
    }.get(name, 1.0)


def _cum_weights(vocab: Vocab, start: date, months: int) -> list[list[float]]:
    names = list(vocab.themes)
    out = []
    for m in range(months):
        month = (start.month - 1 + m) % 12 + 1
        t = m / max(months - 1, 1)
        acc, row = 0.0, []
        for n in names:
            acc += _theme_weight(n, month, t, months)
            row.append(acc)
        out.append(row)
    return out


def _words_target(rng: random.Random, words: tuple[int, int]) -> int:
    # Cube root skews long: mean is lo + 3/4 (hi - lo), i.e. ~750 words for (300, 900),
    # the size of PolNeAR articles the speed targets are stated in.
    lo, hi = words
    return int(lo + (hi - lo) * rng.random() ** (1 / 3))


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:60]


def _speakers_for(rng: random.Random, vocab: Vocab, theme: str) -> list[Person | Org]:
    people = [p for p in vocab.people if theme in p.themes]
    k = min(len(people), rng.randint(2, 4))
    chosen: list[Person | Org] = list(rng.sample(people, k))
    # Now and then one of two people who share a surname turns up in the other's story.
    if rng.random() < 0.12:
        first = chosen[0]
        assert isinstance(first, Person)
        twins = [p for p in vocab.people if p.surname == first.surname and p is not first]
        chosen.extend(twins[:1])
    if rng.random() < 0.35:
        orgs = [o for o in vocab.orgs if theme in o.themes]
        if orgs:
            chosen.append(rng.choice(orgs))
    return chosen


def _english_body(rng: random.Random, vocab: Vocab, theme: Theme, target: int) -> str:
    w = Writer(rng, vocab, theme)
    speakers = _speakers_for(rng, vocab, theme.name)
    main = speakers[0]
    paras = [w.lead(main)]
    n_words = paras[0].count(" ") + 1
    turn = 0
    while n_words < target:
        if rng.random() < 0.62:
            # The main speaker gets about half of the quotes, as in most news copy.
            sp = main if rng.random() < 0.45 else speakers[turn % len(speakers)]
            turn += 1
            new = w.quote_block(sp)
        else:
            new = [w.facts_paragraph()]
        for p in new:
            paras.append(p)
            n_words += p.count(" ") + 1
    return "\n\n".join(paras)


def _foreign(rng: random.Random, vocab: Vocab, lang: str, target: int) -> tuple[str, str]:
    f = vocab.foreign[lang]
    o, c = ("« ", " »") if lang == "fr" else ("\u201e", "\u201c")
    place = rng.choice(vocab.misc["places"])
    slots = {"place": place, "num": str(rng.randrange(20, 900)), "pct": str(rng.randrange(3, 30))}
    subjects = rng.sample(f["subjects"], 5)
    preds = rng.sample(f["predicates"], 6)
    paras: list[str] = []
    n = 0
    while n < target:
        if rng.random() < 0.3:
            p = rng.choice(vocab.people)
            q = rng.choice(f["quotes"]).rstrip(".")  # « … », a déclaré X. / „…“, sagte X.
            para = f"{o}{q}{c}, {rng.choice(f['cues'])} {p.first} {p.surname}."
        else:
            sents = [rng.choice(f["facts"])] + [
                f"{rng.choice(subjects)} {rng.choice(preds)}{rng.choice(f['tails'])}."
                for _ in range(rng.randint(2, 3))]
            slots["num"], slots["pct"] = str(rng.randrange(20, 900)), str(rng.randrange(3, 30))
            para = " ".join(s.format_map(slots) for s in sents)
        paras.append(para)
        n += para.count(" ") + 1
    return rng.choice(f["headlines"]).format_map(slots), "\n\n".join(paras)


_DATELINE = re.compile(r"^[A-Z][A-Z ]+ \((?:CWS|Continental Wire Service)\) [—-] ")


def _light_edit(rng: random.Random, text: str, title: str) -> tuple[str, str]:
    """Syndicated copy as outlets run it: new headline, a dropped paragraph, a dateline."""
    paras = text.split("\n\n")
    if len(paras) > 4:
        del paras[rng.randrange(2, len(paras))]
    if rng.random() < 0.5:
        paras[0] = _DATELINE.sub("", paras[0], count=1)
    out = "\n\n".join(paras)
    if rng.random() < 0.5:
        out = out.replace(" said.", " told reporters.", 1)
    return out, (title if rng.random() < 0.4 else f"{title.split(' in ')[0]}: what we know")


_CHUNK = 2048
PART = 10_000


def _to_table(rows: list[tuple[str, str, str, str | None, str, str, str]]) -> pa.Table:
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS)
    return pa.table({c: pa.array(v, type=pa.string()) for c, v in zip(COLUMNS, cols, strict=True)})


def generate_articles(n: int, seed: int = 0, *, start: str = "2023-01-01", months: int = 20,
                      words: tuple[int, int] = (300, 900), workers: int | None = None,
                      ) -> pd.DataFrame:
    """`n` fictional articles, identical for the same arguments (whatever `workers` is).

    Columns id, title, text, date ("YYYY-MM-DD", None = undated), source, author, url.
    Above PART articles the parts are written in parallel (`workers`, default all cores).
    """
    if n < 0 or months < 1 or not 0 < words[0] <= words[1]:
        raise ValueError(f"bad sample size: n={n}, months={months}, words={words}")
    # Parts are seeded by their index, never by the worker that writes them, so the output
    # does not depend on the machine; part 0 uses `seed` itself, so small samples stay put.
    jobs = [(min(PART, n - off), seed if off == 0 else f"{seed}:{off // PART}", off, seed,
             start, months, words) for off in range(0, max(n, 1), PART)]
    if len(jobs) == 1 or workers == 1:
        tables = [_generate_part(*job) for job in jobs]
    else:
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as ex:
            tables = list(ex.map(_generate_part, *zip(*jobs, strict=True)))
    return pa.concat_tables(tables).to_pandas()


def _generate_part(n: int, rng_seed: int | str, offset: int, seed: int, start: str, months: int,
                   words: tuple[int, int]) -> pa.Table:
    vocab = load_vocab()
    rng = random.Random(rng_seed)
    d0 = date.fromisoformat(start)
    end = date(d0.year + (d0.month - 1 + months) // 12, (d0.month - 1 + months) % 12 + 1, 1)
    span = (end - d0).days
    cum = _cum_weights(vocab, d0, months)
    theme_names = list(vocab.themes)
    local = [o for o in vocab.outlets if o.lang == "en" and o.name != WIRE]
    wire = next(o for o in vocab.outlets if o.name == WIRE)
    foreign = [o for o in vocab.outlets if o.lang != "en"]
    authors = vocab.misc["authors"]
    # Rows go to Arrow in chunks: 100k articles as Python strings would need ~2 GB at peak.
    rows: list[tuple[str, str, str, str | None, str, str, str]] = []
    chunks: list[pa.Table] = []
    count = 0

    def add(title: str, text: str, day: date | None, outlet: Outlet, author: str) -> None:
        nonlocal count
        d = day.isoformat() if day else None
        path = f"{day:%Y/%m}" if day else "undated"
        i = offset + count
        url = f"https://{outlet.domain}/{path}/{_slug(title)}-{i}"
        rows.append((f"s{seed}-{i:06d}", title, text, d, outlet.name, author, url))
        count += 1
        if len(rows) >= _CHUNK:
            chunks.append(_to_table(rows))
            rows.clear()

    kinds = _kinds(rng)
    owed_dups = 0  # a re-run drawn before there is anything to re-run waits for the next story
    while count < n:
        kind = next(kinds)
        if kind == "dup" or (owed_dups and rows):
            if not rows:
                owed_dups += 1
                continue
            owed_dups = max(owed_dups - (kind != "dup"), 0)
            src = rows[rng.randrange(len(rows))]  # a recent article, still in this chunk
            rng.choice(local)  # drawn as before, so every later row of a seed stays the same
            # The same item delivered twice (same outlet, same address) under a new id: the
            # loader folds it. A copy in another outlet is a wire copy, and stays an article.
            rows.append((f"s{seed}-{offset + count:06d}", *src[1:]))
            count += 1
            continue
        day = d0 + timedelta(days=rng.randrange(span))
        if kind in ("fr", "de"):
            outlet = next(o for o in foreign if o.lang == kind)
            title, text = _foreign(rng, vocab, kind, _words_target(rng, words))
            add(title, text, day, outlet, rng.choice(authors))
            continue
        m = (day.year - d0.year) * 12 + day.month - d0.month
        row = cum[min(m, months - 1)]
        theme = vocab.themes[theme_names[bisect.bisect(row, rng.random() * row[-1])]]
        place = rng.choice(vocab.misc["places"])
        title = cap(rng.choice(theme.headlines).format(
            place=place, term=rng.choice(theme.terms), num=rng.randrange(3, 40),
            pct=rng.randrange(2, 15)))
        text = _english_body(rng, vocab, theme, _words_target(rng, words))
        if kind == "wire":
            text = f"{place.upper()} {rng.choice(vocab.misc['wire_tags'])}{text}"
            add(title, text, day, wire, "CWS staff")
            for outlet in rng.sample(local, rng.randint(1, 3)):
                if count >= n:
                    break
                t2, h2 = _light_edit(rng, text, title)
                add(h2, t2, day + timedelta(days=rng.randrange(2)), outlet, rng.choice(authors))
            continue
        add(title, text, None if kind == "undated" else day, rng.choice(local),
            rng.choice(authors))
    chunks.append(_to_table(rows))
    return pa.concat_tables(chunks)


def write_articles(df: pd.DataFrame, out: Path) -> None:
    """Write by extension: .jsonl/.ndjson, .parquet or .csv."""
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with open(out, "w", encoding="utf-8") as fh:
            for lo in range(0, len(df), _CHUNK):  # by chunk: 100k dicts at once cost ~1 GB
                for rec in df.iloc[lo : lo + _CHUNK].to_dict(orient="records"):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif suffix == ".parquet":
        df.to_parquet(out, index=False)
    elif suffix == ".csv":
        df.to_csv(out, index=False)
    else:
        raise ValueError(f"{out}: unknown output format {suffix!r} (use .jsonl, .parquet or .csv)")


def _front_matter(rec: dict[str, str | None], keys: Sequence[str]) -> str:
    lines = [f"{k}: {rec[k]}" for k in keys if rec.get(k)]
    return "---\n" + "\n".join(lines) + "\n---\n"


def write_bundle(out_dir: Path, n: int = 200, seed: int = 2024, n_files: int = 8) -> None:
    """The bundled sample: most rows as JSONL, a few as .md/.txt files to show the loader's range.

    .md files carry everything in front matter; .txt files carry the date in the file name,
    the headline as the first line and the outlet in front matter.
    """
    df = generate_articles(n, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    # A regenerated bundle replaces the old one; stale files would silently join the corpus.
    for pattern in ("articles.jsonl", "s*-[0-9]*.md", "[0-9][0-9][0-9][0-9]-[0-9][0-9]-*.txt"):
        for old in out_dir.glob(pattern):
            old.unlink()
    # Files take dated, English, non-duplicate rows so their names and titles mean something.
    dup = df["text"].duplicated(keep=False)
    english = {o.name for o in load_vocab().outlets if o.lang == "en"}
    pick = df.index[df["date"].notna() & ~dup & df["source"].isin(english)]
    files = set(pick[:: max(len(pick) // n_files, 1)][:n_files])
    write_articles(df.drop(index=list(files)), out_dir / "articles.jsonl")
    for k, i in enumerate(sorted(files)):
        rec = df.loc[i].to_dict()
        if k % 2 == 0:
            body = _front_matter(rec, ("id", "title", "date", "source", "author", "url"))
            (out_dir / f"{rec['id']}.md").write_text(f"{body}\n{rec['text']}\n", encoding="utf-8")
        else:
            body = _front_matter(rec, ("source", "author"))
            name = f"{rec['date']}-{_slug(rec['title'])}.txt"
            text = f"{body}{rec['title']}\n\n{rec['text']}\n"
            (out_dir / name).write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m lib.sample", description=__doc__)
    ap.add_argument("--n", type=int, default=200, help="number of articles")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="FILE.jsonl, .parquet or .csv")
    ap.add_argument("--bundle", type=Path, help="write the mixed-format bundled sample to DIR")
    ap.add_argument("--start", default="2023-01-01")
    ap.add_argument("--months", type=int, default=20)
    ap.add_argument("--workers", type=int, help="processes for large n (default: all cores)")
    args = ap.parse_args(argv)
    if args.bundle:
        write_bundle(args.bundle, args.n, args.seed)
        print(f"wrote {args.n} articles to {args.bundle}")
    if args.out:
        df = generate_articles(args.n, args.seed, start=args.start, months=args.months,
                               workers=args.workers)
        write_articles(df, args.out)
        print(f"wrote {args.n} articles to {args.out}")
    if not (args.bundle or args.out):
        ap.error("give --out FILE or --bundle DIR")


if __name__ == "__main__":
    main()
