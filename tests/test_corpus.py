"""lib.corpus on well-formed input: every format, column names, dates, duplicates, ids, order."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import assert_adds_up

from lib.corpus import CorpusError, load_corpus, load_uploads, uploads_with_articles
from lib.corpus_dates import date_from_name, date_problem, parse_dates


def _zip(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf)
    return buf.getvalue()


ROWS = [
    {"id": "a1", "text": "First story.", "date": "2024-05-31", "source": "Post"},
    {"id": "a2", "text": "Second story.", "date": "2024-06-01", "source": "Ledger"},
]

# (file name, bytes, expected texts in order)
FORMATS = [
    ("one.txt", b"First story.", ["First story."]),
    ("one.md", b"# Heading\n\nFirst story.", ["# Heading\n\nFirst story."]),
    (
        "t.csv",
        b"id,text,date,source\n"
        b"a1,First story.,2024-05-31,Post\na2,Second story.,2024-06-01,Ledger\n",
        ["First story.", "Second story."],
    ),
    ("t.tsv", b"text\tdate\nFirst story.\t2024-05-31\n", ["First story."]),
    (
        "t.jsonl",
        "\n".join(json.dumps(r) for r in ROWS).encode(),
        ["First story.", "Second story."],
    ),
    ("t.ndjson", json.dumps(ROWS[0]).encode(), ["First story."]),
    ("t.json", json.dumps(ROWS).encode(), ["First story.", "Second story."]),
    ("wrapped.json", json.dumps({"articles": ROWS}).encode(), ["First story.", "Second story."]),
    ("single.json", json.dumps(ROWS[0]).encode(), ["First story."]),
    ("t.parquet", _parquet(pd.DataFrame(ROWS)), ["First story.", "Second story."]),
    (
        "all.zip",
        _zip({"x/one.txt": "First story.", "y/z/t.jsonl": json.dumps(ROWS[1])}),
        ["First story.", "Second story."],
    ),
]


@pytest.mark.parametrize(("name", "data", "texts"), FORMATS, ids=[f[0] for f in FORMATS])
def test_every_format_loads_from_upload_and_from_disk(
    name: str, data: bytes, texts: list[str], tmp_path: Path
) -> None:
    uploaded = load_uploads([(name, data)])
    (tmp_path / name).write_bytes(data)
    on_disk = load_corpus(tmp_path)
    for result in (uploaded, on_disk):
        assert result.articles["text"].tolist() == texts
        assert result.report.skipped == []
        assert_adds_up(result)
    pd.testing.assert_frame_equal(uploaded.articles, on_disk.articles)


def test_rich_rows_keep_ids_dates_and_metadata() -> None:
    result = load_uploads([("t.jsonl", "\n".join(json.dumps(r) for r in ROWS).encode())])
    arts = result.articles
    assert arts["article_id"].tolist() == ["a1", "a2"]
    assert arts["source"].tolist() == ["Post", "Ledger"]
    assert arts["date"].tolist() == [pd.Timestamp("2024-05-31"), pd.Timestamp("2024-06-01")]
    assert arts["file"].tolist() == ["t.jsonl:1", "t.jsonl:2"]


@pytest.mark.parametrize(
    ("header", "field", "value"),
    [
        ("Body", "text", "Hello there."),
        ("CONTENT", "text", "Hello there."),
        ("full_text", "text", "Hello there."),
        ("Headline", "title", "A headline"),
        ("byline", "author", "Ann Lee"),
        ("Publisher", "source", "The Post"),
        ("outlet", "source", "The Post"),
        ("link", "url", "https://example.org/a"),
        ("doc_id", "article_id", "d-7"),
        ("published_at", "date", pd.Timestamp("2024-05-31")),
        ("pub date", "date", pd.Timestamp("2024-05-31")),
    ],
)
def test_column_names_people_use(header: str, field: str, value: object) -> None:
    row = {"text": "Hello there.", header: value if isinstance(value, str) else "2024-05-31"}
    if header.lower() in ("body", "content", "full_text"):
        row.pop("text")
    result = load_uploads([("x.json", json.dumps([row]).encode())])
    assert result.articles.iloc[0][field] == value
    assert_adds_up(result)


def test_text_column_is_preferred_by_alias_order() -> None:
    row = {"body": "from body", "text": "from text", "title": "T", "headline": "H"}
    arts = load_uploads([("x.json", json.dumps([row]).encode())]).articles
    assert arts.iloc[0]["text"] == "from text"
    assert arts.iloc[0]["title"] == "T"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-31", "2024-05-31"),
        ("2024-05-31T10:30:00Z", "2024-05-31 10:30"),
        ("2024-05-31T12:30:00+02:00", "2024-05-31 12:30"),  # the clock time as published
        ("2024-11-03T23:30:00-05:00", "2024-11-03 23:30"),  # not moved to the next day
        ("2024-11-03T23:30:00-0500", "2024-11-03 23:30"),
        ("Sunday, November 3, 2024 11:30 PM EST", "2024-11-03 23:30"),
        ("Sun, 03 Nov 2024 23:30:00 -0500", "2024-11-03 23:30"),
        ("May 31, 2024", "2024-05-31"),
        ("31 May 2024", "2024-05-31"),
        ("Fri, 31 May 2024 10:30:00 +0000", "2024-05-31 10:30"),
        ("31/05/2024", "2024-05-31"),
        ("31.05.2024", "2024-05-31"),
        ("20240531", "2024-05-31"),
        (1717113600, "2024-05-31"),
        ("1717113600", "2024-05-31"),
        (1717113600000, "2024-05-31"),
        (None, None),
        ("", None),
        ("not a date", None),
        ("Tuesday", None),
        ("2024-02-30", None),
        ("31/13/2024", None),
        ("0001-01-01", None),
        ("9999-12-31", None),
        (-5, None),
    ],
)
def test_dates_in_many_formats(raw: object, expected: str | None) -> None:
    out = parse_dates(pd.Series([raw], dtype=object))
    assert str(out.dtype) == "datetime64[ns]"
    if expected is None:
        assert pd.isna(out.iloc[0])
    else:
        assert out.iloc[0] == pd.Timestamp(expected)


def test_a_month_first_column_is_read_month_first() -> None:
    out = parse_dates(pd.Series(["05/31/2024", "01/02/2024"], dtype=object))
    assert out.tolist() == [pd.Timestamp("2024-05-31"), pd.Timestamp("2024-01-02")]


def test_each_file_reads_numeric_dates_by_its_own_convention(tmp_path: Path) -> None:
    (tmp_path / "us.csv").write_text("text,date\nUS one.,11/03/2024\nUS two.,12/25/2024\n")
    (tmp_path / "eu.csv").write_text("text,date\nEU one.,25/12/2024\nEU two.,03/11/2024\n")
    arts = load_corpus(tmp_path).articles.set_index("text")
    assert arts.loc["US one.", "date"] == pd.Timestamp("2024-11-03")  # month-first file
    assert arts.loc["EU two.", "date"] == pd.Timestamp("2024-11-03")  # day-first file
    assert load_corpus(tmp_path / "us.csv").articles["date"].iloc[0] == pd.Timestamp("2024-11-03")


def test_tz_aware_parquet_dates_keep_their_clock_time() -> None:
    frame = pd.DataFrame(
        {"text": ["a"], "date": pd.to_datetime(["2024-05-31 12:00"]).tz_localize("Europe/Vilnius")}
    )
    arts = load_uploads([("x.parquet", _parquet(frame))]).articles
    assert arts.iloc[0]["date"] == pd.Timestamp("2024-05-31 12:00")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-05-31-budget.txt", "2024-05-31"),
        ("news/2024_05_31_budget.md", "2024-05-31"),
        ("20240531-budget.txt", "2024-05-31"),
        ("budget.txt", None),
        ("report-123456789.txt", None),
        ("scan-2024-13-45.txt", None),  # digits that are no day: no guess, so no bad date
        ("0001-01-01-note.txt", None),
    ],
)
def test_date_from_file_name(name: str, expected: str | None) -> None:
    assert date_from_name(name) == expected


def test_text_folder_titles_front_matter_and_file_name_dates(tmp_path: Path) -> None:
    (tmp_path / "2024-05-31-budget.txt").write_text("Budget passes\n\nThe council said yes.")
    (tmp_path / "b.md").write_text(
        "---\ntitle: 'Front title'\ndate: June 2, 2024\nsource: Ledger\nauthor: Ann\n---\n"
        "# Ignored heading\n\nBody here."
    )
    (tmp_path / "c.txt").write_text("A first line that is a sentence.\nMore text.")
    (tmp_path / "d.md").write_text("Setext title\n============\n\nBody.")
    arts = load_corpus(tmp_path).articles.set_index("file")
    assert arts.loc["2024-05-31-budget.txt", "title"] == "Budget passes"
    assert arts.loc["2024-05-31-budget.txt", "date"] == pd.Timestamp("2024-05-31")
    assert arts.loc["b.md", "title"] == "Front title"
    assert arts.loc["b.md", "date"] == pd.Timestamp("2024-06-02")
    assert arts.loc["b.md", "source"] == "Ledger"
    assert arts.loc["b.md", "text"] == "# Ignored heading\n\nBody here."  # front matter removed
    assert pd.isna(arts.loc["c.txt", "title"])
    assert pd.isna(arts.loc["c.txt", "date"])
    assert arts.loc["d.md", "title"] == "Setext title"


def test_sidecar_csv_supplies_metadata_by_file_name(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "2020-01-01-a.txt").write_text("Story A.")
    (tmp_path / "news" / "b.txt").write_text("Story B.")
    (tmp_path / "news" / "meta.csv").write_text(
        "filename,title,date,source\n2020-01-01-a.txt,Title A,2024-05-31,Post\nb,Title B,,Ledger\n"
    )
    result = load_corpus(tmp_path)
    arts = result.articles.set_index("file")
    assert arts.loc["news/2020-01-01-a.txt", "title"] == "Title A"
    assert arts.loc["news/2020-01-01-a.txt", "date"] == pd.Timestamp("2024-05-31")  # beats name
    assert arts.loc["news/b.txt", "source"] == "Ledger"
    assert pd.isna(arts.loc["news/b.txt", "date"])
    assert result.report.files_seen == 3 and result.report.files_read == 3
    assert_adds_up(result)


def test_duplicates_are_folded_counted_and_fill_metadata() -> None:
    rows = [
        {"text": "Same words."},
        {"text": "Other words.", "date": "2024-01-01"},
        {"text": "Same words.", "date": "2024-05-31", "source": "Ledger"},
        {"text": "  Same words.\r\n"},  # same text once whitespace and line ends are normalised
    ]
    result = load_uploads([("d.json", json.dumps(rows).encode())])
    arts = result.articles
    assert arts["text"].tolist() == ["Same words.", "Other words."]
    assert arts["duplicates"].tolist() == [3, 1]
    assert arts.iloc[0]["date"] == pd.Timestamp("2024-05-31")
    assert arts.iloc[0]["file"] == "d.json[1]"
    assert result.report.duplicates_folded == 2
    assert_adds_up(result)


def test_same_text_from_another_outlet_stays_an_article_of_its_own() -> None:
    # A wire story run by two outlets: folding it would lose the second outlet, its date and
    # its link; the same text again from the same outlet is still folded (a feed delivering an
    # item twice, a paywall stub at many addresses).
    rows = [
        {"text": "Wire story.", "source": "NYT", "url": "https://a/1", "date": "2024-05-01"},
        {"text": "Wire story.", "source": "WaPo", "url": "https://b/1", "date": "2024-05-02"},
        {"text": "Wire story.", "source": "NYT"},
        {"text": "Wire story.", "source": "WaPo", "url": "https://b/2"},  # same outlet again
    ]
    result = load_uploads([("w.jsonl", "\n".join(json.dumps(r) for r in rows).encode())])
    arts = result.articles
    assert arts["source"].tolist() == ["NYT", "WaPo"]
    assert arts["duplicates"].tolist() == [2, 2]
    assert arts["date"].tolist() == [pd.Timestamp("2024-05-01"), pd.Timestamp("2024-05-02")]
    assert arts["article_id"].nunique() == 2
    assert_adds_up(result)


def test_renumbered_ids_never_take_an_id_in_use() -> None:
    rows = [{"id": "story", "text": "A."}, {"id": "story", "text": "B."},
            {"id": "story-2", "text": "C."}, {"id": "story", "text": "D."}]
    arts = load_uploads([("d.jsonl", "\n".join(json.dumps(r) for r in rows).encode())]).articles
    assert arts["article_id"].tolist() == ["story", "story-3", "story-2", "story-4"]


def test_ids_are_content_hashes_when_absent_and_made_unique_when_reused() -> None:
    rows = [{"id": 7, "text": "A."}, {"id": 7, "text": "B."}, {"text": "C."}]
    arts = load_uploads([("d.jsonl", "\n".join(json.dumps(r) for r in rows).encode())]).articles
    ids = arts["article_id"].tolist()
    assert ids[:2] == ["7", "7-2"]
    assert len(ids[2]) == 16 and all(c in "0123456789abcdef" for c in ids[2])


def test_same_input_gives_same_ids_and_order(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"{(i * 7) % 12:02d}.txt").write_text(f"Article number {i}.")
    first, second = load_corpus(tmp_path), load_corpus(tmp_path)
    pd.testing.assert_frame_equal(first.articles, second.articles)
    assert first.articles["file"].tolist() == sorted(first.articles["file"])


def test_mixed_folder_reads_each_file_by_kind(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain text.")
    (tmp_path / "b.csv").write_text("text\nCsv row.\n")
    (tmp_path / "c.jsonl").write_text('{"text": "Jsonl row."}\n')
    (tmp_path / "d.json").write_text('[{"text": "Json row."}]')
    (tmp_path / "e.parquet").write_bytes(_parquet(pd.DataFrame({"text": ["Parquet row."]})))
    (tmp_path / "f.zip").write_bytes(_zip({"in/g.txt": "Zipped."}))
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    result = load_corpus(tmp_path)
    assert len(result.articles) == 6
    assert result.report.files_seen == 7  # the zip and its member; the dotfile is not counted
    assert result.report.skipped == []
    assert_adds_up(result)


def test_single_file_path_and_missing_path(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    target.write_text("Alone.")
    assert load_corpus(target).articles["file"].tolist() == ["x.txt"]
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "missing")


def test_summary_sentence() -> None:
    result = load_uploads([("d.jsonl", b'{"text": "A"}\n{"text": "A"}\n{oops\n')])
    assert result.report.summary() == (
        "Loaded 1 article from 1 file; 1 duplicate folded; 1 undated; skipped 1 row."
    )


def test_jsonl_fast_and_per_line_readers_agree() -> None:
    rows = [
        {"id": 1, "text": "One.", "date": "2024-05-31T10:00:00", "authors": ["A", "B"]},
        {"id": 2, "body": "Two.", "date": None, "outlet": {"name": "Post"}},
        {"id": 3, "text": "One.", "published": "May 31, 2024"},
    ]
    lines = [json.dumps(r) for r in rows]
    fast = load_uploads([("a.jsonl", "\n".join(lines).encode())]).articles
    # A trailing blank line and a BOM push the reader onto the per-line path.
    slow = load_uploads([("a.jsonl", ("\ufeff" + "\n".join(lines) + "\n\n").encode())]).articles
    pd.testing.assert_frame_equal(fast, slow)
    assert fast["article_id"].tolist() == ["1", "2"]
    assert fast["author"].tolist()[0] == "A, B"
    assert fast["date"].tolist()[0] == pd.Timestamp("2024-05-31 10:00")
    assert fast["duplicates"].tolist() == [2, 1]


def test_lone_surrogates_in_json_are_replaced_not_fatal() -> None:
    data = b'{"text": "bad \\ud800 half", "title": "t\\udc00"}\n'
    result = load_uploads([("s.jsonl", data)])
    assert result.articles["text"].tolist() == ["bad ? half"]
    assert result.articles["title"].tolist() == ["t?"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Caf\u00e9 \u201cquoted\u201d".encode() + b" and one bad byte \xff.", "Caf\u00e9"),
        (b"\xef\xbb\xbfBOM then a bad byte \xff here.", "BOM then a bad byte \ufffd here."),
        (
            "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e".encode("latin-1"),
            "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e",
        ),
    ],
    ids=["mostly utf-8", "bom with damage", "latin-1"],
)
def test_damaged_or_legacy_text_is_decoded_sensibly(data: bytes, expected: str) -> None:
    result = load_uploads([("x.txt", data)])
    assert expected in result.articles["text"].iloc[0]


def test_front_matter_lists_and_wrapped_json_lists() -> None:
    md = b"---\nauthors: [Ann Lee, 'Bo Li']\npublished: 2024-05-31\n---\nBody."
    arts = load_uploads([("a.md", md)]).articles
    assert arts.iloc[0]["author"] == "Ann Lee, Bo Li"
    wrapped = {"status": "ok", "tags": ["x"], "results": [{"headline": "H", "content": "C."}]}
    arts = load_uploads([("w.json", json.dumps(wrapped).encode())]).articles
    assert arts[["title", "text"]].values.tolist() == [["H", "C."]]


def test_parquet_list_columns_become_paragraphs_and_names() -> None:
    frame = pd.DataFrame(
        {
            "Text": [["Para one.", "Para two."], None],
            "Authors": [["Ann", "Bo"], []],
            "id": [1.0, 2.0],
        }
    )
    result = load_uploads([("l.parquet", _parquet(frame))])
    arts = result.articles
    assert arts["text"].tolist() == ["Para one.\n\nPara two."]
    assert arts["author"].tolist() == ["Ann, Bo"]
    assert arts["article_id"].tolist() == ["1"]
    assert [(s.file, s.reason) for s in result.report.skipped] == [("l.parquet[2]", "no text")]
    assert_adds_up(result)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_fast_and_per_row_readers_agree(delimiter: str) -> None:
    d = delimiter
    body = (
        f"ID{d}Headline{d}Body{d}Published{d}Authors\n"
        f'1{d}"T, one"{d}"He said: ""yes""."{d}2024-05-31{d}Ann\n'
        f"2{d}T two{d}Second.{d}{d}\n"
        f"3{d}T three{d}Second.{d}31/05/2024{d}Bo\n"
    )
    fast = load_uploads([("a.csv", body.encode())]).articles
    # A blank line in the middle pushes the reader onto the per-row path.
    slow_body = body.replace("\n2", "\n\n2")
    slow = load_uploads([("a.csv", slow_body.encode())]).articles
    assert fast["text"].tolist() == ['He said: "yes".', "Second."]
    assert fast["file"].tolist() == ["a.csv:2", "a.csv:3"]
    assert fast["date"].tolist()[1] == pd.Timestamp("2024-05-31")  # filled from the later copy
    pd.testing.assert_frame_equal(fast.drop(columns="file"), slow.drop(columns="file"))


def test_csv_line_numbers_count_quoted_line_breaks() -> None:
    body = 'text,source\n"Para one.\n\nPara two.",A\nSecond.,B\n"x\ny",C\nSecond.,B\n'
    result = load_uploads([("m.csv", body.encode())])
    assert result.articles["file"].tolist() == ["m.csv:2", "m.csv:5", "m.csv:6"]
    assert result.articles["text"].tolist()[0] == "Para one.\n\nPara two."
    # The same rows read by the per-row reader (a blank line forces it) give the same lines.
    slow = load_uploads([("m.csv", (body + "\n\n").encode())])
    assert slow.articles["file"].tolist() == ["m.csv:2", "m.csv:5", "m.csv:6"]


def test_summary_says_how_many_files_gave_articles() -> None:
    result = load_uploads([("d.jsonl", b'{"text": "A story."}\n'), ("e.parquet", b"not parquet"),
                           ("f.csv", b"title\nno text column\n")])
    summary = result.report.summary()
    assert summary.startswith("Loaded 1 article from 1 of 3 files;"), summary
    assert "skipped 2 files" in summary


def test_the_report_table_shows_line_numbers_as_whole_numbers() -> None:
    from lib.ui.render import _report_rows

    table = _report_rows([{"file": "a.jsonl", "line": 4.0, "reason": "bad JSON"},
                          {"file": "b.parquet", "line": None, "reason": "not Parquet"}])
    assert table["line"].tolist() == ["4", ""]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("2024-02-30", 'date "2024-02-30" is not a date'),
        ("yesterday-ish", 'date "yesterday-ish" is not a date (it has no year)'),
        ("2024", 'date "2024" is a year alone, not a day'),
        (2024.0, 'date "2024.0" is a year alone, not a day'),
        ("13", 'date "13" is a number but not a time stamp in seconds or milliseconds'),
        ("9999-12-31", 'date "9999-12-31" is outside the years 1800-2200'),
        ("x" * 100, f'date "{"x" * 39}…" is not a date (it has no year)'),
        (None, None),
        ("  ", None),
        (float("nan"), None),
        (pd.NaT, None),
    ],
)
def test_date_problem_names_the_value_and_why(raw: object, problem: str | None) -> None:
    assert pd.isna(parse_dates(pd.Series([raw], dtype=object)).iloc[0])  # all undated
    assert date_problem(raw) == problem


def test_uploads_with_articles_are_the_ones_that_gave_some() -> None:
    result = load_uploads([
        ("good.csv", b"text\nOne.\nTwo.\n"), ("junk.bin", b"\x00"),
        ("bad.csv", b"text,date\na,b,c\n"), ("dir\\d.json", b'[{"text": "J."}, {"text": "K."}]'),
        ("z.zip", _zip({"in/a.txt": "Zipped."})), ("e.txt", b""),
    ])
    names = ["good.csv", "junk.bin", "bad.csv", "dir\\d.json", "z.zip", "e.txt"]
    assert uploads_with_articles(result, names) == ["good.csv", "d.json", "z.zip"]
