"""Quotescope's analysis library: plain, typed functions over strings and pandas frames.

Only `lib.ui` imports streamlit; everything else is usable from a notebook or the CLI.
"""
