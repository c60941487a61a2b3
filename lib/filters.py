"""One filter state shared by every page: parsed from and written to URL query params,
applied as boolean masks over the built articles and quotes frames, and described in one
plain-English sentence. It never touches Streamlit and never re-analyses text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.context import word_regex
from lib.row_links import Links, codes_of, first_of_group

# URL keys are short because people read and hand-edit shared links.
KEY_SPEAKER = "speaker"
KEY_FROM = "from"
KEY_TO = "to"
KEY_SOURCE = "source"
KEY_TEXT = "q"
KEY_UNDATED = "undated"
KEY_TERM = "term"
# Topics by the name the build gave them (the topics table's label), as the sidebar lists them.
KEY_TOPIC = "topic"
# Wire copy: on by default, so the URL only says "dedupe=false" when an analyst turns it off.
KEY_DEDUPE = "dedupe"
# Which quotes: direct (in quote marks), reported ("she said the plan…") or both (the default).
KEY_KIND = "kind"
# The sidebar's options as the URL writes them, and the quote kind each keeps ("" = all).
KIND_OPTIONS: dict[str, str] = {"All": "", "Direct": "direct", "Reported": "indirect"}

QueryValue = str | Sequence[str]
# Finds a needle in text a frame keeps elsewhere: (table name, needle) -> bool mask by row
# label of that table, or None when there is no such text.
Search = Callable[[str, str], "pd.Series | None"]
# The build's bucket for quotes with no attributable speaker: not a person to count.
UNKNOWN_SPEAKER = "Unknown speaker"


@dataclass(frozen=True, slots=True)
class Filters:
    speakers: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    # Only consulted when a date bound is set: without bounds nothing is excluded by date.
    include_undated: bool = False
    sources: tuple[str, ...] = ()
    text: str = ""
    terms: tuple[str, ...] = ()
    # Topic names (the build's labels): articles where one of those topics takes a share.
    topics: tuple[str, ...] = ()
    # Syndicated copies (one `wire_group`) count once; a corpus without groups is unaffected.
    dedupe: bool = True
    # "direct" or "indirect" keeps quotes of that kind only; "" keeps both.
    kind: str = ""

    @property
    def is_empty(self) -> bool:
        return self == Filters()

    @property
    def has_dates(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    # ---- URL ---------------------------------------------------------------------------

    @classmethod
    def from_query(cls, query: Mapping[str, QueryValue]) -> Filters:
        """Parse query params; unknown keys are ignored and bad values dropped, never raised,
        because a hand-edited link should still open a page."""
        date_from = _parse_date(_last(query.get(KEY_FROM)))
        date_to = _parse_date(_last(query.get(KEY_TO)))
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        return cls(
            speakers=_uniq(_many(query.get(KEY_SPEAKER))),
            date_from=date_from,
            date_to=date_to,
            include_undated=(_last(query.get(KEY_UNDATED)) or "").strip().lower()
            in ("true", "1", "yes"),
            sources=_uniq(_many(query.get(KEY_SOURCE))),
            text=(_last(query.get(KEY_TEXT)) or "").strip(),
            terms=_uniq(_many(query.get(KEY_TERM))),
            topics=_uniq(_many(query.get(KEY_TOPIC))),
            dedupe=(_last(query.get(KEY_DEDUPE)) or "").strip().lower()
            not in ("false", "0", "no"),
            kind=parse_kind(_last(query.get(KEY_KIND))),
        )

    def to_query(self) -> dict[str, str | list[str]]:
        """The same encoding Streamlit's bound widgets use: repeated keys for lists, ISO
        dates, "true" for a set checkbox; defaults are left out to keep links short."""
        out: dict[str, str | list[str]] = {}
        if self.speakers:
            out[KEY_SPEAKER] = list(self.speakers)
        if self.date_from:
            out[KEY_FROM] = self.date_from.isoformat()
        if self.date_to:
            out[KEY_TO] = self.date_to.isoformat()
        if self.include_undated:
            out[KEY_UNDATED] = "true"
        if self.sources:
            out[KEY_SOURCE] = list(self.sources)
        if self.text:
            out[KEY_TEXT] = self.text
        if self.terms:
            out[KEY_TERM] = list(self.terms)
        if self.topics:
            out[KEY_TOPIC] = list(self.topics)
        if not self.dedupe:
            out[KEY_DEDUPE] = "false"
        label = next((k for k, v in KIND_OPTIONS.items() if v and v == self.kind), None)
        if label is not None:  # (a kind no option names keeps every quote: nothing to link)
            out[KEY_KIND] = label
        return out

    # ---- masks -------------------------------------------------------------------------

    def article_mask(self, articles: pd.DataFrame, quotes: pd.DataFrame | None = None,
                     article_terms: pd.DataFrame | None = None,
                     search: Search | None = None,
                     article_topics: pd.DataFrame | None = None,
                     topic_table: pd.DataFrame | None = None) -> pd.Series:
        """Articles in the date range and sources, containing the search text (title or
        body), when speakers are chosen quoting at least one of them, when keyphrases are
        chosen having one of them in `article_terms`, and when topics are chosen (by their
        `topic_table` label) having a share of one of them in `article_topics`. `search` finds
        the text in columns the frame keeps elsewhere (the dashboard leaves article bodies on
        disk)."""
        mask = self._date_source_mask(articles)
        if self.terms and article_terms is not None and "article_id" in articles:
            wanted = {t.casefold() for t in self.terms}
            hit = _casefold_isin(article_terms["term"], wanted)
            mask &= _isin_values(articles["article_id"], article_terms.loc[hit, "article_id"])
        if self.topics and "article_id" in articles:
            if article_topics is None or topic_table is None \
                    or not {"article_id", "topic"} <= set(article_topics.columns) \
                    or not {"topic", "label"} <= set(topic_table.columns):
                mask &= False  # no topics in this corpus: none of the chosen ones is here
            else:
                chosen = topic_table.loc[_isin(topic_table, "label", self.topics), "topic"]
                hit = np.isin(article_topics["topic"].to_numpy(), chosen.to_numpy())
                mask &= _isin_values(articles["article_id"],
                                     article_topics.loc[hit, "article_id"])
        if self.text:
            mask &= _contains(articles, ("title", "text"), self.text, search, "articles")
        if self.speakers and quotes is not None and "article_id" in articles:
            by_them = quotes.loc[self._spoken_by(quotes), "article_id"]
            mask &= _isin_values(articles["article_id"], by_them)
        return mask

    def _spoken_by(self, quotes: pd.DataFrame) -> pd.Series:
        """Quotes of the chosen speakers, of the chosen kind: an article counts as quoting a
        speaker when it quotes them the way the filter asks."""
        mask = _isin(quotes, "speaker", self.speakers)
        if self.kind and "kind" in quotes:
            mask &= (quotes["kind"] == self.kind).to_numpy(dtype=bool)
        return mask

    def quote_mask(self, quotes: pd.DataFrame, search: Search | None = None) -> pd.Series:
        """Quotes by the chosen speakers, in range and sources, whose words, surrounding
        sentence, speaker or article title contain the search text."""
        mask = self._date_source_mask(quotes)
        if self.speakers:
            mask &= _isin(quotes, "speaker", self.speakers)
        if self.kind and "kind" in quotes:
            mask &= (quotes["kind"] == self.kind).to_numpy(dtype=bool)
        if self.text:
            mask &= _contains(quotes, ("text", "context", "speaker", "title"), self.text,
                              search, "quotes")
        return mask

    def apply(
        self, articles: pd.DataFrame, quotes: pd.DataFrame,
        article_terms: pd.DataFrame | None = None, search: Search | None = None,
        quote_columns: Sequence[str] | None = None, links: Links | None = None,
        article_topics: pd.DataFrame | None = None, topic_table: pd.DataFrame | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Filtered (articles, quotes), with quotes kept to the filtered articles so that
        every count on every page agrees. Row labels are kept, so a page can fetch more
        columns of the same rows from the built frames; `quote_columns` keeps only those
        (the masks still see every column). `links` (from `links(articles, quotes)`, made
        once per corpus) joins quotes to articles by row instead of by id."""
        amask, qmask = self.masks(articles, quotes, article_terms, search, links,
                                  article_topics, topic_table)
        if quote_columns is not None:
            quotes = quotes[[c for c in quotes.columns if c in set(quote_columns)]]
        return _rows(articles, amask), _rows(quotes, qmask)

    def masks(
        self, articles: pd.DataFrame, quotes: pd.DataFrame,
        article_terms: pd.DataFrame | None = None, search: Search | None = None,
        links: Links | None = None, article_topics: pd.DataFrame | None = None,
        topic_table: pd.DataFrame | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows `apply` keeps, as bool arrays over `articles` and `quotes`."""
        if links is not None and not links.fits(articles, quotes):
            links = None
        amask = np.array(self.article_mask(articles, quotes if links is None else None,
                                           article_terms, search, article_topics,
                                           topic_table), dtype=bool)
        if self.speakers and links is not None:
            # The chosen speakers' articles by row: no id strings matched.
            by_them = links.quote_article[self._spoken_by(quotes).to_numpy(dtype=bool)]
            quoting = np.zeros(len(articles) + 1, dtype=bool)
            quoting[by_them] = True  # -1 (no article) marks the spare last slot
            amask &= quoting[:-1]
        if self.dedupe and "wire_group" in articles:
            # After the other filters, so that a copy in the chosen outlet still counts when
            # the group's first copy ran elsewhere.
            if links is not None and links.wire_codes is not None:
                amask = first_of_group(amask, links.wire_codes)
            else:
                groups = articles["wire_group"].where(amask)
                amask &= ~(groups.duplicated() & groups.notna()).to_numpy(dtype=bool)
        qmask = np.array(self.quote_mask(quotes, search), dtype=bool)
        if links is not None:
            qmask &= np.append(amask, False)[links.quote_article]
        elif "article_id" in quotes and "article_id" in articles:
            qmask &= _isin_values(quotes["article_id"],
                                  articles.loc[amask, "article_id"]).to_numpy(dtype=bool)
        return amask, qmask

    def _date_source_mask(self, df: pd.DataFrame) -> pd.Series:
        mask = np.ones(len(df), dtype=bool)
        if self.has_dates and "date" in df:
            dates = df["date"]
            if not pd.api.types.is_datetime64_dtype(dates):
                dates = pd.to_datetime(dates, errors="coerce")
                if getattr(dates.dt, "tz", None) is not None:
                    dates = dates.dt.tz_localize(None)
            # Compared in numpy (NaT compares false, as pandas reads it): Series arithmetic
            # over a million dates cost more than the comparisons themselves.
            raw = dates.to_numpy()
            dated = ~np.isnat(raw)
            in_range = dated.copy()
            # Bounds are whole days: from midnight of `from` to before midnight after `to`,
            # which is the day comparison without normalising a million timestamps.
            if self.date_from:
                in_range &= raw >= np.datetime64(pd.Timestamp(self.date_from))
            if self.date_to:
                in_range &= raw < np.datetime64(pd.Timestamp(self.date_to)
                                                + pd.Timedelta(days=1))
            if self.include_undated:
                in_range |= ~dated
            mask &= in_range
        if self.sources:
            mask &= _isin(df, "source", self.sources).to_numpy(dtype=bool)
        return pd.Series(mask, index=df.index)

    # ---- sentence ----------------------------------------------------------------------

    def describe(self, articles: pd.DataFrame, quotes: pd.DataFrame) -> str:
        """One sentence over already-filtered frames, e.g. "Showing 42 quotes by 3 speakers
        in 17 articles from 2 outlets, May–Aug 2024"."""
        n_quotes = len(quotes)
        n_speakers = count_speakers(quotes)
        n_articles = len(articles)
        n_sources = _nunique(articles, "source")
        kind = {"direct": "direct ", "indirect": "reported "}.get(self.kind, "")
        parts = [
            f"Showing {_plural(n_quotes, kind + 'quote')}",
            ("with no named speaker" if not n_speakers else
             f"by {_plural(n_speakers, 'speaker')}") if n_quotes else "",
            f"in {_plural(n_articles, 'article')}",
            f"from {_plural(n_sources, 'outlet')}" if n_sources else "",
        ]
        sentence = " ".join(p for p in parts if p)
        span = self._span(articles)
        if span:
            sentence += f", {span}"
        if self.text:
            sentence += f', matching "{self.text}"'
        if self.has_dates and self.include_undated:
            sentence += " (undated articles included)"
        if self.terms:
            sentence += ", about " + " or ".join(f'"{t}"' for t in self.terms)
        if self.topics:
            sentence += (", on the topic" + ("s " if len(self.topics) > 1 else " ")
                         + " or ".join(f'"{t}"' for t in self.topics))
        if not self.dedupe and "wire_size" in articles and (articles["wire_size"] > 1).any():
            sentence += " (wire copies counted each time)"
        return sentence

    def _span(self, articles: pd.DataFrame) -> str:
        """The months the shown articles run over (a date bound only where none is dated: the
        sentence says what is there, as the Dates line beside it does)."""
        lo: date | None = self.date_from
        hi: date | None = self.date_to
        if "date" in articles:
            dates = pd.to_datetime(articles["date"], errors="coerce").dropna()
            if not dates.empty:
                lo, hi = dates.min().date(), dates.max().date()
        return month_span(lo, hi) if lo and hi else ""


def parse_kind(value: str | None) -> str:
    """A linked quote kind, as the sidebar writes it ("Reported") or as the data does
    ("indirect"); anything else keeps every quote."""
    low = (value or "").strip().lower()
    for label, kind in KIND_OPTIONS.items():
        if low in (label.lower(), kind):
            return kind
    return ""


def count_speakers(quotes: pd.DataFrame) -> int:
    """Distinct named speakers (the unknown bucket is not a person)."""
    if "speaker" not in quotes:
        return 0
    named = quotes["speaker"].dropna()
    return int(named[named != UNKNOWN_SPEAKER].nunique())


def month_span(lo: date, hi: date) -> str:
    """"May 2024", "May–Aug 2024" or "Nov 2023–Feb 2025": months are what readers scan."""
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo:%b %Y}"
    if lo.year == hi.year:
        return f"{lo:%b}–{hi:%b %Y}"
    return f"{lo:%b %Y}–{hi:%b %Y}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _nunique(df: pd.DataFrame, col: str) -> int:
    return int(df[col].dropna().nunique()) if col in df else 0


def _isin(df: pd.DataFrame, col: str, values: Iterable[str]) -> pd.Series:
    if col not in df:
        return pd.Series(False, index=df.index)
    return _isin_values(df[col], list(values))


def _isin_values(col: pd.Series, values: Iterable[object]) -> pd.Series:
    """`col.isin(values)` as a plain bool mask; a categorical column is tested once per
    category and its codes looked up, which is what a million rows need."""
    wanted = _distinct(values)
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = codes_of(col)
        hit = np.append(_index_isin(col.cat.categories, wanted), False)  # code -1: missing
        return pd.Series(hit[codes], index=col.index)
    if pd.api.types.is_string_dtype(col.dtype) and len(col) > 1_000:
        return pd.Series(_index_isin(pd.Index(col), wanted), index=col.index)
    return col.isin(wanted).fillna(False).astype(bool)


def _index_isin(index: pd.Index, wanted: pd.Index) -> np.ndarray:
    # Arrow's hash set for strings: pandas' isin between two Arrow-backed string indexes of
    # 100k ids each took most of a second.
    if pd.api.types.is_string_dtype(index.dtype) and pd.api.types.is_string_dtype(
            wanted.dtype) and len(index) > 1_000:
        try:
            found = pc.is_in(pa.array(index.array), value_set=pa.array(wanted.array))
            return np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False),
                              dtype=bool)
        except (pa.ArrowException, TypeError):
            pass
    return np.asarray(index.isin(wanted), dtype=bool)


def _distinct(values: Iterable[object]) -> pd.Index:
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        codes = codes_of(values)
        return values.cat.categories[np.unique(codes[codes >= 0])]
    if isinstance(values, pd.Series):
        return pd.Index(values.dropna().unique())
    return pd.Index(list(dict.fromkeys(values)), dtype=object)


def _casefold_isin(col: pd.Series, wanted: set[str]) -> pd.Series:
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = pd.Series(col.cat.categories.astype(str)).str.casefold().isin(wanted).to_numpy()
        return pd.Series(np.append(cats, False)[codes_of(col)], index=col.index)
    return col.astype("string").str.casefold().isin(wanted).fillna(False).astype(bool)


def _rows(df: pd.DataFrame, mask: np.ndarray | pd.Series) -> pd.DataFrame:
    keep = np.asarray(mask, dtype=bool)
    # Everything kept: no copy of a million rows (copy-on-write keeps the built frame safe).
    if bool(keep.all()):
        return df.copy(deep=False)
    return df[keep]


def _contains(df: pd.DataFrame, cols: Sequence[str], needle: str, search: Search | None = None,
              table: str = "") -> pd.Series:
    # Whole words, literal, any case: users type words, not regexes, and "rain" is not "train"
    # (the Article page's keyword in context finds the same).
    pattern = word_regex(needle) or re.escape(needle)
    hit = pd.Series(False, index=df.index)
    for col in cols:
        if col in df:
            values = df[col]
            if isinstance(values.dtype, pd.CategoricalDtype):  # once per distinct value
                cats = pd.Series(values.cat.categories.astype(str)).str.contains(
                    pattern, case=False, regex=True).to_numpy(dtype=bool)
                hit |= np.append(cats, False)[codes_of(values)]
                continue
            hit |= (
                values.astype("string").str.contains(pattern, case=False, regex=True)
                .fillna(False).astype(bool)
            )
    found = search(table, needle) if search is not None else None
    if found is not None:
        hit |= found.reindex(df.index, fill_value=False).to_numpy(dtype=bool)
    return hit


def _many(value: QueryValue | None) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [s.strip() for s in items if isinstance(s, str) and s.strip()]


def _last(value: QueryValue | None) -> str | None:
    items = _many(value)
    return items[-1] if items else None


def _uniq(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
