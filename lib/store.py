"""The dashboard's copy of a built folder: each table as uncompressed Arrow files, memory-mapped,
so opening 100k articles reads no text. Repeated strings (speaker, source, kind...) become
categoricals; long text (article bodies, quote words and context) stays on disk until a page
asks for some rows of it. Written once per built folder, next to nothing else; no Streamlit."""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib.context import word_regex_re2

if TYPE_CHECKING:
    from lib.build import Built

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "data" / "built" / "_app"
# Bumped when the layout below changes, so an old copy is never read as a new one.
LAYOUT = "5"
# Text read only for the rows a page shows (tables, one article) or scanned by a search.
HEAVY = {"articles": ("text",), "quotes": ("text", "context")}
# Few distinct values over many rows: codes and one dictionary instead of a string per row.
REPEATED = {
    "articles": ("source", "author", "lang", "file"),
    "quotes": ("article_id", "kind", "speaker_local", "speaker_mention", "speaker_role",
               "speaker_kind", "cue", "speaker_id", "speaker", "speaker_kind_local", "source",
               "title", "url", "lang"),
    "quote_terms": ("term",),
    "article_terms": ("article_id", "term"),
    "article_topics": ("article_id",),
}
_KEY = "_app_store"
_ORDER = "_app_columns"  # manifest key: each table's columns in the Parquet's order
# quote_terms in the store: the quote's row in the quotes frame instead of its id.
QUOTE_ROW = "_quote_row"  # manifest key holding the store folder (never shown, never written back)


def store_dir(built_dir: Path) -> Path:
    """Where the copy of `built_dir` lives: inside it (so it goes when the build goes), else
    under data/built/_app for a folder the server may not write; keyed by the files' sizes
    and times, so a rebuilt folder gets a fresh copy."""
    h = hashlib.sha1(f"{LAYOUT}\0{built_dir.resolve()}".encode())
    for f in sorted(built_dir.glob("*")):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    key = h.hexdigest()[:16]
    return (built_dir / "_app" / key if os.access(built_dir, os.W_OK) else CACHE / key)


def _dictionary(col: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_dictionary(col.type) or not (pa.types.is_string(col.type)
                                                  or pa.types.is_large_string(col.type)):
        return col
    # Sorted dictionary: categoricals then sort like the strings they stand for.
    values = pc.unique(col).drop_null().cast(pa.large_string())
    values = values.take(pc.sort_indices(values))
    codes = pc.index_in(col, value_set=values).cast(pa.int32())
    return pa.chunked_array([pa.DictionaryArray.from_arrays(codes.combine_chunks(), values)])


def _narrow(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """A dictionary column's codes in the integer pandas gives a categorical of that many
    values (int8 under 127, int16 under 32,767): pandas then uses the mapped codes as they are
    (a column with nulls still gets its own copy, to write -1 for them, from a quarter of the
    bytes). Wider codes were read once to make pandas' copy, and both stayed in memory: about
    100 MB of 1.9M quotes' fourteen code columns."""
    if not pa.types.is_dictionary(col.type):
        return col
    col = col.unify_dictionaries()  # one dictionary for every chunk, as the file is written
    n = max((len(c.dictionary) for c in col.chunks), default=0)
    index = pa.int8() if n < 2**7 - 1 else pa.int16() if n < 2**15 - 1 else pa.int32()
    if col.type.index_type == index:
        return col
    return col.cast(pa.dictionary(index, col.type.value_type))


def _zero_copy(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """Missing numbers and dates as NaN and NaT values rather than Arrow nulls, so pandas can
    use the mapped file's memory as it is instead of copying each column to mark them."""
    if pa.types.is_string(col.type):  # pandas' str columns are large_string: no copy then
        return col.cast(pa.large_string())
    if col.null_count == 0:
        return col
    if pa.types.is_floating(col.type):
        return pc.fill_null(col, float("nan"))
    if pa.types.is_timestamp(col.type) and col.type.tz is None:
        nat = pa.scalar(np.iinfo(np.int64).min, pa.int64())
        return pc.fill_null(col.cast(pa.int64()), nat).cast(col.type)
    return col


def _write(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        # One record batch: pandas can only use a column's mapped memory as it is when the
        # column is one chunk; 256k-row batches made to_pandas join (copy) every number
        # column, 440 MB of private memory for 1.7M quotes.
        writer.write_table(table, max_chunksize=max(table.num_rows, 1))
    tmp.replace(path)


def _copy_table(src: Path, name: str, out: Path) -> None:
    schema = pq.read_schema(src)
    heavy = [c for c in HEAVY.get(name, ()) if c in schema.names]
    lean = [c for c in schema.names if c not in heavy]
    table = pq.read_table(src, columns=lean)
    table = table.replace_schema_metadata(None)
    for col in REPEATED.get(name, ()):
        if col in table.column_names:
            i = table.column_names.index(col)
            table = table.set_column(i, col, _dictionary(table.column(col)))
    for i, col in enumerate(table.column_names):
        table = table.set_column(i, col, _narrow(_zero_copy(table.column(col))))
    if name == "quote_terms" and "count" in table.column_names:
        # Counts of a term in one quote: int32 halves the largest table of the corpus.
        i = table.column_names.index("count")
        table = table.set_column(i, "count", table.column("count").cast(pa.int32()))
    if name == "quote_terms" and "quote_id" in table.column_names:
        # A quote's row number, not its id: a million-category id column takes seconds to
        # open, and row numbers are what the pages select by (lib.ui.terms).
        ids = pq.read_table(src.with_name("quotes.parquet"), columns=["quote_id"])
        # A corpus with no quote wrote its ids as nulls: typed as the terms' ids to compare.
        wanted = ids.column("quote_id").combine_chunks().cast(table.column("quote_id").type)
        row = pc.fill_null(pc.index_in(table.column("quote_id"), value_set=wanted), -1)
        i = table.column_names.index("quote_id")
        table = table.set_column(i, QUOTE_ROW, row.cast(pa.int32()))
    _write(table.combine_chunks(), out / f"{name}.arrow")
    del table
    if heavy:
        # Batch by batch: the text of 1.7M quotes never sits in memory at once.
        reader = pq.ParquetFile(src)
        fields = [pa.field(c, pa.large_string()) for c in heavy]
        path = out / f"{name}.text.arrow"
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        with pa.OSFile(str(tmp), "wb") as sink, \
                pa.ipc.new_file(sink, pa.schema(fields)) as writer:
            for batch in reader.iter_batches(batch_size=64_000, columns=heavy):
                writer.write_batch(pa.record_batch(
                    [batch.column(c).cast(pa.large_string()) for c in heavy], names=heavy))
        tmp.replace(path)


def ensure_store(built_dir: Path) -> Path:
    """The Arrow copy of `built_dir`, made if missing (once per built folder)."""
    out = store_dir(built_dir)
    if (out / "done.json").is_file():
        return out
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((built_dir / "manifest.json").read_text("utf-8"))
    names = ["articles", "quotes", "speakers", *manifest.get("tables", [])]
    for name in dict.fromkeys(names):
        src = built_dir / f"{name}.parquet"
        if src.is_file():
            _copy_table(src, name, out)
    (out / "done.json").write_text(json.dumps({"built": str(built_dir.resolve()),
                                               "tables": names}), "utf-8")
    return out


def _mapped(path: Path) -> pa.Table:
    return pa.ipc.open_file(pa.memory_map(str(path), "r")).read_all()


def _frame(path: Path) -> pd.DataFrame:
    # Numbers and strings stay in the mapped file (split blocks, no nulls); dictionaries
    # become categoricals on the mapped codes (`_narrow`; copied only where there are nulls).
    return _mapped(path).to_pandas(split_blocks=True)


@dataclass(frozen=True, slots=True)
class StoredBuilt:
    """lib.build.Built's fields, read from the store; defined here so that opening a corpus
    does not import every analysis module (lib.build pulls in scikit-learn: seconds)."""

    articles: pd.DataFrame
    quotes: pd.DataFrame
    speakers: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)


def is_built(path: Path) -> bool:
    """A folder lib.build wrote (the same test as lib.build.is_built)."""
    return path.is_dir() and (path / "articles.parquet").is_file() and \
        (path / "manifest.json").is_file()


# Opened on first use: only the keyword pages read the quotes' terms (14M rows at 100k
# articles), and mapping them is half a second of a cold start.
LAZY = ("quote_terms",)


class LazyTables(dict[str, pd.DataFrame]):
    """Built.tables whose large tables are mapped when first asked for."""

    def __init__(self, ready: dict[str, pd.DataFrame], later: dict[str, Path]) -> None:
        super().__init__(ready)
        self._later = dict(later)
        # Sessions run in threads: the second asker waits for the first one's mapping.
        self._lock = threading.Lock()

    def _load(self, name: str) -> None:
        if name not in self._later:
            return
        with self._lock:
            path = self._later.get(name)
            if path is not None:
                super().__setitem__(name, _frame(path))
                del self._later[name]

    def __getitem__(self, name: str) -> pd.DataFrame:
        self._load(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        self._load(name)
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self._later or super().__contains__(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return super().__len__() + len(self._later)

    def keys(self) -> list[str]:  # type: ignore[override]
        return [*super().keys(), *self._later]

    def items(self) -> list[tuple[str, pd.DataFrame]]:  # type: ignore[override]
        return [(k, self[k]) for k in self.keys()]

    def values(self) -> list[pd.DataFrame]:  # type: ignore[override]
        return [self[k] for k in self.keys()]


def open_built(built_dir: Path) -> Built:
    """A Built whose articles and quotes lack their long text columns (see `text_columns`)."""
    out = ensure_store(built_dir)
    manifest = json.loads((built_dir / "manifest.json").read_text("utf-8"))
    files = {p.name[: -len(".arrow")]: p for p in out.glob("*.arrow")
             if not p.name.endswith(".text.arrow")}
    frames = {name: _frame(path) for name, path in files.items() if name not in LAZY}
    wanted = [name for name in manifest.get("tables", []) if name in files]
    tables = LazyTables({n: frames[n] for n in wanted if n in frames},
                        {n: files[n] for n in wanted if n not in frames})
    manifest[_KEY] = str(out)
    manifest[_ORDER] = {name: pq.read_schema(built_dir / f"{name}.parquet").names
                        for name in HEAVY if (built_dir / f"{name}.parquet").is_file()}
    built = StoredBuilt(frames["articles"], frames["quotes"], frames["speakers"], tables,
                        manifest)
    return cast("Built", built)


def missing_text(built: Built, name: str) -> tuple[str, ...]:
    """The long text columns of table `name` this Built keeps on disk."""
    frame = built.articles if name == "articles" else built.quotes
    return tuple(c for c in HEAVY.get(name, ()) if c not in frame.columns)


class _Text:
    """A text file mapped through Python's mmap, so its pages can be let go once rows are
    copied out: a take of a few thousand scattered rows otherwise leaves most of the file
    resident (each touch maps its 64 KB neighbourhood), 300 MB of RSS for 2,000 quotes."""

    __slots__ = ("mm", "table")

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            self.mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        # Arrow reads the mapped bytes in place (no copy) through the buffer protocol.
        self.table = pa.ipc.open_file(pa.BufferReader(pa.py_buffer(self.mm))).read_all()

    def release(self) -> None:
        """Drop the file's pages from this process (they stay in the page cache; a later read
        maps them again). Safe while other threads read: the mapping is read-only."""
        if hasattr(mmap, "MADV_DONTNEED"):
            self.mm.madvise(mmap.MADV_DONTNEED)


_TEXT: dict[str, _Text] = {}


def _text_table(built: Built, name: str) -> _Text | None:
    folder = built.manifest.get(_KEY)
    if not folder:
        return None
    path = Path(folder) / f"{name}.text.arrow"
    if str(path) not in _TEXT:
        if len(_TEXT) >= 8:
            _TEXT.pop(next(iter(_TEXT)))
        _TEXT[str(path)] = _Text(path)  # mapped, not read: pages come in as rows are taken
    return _TEXT[str(path)]


def _take(text: _Text, rows: np.ndarray, cols: list[str]) -> pa.Table:
    """Rows of a mapped table, batch by batch, each batch's pages let go after its rows are
    copied: Arrow's take on a chunked table joins the chunks first, which reads (and keeps
    resident) the whole file for a page of rows."""
    batches = [b.select(cols) for b in text.table.to_batches()]
    if not batches or rows.size == 0:
        return text.table.select(cols).slice(0, 0)
    starts = np.cumsum([0] + [b.num_rows for b in batches])
    which = np.searchsorted(starts, rows, side="right") - 1
    order = np.argsort(which, kind="stable")
    parts = []
    for chunk in np.unique(which):
        local = rows[which == chunk] - starts[chunk]
        parts.append(batches[chunk].take(pa.array(local, type=pa.int64())))
        text.release()
    joined = pa.Table.from_batches(parts).combine_chunks()
    # Back from batch order to the order asked for.
    return joined.take(pa.array(np.argsort(order, kind="stable"), type=pa.int64()))


def text_columns(built: Built, name: str, rows: pd.Index | None = None,
                 cols: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Long text columns of table `name` (those of `cols`, else all) for `rows` (labels of
    the built frame, which are its row positions), or for every row; empty frame when the
    Built holds them itself."""
    held = [c for c in missing_text(built, name) if cols is None or c in cols]
    text = _text_table(built, name) if held else None
    if text is None:
        return pd.DataFrame(index=rows if rows is not None else None)
    whole = rows is None or (isinstance(rows, pd.RangeIndex) and rows.start == 0
                             and rows.step == 1 and len(rows) == text.table.num_rows)
    if whole:
        frame = text.table.select(held).to_pandas()
        text.release()
    else:
        assert rows is not None
        frame = _take(text, rows.to_numpy(dtype=np.int64), held).to_pandas()
    frame.index = rows if rows is not None else pd.RangeIndex(len(frame))
    return frame


def with_columns(built: Built, name: str, df: pd.DataFrame,
                 cols: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """`df` (rows of the built table `name`, its labels kept) with those of `cols` it lacks
    taken from the built frame for its rows (long text columns kept on disk are not: see
    `with_text`)."""
    frame = built.articles if name == "articles" else built.quotes
    held = [c for c in dict.fromkeys(cols) if c in frame.columns and c not in df.columns]
    if not held:
        return df
    index = frame.index
    if df.index.equals(index):  # every row: the built columns themselves, no copy
        extra = {c: frame[c] for c in held}
    elif isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        # Labels are row numbers: a positional take, not a label lookup of a million rows.
        pos = df.index.to_numpy(dtype=np.int64)
        extra = {c: pd.Series(frame[c].array.take(pos), index=df.index, name=c)
                 for c in held}
    else:
        extra = {c: frame[c].reindex(df.index) for c in held}
    return df.assign(**extra)


def with_text(built: Built, name: str, df: pd.DataFrame,
              cols: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """`df` (rows of the built table `name`, its labels kept) with the columns it lacks added
    back for its rows only: those of `cols`, else every column (long text from disk too)."""
    frame = built.articles if name == "articles" else built.quotes
    wanted = list(frame.columns) + list(HEAVY.get(name, ())) if cols is None else list(cols)
    # Columns the filtered view left out, and an upload's text: same rows, by label.
    df = with_columns(built, name, df, wanted)
    text = [c for c in missing_text(built, name) if c in wanted and c not in df.columns]
    if text:
        extra = text_columns(built, name, df.index, text)
        df = df.assign(**{c: extra[c].to_numpy() for c in text if c in extra})
    # The built table's column order (exports read like the Parquet they come from).
    order = built.manifest.get(_ORDER, {}).get(name) or list(frame.columns)
    first = [c for c in order if c in df.columns]
    return df[first + [c for c in df.columns if c not in set(first)]]


def contains(built: Built, name: str, needle: str) -> pd.Series | None:
    """Rows of table `name` whose on-disk text columns contain `needle` (whole words, literal,
    any case),
    scanned on the mapped file a batch at a time (each batch's pages let go after it: a
    search would otherwise leave the whole text file resident); None when the Built holds
    its text itself."""
    cols = missing_text(built, name)
    text = _text_table(built, name) if cols else None
    pattern = word_regex_re2(needle)
    if text is None or pattern is None:
        return None
    parts = []
    for batch in text.table.to_batches():
        hit = np.zeros(batch.num_rows, dtype=bool)
        for col in cols:
            found = pc.fill_null(pc.match_substring_regex(batch.column(col), pattern,
                                                          ignore_case=True), False)
            hit |= np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
        parts.append(hit)
        text.release()
    if not parts:
        return pd.Series([], dtype=bool)
    return pd.Series(np.concatenate(parts), dtype=bool)
