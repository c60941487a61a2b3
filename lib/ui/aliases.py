"""The session's edited speaker aliases (st.data_editor on the Speakers page) applied to the
built quotes, for this session only: re-merged once per distinct edited table and kept in that
session's state, never in a cache other visitors share. Unedited, the corpus is unchanged."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from lib import alias_edits as ae
from lib import store

if TYPE_CHECKING:
    from lib.build import Built

EDITOR_KEY = "alias_editor"  # the data_editor's key: its state is the edits, not the table
_BASE_KEY = "_alias_base"  # the table the open editor started from
_EDITED_KEY = "_alias_edited"  # the session's current table, kept when the editor is not drawn
_MERGE_KEY = "_alias_merge"  # (corpus, table hash) -> the re-merged Built


def file_aliases() -> pd.DataFrame:
    """The project's `data/aliases.csv` (empty if missing or unreadable: the page says why)."""
    from lib.build import DEFAULT_ALIASES
    from lib.speaker_merge import load_aliases

    if not DEFAULT_ALIASES.is_file():
        return pd.DataFrame({"variant": pd.Series(dtype=object),
                             "canonical": pd.Series(dtype=object)})
    try:
        return load_aliases(DEFAULT_ALIASES).reset_index(drop=True)
    except ValueError as exc:
        st.session_state["_alias_error"] = str(exc)
        return pd.DataFrame({"variant": pd.Series(dtype=object),
                             "canonical": pd.Series(dtype=object)})


def editor_base() -> pd.DataFrame:
    """What the editor shows before this run's edits: the file, or the session's last table."""
    base = st.session_state.get(_BASE_KEY)
    if not isinstance(base, pd.DataFrame):
        base = file_aliases()
        st.session_state[_BASE_KEY] = base
    return base


def edited_aliases() -> pd.DataFrame:
    """The session's alias table: the editor's base with its pending edits applied."""
    base = editor_base()
    state = st.session_state.get(EDITOR_KEY)
    if state is not None:
        edited = ae.apply_editor_state(base, state)
        st.session_state[_EDITED_KEY] = edited
        return edited
    # Streamlit drops a widget's state on a page that does not draw it: the edits made so far
    # become the base the editor reopens with.
    edited = st.session_state.get(_EDITED_KEY)
    if isinstance(edited, pd.DataFrame):
        st.session_state[_BASE_KEY] = edited
        return edited
    return ae.apply_editor_state(base, None)


def reset() -> None:
    """Back to the file's aliases (a button callback: runs before the script)."""
    for key in (EDITOR_KEY, _BASE_KEY, _EDITED_KEY, _MERGE_KEY):
        st.session_state.pop(key, None)


def is_edited() -> bool:
    edited = st.session_state.get(_EDITED_KEY)
    return isinstance(edited, pd.DataFrame) and ae.aliases_hash(edited) != ae.aliases_hash(
        ae.apply_editor_state(file_aliases(), None))


def apply_session_aliases(built: Built) -> Built:
    """The corpus as this session sees it after its own alias edits."""
    if not any(k in st.session_state for k in (EDITOR_KEY, _BASE_KEY, _EDITED_KEY)):
        # Never edited: the file's aliases, which the build used. Reading them would import
        # the name tables (seconds on a cold start) only to find nothing changed.
        return built
    table = edited_aliases()
    key = ae.aliases_hash(table)
    if key == ae.aliases_hash(ae.apply_editor_state(file_aliases(), None)):
        return built  # the build already used the file's aliases
    found = st.session_state.get(_MERGE_KEY)
    if isinstance(found, tuple) and found[0] is built and found[1] == key:
        return found[2]  # type: ignore[no-any-return]
    try:
        # Re-scored speakers need their quotes' words, which the dashboard keeps on disk.
        quotes, speakers = ae.remerge(store.with_text(built, "quotes", built.quotes),
                                      built.speakers, table)
    except Exception as exc:  # an odd edit must not take the dashboard down
        st.sidebar.error(f"Could not apply the edited aliases: {type(exc).__name__}")
        return built
    merged = replace(built, quotes=quotes, speakers=speakers)
    # Holds the built corpus too, so a new upload (another object) is never served old merges.
    st.session_state[_MERGE_KEY] = (built, key, merged)
    return merged
