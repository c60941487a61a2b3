"""One filter state shared by every page: parsed from and written to URL query params,
applied as boolean masks over the built articles and quotes frames, and described in one
plain-English sentence. It never touches Streamlit and never re-analyses text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

# URL keys are short because people read and hand-edit shared links.
KEY_SPEAKER = "speaker"
KEY_FROM = "from"
KEY_TO = "to"
KEY_SOURCE = "source"
KEY_TEXT = "q"
KEY_UNDATED = "undated"
KEY_TERM = "term"
# Wire copy: on by default, so the URL only says "dedupe=false" when an analyst turns it off.
KEY_DEDUPE = "dedupe"

QueryValue = str | Sequence[str]
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
    # Syndicated copies (one `wire_group`) count once; a corpus without groups is unaffected.
    dedupe: bool = True

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
            dedupe=(_last(query.get(KEY_DEDUPE)) or "").strip().lower()
            not in ("false", "0", "no"),
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
        if not self.dedupe:
            out[KEY_DEDUPE] = "false"
        return out

    # ---- masks -------------------------------------------------------------------------

    def article_mask(self, articles: pd.DataFrame, quotes: pd.DataFrame | None = None,
                     article_terms: pd.DataFrame | None = None) -> pd.Series:
        """Articles in the date range and sources, containing the search text (title or
        body), when speakers are chosen quoting at least one of them, and when keyphrases
        are chosen having one of them in `article_terms`."""
        mask = self._date_source_mask(articles)
        if self.terms and article_terms is not None and "article_id" in articles:
            wanted = {t.casefold() for t in self.terms}
            hit = article_terms["term"].astype("string").str.casefold().isin(wanted)
            mask &= articles["article_id"].isin(set(article_terms.loc[hit.fillna(False),
                                                                      "article_id"]))
        if self.text:
            mask &= _contains(articles, ("title", "text"), self.text)
        if self.speakers and quotes is not None and "article_id" in articles:
            by_them = quotes.loc[_isin(quotes, "speaker", self.speakers), "article_id"]
            mask &= articles["article_id"].isin(set(by_them))
        return mask

    def quote_mask(self, quotes: pd.DataFrame) -> pd.Series:
        """Quotes by the chosen speakers, in range and sources, whose words, surrounding
        sentence, speaker or article title contain the search text."""
        mask = self._date_source_mask(quotes)
        if self.speakers:
            mask &= _isin(quotes, "speaker", self.speakers)
        if self.text:
            mask &= _contains(quotes, ("text", "context", "speaker", "title"), self.text)
        return mask

    def apply(
        self, articles: pd.DataFrame, quotes: pd.DataFrame,
        article_terms: pd.DataFrame | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Filtered (articles, quotes), with quotes kept to the filtered articles so that
        every count on every page agrees."""
        arts = articles[self.article_mask(articles, quotes, article_terms)]
        if self.dedupe and "wire_group" in arts:
            # After the other filters, so that a copy in the chosen outlet still counts when
            # the group's first copy ran elsewhere.
            groups = arts["wire_group"]
            arts = arts[~(groups.duplicated() & groups.notna())]
        qs = quotes[self.quote_mask(quotes)]
        if "article_id" in qs and "article_id" in arts:
            qs = qs[qs["article_id"].isin(set(arts["article_id"]))]
        return arts, qs

    def _date_source_mask(self, df: pd.DataFrame) -> pd.Series:
        mask = pd.Series(True, index=df.index)
        if self.has_dates and "date" in df:
            dates = pd.to_datetime(df["date"], errors="coerce")
            if getattr(dates.dt, "tz", None) is not None:
                dates = dates.dt.tz_localize(None)
            days = dates.dt.normalize()
            in_range = dates.notna()
            if self.date_from:
                in_range &= days >= pd.Timestamp(self.date_from)
            if self.date_to:
                in_range &= days <= pd.Timestamp(self.date_to)
            mask &= in_range | (dates.isna() if self.include_undated else False)
        if self.sources:
            mask &= _isin(df, "source", self.sources)
        return mask

    # ---- sentence ----------------------------------------------------------------------

    def describe(self, articles: pd.DataFrame, quotes: pd.DataFrame) -> str:
        """One sentence over already-filtered frames, e.g. "Showing 42 quotes by 3 speakers
        in 17 articles from 2 outlets, May–Aug 2024"."""
        n_quotes = len(quotes)
        n_speakers = count_speakers(quotes)
        n_articles = len(articles)
        n_sources = _nunique(articles, "source")
        parts = [
            f"Showing {_plural(n_quotes, 'quote')}",
            f"by {_plural(n_speakers, 'speaker')}" if n_quotes else "",
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
        if not self.dedupe and "wire_size" in articles and (articles["wire_size"] > 1).any():
            sentence += " (wire copies counted each time)"
        return sentence

    def _span(self, articles: pd.DataFrame) -> str:
        lo: date | None = self.date_from
        hi: date | None = self.date_to
        if "date" in articles and (lo is None or hi is None):
            dates = pd.to_datetime(articles["date"], errors="coerce").dropna()
            if not dates.empty:
                lo = lo or dates.min().date()
                hi = hi or dates.max().date()
        return month_span(lo, hi) if lo and hi else ""


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
    return df[col].isin(set(values)).fillna(False).astype(bool)


def _contains(df: pd.DataFrame, cols: Sequence[str], needle: str) -> pd.Series:
    # Literal, case-insensitive: users type words, not regexes.
    pattern = re.escape(needle)
    hit = pd.Series(False, index=df.index)
    for col in cols:
        if col in df:
            hit |= (
                df[col].astype("string").str.contains(pattern, case=False, regex=True)
                .fillna(False).astype(bool)
            )
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
