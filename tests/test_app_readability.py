from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import open_page, write_sample_built
from streamlit.testing.v1 import AppTest


@pytest.fixture(scope="module")
def nan_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus with one article in a language no formula covers."""
    out = write_sample_built(tmp_path_factory.mktemp("built_nan"))
    arts = pd.read_parquet(out / "articles.parquet")
    scores = ["flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog",
              "coleman_liau", "ari", "dale_chall"]
    arts.loc[arts["article_id"] == "a01", scores] = np.nan
    arts.loc[arts["article_id"] == "a01", "lang"] = "xx"
    arts.to_parquet(out / "articles.parquet", index=False)
    return out


@pytest.fixture(autouse=True)
def _corpus(nan_built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESCOPE_CORPUS", str(nan_built))


def tables(at: AppTest) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    articles, speakers, versus = (df.value for df in at.dataframe)
    return articles, speakers, versus


def test_page_explains_the_formula_and_shows_not_available() -> None:
    at = open_page("pages/readability.py")
    captions = " ".join(c.value for c in at.caption)
    assert "60–70 = plain English" in captions
    assert "textstat differs" in captions
    articles, speakers, versus = tables(at)
    # the article in an unscored language: "not available", last, never a number
    assert articles["score"].iloc[-1] == "not available"
    assert articles["title"].iloc[-1] == "Port reopens after storm"
    assert "1 article is in a language with no Flesch reading ease formula" in captions
    assert (articles["reliability"].str.startswith("only")).all()  # all under 100 words
    assert set(speakers["speaker"]) == {"Mara Quill", "Ines Varga", "Tomas Brenn", "Olek Dunne"}
    assert speakers["interval"].str.contains("–").all()  # bootstrap for the top speakers
    assert {c.key for c in at.get("plotly_chart")} >= {"rd_articles", "rd_intervals",
                                                       "rd_versus"}
    assert len(versus) == 4 and versus["articles_score"].ne("").all()


def test_formula_switch_changes_the_numbers() -> None:
    at = open_page("pages/readability.py")
    before = tables(at)
    metric = at.metric[0].value
    at.selectbox(key="rd_formula").set_value("SMOG grade").run()
    assert not at.exception
    after = tables(at)
    assert at.metric[0].value != metric
    assert before[0]["score"].tolist() != after[0]["score"].tolist()
    assert before[1]["score"].tolist() != after[1]["score"].tolist()
    assert after[0]["reliability"].str.contains("SMOG on").all()
    assert any("McLaughlin" in c.value or "30 sentences" in c.value for c in at.caption)


def test_rank_order_flips() -> None:
    at = open_page("pages/readability.py")
    hardest = tables(at)[0]["title"].tolist()
    at.radio(key="rd_order").set_value("Plainest first").run()
    plainest = tables(at)[0]["title"].tolist()
    # scored articles reverse; the unscored one stays last either way
    assert plainest[:-1] == hardest[:-1][::-1] and plainest[-1] == hardest[-1]


def test_speaker_filter_changes_the_ranking() -> None:
    at = open_page("pages/readability.py")
    assert len(tables(at)[1]) == 4
    at.multiselect(key="speaker").select("Olek Dunne").select("Ines Varga").run()
    assert not at.exception
    speakers = tables(at)[1]
    assert sorted(speakers["speaker"]) == ["Ines Varga", "Olek Dunne"]
    assert sorted(tables(at)[2]["speaker"]) == ["Ines Varga", "Olek Dunne"]
