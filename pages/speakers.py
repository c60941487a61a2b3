"""Speakers: placeholder registered in app.py; filled in by its owner."""

from __future__ import annotations

import streamlit as st

from lib import ui

v = ui.view()
st.title("Speakers")
ui.describe_banner(v.sentence, v.articles, v.quotes)
