"""The session's edited speaker aliases (st.data_editor on the Speakers page) applied to the
built quotes, for this session only. Placeholder until the Speakers page lands: identity."""

from __future__ import annotations

from lib.build import Built


def apply_session_aliases(built: Built) -> Built:
    """The corpus as this session sees it after its own alias edits."""
    return built
