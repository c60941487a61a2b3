"""Who is who across the corpus: one speaker per person or organisation, whatever the spelling.

Blocks by folded surname (no all-pairs), keeps people who share a surname apart, and lets an
aliases table override any merge or name. Within-article resolution is in `lib.speakers`.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lib import names, wordlists
from lib.names import NameParts

UNKNOWN_NAME = "Unknown speaker"
SPEAKER_COLUMNS = ["speaker_id", "speaker", "kind", "roles", "variants", "n_quotes", "n_articles"]
_MAX_ROLES = 5
_KIND_IN = {"person": "person", "organisation": "organisation", "ambiguous": "person"}
# A bare surname goes to one person without other evidence only when that person brings this many
# times the full-name quotes of all namesakes together (Barack vs Michelle Obama, not the Clintons).
DOMINANT = 10


def load_aliases(path: str | Path) -> pd.DataFrame:
    """Read an aliases CSV (variant,canonical; '#' lines are comments) into a two-column frame.

    Raises ValueError naming the file when it cannot be read or a row lacks either column.
    """
    p = Path(path)
    try:
        df = pd.read_csv(p, comment="#", dtype=str, skipinitialspace=True, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"{p}: cannot read aliases file ({exc})") from exc
    missing = {"variant", "canonical"} - set(df.columns)
    if missing:
        raise ValueError(
            f"{p}: aliases file needs columns variant,canonical; missing {sorted(missing)}"
        )
    df = df[["variant", "canonical"]].apply(lambda c: c.str.strip())
    bad = df[(df["variant"] == "") | (df["canonical"] == "")]
    if len(bad):
        line = int(bad.index[0]) + 2
        raise ValueError(f"{p}: aliases row near line {line} has an empty variant or canonical")
    return df.reset_index(drop=True)


def _stable_id(prefix: str, key: str) -> str:
    return f"{prefix}_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass(slots=True)
class _Cluster:
    key: str
    full: list[NameParts] = field(default_factory=list)
    gender: str = ""
    canonical: str | None = None  # forced by the aliases table
    cid: int = 0
    n: int = 0  # quotes carrying a full name of this person
    roles: set[str] = field(default_factory=set)

    def accepts(self, parts: NameParts, gender: str) -> bool:
        if gender and self.gender and gender != self.gender:
            return False
        return all(
            names.first_names_compatible(parts.first, p.first)
            and names.middles_compatible(parts.middle, p.middle)
            for p in self.full
        )


def _alias_map(aliases: pd.DataFrame | None) -> dict[str, str]:
    if aliases is None or len(aliases) == 0:
        return {}
    return {
        names.fold(str(v)): str(c).strip()
        for v, c in zip(aliases["variant"], aliases["canonical"], strict=False)
        if str(v).strip() and str(c).strip()
    }


def _col(df: pd.DataFrame, name: str) -> list[object]:
    """A column as a plain list with None for missing (fast on Arrow-backed strings)."""
    if name not in df.columns:
        return [None] * len(df)
    col = df[name]
    values = col.to_numpy(dtype=object, na_value=None) if col.hasnans else col.to_numpy(object)
    return list(values)


def merge_speakers(
    quotes: pd.DataFrame, aliases: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every quote a corpus-wide speaker; return (quotes + speaker columns, speakers table).

    Quotes need article_id, speaker_local, speaker_mention, speaker_role, speaker_kind. Adds
    speaker_id and speaker, and sets speaker_kind to person/organisation/unknown/ambiguous.
    """
    q = quotes.copy()
    n = len(q)
    art = [str(a) for a in _col(q, "article_id")]
    local = _col(q, "speaker_local")
    mention = _col(q, "speaker_mention")
    # "ambiguous" comes back when the app re-merges built quotes with edited aliases
    kind_in = [
        _KIND_IN.get(k, "unknown") if isinstance(k, str) else "unknown"
        for k in _col(q, "speaker_kind")
    ]
    amap = _alias_map(aliases)

    forced: set[str] = set()
    names_: list[str | None] = [nm if isinstance(nm, str) and nm.strip() else None for nm in local]
    if amap:
        for i in range(n):
            hit = next(
                (amap[f] for f in (_fold_any(names_[i]), _fold_any(mention[i])) if f in amap),
                None,
            )
            if hit is not None:
                forced.add(hit)
                names_[i] = hit
                if kind_in[i] == "unknown":
                    kind_in[i] = "person"

    # Person clusters, built per surname block from full names, most frequent first.
    counts: Counter[tuple[str, str]] = Counter()
    for nm_i, kind_i in zip(names_, kind_in, strict=True):
        if nm_i is not None:
            counts[(nm_i, kind_i)] += 1
    blocks: dict[str, list[_Cluster]] = defaultdict(list)
    form_cluster: dict[str, _Cluster] = {}
    full_forms = sorted(
        ((nm, c) for (nm, k), c in counts.items() if k == "person" and names.parse_name(nm).first),
        key=lambda x: (-(x[0] in forced), -x[1], x[0]),
    )
    clusters: list[_Cluster] = []
    for nm, count in full_forms:
        parts = names.parse_name(nm)
        key = names.surname_key(nm)
        gender = names.gender_hint(parts)
        cl = None
        for c in blocks[key]:
            if nm in forced:
                if c.canonical == nm:  # two spellings aliased to one name: one speaker
                    cl = c
                    break
            elif c.accepts(parts, gender):
                cl = c
                break
        if cl is None:
            cl = _Cluster(key, cid=len(clusters))
            clusters.append(cl)
            blocks[key].append(cl)
        cl.full.append(parts)
        cl.n += count
        cl.gender = cl.gender or gender
        if nm in forced:
            cl.canonical = cl.canonical or nm
        form_cluster[nm] = cl

    # Which clusters each article names in full: the article's own full-name mention decides.
    in_article: dict[tuple[str, str], set[int]] = defaultdict(set)
    roles = [names.fold(r) if isinstance(r, str) else "" for r in _col(q, "speaker_role")]
    for i in range(n):
        found = names_[i]
        if found is not None and found in form_cluster:
            cl = form_cluster[found]
            in_article[(art[i], cl.key)].add(cl.cid)
            if roles[i]:
                cl.roles.add(roles[i])

    # Names some article shows as an organisation: a bare name elsewhere that no full name
    # claims is that organisation too ("Northgrid said in a statement").
    org_names = {nm for (nm, k) in counts if k == "organisation"}
    row_key: list[tuple[str, str, str]] = []  # (kind, group key, display candidate)
    for i in range(n):
        name_i, kind = names_[i], kind_in[i]
        if name_i is None:
            row_key.append(("unknown", "unknown", UNKNOWN_NAME))
        elif kind == "organisation" or (
            # exactly the name, and no title or role that shows a person ("Dr. Ford")
            name_i in org_names
            and name_i not in form_cluster
            and not roles[i]
            and not blocks.get(names.surname_key(name_i))
        ):
            row_key.append(("organisation", "o:" + names.fold(name_i), name_i))
        elif name_i in form_cluster:
            row_key.append(("person", f"c:{form_cluster[name_i].cid}", name_i))
        else:
            row_key.append(_surname_only(name_i, art[i], roles[i], blocks, in_article))
    return _assemble(q, row_key, names_, mention, clusters)


def _surname_only(
    nm: str,
    article: str,
    role: str,
    blocks: dict[str, list[_Cluster]],
    in_article: dict[tuple[str, str], set[int]],
) -> tuple[str, str, str]:
    """Where a bare surname goes: the one person it can be, else evidence, else ambiguous."""
    parts = names.parse_name(nm)
    key = names.surname_key(nm)
    if not key:
        return ("person", "s:" + names.fold(nm), nm)
    gender = names.gender_hint(parts)
    cands = [c for c in blocks.get(key, []) if not gender or c.gender in ("", gender)]
    if not cands:
        return ("person", "s:" + key, nm)
    # evidence in order: the only candidate, the article's own full name, the same role
    for pick in (
        cands,
        [c for c in cands if c.cid in in_article.get((article, key), set())],
        [c for c in cands if role and role in c.roles],
    ):
        if len(pick) == 1:
            return ("person", f"c:{pick[0].cid}", nm)
    top = max(cands, key=lambda c: c.n)
    if top.n >= DOMINANT * (sum(c.n for c in cands) - top.n):
        return ("person", f"c:{top.cid}", nm)
    return ("ambiguous", "a:" + key, f"{parts.last} (ambiguous)")


def _display(forms: Counter[str], canonical: str | None) -> str:
    if canonical:
        return canonical

    def score(item: tuple[str, int]) -> tuple[bool, int, int]:
        parts = names.parse_name(item[0])
        return (bool(parts.first), item[1], len(item[0]))

    return max(forms.items(), key=score)[0]


def _fold_any(s: object) -> str:
    return names.fold(s) if isinstance(s, str) else ""


@lru_cache(maxsize=100_000)
def _label(m: str) -> str | None:
    if not m.strip():
        return None
    head = m.strip().split(",")[0].split("(")[0].strip()
    if head.lower() in _PRONOUNS:
        return head.lower()  # "He" opening a sentence is the same "he"
    if len(head) > _LABEL_CHARS:
        # a long description keeps its whole words and shows it was cut
        cut = head[: _LABEL_CHARS + 1]
        head = (cut.rsplit(" ", 1)[0] if " " in cut else cut[:-1]).rstrip(" ,;:-") + "…"
    return head or None


_LABEL_CHARS = 60
_PRONOUNS = wordlists.words("speaker_pronouns.txt")


def _assemble(
    q: pd.DataFrame,
    row_key: list[tuple[str, str, str]],
    names_: list[str | None],
    mention: list[object],
    clusters: list[_Cluster],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    group_kind: dict[str, str] = {}
    for kind, gkey, disp in row_key:
        forms[gkey][disp] += 1
        group_kind[gkey] = kind
    canon = {f"c:{c.cid}": c.canonical for c in clusters}
    display = {g: _display(f, canon.get(g)) for g, f in forms.items()}
    display["unknown"] = UNKNOWN_NAME
    ids = {
        g: "unknown"
        if g == "unknown"
        else _stable_id(group_kind[g][:3], f"{group_kind[g]}:{names.fold(name)}")
        for g, name in display.items()
    }
    # One display name is one speaker: an alias may send two groups to the same canonical name.
    groups = [g for _, g, _ in row_key]
    kinds = [k for k, _, _ in row_key]
    q["speaker_id"] = [ids[g] for g in groups]
    q["speaker"] = [display[g] for g in groups]
    q["speaker_kind"] = kinds
    sids = q["speaker_id"].tolist()
    roles = [r.strip() if isinstance(r, str) else "" for r in _col(q, "speaker_role")]
    labels = [_label(m) if isinstance(m, str) else None for m in mention]
    arts = [str(a) for a in _col(q, "article_id")]
    # Counters over zipped columns run in C: a million quotes stay in the seconds.
    n_quotes = Counter(sids)
    n_articles = Counter(sid for sid, _ in set(zip(sids, arts, strict=True)))
    role_n = Counter(zip(sids, roles, strict=True))
    label_n = Counter(zip(sids, labels, strict=True))
    role_of: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (sid, role), c in role_n.items():
        if role:
            role_of[sid].append((-c, role))
    label_of: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (sid, label), c in label_n.items():
        if label:
            label_of[sid].append((-c, label))
    first: dict[str, tuple[str, str]] = {}
    for sid, name, kind in zip(sids, q["speaker"].tolist(), kinds, strict=True):
        first.setdefault(sid, (name, kind))
    rows = [
        {
            "speaker_id": sid,
            "speaker": first[sid][0],
            "kind": first[sid][1],
            "roles": [r for _, r in sorted(role_of[sid])[:_MAX_ROLES]],
            "variants": [f"{v} ({-c})" for c, v in sorted(label_of[sid])],
            "n_quotes": n,
            "n_articles": n_articles[sid],
        }
        for sid, n in n_quotes.items()
    ]
    table = pd.DataFrame(rows, columns=SPEAKER_COLUMNS)
    if len(table):
        table = table.sort_values(
            ["n_quotes", "speaker"], ascending=[False, True], ignore_index=True
        )
    return q, table
