"""Shared fixtures: a small hand-made built corpus (the documented Parquet tables) that the app
tests open without running the analysis, and the path to the shared evaluation data."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"

SCORES = ["flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog",
          "coleman_liau", "ari", "dale_chall"]

# (id, date or None, source, title, [(speaker, quote text)])
_ARTICLES: list[tuple[str, str | None, str, str, list[tuple[str, str]]]] = [
    ("a01", "2024-01-10", "Harbour Post", "Port reopens after storm",
     [("Mara Quill", "We are open again."), ("Tomas Brenn", "Repairs took weeks.")]),
    ("a02", "2024-02-03", "Harbour Post", "Fishing quotas debated",
     [("Mara Quill", "Quotas must fall."), ("Mara Quill", "The fleet is shrinking.")]),
    ("a03", "2024-03-15", "Valley Courier", "New bridge plans",
     [("Tomas Brenn", "The bridge is overdue."), ("Ines Varga", "Costs will rise.")]),
    ("a04", "2024-05-02", "Valley Courier", "Budget vote looms",
     [("Ines Varga", "We will vote no."), ("Mara Quill", "The budget is fair."),
      ("Unknown speaker", "Nobody asked us.")]),
    ("a05", "2024-05-20", "Northern Ledger", "Schools get new funding",
     [("Olek Dunne", "Every school benefits."), ("Ines Varga", "It is not enough.")]),
    ("a06", "2024-06-11", "Northern Ledger", "Transit strike ends",
     [("Tomas Brenn", "Buses run tomorrow.")]),
    ("a07", "2024-07-30", "Harbour Post", "Summer tourism record",
     [("Mara Quill", "Hotels are full."), ("Olek Dunne", "Visitors love the coast.")]),
    ("a08", "2024-08-19", "Valley Courier", "Drought hits farms",
     [("Olek Dunne", "Wells are dry.")]),
    ("a09", "2024-10-05", "Northern Ledger", "Election season opens",
     [("Ines Varga", "I am running."), ("Mara Quill", "So am I.")]),
    ("a10", None, "Harbour Post", "Letters: <b>bold</b> [link](http://x.test) $x^2$",
     [("Tomas Brenn", "<script>alert(1)</script> is not news.")]),
    ("a11", "2024-12-01", "Valley Courier", "Winter storms return", []),
]


def sample_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame]]:
    arts, quotes, qterms, aterms = [], [], [], []
    for i, (aid, day, source, title, qs) in enumerate(_ARTICLES):
        body = title + ". " + " ".join(f'"{q}" said {s}.' for s, q in qs)
        arts.append({
            "article_id": aid, "title": title, "source": source, "author": None,
            "url": f"https://example.test/{aid}", "file": f"{aid}.txt",
            "date": pd.Timestamp(day) if day else pd.NaT, "text": body, "duplicates": 1,
            "words": len(body.split()), "sentences": 1 + len(qs), "lang": "en",
            **{c: 40.0 + 5 * i + j for j, c in enumerate(SCORES)},
            "reading_time_s": len(body.split()) / 238 * 60, "n_quotes": len(qs),
        })
        for word in title.lower().split()[:3]:
            aterms.append({"article_id": aid, "term": word, "weight": 1.0 + i % 3})
        start = len(title) + 3
        for speaker, text in qs:
            qid = f"{aid}:{start}"
            quotes.append({
                "quote_id": qid, "article_id": aid, "start": start, "end": start + len(text),
                "text": text, "context": f'"{text}" said {speaker}.', "kind": "direct",
                "speaker": speaker, "speaker_id": speaker.lower().replace(" ", "-"),
                "speaker_kind": "unknown" if speaker == "Unknown speaker" else "person",
                "speaker_mention": speaker, "speaker_start": start + len(text) + 7,
                "speaker_end": start + len(text) + 7 + len(speaker),
                "speaker_local": speaker, "speaker_role": None, "cue": "said",
                "date": pd.Timestamp(day) if day else pd.NaT, "source": source,
                "title": title, "url": f"https://example.test/{aid}",
                "words": len(text.split()),
                **{c: 60.0 + len(text) % 17 + j for j, c in enumerate(SCORES)},
            })
            for word in text.lower().strip(".").split()[:2]:
                qterms.append({"quote_id": qid, "term": word, "count": 1})
            start += len(text) + len(speaker) + 10
    articles = pd.DataFrame(arts)
    # One wire story: a11 is a syndicated copy of a08 (counted once by default).
    articles["wire_group"] = articles["article_id"].replace({"a11": "a08"})
    articles["wire_size"] = articles.groupby("wire_group")["article_id"].transform("size")
    quotes_df = pd.DataFrame(quotes)
    speakers = (quotes_df.groupby(["speaker_id", "speaker"], as_index=False)
                .agg(n_quotes=("quote_id", "size"), n_articles=("article_id", "nunique")))
    speakers["kind"] = "person"
    topics = pd.DataFrame({"topic": [0, 1], "label": ["ports · fishing", "budget · vote"],
                           "terms": ["port, fishing", "budget, vote"]})
    article_topics = pd.DataFrame({"article_id": articles["article_id"],
                                   "topic": [i % 2 for i in range(len(articles))],
                                   "weight": 1.0})
    tables = {"article_terms": pd.DataFrame(aterms), "quote_terms": pd.DataFrame(qterms),
              "topics": topics, "article_topics": article_topics}
    return articles, quotes_df, speakers, tables


def write_tables(out: Path, tables_: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame,
                 dict[str, pd.DataFrame]], load_report: dict[str, Any]) -> Path:
    """The same files lib.build.write_built writes, made by hand so app tests do not depend
    on the analysis being right."""
    articles, quotes, speakers, tables = tables_
    out.mkdir(parents=True, exist_ok=True)
    articles.to_parquet(out / "articles.parquet", index=False)
    quotes.to_parquet(out / "quotes.parquet", index=False)
    speakers.to_parquet(out / "speakers.parquet", index=False)
    for name, table in tables.items():
        table.to_parquet(out / f"{name}.parquet", index=False)
    manifest = {
        "analysis_version": "test", "articles": len(articles), "quotes": len(quotes),
        "speakers": len(speakers), "tables": sorted(tables), "load_report": load_report,
    }
    (out / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return out


def write_sample_built(out: Path) -> Path:
    return write_tables(out, sample_tables(), {
        "files_seen": 12, "articles": 11, "duplicates": 0,
        "skipped": [{"file": "broken.csv", "line": 3, "reason": "no text"}]})


def assert_adds_up(result: Any) -> None:
    """A load report's invariants (lib.corpus.LoadReport), checked independently of the
    loader's own bookkeeping."""
    from lib.corpus import ARTICLE_COLUMNS

    arts, rep = result.articles, result.report
    file_skips = [s for s in rep.skipped if s.scope == "file"]
    row_skips = [s for s in rep.skipped if s.scope == "row"]
    assert len(file_skips) + len(row_skips) == len(rep.skipped)
    assert rep.files_seen == rep.files_read + len(file_skips)
    assert rep.rows_seen == rep.articles_loaded + rep.duplicates_folded + len(row_skips)
    assert rep.articles_loaded == len(arts)
    assert rep.duplicates_folded == int((arts["duplicates"] - 1).sum())
    assert rep.undated == int(arts["date"].isna().sum())
    assert list(arts.columns) == ARTICLE_COLUMNS
    assert str(arts["date"].dtype) == "datetime64[ns]"
    assert arts["article_id"].is_unique
    assert all(s.file and s.reason for s in rep.skipped)


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_built(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    # Evaluation data must be there: a missing folder is a failure, never a skip.
    assert SHARED_DATA.is_dir(), f"shared evaluation data missing at {SHARED_DATA}"
    return SHARED_DATA


# Reading what AppTest got from st.plotly_chart (shared by the page tests).
def chart(at: Any, key: str) -> dict:
    """The Plotly figure spec of the chart whose element id contains `key`."""
    found = [c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id]
    assert found, f"no chart {key}"
    return dict(json.loads(found[0].proto.spec))


def values(arr: object) -> list[float]:
    """A figure's data array as numbers: Plotly sends numeric arrays as typed base64 blocks."""
    if isinstance(arr, dict) and "bdata" in arr:
        return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=arr["dtype"]).tolist()
    return list(arr)  # type: ignore[call-overload]


def open_page(page: str | None = None, query: dict | None = None) -> AppTest:
    """The app opened on `query` (as a shared link would be), then on `page` (default Overview),
    with no exception on the way."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page and page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
