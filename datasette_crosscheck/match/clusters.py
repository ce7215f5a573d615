"""Statement clusters: clauses linked by matches, grouped so that every member says the same thing.

Plain transitive grouping chains: A~B and B~C put A and C together even when they share little,
and on a real corpus a few loose links glue unrelated claims (and the same sentences several times
over) into one "statement". So links are merged strongest first, ties broken on the nodes
themselves (never on hash order), and two clusters merge only when

- they have no group in common: a statement holds at most one clause of each article (its best
  one, the first to link), and so shows each sentence once;
- the links between them are at least `min_share` of all the pairs they would form: a new member
  must match enough of the group, not just one of its members.

A match whose two clauses end up in different clusters belongs to no statement (match.py drops it).
"""

from __future__ import annotations

from typing import Callable, Dict, Hashable, Iterable, List, Optional, Sequence

import numpy as np

Node = Hashable

MIN_LINK_SHARE = 0.5  # of the pairs across two clusters that must be matches for them to merge


def _links(pairs: Iterable[Sequence]) -> list[tuple[Node, Node, float]]:
    """(a, b, score) for every pair; pairs without a score count as certain (score inf)."""
    links = []
    for pair in pairs:
        a, b = pair[0], pair[1]
        score = float(pair[2]) if len(pair) > 2 else float("inf")
        links.append((a if type(a) in _PLAIN else _plain(a), b if type(b) in _PLAIN else _plain(b), score))
    return links


_PLAIN = (tuple, int, str)  # nodes that need no conversion (the common case: a million of them)


def _plain(node: Node) -> Node:
    """numpy scalars and arrays become plain Python values, so nodes compare and hash as expected."""
    if hasattr(node, "tolist"):
        node = node.tolist()
    return tuple(node) if isinstance(node, list) else node


def cluster(
    pairs: Iterable[Sequence],
    threshold: Optional[float] = None,
    group_of: Optional[Callable[[Node], Hashable]] = None,
    min_share: float = MIN_LINK_SHARE,
) -> list[list[Node]]:
    """Group linked nodes: pairs are (a, b) or (a, b, score); nodes any hashable, orderable value,
    such as (sentence_id, clause_start). Only links with score >= threshold count (when given).

    `group_of(node)` names the group (article) a node comes from: a cluster never holds two nodes
    of one group (default: every node its own group). Two clusters merge, strongest link first,
    only when at least `min_share` of the pairs across them are linked.
    Returns clusters of two or more nodes, each sorted, ordered by their first node.
    """
    links = [link for link in _links(pairs) if threshold is None or link[2] >= threshold]
    nodes = sorted({node for a, b, _ in links for node in (a, b)})
    index = {node: k for k, node in enumerate(nodes)}  # nodes as numbers: a million must fit in memory
    left = np.fromiter((index[a] for a, _, _ in links), dtype=np.int64, count=len(links))
    right = np.fromiter((index[b] for _, b, _ in links), dtype=np.int64, count=len(links))
    scores = np.fromiter((score for _, _, score in links), dtype=float, count=len(links))
    del links, index
    groups = [group_of(node) for node in nodes] if group_of else range(len(nodes))
    return [[nodes[k] for k in members] for members in cluster_numbered(left, right, scores, groups, min_share)]


def cluster_numbered(left: np.ndarray, right: np.ndarray, scores: np.ndarray, group: Sequence[Hashable],
                     min_share: float = MIN_LINK_SHARE) -> List[List[int]]:
    """cluster() of nodes numbered 0..n-1 in their sorted order: links as arrays of node numbers
    (`left`, `right`) and `scores`, `group[k]` the group of node k. Returns clusters of node
    numbers, as cluster orders them. (The matcher's millions of links never become Python tuples.)"""
    sets = _Clusters(group, left, right)
    for k in np.lexsort((right, left, -scores)).tolist():  # strongest first; ties by the nodes
        sets.join(int(left[k]), int(right[k]), min_share)
    return sets.clusters()


class _Clusters:
    """Disjoint sets of node numbers that know their members and the groups they come from."""

    def __init__(self, group: Sequence[Hashable], left: np.ndarray, right: np.ndarray):
        self.group = group
        self.parent = list(range(len(group)))
        self.members: Dict[int, List[int]] = {}  # root -> members, for clusters of two or more
        self.groups: Dict[int, set] = {}
        # each node's neighbours, as one array of node numbers in runs (a list per node held a
        # Python int per link end: 40 bytes where this takes 4)
        apart = left != right
        ends = np.concatenate([left[apart], right[apart]])
        others = np.concatenate([right[apart], left[apart]])
        order = np.argsort(ends, kind="stable")
        self.neighbour_ids = others[order].astype(np.int32 if len(group) < 2**31 else np.int64)
        self.neighbour_ptr = np.r_[0, np.cumsum(np.bincount(ends, minlength=len(group)))].tolist()

    def find(self, node: int) -> int:
        parent = self.parent
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    def join(self, a: int, b: int, min_share: float) -> None:
        """Merge the clusters of a and b, unless they share a group or are not linked enough."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        groups_a, groups_b = self._groups(root_a), self._groups(root_b)
        if not groups_a.isdisjoint(groups_b):
            return
        members_a, members_b = self.members.get(root_a, [root_a]), self.members.get(root_b, [root_b])
        if len(members_a) < len(members_b):  # count the links from the smaller side
            root_a, root_b, members_a, members_b = root_b, root_a, members_b, members_a
            groups_a, groups_b = groups_b, groups_a
        linked = sum(1 for node in members_b for other in self.neighbours(node) if self.find(other) == root_a)
        if linked < min_share * len(members_a) * len(members_b):
            return
        self.parent[root_b] = root_a
        self.members[root_a] = members_a + members_b
        self.groups[root_a] = groups_a | groups_b
        self.members.pop(root_b, None)
        self.groups.pop(root_b, None)

    def neighbours(self, node: int) -> List[int]:
        return self.neighbour_ids[self.neighbour_ptr[node] : self.neighbour_ptr[node + 1]].tolist()

    def _groups(self, root: int) -> set:
        return self.groups.get(root) or {self.group[root]}

    def clusters(self) -> List[List[int]]:
        """Clusters of two or more nodes, each sorted, ordered by their first node."""
        return sorted(sorted(members) for members in self.members.values())


def representative(members: Sequence[Node], pairs: Iterable[Sequence]) -> Node:
    """The member most strongly linked to the others (highest summed score within the cluster):
    the cluster's medoid, a good sentence to show for the statement; the smallest node on a tie."""
    inside = set(members)
    strength = {node: 0.0 for node in members}
    for a, b, score in _links(pairs):
        if a in inside and b in inside:
            value = 1.0 if score == float("inf") else score
            strength[a] += value
            strength[b] += value
    return max(sorted(members), key=lambda node: strength[node])
