"""Topics: NMF over the articles' keyphrase weights, labelled by their top terms, and their share
of articles over time. Fitted once at build time from ``article_terms``; it does not read text.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

TOPIC_TERMS = 10        # terms kept per topic in the topics table
LABEL_TERMS = 3         # of which this many name it
FIT_SAMPLE = 20_000     # articles NMF is fitted on; the rest are only transformed
MIN_WEIGHT = 0.15       # an article's share of a topic below this is noise, dropped
# NMF stops once its coordinate-descent steps are this small next to the first ones. At
# scikit-learn's 1e-4 a 10k-article fit ran ~190 iterations (1.5 s); at 1e-3 it stops after ~30
# (0.6 s) with the same labels up to the order of a term, and 96% of articles keep their main
# topic. The topics are read from the top terms, not from the loss.
NMF_TOL = 1e-3


def _empty() -> tuple[pd.DataFrame, pd.DataFrame]:
    topics = pd.DataFrame({"topic": pd.Series(dtype="int64"), "label": pd.Series(dtype="string"),
                           "terms": pd.Series(dtype="object")})
    article_topics = pd.DataFrame({"article_id": pd.Series(dtype="string"),
                                   "topic": pd.Series(dtype="int64"),
                                   "weight": pd.Series(dtype="float64")})
    return topics, article_topics


def preload() -> None:
    """Import scikit-learn's NMF now: a build's parent does it while its workers analyse, so
    the keyword step (a forked child) does not spend 1-2 s importing it afterwards."""
    import sklearn.decomposition  # noqa: F401


def default_topic_count(n_articles: int) -> int:
    """Few topics for few articles: about one per 15 articles, between 2 and 12."""
    return int(min(12, max(2, round(n_articles / 15))))


def fit_topics(article_terms: pd.DataFrame, n_topics: int | None = None,
               seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(topics, article_topics) from article_terms (article_id, term, weight).

    Each article's topic weights sum to 1 over the topics it belongs to; articles without
    keyphrases have no row. Fewer than three articles or terms give empty tables.
    """
    # Imported here: the dashboard only reads fitted topics, and importing scikit-learn would
    # cost every cold start of a keyword page 2-4 s.
    from scipy.sparse import csr_matrix
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.preprocessing import normalize

    if article_terms.empty:
        return _empty()
    art_codes, art_ids = pd.factorize(article_terms["article_id"].astype(str))
    term_codes, terms = pd.factorize(article_terms["term"].astype(str))
    if len(art_ids) < 3 or len(terms) < 3:
        return _empty()
    k = n_topics or default_topic_count(len(art_ids))
    k = max(1, min(k, len(art_ids) - 1, len(terms) - 1))
    x = csr_matrix((article_terms["weight"].to_numpy(dtype="float64"), (art_codes, term_codes)),
                   shape=(len(art_ids), len(terms)))
    # A term in one article only cannot join articles into a topic; it only adds noise.
    df = np.asarray((x > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df >= 2)
    if len(keep) < k + 1:
        return _empty()
    x = normalize(x[:, keep])
    kept_terms = terms[keep]
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=200,
                tol=NMF_TOL)
    # Labels and shares settle well before the loss does; an unconverged fit is not an error.
    warnings.filterwarnings("ignore", category=ConvergenceWarning, module="sklearn")
    if x.shape[0] > FIT_SAMPLE:
        # Topics settle long before 100k articles: fit on a sample, then place every article.
        rows = np.random.default_rng(seed).choice(x.shape[0], FIT_SAMPLE, replace=False)
        model.fit(x[np.sort(rows)])
        w = model.transform(x)
    else:
        w = model.fit_transform(x)
    h = model.components_
    topic_rows = []
    for t in range(k):
        order = np.argsort(-h[t])[:TOPIC_TERMS]
        top = [str(kept_terms[i]) for i in order if h[t, i] > 0]
        topic_rows.append({"topic": t, "label": " · ".join(top[:LABEL_TERMS]) or f"topic {t}",
                           "terms": top})
    topics = pd.DataFrame(topic_rows).astype({"topic": "int64", "label": "string"})

    total = w.sum(axis=1, keepdims=True)
    share = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    share[share < MIN_WEIGHT] = 0.0
    total = share.sum(axis=1, keepdims=True)
    share = np.divide(share, total, out=np.zeros_like(share), where=total > 0)
    rows, cols = np.nonzero(share)
    article_topics = pd.DataFrame({
        "article_id": pd.Series(art_ids[rows], dtype="string"),
        "topic": cols.astype("int64"),
        "weight": share[rows, cols].astype("float64"),
    })
    return topics, article_topics


def topic_shares(article_topics: pd.DataFrame, articles: pd.DataFrame, freq: str = "MS",
                 topics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share of the (filtered) dated articles per period that are on each topic: those where it
    takes at least ``MIN_WEIGHT`` (the rows of ``article_topics``), as the Topic filter keeps
    them, so a topic chosen in the filter reads 100%. An article may be on several topics, so
    the shares of one period can add up to more than 1. ``topics`` supplies labels; without it
    they read "topic N".
    """
    cols = {"period": pd.Series(dtype="datetime64[ns]"), "topic": pd.Series(dtype="int64"),
            "label": pd.Series(dtype="string"), "share": pd.Series(dtype="float64")}
    if articles.empty or "date" not in articles:
        return pd.DataFrame(cols)
    dated = articles[["article_id", "date"]].copy()
    dated["article_id"] = dated["article_id"].astype(str)
    dated["date"] = pd.to_datetime(dated["date"], errors="coerce")
    dated = dated.dropna(subset=["date"]).drop_duplicates("article_id")
    if dated.empty:
        return pd.DataFrame(cols)
    per_period = dated.groupby(pd.Grouper(key="date", freq=freq))["article_id"].count()
    at = article_topics.assign(article_id=article_topics["article_id"].astype(str))
    merged = at.merge(dated, on="article_id", how="inner")
    if merged.empty:
        return pd.DataFrame(cols)
    sums = merged.groupby([pd.Grouper(key="date", freq=freq), "topic"])["weight"].count() \
        .astype("float64")
    # every period with articles, for every topic: a month without the topic is a zero on
    # the chart, not a straight line drawn across it
    periods = per_period.index[per_period.to_numpy() > 0]
    full = pd.MultiIndex.from_product([periods, sums.index.get_level_values(1).unique()],
                                      names=sums.index.names)
    sums = sums.reindex(full, fill_value=0.0)
    out = sums.reset_index().rename(columns={"date": "period", "weight": "share"})
    out["share"] = out["share"] / out["period"].map(per_period).to_numpy(dtype="float64")
    labels = ({} if topics is None else
              dict(zip(topics["topic"].astype(int), topics["label"].astype(str), strict=True)))
    out["label"] = [labels.get(int(t), f"topic {int(t)}") for t in out["topic"]]
    out["label"] = out["label"].astype("string")
    out["topic"] = out["topic"].astype("int64")
    return out[["period", "topic", "label", "share"]].sort_values(
        ["period", "topic"], ignore_index=True)
