"""The session's speaker alias edits applied to built quotes: the alias table after
st.data_editor's edits, its order-free fingerprint, and the quotes merged again with it
(speakers re-scored only where their quotes changed). Pure pandas; it draws nothing."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from lib import readability
from lib.filters import UNKNOWN_SPEAKER as UNKNOWN

SPEAKER_SCORE_COLUMNS = ["words", "sentences", *readability.SCORE_KEYS, "reading_time_s",
                         "low_text"]


def apply_editor_state(base: pd.DataFrame, state: Mapping[str, Any] | None) -> pd.DataFrame:
    """The alias table after st.data_editor's edits (edited_rows, added_rows, deleted_rows,
    by row position in `base`); blank rows are dropped, cells are stripped strings."""
    df = base[["variant", "canonical"]].astype("object").reset_index(drop=True).copy()
    state = state or {}
    for pos, change in (state.get("edited_rows") or {}).items():
        i = int(pos)
        if 0 <= i < len(df) and isinstance(change, Mapping):
            for col, value in change.items():
                if col in df.columns:
                    df.at[i, col] = value
    deleted = {int(i) for i in state.get("deleted_rows") or []}
    df = df.drop(index=[i for i in deleted if i in df.index])
    added = [{c: r.get(c) for c in ("variant", "canonical")}
             for r in state.get("added_rows") or [] if isinstance(r, Mapping)]
    if added:
        df = pd.concat([df, pd.DataFrame(added, columns=["variant", "canonical"])],
                       ignore_index=True)
    df = df.map(lambda x: "" if x is None or (isinstance(x, float) and math.isnan(x))
                else str(x).strip())
    return df[(df["variant"] != "") & (df["canonical"] != "")].reset_index(drop=True)


def aliases_hash(aliases: pd.DataFrame) -> str:
    """Order-insensitive fingerprint of an alias table (what the session's merge is keyed by)."""
    rows = sorted(zip(aliases["variant"].astype(str), aliases["canonical"].astype(str),
                      strict=True))
    return hashlib.sha1(repr(rows).encode("utf-8")).hexdigest()


def remerge(quotes: pd.DataFrame, speakers: pd.DataFrame,
            aliases: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Built quotes merged again with `aliases`: same quote columns in the same order, and a
    speakers table whose scores are reused where a speaker's quotes did not change."""
    from lib.speaker_merge import merge_speakers

    # Categoricals (the dashboard's compact columns) would refuse the merge's new names.
    q = quotes.astype({c: "str" for c in quotes.columns
                       if isinstance(quotes[c].dtype, pd.CategoricalDtype)})
    if "speaker_kind_local" in q:
        # the within-article kind, as the build merged it (the merged one says "ambiguous")
        q = q.assign(speaker_kind=q["speaker_kind_local"].fillna(q["speaker_kind"]))
    if "speaker_local" in q and "speaker" in q:
        # the unknown bucket has no local name to merge, whatever a hand-made table holds
        unknown = (q["speaker"] == UNKNOWN) & (q.get("speaker_kind") == "unknown")
        q = q.assign(speaker_local=q["speaker_local"].where(~unknown, None))
    merged, table = merge_speakers(q, aliases)
    for col in ("speaker_local", "speaker_kind_local"):
        if col in quotes:  # the merge's inputs go back as built
            merged[col] = quotes[col].to_numpy()
    merged = merged[list(quotes.columns)]
    return merged, rescore_speakers(merged, table, quotes, speakers)


def rescore_speakers(merged: pd.DataFrame, table: pd.DataFrame, old_quotes: pd.DataFrame,
                     old_speakers: pd.DataFrame) -> pd.DataFrame:
    """Speaker readability columns for the re-merged table: copied where the speaker id keeps
    exactly its quotes, scored again over the joined quotes otherwise."""
    have = [c for c in SPEAKER_SCORE_COLUMNS if c in old_speakers.columns]
    if not have or merged.empty:
        return table
    new_sets = merged.groupby("speaker_id")["quote_id"].agg(frozenset)
    old_sets = old_quotes.groupby("speaker_id")["quote_id"].agg(frozenset)
    same = [sid for sid, s in new_sets.items() if old_sets.get(sid) == s]
    old = old_speakers.set_index("speaker_id")[have]
    kept = old.reindex([s for s in same if s in old.index])
    changed = [sid for sid in new_sets.index if sid not in kept.index]
    parts = [kept]
    if changed:
        sub = merged[merged["speaker_id"].isin(changed)]
        g = sub.groupby("speaker_id", sort=False)
        joined = g["text"].agg(lambda t: "\n\n".join(t.dropna().astype(str)))
        langs = list(g["lang"].first()) if "lang" in sub else None
        scores = readability.score_texts(list(joined), langs=langs)
        scores.index = joined.index
        parts.append(scores[[c for c in have if c in scores.columns]])
    scored = pd.concat([p for p in parts if not p.empty]) if any(
        not p.empty for p in parts) else pd.DataFrame(columns=have)
    return table.join(scored, on="speaker_id")
