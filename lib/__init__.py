"""Quotescope's analysis library: plain, typed functions over strings and pandas frames.

Only `lib.ui` imports streamlit; everything else is usable from a notebook or the CLI.
The quote finder's modules run from mypyc-compiled copies when `make accel` has built them for
the current sources (`lib.accel`); otherwise they run as plain Python, with the same results.
"""

from lib import accel as _accel

_accel.install()
