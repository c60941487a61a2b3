"""Keyword tables of one corpus (keyphrases per article, terms per quote, topics) and the
queries the pages run over them: a filtered set's keyphrases, what sets one speaker apart.

Scores are fitted once per corpus (``build_keyword_tables``, or ``tables_from_parts`` over what
the build's per-article step counted with ``keyword_parts``); the query functions only group the
precomputed tables, so the pages never refit. Extraction lives in ``lib.keyphrases``, topics in
``lib.topics``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from lib import keyword_parts as kp
from lib import stoplist
from lib.keyphrases import ABSORB_SHARE, BATCH, Keyphrase, KeyphraseExtractor, display
from lib.phrases import available_languages
from lib.topics import fit_topics, topic_shares  # re-exported: pages find every query here

ARTICLE_TERMS = 30       # keyphrases kept per article in article_terms


# -- corpus tables (build time) ----------------------------------------------------------------
def _article_texts(articles: pd.DataFrame) -> list[str]:
    texts = articles["text"].fillna("").astype(str).tolist() if "text" in articles else []
    if "title" not in articles:
        return texts
    # The title goes first (a reader's picks lean on it) unless the text already opens with it.
    out = []
    for title, text in zip(articles["title"].tolist(), texts, strict=True):
        title = title.strip() if isinstance(title, str) else ""
        out.append(f"{title}\n{text}" if title and not text.lstrip().startswith(title) else text)
    return out


def _langs(frame: pd.DataFrame, n: int) -> list[str | None]:
    if "lang" not in frame:
        return [None] * n
    return [v if isinstance(v, str) and v in available_languages() else None
            for v in frame["lang"].tolist()]


@dataclass(frozen=True, slots=True)
class KeywordParts:
    """What the per-article step counts for keywords over a run of articles and their quotes;
    ``tables_from_parts`` merges runs into the corpus tables."""

    articles: kp.Candidates
    quotes: kp.QuoteCounts


@lru_cache(maxsize=1)
def _worker_extractor() -> KeyphraseExtractor:
    """One extractor per process: its vocabulary is a cache the process's batches share."""
    return KeyphraseExtractor()


def keyword_parts(articles: pd.DataFrame, quote_texts: Sequence[str],
                  quote_articles: Sequence[int], ex: KeyphraseExtractor | None = None,
                  ) -> KeywordParts:
    """Candidates of ``articles`` (article_id, text, optional title and lang) and word counts of
    quotes (``quote_articles``: each quote's row in ``articles``), for ``tables_from_parts``."""
    if ex is None:
        ex = _worker_extractor()
    texts = _article_texts(articles)
    langs = _langs(articles, len(texts))
    cands = ex.candidates(texts, langs) if texts else kp.empty_candidates(ex.max_words)
    if not len(quote_texts):
        return KeywordParts(cands, kp.empty_quote_counts())
    q_langs = [langs[i] for i in quote_articles]
    texts_q = [t if isinstance(t, str) else "" for t in quote_texts]
    tokens, _grams, pairs = ex.scan(texts_q, q_langs, max_words=2)
    return KeywordParts(cands, kp.quote_counts(ex.vocab, tokens, pairs))


def build_keyword_tables(articles: pd.DataFrame, quotes: pd.DataFrame,
                         stopwords: Iterable[str] = (), n_topics: int | None = None,
                         ) -> dict[str, pd.DataFrame]:
    """article_terms, quote_terms, topics and article_topics for one corpus (see ARCHITECTURE)."""
    ex = KeyphraseExtractor(stopwords)
    texts = _article_texts(articles)
    ids = articles["article_id"].astype(str).tolist() if len(texts) else []
    langs = _langs(articles, len(texts))
    cands = [ex.candidates(chunk, chunk_langs)
             for chunk, chunk_langs in _runs(texts, langs, BATCH)]
    q_ids: list[str] = []
    q_parts: list[kp.QuoteCounts] = []
    if not quotes.empty and "quote_id" in quotes and "text" in quotes:
        lang_of: dict[str, str | None] = {}
        if "lang" in articles and "article_id" in articles:
            # ``langs`` already reads every article's language when the column is there.
            lang_of = dict(zip(articles["article_id"].astype(str), langs, strict=True))
        q_ids = quotes["quote_id"].astype(str).tolist()
        q_texts = [t if isinstance(t, str) else "" for t in quotes["text"].tolist()]
        aids = (quotes["article_id"].astype(str).tolist() if "article_id" in quotes
                else [""] * len(q_ids))
        q_langs = [lang_of.get(a) for a in aids]
        for chunk, chunk_langs in _runs(q_texts, q_langs, 20 * BATCH):
            tokens, _grams, pairs = ex.scan(chunk, chunk_langs, max_words=2)
            q_parts.append(kp.quote_counts(ex.vocab, tokens, pairs))
    return _tables(ex, ids, kp.Runs(cands), q_ids, q_parts, n_topics)


def tables_from_parts(article_ids: Sequence[str], quote_ids: Sequence[str],
                      parts: Sequence[KeywordParts], n_topics: int | None = None,
                      ) -> dict[str, pd.DataFrame]:
    """``build_keyword_tables`` from the per-article step's parts (runs in corpus order)."""
    runs = kp.Runs([p.articles for p in parts])
    return _tables(KeyphraseExtractor(), list(article_ids), runs, list(quote_ids),
                   [p.quotes for p in parts], n_topics)


def _runs(texts: list[str], langs: list[str | None], size: int,
          ) -> Iterable[tuple[list[str], list[str | None]]]:
    for lo in range(0, len(texts), size):
        yield texts[lo:lo + size], langs[lo:lo + size]


def _tables(ex: KeyphraseExtractor, article_ids: list[str], runs: kp.Runs,
            quote_ids: list[str], q_parts: Sequence[kp.QuoteCounts], n_topics: int | None,
            ) -> dict[str, pd.DataFrame]:
    ids = np.asarray(article_ids, dtype=object)
    ranked = ex.rank_runs(runs, ARTICLE_TERMS)
    top = ranked.groupby("doc", sort=False)["score"].transform("max")
    article_terms = pd.DataFrame({
        "article_id": pd.Series(ids[ranked["doc"].to_numpy()], dtype="string"),
        "term": pd.Series(one_spelling(ranked["term"].to_numpy()), dtype="string"),
        "weight": (ranked["score"] / top).to_numpy(dtype="float64"),
    })
    quote_terms = _quote_terms(quote_ids, q_parts)
    topics, article_topics = fit_topics(article_terms, n_topics)
    return {"article_terms": article_terms, "quote_terms": quote_terms,
            "topics": topics, "article_topics": article_topics}


def one_spelling(terms: np.ndarray) -> np.ndarray:
    """Each term spelled one way across the corpus: the spelling most articles use, among those
    that differ only in case or in a compound's hyphen (the first seen on a tie). Each article
    spells its keyphrases as it mostly writes them, so "Minister" (a title) and "minister",
    "GREYHAVEN" in a headline, or "far right" and "far-right", would otherwise split one term's
    weight into two rows, two filter options, two topic terms."""
    codes, spellings = pd.factorize(terms)  # a missing term is code -1, and stays missing
    if not len(spellings):
        return terms
    uses = np.bincount(codes[codes >= 0], minlength=len(spellings))
    # case aside, and a hyphen or a space between a compound's words ("far-right", "far right")
    low_codes, _ = pd.factorize(pd.Index(spellings).str.lower().str.replace("-", " ",
                                                                            regex=False))
    # each lower-case form's spellings together, most used first (a stable sort keeps the
    # first seen ahead on a tie); the first of each group is the form's one spelling
    order = np.lexsort((-uses, low_codes))
    heads = order[np.r_[True, low_codes[order][1:] != low_codes[order][:-1]]]
    best = np.empty(low_codes.max() + 1, dtype=np.int64)
    best[low_codes[heads]] = heads
    chosen: np.ndarray = np.asarray(spellings, dtype=object)[best[low_codes]][codes]
    chosen[codes < 0] = np.asarray(terms, dtype=object)[codes < 0]
    return chosen


def _quote_terms(quote_ids: list[str], parts: Sequence[kp.QuoteCounts]) -> pd.DataFrame:
    """Counts of words and two-word phrases per quote, spelled one way across the corpus."""
    empty = pd.DataFrame({"quote_id": pd.Series(dtype="string"),
                          "term": pd.Series(dtype="string"), "count": pd.Series(dtype="int64")})
    q, h, count, cap, lower, first_surface = kp.concat_quotes(parts, 20 * BATCH)
    if not len(q):
        return empty
    qids = np.asarray(quote_ids, dtype=object)
    pairs = pd.DataFrame({"h": h, "count": count, "cap": cap, "lower": lower})
    # One spelling per candidate across the corpus: its first surface, capitalised when more
    # uses are capitalised than written in lower case (`display`).
    per = pairs.groupby("h", sort=False).agg(cap=("cap", "sum"), lower=("lower", "sum"))
    spelled = {h: display(first_surface[h], int(c), int(low))
               for h, c, low in zip(per.index.tolist(), per["cap"].tolist(),
                                    per["lower"].tolist(), strict=True)}
    return pd.DataFrame({"quote_id": pd.Series(qids[q], dtype="string"),
                         "term": pd.Series(pairs["h"].map(spelled).to_numpy(), dtype="string"),
                         "count": count})


# -- queries (every rerun; group the precomputed tables, never refit) -------------------------
def _drop_stopwords(terms: pd.Series, stopwords: Iterable[str]) -> pd.Series:
    """Mask of terms that contain none of the user's words or phrases (`lib.stoplist`)."""
    return pd.Series(~stoplist.hidden(terms, stopwords), index=terms.index)


def _as_str_index(ids: Iterable[str]) -> pd.Index:
    """Ids as a string index, without copying into a list when they already are an array."""
    if isinstance(ids, pd.Index | pd.Series | np.ndarray):
        return pd.Index(ids).astype(str)
    return pd.Index(list(ids)).astype(str)


def top_terms(article_terms: pd.DataFrame, article_ids: Iterable[str] | None = None,
              n: int = 20, stopwords: Iterable[str] = ()) -> pd.DataFrame:
    """The filtered set's keyphrases: summed per-article weight, and in how many articles."""
    at = article_terms
    if article_ids is not None:
        at = at[at["article_id"].isin(_as_str_index(article_ids))]
    # A term appears once per article in article_terms, so a row count is an article count.
    g = at.groupby("term", sort=False, observed=True)["weight"].agg(["sum", "size"])
    g.columns = ["score", "articles"]
    g = g.reset_index()
    # User stopwords filter the few grouped terms, not the many rows.
    g = g[_drop_stopwords(g["term"].astype(str), stopwords).to_numpy()]
    g = g.sort_values(["score", "term"], ascending=[False, True], kind="stable")
    out = g.head(n).reset_index(drop=True)[["term", "score", "articles"]]
    return out.astype({"articles": "int64"})


def log_odds(counts_a: pd.Series, counts_b: pd.Series,
             prior: pd.Series | None = None) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior, as z-scores (Monroe, Colaresi & Quinn
    2008). Positive z: used more by a. ``prior`` defaults to the pooled counts of a and b."""
    a = counts_a.groupby(level=0).sum().astype("float64")
    b = counts_b.groupby(level=0).sum().astype("float64")
    terms = a.index.union(b.index)
    if prior is not None:
        p = prior.groupby(level=0).sum().astype("float64")
        # The prior's whole vocabulary is alpha_0, also the terms neither side used.
        terms = terms.union(p.index)
        p = p.reindex(terms, fill_value=0.0)
    else:
        p = a.reindex(terms, fill_value=0.0) + b.reindex(terms, fill_value=0.0)
    a, b = a.reindex(terms, fill_value=0.0), b.reindex(terms, fill_value=0.0)
    # A term the prior never saw still needs a pseudo-count, or its log-odds are infinite.
    p = p.clip(lower=0.01)
    a0, b0, p0 = a.sum(), b.sum(), p.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((a + p) / (a0 + p0 - a - p)) - np.log((b + p) / (b0 + p0 - b - p)))
        z = delta / np.sqrt(1.0 / (a + p) + 1.0 / (b + p))
    out = pd.DataFrame({"term": terms.astype(str), "z": z.to_numpy(dtype="float64"),
                        "count_a": a.to_numpy(dtype="int64"),
                        "count_b": b.to_numpy(dtype="int64")})
    out["z"] = out["z"].fillna(0.0)
    return out.sort_values(["z", "term"], ascending=[False, True], kind="stable",
                           ignore_index=True)


def fold_counts(lo: pd.DataFrame, count: str = "count_a") -> pd.DataFrame:
    """Drop a word or phrase used (nearly) only inside a longer listed phrase: "cap" when
    "price cap" has the same count (`count`: the column of the side being listed). Rows stay
    in their order."""
    # a compound's words are words of the phrase: "far-right" holds "far" and "right"
    keys = lo["term"].str.lower().str.replace("-", " ", regex=False)
    counts = dict(zip(keys, lo[count], strict=True))
    drop = set()
    for term, count in counts.items():
        words = term.split()
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                sub = " ".join(words[i:i + n])
                if sub in counts and count >= ABSORB_SHARE * counts[sub]:
                    drop.add(sub)
    return lo[~keys.isin(drop).to_numpy()] if drop else lo


def top_folded(lo: pd.DataFrame, n: int, count: str = "count_a") -> pd.DataFrame:
    """The first `n` rows of `lo` that `fold_counts` keeps: it drops at most a few rows per kept
    one, so it reads only the first 4n + 20."""
    return fold_counts(lo.head(4 * n + 20), count).head(n)


def compare(counts_a: pd.Series, counts_b: pd.Series, n: int = 12) -> pd.DataFrame:
    """`log_odds` of two speakers' term counts, cut to the `n` most distinctive terms of each
    side and folded per side: "departments" is not listed beside "emergency departments" when
    that side says it (nearly) only there. Rows by z, as `log_odds` orders them."""
    lo = log_odds(counts_a, counts_b)
    a = top_folded(lo[(lo["z"] > 0) & (lo["count_a"] > 0)], n)
    # b's side from its most distinctive, ties by term as on a's side (and in the chart)
    mine_b = lo[(lo["z"] < 0) & (lo["count_b"] > 0)].sort_values(
        ["z", "term"], kind="stable", ignore_index=True)
    b = top_folded(mine_b, n, "count_b")
    both = pd.concat([a, b], ignore_index=True)
    return both.sort_values(["z", "term"], ascending=[False, True], kind="stable",
                            ignore_index=True)


def term_totals(quote_terms: pd.DataFrame) -> pd.Series:
    """Each term's count over all quotes: the background `speaker_terms` compares against.
    The build stores it (`quote_term_totals`) so pages need not sum a million rows per rerun."""
    return quote_terms.groupby("term", observed=True)["count"].sum()


def speaker_terms(quote_terms: pd.DataFrame, quote_ids: Iterable[str], n: int = 20,
                  stopwords: Iterable[str] = (), totals: pd.Series | None = None) -> pd.DataFrame:
    """What the chosen quotes say more than all other quotes: term, z, count, quotes; by z.

    `totals` (from `term_totals`) saves recomputing the background on every call."""
    qt = quote_terms
    mask = qt["quote_id"].isin(_as_str_index(quote_ids)).to_numpy()
    mine = qt[mask]
    empty = pd.DataFrame({"term": pd.Series(dtype="string"), "z": pd.Series(dtype="float64"),
                          "count": pd.Series(dtype="int64"), "quotes": pd.Series(dtype="int64")})
    if mine.empty:
        return empty
    total = term_totals(qt) if totals is None else totals
    # A term appears once per quote in quote_terms, so a row count is a quote count.
    a = mine.groupby("term", observed=True)["count"].agg(["sum", "size"])
    keep = _drop_stopwords(total.index.to_series().astype(str), stopwords).to_numpy()
    total = total[keep]
    a = a[a.index.isin(total.index)]
    if a.empty:
        return empty
    b = total.sub(a["sum"], fill_value=0)
    lo = log_odds(a["sum"], b, prior=total)
    lo = top_folded(lo[lo["count_a"] > 0], n)
    return pd.DataFrame({"term": lo["term"].to_numpy(), "z": lo["z"].to_numpy(),
                         "count": lo["count_a"].to_numpy(),
                         "quotes": a["size"].reindex(lo["term"]).fillna(0).astype("int64")
                         .to_numpy()})


__all__ = ["ARTICLE_TERMS", "Keyphrase", "KeyphraseExtractor", "KeywordParts",
           "build_keyword_tables", "display", "fit_topics", "keyword_parts", "log_odds",
           "speaker_terms", "tables_from_parts", "term_totals", "top_terms", "topic_shares"]
