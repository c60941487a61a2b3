"""Speakers: every merged speaker with the name variants merged into it (and the quotes each
brought), roles and kind, the unknown and ambiguous buckets included; and the aliases table,
editable for this session and downloadable. Editing re-merges this session's corpus only."""

from __future__ import annotations

import streamlit as st

from lib import readability_tables as rt
from lib import ui
from lib.export import export_filename
from lib.ui import aliases

v = ui.view()
st.title("Speakers")
ui.describe_banner(v.sentence, v.articles, v.quotes)

table = ui.per_view(v.quotes, ("speakers_overview", id(v.built.speakers)),
                    lambda: rt.speakers_overview(v.quotes, v.built.speakers))
n_unknown = int(table.loc[table["speaker"] == rt.UNKNOWN, "n_quotes"].sum())
n_ambiguous = int(table.loc[table["kind"] == "ambiguous", "n_quotes"].sum())
people = table[(table["speaker"] != rt.UNKNOWN) & (table["kind"] != "ambiguous")]
c1, c2, c3 = st.columns(3)
n_buckets = int((table["kind"] == "ambiguous").sum())
c1.metric("People and organisations", f"{len(people):,}",
          help=f"Named speakers only. The sentence above also counts the {n_buckets:,} "
               "ambiguous-surname buckets, and the table below adds the unknown speaker.")
c2.metric("Quotes with no known speaker", f"{n_unknown:,}")
c3.metric("Quotes to an ambiguous surname", f"{n_ambiguous:,}",
          help="A surname two people share, in an article that never names either in full.")

st.subheader(f"{len(table):,} " + ("speaker or bucket" if len(table) == 1
                                    else "speakers and buckets"))
st.dataframe(
    table, key="sp_table", hide_index=True, width="stretch",
    height="auto" if len(table) <= 10 else 460,
    column_config={
        "speaker": st.column_config.TextColumn("Speaker", width="medium"),
        "kind": st.column_config.TextColumn("Kind", width="small"),
        "n_quotes": st.column_config.NumberColumn("Quotes", format="%d"),
        "n_articles": st.column_config.NumberColumn("Articles", format="%d"),
        "roles": st.column_config.TextColumn("Roles", width="medium"),
        "variants": st.column_config.TextColumn(
            "Variants merged (quotes each)", width="large",
            help="How the articles named this speaker, with the quotes each form brought "
                 "(over the whole corpus)."),
    },
)
st.caption("Quotes and articles count the filtered view; variants count the whole corpus.")
ui.csv_button(table, "Download this table (CSV)",
              export_filename("speakers", v.filters.to_query(), "csv"), key="sp_csv")

st.subheader("Aliases")
st.caption("One row per spelling to force onto a speaker: the variant is matched after "
           "folding case, accents and transliteration; the canonical name is shown as typed. "
           "Edits apply to your session only; download the file to keep them.")
error = st.session_state.get("_alias_error")
if error:
    st.error(ui.md_escape(error))
edited = st.data_editor(
    aliases.editor_base(), key=aliases.EDITOR_KEY, num_rows="dynamic", hide_index=True,
    width="stretch",
    column_config={
        "variant": st.column_config.TextColumn("Variant (as written)", required=True),
        "canonical": st.column_config.TextColumn("Canonical name", required=True),
    },
)
current = aliases.edited_aliases()
left, right = st.columns(2)
with left:
    st.download_button("Download the edited aliases.csv",
                       current.to_csv(index=False).encode("utf-8"), file_name="aliases.csv",
                       mime="text/csv", key="sp_aliases_csv")
with right:
    st.button("Back to the file's aliases", key="sp_aliases_reset", on_click=aliases.reset,
              disabled=not aliases.is_edited())
if aliases.is_edited():
    st.info(f"Your {len(current):,} aliases are applied to every page of this session.")
