"""lib.corpus on bad input (issue 8): every case skips what it must, loads the rest, adds up."""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from conftest import assert_adds_up
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lib.corpus import CorpusError, Limits, load_corpus, load_uploads

MB = 1024 * 1024
GOOD = ("good.txt", b"A valid article about the harbour.")


def _zip(members: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


@dataclass(frozen=True)
class Case:
    files: list[tuple[str, bytes]]
    loaded: int
    texts: list[str] = field(default_factory=list)  # texts that must be among the articles
    file_skips: list[tuple[str, str]] = field(default_factory=list)  # (file, reason part)
    row_skips: list[tuple[str, int | None, str]] = field(default_factory=list)
    files_seen: int | None = None
    undated: int | None = None
    limits: Limits = Limits()


WIN1252 = "\u201cWe\u2019re open,\u201d she said \u2013 for \u20ac5.".encode("cp1252")
CASES: dict[str, Case] = {
    "empty file": Case([GOOD, ("empty.txt", b"")], 1, file_skips=[("empty.txt", "empty file")]),
    "whitespace-only file": Case(
        [GOOD, ("blank.md", b" \n\t\n")], 1, file_skips=[("blank.md", "empty file")]
    ),
    "empty csv": Case([GOOD, ("e.csv", b"")], 1, file_skips=[("e.csv", "empty file")]),
    "binary named .txt": Case(
        [GOOD, ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)],
        1,
        file_skips=[("photo.txt", "binary file")],
    ),
    "binary named .jsonl": Case(
        [GOOD, ("x.jsonl", bytes(range(256)) * 8)], 1, file_skips=[("x.jsonl", "binary file")]
    ),
    "latin-1 text": Case(
        [("l.txt", "Caf\u00e9 d\u00e9j\u00e0 vu, \u00e0 Z\u00fcrich.".encode("latin-1"))],
        1,
        texts=["Caf\u00e9 d\u00e9j\u00e0 vu, \u00e0 Z\u00fcrich."],
    ),
    "windows-1252 text": Case(
        [("w.txt", WIN1252)], 1, texts=["\u201cWe\u2019re open,\u201d she said \u2013 for \u20ac5."]
    ),
    "windows-1252 csv": Case(
        [("w.csv", b"text,source\n" + WIN1252.replace(b",", b"") + b",Caf\xe9 Post\n")],
        1,
        texts=["\u201cWe\u2019re open\u201d she said \u2013 for \u20ac5."],
    ),
    "utf-16 le with bom": Case(
        [("u.txt", "\u201cHi,\u201d said \u0160imonyt\u0117.".encode("utf-16"))],
        1,
        texts=["\u201cHi,\u201d said \u0160imonyt\u0117."],
    ),
    "utf-16 be with bom": Case(
        [("u.csv", b"\xfe\xff" + "text\n\u00c5se said hi.\n".encode("utf-16-be"))],
        1,
        texts=["\u00c5se said hi."],
    ),
    "utf-16 le without bom": Case(
        [("u.txt", "Plain words said here.".encode("utf-16-le"))],
        1,
        texts=["Plain words said here."],
    ),
    "utf-8 with bom csv header": Case(
        [("b.csv", "\ufefftext,date\nBom article.,2024-05-31\n".encode())],
        1,
        texts=["Bom article."],
        undated=0,
    ),
    "utf-8 with bom text": Case(
        [("b.txt", "\ufeffNo BOM in the text.".encode())], 1, texts=["No BOM in the text."]
    ),
    "csv without a text column": Case(
        [GOOD, ("meta.csv", b"headline,when\nA,2024-01-01\n")],
        1,
        file_skips=[("meta.csv", "no text column (has: headline, when")],
    ),
    "csv with bad rows": Case(
        [("r.csv", b"id,text,date\n1,Row one.,2024-01-01\n2,Too,many,cells\n3,Row three.,\n4\n")],
        2,
        texts=["Row one.", "Row three."],
        row_skips=[("r.csv", 3, "4 cells, the header has 3"), ("r.csv", 5, "1 cells")],
    ),
    "csv rows ending in a delimiter": Case(
        [("t.csv", b"text;source\nOne.;Post;\nTwo.;Ledger;;\nThree;x;y\n")],
        2,
        texts=["One.", "Two."],
        row_skips=[("t.csv", 4, "3 cells")],
    ),
    "csv row with empty text": Case(
        [("r.csv", b"text,date\nRow one.,2024-01-01\n,2024-01-02\n")],
        1,
        row_skips=[("r.csv", 3, "no text")],
    ),
    "csv with broken quote": Case(
        [("q.csv", b'text,source\nRow one.,A\n"Unclosed, B\n')],
        1,
        texts=["Row one."],
        row_skips=[("q.csv", 3, "")],
    ),
    "csv with semicolons": Case(
        [("s.csv", b"text;source\nSemi, colon.;Post\nSecond;Ledger\n")],
        2,
        texts=["Semi, colon.", "Second"],
    ),
    "csv with tabs and pipes": Case(
        [
            ("t.csv", b"text\tsource\nTabbed.\tPost\n"),
            ("p.csv", b"text|source\nPiped, yes.|Post\n"),
        ],
        2,
        texts=["Tabbed.", "Piped, yes."],
    ),
    "csv with multi-line quoted text": Case(
        [("m.csv", b'text,source\n"Line one\nline two",Post\nbad,row,here\n')],
        1,
        texts=["Line one\nline two"],
        row_skips=[("m.csv", 4, "3 cells")],
    ),
    "csv with a quote mark never closed": Case(
        [("q.csv", b'id,text,date\n1,One.,2024-01-01\n2,"We will win,2024-01-02\n'
                   b'3,Three.,2024-01-03\n4,Four.,2024-01-04\n')],
        3,
        texts=["One.", "Three.", "Four."],
        row_skips=[("q.csv", 3, "never closed: lines 3-5 were read as one row")],
    ),
    "csv whose document column holds the articles": Case(
        [("x.csv", b'id,document,summary\n1,"The council met on Tuesday to discuss the harbour '
                   b'plan, which has been debated for many years without a decision.",Council\n'
                   b'2,too,many,cells\n')],
        1,
        texts=["The council met on Tuesday to discuss the harbour plan, which has been debated "
               "for many years without a decision."],
        row_skips=[("x.csv", 3, "4 cells")],
    ),
    "metadata csv with long file names": Case(
        [("n/a long story about the harbour bridge and the council vote on it at last.txt",
          b"The bridge vote."),
         ("n/meta.csv", b"file,date,source\na long story about the harbour bridge and the "
                        b"council vote on it at last.txt,2024-01-01,X\n")],
        1,
        texts=["The bridge vote."],
    ),
    "csv with a closed multi-line cell and an extra cell": Case(
        [("m.csv", b'text,source\n"First para.\nMiddle para, with comma\nLast.",A,B\n'
                   b'Good row.,C\n')],
        1,
        texts=["Good row."],
        row_skips=[("m.csv", 2, "3 cells")],
    ),
    "metadata csv that names no file beside it": Case(
        [GOOD, ("meta.csv", b"file,date,source\nnothere.txt,2024-01-01,X\n")],
        1,
        file_skips=[("meta.csv", "names none found beside it")],
    ),
    "jsonl with one broken line": Case(
        [("j.jsonl", b'{"text": "One."}\n{"text": "Two.",\n\n{"text": "Four."}\n[1, 2]\n')],
        2,
        texts=["One.", "Four."],
        row_skips=[("j.jsonl", 2, "invalid JSON"), ("j.jsonl", 5, "not an object")],
    ),
    "jsonl without any text field": Case(
        [GOOD, ("n.jsonl", b'{"title": "T", "date": "2024"}\n')],
        1,
        file_skips=[("n.jsonl", "no text field (has: title, date")],
    ),
    "json that is a string": Case(
        [GOOD, ("s.json", b'"just a string"')], 1, file_skips=[("s.json", "not a list of objects")]
    ),
    "json list of numbers": Case(
        [GOOD, ("n.json", b"[1, 2, 3]")], 1, file_skips=[("n.json", "item 1 is a int")]
    ),
    "json list mixing objects": Case(
        [GOOD, ("m.json", b'[{"text": "ok"}, "nope", null, {"text": "also"}]')],
        3,
        texts=["A valid article about the harbour.", "ok", "also"],
        row_skips=[("m.json[2]", None, "item 2 is a JSON str"),
                   ("m.json[3]", None, "item 3 is a JSON NoneType")],
    ),
    "json empty list": Case([GOOD, ("e.json", b"[]")], 1, file_skips=[("e.json", "empty")]),
    "json broken": Case([GOOD, ("b.json", b'[{"text": ')], 1, file_skips=[("b.json", "invalid")]),
    "json item without text": Case(
        [("i.json", b'[{"text": "ok"}, {"text": ""}, {"text": null}]')],
        1,
        row_skips=[("i.json[2]", None, "no text"), ("i.json[3]", None, "no text")],
    ),
    "corrupt parquet": Case(
        [GOOD, ("c.parquet", b"PAR1 not really")], 1, file_skips=[("c.parquet", "Parquet")]
    ),
    "unsupported file type": Case(
        [GOOD, ("slides.pptx", b"PK\x03\x04")], 1, file_skips=[("slides.pptx", "unsupported")]
    ),
    "zip with nested folders": Case(
        [
            (
                "n.zip",
                _zip({"a/b/c/one.txt": "One.", "a/two.md": "Two.", "x/y/r.csv": "text\nThree.\n"}),
            )
        ],
        3,
        texts=["One.", "Two.", "Three."],
        files_seen=4,
    ),
    "zip with ../ member": Case(
        [("evil.zip", _zip({"../../etc/passwd.txt": "root:x:0:0", "ok.txt": "Fine."}))],
        1,
        texts=["Fine."],
        file_skips=[("evil.zip/../../etc/passwd.txt", "unsafe path")],
    ),
    "zip with absolute member": Case(
        [("evil.zip", _zip({"/tmp/abs.txt": "x", "ok.txt": "Fine."}))],
        1,
        file_skips=[("evil.zip//tmp/abs.txt", "unsafe path")],
    ),
    "zip bomb by ratio": Case(
        [GOOD, ("bomb.zip", _zip({"zeros.txt": b"0" * (8 * MB), "ok.txt": "Fine."}))],
        2,
        file_skips=[("bomb.zip/zeros.txt", "possible zip bomb")],
    ),
    "zip bomb by total size": Case(
        [GOOD, ("big.zip", _zip({f"{i}.txt": os.urandom(3000).hex() for i in range(4)}))],
        1,
        file_skips=[("big.zip", "over the limit of 16.0 KB (possible zip bomb)")],
        limits=Limits(max_zip_total_bytes=16 * 1024),
        files_seen=2,
    ),
    "zip with too many members": Case(
        [GOOD, ("many.zip", _zip({f"{i}.txt": f"Article {i}." for i in range(6)}))],
        1,
        file_skips=[("many.zip", "6 members, over the limit of 5")],
        limits=Limits(max_zip_members=5),
    ),
    "zip declaring far too many entries": Case(
        [GOOD, ("many.zip", _zip({f"{i}.txt": f"Article {i}." for i in range(11)}))],
        1,
        file_skips=[("many.zip", "declares 11 entries, over the limit of 5 members")],
        limits=Limits(max_zip_members=5),
    ),
    "corrupt zip": Case(
        [GOOD, ("c.zip", b"PK\x03\x04 this is not a zip")],
        1,
        file_skips=[("c.zip", "not a readable zip")],
    ),
    "zip inside a zip": Case(
        [("outer.zip", _zip({"inner.zip": _zip({"a.txt": "A."}), "b.txt": "B."}))],
        1,
        file_skips=[("outer.zip/inner.zip", "zip inside a zip")],
    ),
    "zip of a binary and a bad jsonl": Case(
        [("z.zip", _zip({"x.txt": bytes(range(256)), "d/j.jsonl": b'{"text":"J."}\n{bad\n'}))],
        1,
        file_skips=[("z.zip/x.txt", "binary file")],
        row_skips=[("z.zip/d/j.jsonl", 2, "invalid JSON")],
    ),
    "dates in many formats, missing and impossible": Case(
        [
            (
                "d.jsonl",
                "\n".join(
                    json.dumps({"text": f"Article {i}.", "date": d})
                    for i, d in enumerate(
                        [
                            "2024-05-31",
                            "May 31, 2024",
                            "31/05/2024",
                            1717113600,
                            None,
                            "",
                            "2024-02-30",
                            "yesterday-ish",
                            "0000-00-00",
                        ]
                    )
                ).encode(),
            )
        ],
        9,
        undated=5,
    ),
    "an article with no quotes": Case(
        [("plain.txt", b"The council met on Tuesday. The budget passed.")],
        1,
        texts=["The council met on Tuesday. The budget passed."],
    ),
    "an article over the article limit": Case(
        [GOOD, ("huge.jsonl", json.dumps({"text": "word " * 600}).encode())],
        1,
        row_skips=[("huge.jsonl", 1, "over the limit of 2.0 KB")],
        limits=Limits(max_article_bytes=2048),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_bad_input_case(case: Case) -> None:
    result = load_uploads(case.files, limits=case.limits)
    rep = result.report
    assert rep.articles_loaded == case.loaded
    for text in case.texts:
        assert text in result.articles["text"].tolist()
    file_skips = [(s.file, s.reason) for s in rep.skipped if s.scope == "file"]
    row_skips = [(s.file, s.line, s.reason) for s in rep.skipped if s.scope == "row"]
    assert len(file_skips) == len(case.file_skips), file_skips
    for (file, reason), (want_file, want_reason) in zip(file_skips, case.file_skips, strict=True):
        assert file == want_file
        assert want_reason in reason
    assert len(row_skips) == len(case.row_skips), row_skips
    for (file, line, reason), (w_file, w_line, w_reason) in zip(
        row_skips, case.row_skips, strict=True
    ):
        assert (file, line) == (w_file, w_line)
        assert w_reason in reason
    if case.files_seen is not None:
        assert rep.files_seen == case.files_seen
    if case.undated is not None:
        assert rep.undated == case.undated
    assert_adds_up(result)


def test_zip_is_read_in_memory_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = _zip({"../../escape.txt": "x", "../sibling.txt": "y", "ok/ok.txt": "Fine."})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "evil.zip").write_bytes(data)
    before = sorted(p.as_posix() for p in tmp_path.parent.rglob("*") if "escape" in p.name)
    result = load_corpus(tmp_path / "in")
    after = sorted(p.as_posix() for p in tmp_path.parent.rglob("*") if "escape" in p.name)
    assert before == after == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "in"]
    assert result.articles["file"].tolist() == ["evil.zip/ok/ok.txt"]
    assert [s.reason for s in result.report.skipped] == [
        "unsafe path in zip (points outside the archive)"
    ] * 2
    assert_adds_up(result)


@pytest.mark.parametrize("sizes", [[2000], [600, 600, 600]], ids=["one file", "together"])
def test_upload_over_the_size_limit_is_refused_naming_file_and_limit(sizes: list[int]) -> None:
    files = [(f"upload{i}.jsonl", b"x" * n) for i, n in enumerate(sizes)]
    with pytest.raises(CorpusError) as info:
        load_uploads(files, limits=Limits(max_upload_bytes=1500))
    message = str(info.value)
    assert "limit of 1.5 KB" in message
    assert ("upload0.jsonl" in message) if len(sizes) == 1 else ("3 uploads" in message)
    assert isinstance(info.value, ValueError)


def test_default_upload_limit_is_200_mb() -> None:
    assert Limits().max_upload_bytes == 200 * MB
    with pytest.raises(CorpusError, match=r"big\.txt.*200\.0 MB"):
        load_uploads([("folder/big.txt", b"\0" * (200 * MB + 1))])


@pytest.mark.parametrize("name", ["big.txt", "big.jsonl", "big.csv"])
def test_one_10_mb_article_loads(name: str, tmp_path: Path) -> None:
    text = ("The harbour reopened today after weeks of repairs. " * 210_000)[: 10 * MB].strip()
    if name.endswith(".jsonl"):
        data = json.dumps({"text": text}).encode()
    elif name.endswith(".csv"):
        data = b"text\n" + text.encode()
    else:
        data = text.encode()
    (tmp_path / name).write_bytes(data)
    result = load_corpus(tmp_path)
    assert result.articles["text"].tolist() == [text]
    assert result.report.skipped == []
    assert_adds_up(result)


def test_issue_2_unreadable_file_bad_csv_row_and_valid_file(tmp_path: Path) -> None:
    (tmp_path / "valid.txt").write_text("Mara Quill said the port is open.")
    (tmp_path / "broken.txt").write_bytes(b"\x00\xff\xfe\x00garbage\x00" * 64)
    (tmp_path / "rows.csv").write_text("text,date\nA good row.,2024-05-31\nbad,row,extra\n")
    unreadable = tmp_path / "locked.md"
    unreadable.write_text("Secret.")
    unreadable.chmod(0)
    can_read_anyway = os.access(unreadable, os.R_OK)  # root ignores permissions
    result = load_corpus(tmp_path)
    unreadable.chmod(0o644)
    assert sorted(result.articles["text"]) == sorted(
        ["Mara Quill said the port is open.", "A good row."]
        + (["Secret."] if can_read_anyway else [])
    )
    problems = {(s.file, s.line): s.reason for s in result.report.skipped}
    assert problems[("broken.txt", None)] == "binary file"
    assert "3 cells" in problems[("rows.csv", 3)]
    if not can_read_anyway:
        assert "unreadable" in problems[("locked.md", None)]
    assert "skipped" in result.report.summary()
    assert_adds_up(result)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(
        ["a.txt", "a.md", "a.csv", "a.tsv", "a.jsonl", "a.json", "a.parquet", "a.zip", "a", "a.bin"]
    )
    | st.text(max_size=30),
    data=st.binary(max_size=2048),
)
def test_arbitrary_bytes_as_an_upload_never_raise(name: str, data: bytes) -> None:
    result = load_uploads([(name, data)])
    assert_adds_up(result)


@settings(max_examples=50, deadline=None)
@given(
    ext=st.sampled_from([".txt", ".csv", ".jsonl", ".json"]),
    text=st.text(max_size=400),
)
def test_arbitrary_unicode_in_any_text_format_never_raises(ext: str, text: str) -> None:
    for encoding in ("utf-8", "utf-16"):
        data = text.encode(encoding, "surrogatepass")
        result = load_uploads([("x" + ext, data)])
        assert_adds_up(result)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=512), st.text(max_size=20))
def test_arbitrary_zip_members_never_raise(data: bytes, member: str) -> None:
    try:
        archive = _zip({member or "m.txt": data, "ok.txt": "Fine."})
    except (IndexError, ValueError, UnicodeError):
        assume(False)  # zipfile itself cannot write a member named "\x00"
    result = load_uploads([("z.zip", archive)])
    assert "Fine." in result.articles["text"].tolist()
    assert_adds_up(result)


def test_undated_articles_are_kept_not_dropped() -> None:
    rows = [{"text": "A.", "date": "soon"}, {"text": "B."}]
    result = load_uploads([("u.json", json.dumps(rows).encode())])
    assert result.articles["date"].isna().tolist() == [True, True]
    assert result.report.undated == 2
    assert pd.isna(result.articles["date"]).all()


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_FIELD = st.sampled_from(["text", "body", "date", "published", "title", "id", "authors", "source"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    objs=st.lists(st.dictionaries(_FIELD, _JSON_VALUE, max_size=6), max_size=5),
    ext=st.sampled_from([".jsonl", ".json"]),
)
def test_any_json_values_in_article_fields_never_raise(
    objs: list[dict[str, object]], ext: str
) -> None:
    # Numbers, nested lists and odd epochs in `date`/`text` once crashed date parsing outright.
    if ext == ".jsonl":
        data = "\n".join(json.dumps(o) for o in objs).encode()
    else:
        data = json.dumps(objs).encode()
    result = load_uploads([("x" + ext, data)])
    assert not [s for s in result.report.skipped if s.reason.startswith("could not be read")]
    assert_adds_up(result)


def test_one_odd_date_does_not_undate_the_others() -> None:
    rows = [
        {"text": "A.", "date": 100000000001},
        {"text": "B.", "date": "2024-05-31"},
        {"text": "C.", "date": 9.9e9},
        {"text": "D.", "date": [1, 2]},
    ]
    result = load_uploads([("d.jsonl", "\n".join(json.dumps(r) for r in rows).encode())])
    dates = result.articles["date"].tolist()
    assert dates[0] == pd.Timestamp(100000000001, unit="ms")
    assert dates[1] == pd.Timestamp("2024-05-31")
    assert pd.isna(dates[2]) and pd.isna(dates[3])
    assert result.report.undated == 2


@pytest.mark.parametrize("raw", [100000000001, 1717113600123, "1717113600123"])
def test_a_column_holding_only_millisecond_epochs(raw: object) -> None:
    result = load_uploads([("d.jsonl", json.dumps({"text": "A.", "date": raw}).encode())])
    assert result.articles["date"].iloc[0] == pd.Timestamp(int(raw), unit="ms")


def test_unreadable_dates_are_reported_with_file_line_and_value_and_still_load() -> None:
    csv = (b"text,date\nFirst story.,yesterday-ish\nSecond story.,2024-02-30\nThird story.,\n"
           b"Fourth story.,2024\nFifth story.,2024-05-31\n")
    items = b'[{"text": "Item one.", "date": "nope"}, {"text": "Item two.", "date": null}]'
    result = load_uploads([("bad.csv", csv), ("d.json", items)])
    rep = result.report
    assert len(result.articles) == 7  # every article loads; the unreadable ones undated
    assert rep.undated == 6
    assert rep.skipped == []  # nothing was skipped, so `--strict` has nothing to fail on
    notes = [(n.file, n.line, n.reason) for n in rep.unreadable_dates]
    assert notes == [
        ("bad.csv", 2, 'date "yesterday-ish" is not a date (it has no year); loaded undated'),
        ("bad.csv", 3, 'date "2024-02-30" is not a date; loaded undated'),
        ("bad.csv", 5, 'date "2024" is a year alone, not a day; loaded undated'),
        ("d.json[1]", None, 'date "nope" is not a date (it has no year); loaded undated'),
    ]  # the empty cell and the null are no errors
    assert "6 undated (4 unreadable dates)" in rep.summary()
    assert rep.to_dict()["unreadable_dates"][1] == {
        "file": "bad.csv", "line": 3, "reason": 'date "2024-02-30" is not a date; loaded undated'}
    assert_adds_up(result)


def test_a_folded_copy_that_gives_the_date_is_where_a_bad_date_is_reported() -> None:
    rows = b'{"text": "Same.", "source": null}\n{"text": "Same.", "date": "31/31/2024"}\n'
    rep = load_uploads([("d.jsonl", rows)]).report
    assert [(n.file, n.line) for n in rep.unreadable_dates] == [("d.jsonl", 2)]


@pytest.mark.parametrize("name", ["scan-2024-13-45.txt", "0000-01-01-note.txt"])
def test_a_file_name_that_is_no_date_is_neither_a_date_nor_a_note(name: str) -> None:
    rep = load_uploads([(name, b"Some words.")]).report
    assert rep.undated == 1
    assert rep.unreadable_dates == []


def test_strict_build_does_not_fail_on_an_unreadable_date(tmp_path: Path) -> None:
    from lib import build

    (tmp_path / "in").mkdir()
    # With a quote: lib.store.ensure_store fails on a build with no quotes at all (its
    # quote_id column is typed null), whatever the dates.
    (tmp_path / "in" / "a.csv").write_text(
        'text,date\n"""We are open again,"" said Mara Quill, the harbour master.",2024-02-30\n')
    out = tmp_path / "out"
    assert build.main([str(tmp_path / "in"), "--out", str(out), "--workers", "1",
                       "--strict"]) == 0
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["load_report"]["unreadable_dates"][0]["line"] == 2
