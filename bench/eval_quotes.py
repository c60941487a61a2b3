"""Score `lib.quotes.extract_quotes` on PolNeAR-format JSONL, a damaged copy of it, and the seed.

Usage: python -m bench.eval_quotes --data ../shared/data/quotes/polnear-dev.jsonl
By default prints the seed check, then `damaged: …` (a seeded copy with swapped curly/straight
marks, dropped paragraph-opening marks and stray spaces), and LAST the clean `quotes: …` line.
--damaged prints only the damaged line (labelled `quotes:`); --no-damaged / --no-seed / --no-timing
skip parts. articles_per_s times the whole `extract_quotes` in CPU seconds of this one process
(wall time on a shared machine mostly measures the neighbours), each pass a first sight of the
text: every per-process reading of names is forgotten before it (`lib.quotes.clear_caches`), as
a build meeting a new corpus pays; best of 3 such cold passes. The `timing:` line splits it into
span+mention finding and the `lib.speakers` resolver, with wall time, and the warm rate for
comparison.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib import accel
from lib.quotes import Quote, clear_caches, extract_quotes

_ROOT = Path(__file__).resolve().parent.parent
_SEED_TEXT = _ROOT.parent / "shared" / "seed" / "000_e020959c31ef5263.txt"
_SEED_GOLD = _ROOT.parent / "shared" / "data" / "seed" / "000_e020959c31ef5263.gold.json"
_MARK = re.compile(r"[\"“”]")
_TAG = re.compile(r"<[^<>\n]*>")


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    speaker: float
    speaker_given_match: float
    n_gold: int
    articles_per_s: float

    def line(self, label: str) -> str:
        return (f"{label}: precision={self.precision:.3f} recall={self.recall:.3f} "
                f"f1={self.f1:.3f} speaker={self.speaker:.3f} "
                f"speaker_given_match={self.speaker_given_match:.3f} n_gold={self.n_gold} "
                f"articles_per_s={self.articles_per_s:.0f}")


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match(preds: list[Quote], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (pred, gold) pairs, largest overlap first, pred covering >= half the gold."""
    cands = []
    for i, p in enumerate(preds):
        for j, g in enumerate(gold):
            ov = _overlap(p.start, p.end, g["start"], g["end"])
            if ov > 0 and 2 * ov >= g["end"] - g["start"]:
                cands.append((ov, i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _cold_passes(texts: list[str], fn: Any, repeats: int) -> tuple[float, float, list[Any]]:
    """Best CPU and wall seconds of `repeats` passes, each after forgetting every reading of names:
    the same articles a second time would only measure a cache of them."""
    cpu = wall = float("inf")
    out: list[Any] = []
    for _ in range(repeats):
        clear_caches()
        c0, w0 = time.process_time(), time.perf_counter()
        out = [fn(t) for t in texts]
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall, out


def score(records: list[dict[str, Any]], repeats: int = 3) -> Scores:
    n_pred = n_gold = n_match = n_spk = spk_ok = spk_match = 0
    best, _, found = _cold_passes([r["text"] for r in records], extract_quotes, repeats)
    for r, quotes in zip(records, found, strict=True):
        preds = [q for q in quotes if q.kind == "direct"]
        gold = r["quotes"]
        pairs = match(preds, gold)
        n_pred += len(preds)
        n_gold += len(gold)
        n_match += len(pairs)
        n_spk += sum(1 for g in gold if g.get("speaker_start") is not None)
        for i, j in pairs:
            g, p = gold[j], preds[i]
            if g.get("speaker_start") is None:
                continue
            spk_match += 1
            if p.speaker_start is not None and p.speaker_end is not None and _overlap(
                p.speaker_start, p.speaker_end, g["speaker_start"], g["speaker_end"]
            ):
                spk_ok += 1
    p = n_match / n_pred if n_pred else 0.0
    rc = n_match / n_gold if n_gold else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    return Scores(p, rc, f1, spk_ok / n_spk if n_spk else 0.0,
                  spk_ok / spk_match if spk_match else 0.0, n_gold,
                  len(records) / best if best > 0 else 0.0)


def time_parts(records: list[dict[str, Any]], repeats: int = 3) -> str:
    """Throughput of quote spans + mentions alone and of the whole call, CPU and wall clock,
    first sight of the text (cold); the whole call once more on a warm process for comparison."""
    from lib.quotes import _find

    texts = [r["text"] for r in records]
    n = len(texts)

    def rate(seconds: float) -> float:
        return n / seconds if seconds > 0 else 0.0

    s_cpu, s_wall, _ = _cold_passes(texts, _find, repeats)
    f_cpu, f_wall, _ = _cold_passes(texts, extract_quotes, repeats)
    c0 = time.process_time()
    for t in texts:
        extract_quotes(t)
    warm = time.process_time() - c0
    share = 1 - s_cpu / f_cpu if f_cpu else 0.0
    return (f"timing: spans_and_mentions_per_s={rate(s_cpu):.0f} (wall {rate(s_wall):.0f}) "
            f"extract_quotes_per_s={rate(f_cpu):.0f} (wall {rate(f_wall):.0f}) "
            f"resolver_share={share:.2f} warm_extract_quotes_per_s={rate(warm):.0f} "
            f"compiled={accel.status()}")


def _damage_one(r: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    text: str = r["text"]
    tags = [m.span() for m in _TAG.finditer(text)]
    edits: dict[int, tuple[int, str]] = {}  # pos -> (chars deleted, inserted)
    para_starts = {0} | {i + 1 for i, c in enumerate(text) if c == "\n"}
    for q in r["quotes"]:
        s, e = q["start"], q["end"]
        if s > 0 and _MARK.match(text, s - 1) and s - 1 in para_starts and rng.random() < 0.5:
            edits[s - 1] = (1, "")
        if e < len(text) and _MARK.match(text, e) and rng.random() < 0.3:
            edits.setdefault(e, (0, " "))
    for m in _MARK.finditer(text):
        pos = m.start()
        if edits.get(pos, (0, " "))[0] or any(a <= pos < b for a, b in tags) \
                or rng.random() >= 0.3:
            continue
        new = rng.choice("“”") if m.group() == '"' else '"'
        # A closing mark that got a stray space before it can be swapped as well.
        edits[pos] = (1, " " + new) if pos in edits else (1, new)
    out, shifts, last = [], [], 0
    for pos in sorted(edits):
        dele, ins = edits[pos]
        if pos in edits and ins == " " and dele == 0:
            out.append(text[last:pos] + " ")
            last = pos
        else:
            out.append(text[last:pos] + ins)
            last = pos + dele
        shifts.append((pos, len(ins) - dele, dele))
    out.append(text[last:])

    def move(x: int, is_end: bool) -> int:
        d = 0
        for pos, delta, dele in shifts:
            if pos < x or (pos == x and dele == 0 and not is_end):
                d += delta
        return x + d

    new_text = "".join(out)
    quotes = []
    for q in r["quotes"]:
        q2 = dict(q)
        q2["start"], q2["end"] = move(q["start"], False), move(q["end"], True)
        if q.get("speaker_start") is not None:
            q2["speaker_start"] = move(q["speaker_start"], False)
            q2["speaker_end"] = move(q["speaker_end"], True)
        assert new_text[q2["start"] : q2["end"]] == q["text"], (r["id"], q["text"])
        quotes.append(q2)
    return {**r, "text": new_text, "quotes": quotes}


def damage(records: list[dict[str, Any]], seed: int = 20240531) -> list[dict[str, Any]]:
    """The seeded damaged copy: the same gold quotes, messier marks, offsets recomputed."""
    rng = random.Random(seed)
    return [_damage_one(r, rng) for r in records]


def seed_check() -> str:
    text = _SEED_TEXT.read_text(encoding="utf-8")
    gold = json.loads(_SEED_GOLD.read_text(encoding="utf-8"))["quotes"]
    preds = extract_quotes(text)
    found: dict[str, int] = {"direct": 0, "indirect": 0}
    names: set[str | None] = set()
    for kind in found:
        gk = [g for g in gold if g["kind"] == kind]
        pk = [p for p in preds if kind == "indirect" or p.kind == "direct"]
        for i, j in match(pk, gk):
            found[kind] += 1
            if gk[j]["speaker"] == "Ingrida Šimonytė":
                names.add(pk[i].speaker)
    wrong = sum(1 for p in preds if p.speaker and re.search("Macron|Putin", p.speaker))
    n_dir = sum(1 for g in gold if g["kind"] == "direct")
    n_ind = len(gold) - n_dir
    return (f"seed: direct={found['direct']}/{n_dir} indirect={found['indirect']}/{n_ind} "
            f"simonyte_speakers={sorted(map(str, names))} macron_or_putin={wrong}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--damaged", action="store_true", help="score only the damaged copy")
    ap.add_argument("--no-damaged", action="store_true")
    ap.add_argument("--no-seed", action="store_true")
    ap.add_argument("--no-timing", action="store_true", help="skip the spans-only timing line")
    ap.add_argument("--seed", type=int, default=20240531, help="damage seed")
    args = ap.parse_args()
    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    if args.damaged:
        print(score(damage(records, args.seed)).line("quotes"))
        return
    if not args.no_seed:
        print(seed_check())
    if not args.no_damaged:
        print(score(damage(records, args.seed)).line("damaged"))
    if not args.no_timing:
        print(time_parts(records))
    print(score(records).line("quotes"))


if __name__ == "__main__":
    main()
