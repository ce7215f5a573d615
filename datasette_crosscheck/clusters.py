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

Node = Hashable

MIN_LINK_SHARE = 0.5  # of the pairs across two clusters that must be matches for them to merge


def _links(pairs: Iterable[Sequence]) -> list[tuple[Node, Node, float]]:
    """(a, b, score) for every pair; pairs without a score count as certain (score inf)."""
    links = []
    for pair in pairs:
        a, b = pair[0], pair[1]
        score = float(pair[2]) if len(pair) > 2 else float("inf")
        links.append((_plain(a), _plain(b), score))
    return links


def _plain(node: Node) -> Node:
    """numpy scalars and arrays become plain Python values, so nodes compare and hash as expected."""
    if hasattr(node, "tolist"):
        node = node.tolist()
    return tuple(node) if isinstance(node, list) else node


class _Clusters:
    """Disjoint sets that know their members, and the groups their members come from."""

    def __init__(self, group_of: Callable[[Node], Hashable]):
        self.parent: Dict[Node, Node] = {}
        self.members: Dict[Node, List[Node]] = {}
        self.groups: Dict[Node, set] = {}
        self.group_of = group_of

    def add(self, node: Node) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.members[node] = [node]
            self.groups[node] = {self.group_of(node)}

    def find(self, node: Node) -> Node:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:  # path compression
            self.parent[node], node = root, self.parent[node]
        return root

    def merge(self, root_a: Node, root_b: Node) -> None:
        if len(self.members[root_a]) < len(self.members[root_b]):
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.members[root_a] += self.members.pop(root_b)
        self.groups[root_a] |= self.groups.pop(root_b)


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
    neighbours: Dict[Node, set] = {}
    for a, b, _ in links:
        if a != b:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    sets = _Clusters(group_of or (lambda node: node))
    for node in neighbours:
        sets.add(node)
    for a, b, _ in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        root_a, root_b = sets.find(a), sets.find(b)
        if root_a == root_b or sets.groups[root_a] & sets.groups[root_b]:
            continue
        if _linked(sets, root_a, root_b, neighbours) >= min_share * len(sets.members[root_a]) * len(sets.members[root_b]):
            sets.merge(root_a, root_b)
    clusters = [sorted(members) for members in sets.members.values() if len(members) > 1]
    return sorted(clusters, key=lambda members: members[0])


def _linked(sets: _Clusters, root_a: Node, root_b: Node, neighbours: Dict[Node, set]) -> int:
    """Links between the two clusters (counted from the smaller one's members)."""
    if len(sets.members[root_a]) > len(sets.members[root_b]):
        root_a, root_b = root_b, root_a
    return sum(1 for node in sets.members[root_a] for other in neighbours[node] if sets.find(other) == root_b)


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
