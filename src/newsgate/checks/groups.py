"""Cross-article checks as groupings: the one mechanism behind amounts, dates, names,
acronyms and quotes that disagree across articles.

A :class:`Grouping` says which rows of a table take part, what each row is about (a block
and a set of features), how many features two rows must share to be about the same thing
(``arity``), and how one group is judged. Rows sharing ``arity`` features in one block are
linked; links chain into groups (union-find over the shared keys, never every pair of
rows); each group with rows from enough articles is judged on its own rows alone.

That last property is what makes a change cheap to gate: after a few articles change, only
the groups their rows touch can judge differently, so :func:`rejudge` re-groups and judges
just those, from what an earlier run kept (:class:`Grouped`), and gives the findings a full
run would give about them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pandas as pd

from newsgate.checks.findings import Finding
from newsgate.tables import records

Tables = Mapping[str, pd.DataFrame]
About = tuple[str, tuple[str, ...]]  # (block, sorted features) of one row


@dataclass(frozen=True)
class Grouping:
    """One cross-article check, declared as data."""

    name: str
    table: str
    select: Callable[[pd.DataFrame], pd.DataFrame]  # the rows that take part (a filter, in table order)
    about: Callable[[pd.DataFrame, Tables], list[About]]  # what each selected row is about
    arity: int  # features two rows must share, in one block, to be linked
    judge: Callable[[list[Any]], list[Finding]]  # the findings of one group (rows as named tuples)
    min_articles: int = 2  # smaller groups are not judged
    context: tuple[str, ...] = ()  # other tables ``about`` reads, for the same articles (engines co-locate them)


SEP = "\x1f"  # joins a row's features in storage (no stem, id or shingle contains it)


@dataclass
class Grouped:
    """A grouping's rows as one run saw them, kept between runs: ``members`` (each selected
    row's article, its place among that article's selected rows, its block, its features
    joined by SEP, its group) and ``postings`` (which groups hold a row with a given block and
    feature: how a changed row finds the groups it joins, by one merge)."""

    members: pd.DataFrame
    postings: pd.DataFrame

    @classmethod
    def build(cls, articles: Sequence[str], about: Sequence[About], groups: Sequence[int]) -> Grouped:
        members = pd.DataFrame(
            {
                "article": list(articles),
                "pos": pd.Series(list(articles), dtype=object)
                .groupby(list(articles), sort=False)
                .cumcount()
                .to_numpy(),
                "block": [b for b, _ in about],
                "features": [SEP.join(f) for _, f in about],
                "group": list(groups),
            }
        )
        keys = [(f"{b}{SEP}{f}", g) for (b, fs), g in zip(about, groups, strict=True) for f in fs]
        postings = pd.DataFrame(keys, columns=["key", "group"]).drop_duplicates(ignore_index=True)
        return cls(members, postings)


def link_keys(about: About, arity: int) -> list[tuple[str, ...]]:
    """The keys a row is linked by: its block with each ``arity`` of its features."""
    block, features = about
    return [(block, *combo) for combo in combinations(features, arity)]


def group_ids(about: Sequence[About], arity: int) -> list[int]:
    """Each row's group: rows sharing a link key are joined (union-find over keys, never pairs of
    rows). Groups are numbered in the order of their first row.

    The inner loop is plain lists and dicts: it runs once per key of every row, millions of times
    on a large corpus. The keys are :func:`link_keys`, as on Spark.
    """
    parent = list(range(len(about)))
    first_with: dict[tuple[str, ...], int] = {}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    for row, row_about in enumerate(about):
        mine = row  # a fresh row is its own root
        for key in link_keys(row_about, arity):
            other = first_with.setdefault(key, row)
            if other != row:
                theirs = root(other)
                if theirs != mine:
                    parent[mine] = theirs  # keep the older root: fewer relabels later
                    mine = theirs
    number: dict[int, int] = {}
    return [number.setdefault(root(row), len(number)) for row in range(len(about))]


def _judge_all(
    grouping: Grouping, rows: pd.DataFrame, ids: Sequence[int], wanted: set[int] | None = None
) -> list[Finding]:
    members: dict[int, list[Any]] = defaultdict(list)
    for group, row in zip(ids, records(rows), strict=True):
        if wanted is None or group in wanted:
            members[group].append(row)
    findings: list[Finding] = []
    for group in sorted(members):
        rows_ = members[group]
        if len({r.article for r in rows_}) >= grouping.min_articles:
            findings.extend(grouping.judge(rows_))
    return findings


def groups(grouping: Grouping, tables: Tables) -> list[list[Any]]:
    """The groups of rows with enough articles to be judged (what the reports show as claims)."""
    rows = grouping.select(tables[grouping.table])
    ids = group_ids(grouping.about(rows, tables), grouping.arity)
    members: dict[int, list[Any]] = defaultdict(list)
    for group, row in zip(ids, records(rows), strict=True):
        members[group].append(row)
    return [m for _, m in sorted(members.items()) if len({r.article for r in m}) >= grouping.min_articles]


def judge(grouping: Grouping, tables: Tables) -> tuple[list[Finding], list[str], list[About], list[int]]:
    """Every group of a corpus judged; also what the run saw (articles, abouts, group ids),
    from which ``Grouped.build`` makes what :func:`rejudge` needs later."""
    rows = grouping.select(tables[grouping.table])
    about = grouping.about(rows, tables)
    ids = group_ids(about, grouping.arity)
    return _judge_all(grouping, rows, ids), rows["article"].tolist(), about, ids


def rejudge(grouping: Grouping, tables: Tables, before: Grouped, dirty: set[str]) -> list[Finding]:
    """The findings a full run would give for every group a ``dirty`` article's rows are in.

    ``before``: what a run saw on the corpus as it was; ``dirty``: every article whose rows
    may differ since then, in any table (``tables`` is the corpus now). Rows of other articles
    are as they were, so their place among their article's rows finds what they were about.
    A group is touched when a dirty article had a row in it, or when a dirty row now shares
    ``arity`` features of a block with its rows; touched groups are grouped again from their
    rows and the dirty rows, and judged. Untouched groups cannot change: nothing links them
    to a dirty row, and no row of theirs went away.
    """
    members = before.members
    touched = set(members.loc[members["article"].isin(dirty), "group"].tolist())
    rows = grouping.select(tables[grouping.table])
    is_dirty = rows["article"].isin(dirty).to_numpy()
    fresh = grouping.about(rows[is_dirty], tables)
    asked = [(i, f"{block}{SEP}{f}") for i, (block, features) in enumerate(fresh) for f in features]
    if asked:
        hits = pd.DataFrame(asked, columns=["row", "key"]).merge(before.postings, on="key")
        shared = hits.groupby(["row", "group"]).size()
        touched.update(shared[shared >= grouping.arity].index.get_level_values("group").tolist())
    old = members[members["group"].isin(list(touched)) & ~members["article"].isin(dirty)]
    old_about = {
        (a, p): (b, tuple(f.split(SEP)) if f else ())
        for a, p, b, f in zip(
            old["article"].tolist(), old["pos"].tolist(), old["block"].tolist(), old["features"].tolist(), strict=True
        )
    }
    # Only the articles with a row in a touched group, or dirty, are looked at row by row (whole
    # articles, so each row's place among its article's rows is as in the full table).
    looked_at = rows["article"].isin(set(old["article"].tolist()) | dirty).to_numpy()
    rows, is_dirty = rows[looked_at], is_dirty[looked_at]
    pos = rows.groupby("article", sort=False).cumcount().to_numpy()
    keep, about, fresh_iter = [], [], iter(fresh)
    for i, (article, p) in enumerate(zip(rows["article"].tolist(), pos.tolist(), strict=True)):
        if is_dirty[i]:
            keep.append(i)
            about.append(next(fresh_iter))
        elif (article, p) in old_about:
            keep.append(i)
            about.append(old_about[(article, p)])
    subset = rows.iloc[keep]
    return _judge_all(grouping, subset, group_ids(about, grouping.arity))
