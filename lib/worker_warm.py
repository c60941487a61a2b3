"""Imported once by the forkserver that starts a Dask LocalCluster's workers (`lib.analyse`).

Importing it loads the per-article analysis and its English word resources. Each worker is then
forked from that warm process, as the local pool's workers are forked from the build's parent.
Spawned workers each spent about 2.6 s of CPU importing and loading their own copies before
their first partition. The other languages the build found in a sample of the corpus
(`lib.analyse.WARM_LANGS_ENV`, comma-separated codes) are loaded too: German hyphenation
patterns alone take over a second, which every worker paid in its first partition.
"""

from __future__ import annotations

import os

import pandas as pd

from lib import analyse
from lib import readability_counts as rc

_TEXT = (
    "Jane Doe, the mayor of Springfield, said on Monday that the plan would go ahead.\n\n"
    "\u201cWe will build it,\u201d she told reporters. \u201cIt is needed.\u201d"
)


def warm() -> None:
    """Run the per-article step once on a short English article: it loads what it reads (the
    quote finder's word lists, CMU and hyphenation tables, textstat's easy words)."""
    analyse.analyse_partition(pd.DataFrame({"article_id": ["warm"], "text": [_TEXT]}))
    langs = {c for c in os.environ.get(analyse.WARM_LANGS_ENV, "").split(",") if c}
    rc.warm(langs)


warm()
