"""Statement clusters: sentences (or clauses) linked by matches, grouped transitively.

Plain transitive grouping chains: A~B and B~C put A and C together even when they share little, and
on a large corpus a few weak links can glue hundreds of sentences into one "statement". Two guards:

- links below `threshold` are ignored (when the pairs carry scores);
- links are merged strongest first (single linkage, like Kruskal's algorithm), and two clusters
  are never merged when together they would exceed `max_size` nodes. A cluster that would grow huge
  through its weakest links is left split at those links, while the strong core of each part stays
  whole.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Optional, Sequence

Node = Hashable

DEFAULT_MAX_SIZE = 50  # far more sentences than outlets usually carry one statement in


class _DisjointSets:
    def __init__(self):
        self.parent: dict = {}
        self.size: dict = {}

    def add(self, node: Node) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.size[node] = 1

    def find(self, node: Node) -> Node:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:  # path compression
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: Node, b: Node, max_size: Optional[int]) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        if max_size is not None and self.size[root_a] + self.size[root_b] > max_size:
            return False
        if self.size[root_a] < self.size[root_b]:
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.size[root_a] += self.size[root_b]
        return True


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


def cluster(
    pairs: Iterable[Sequence],
    threshold: Optional[float] = None,
    max_size: Optional[int] = DEFAULT_MAX_SIZE,
) -> list[list[Node]]:
    """Group linked nodes: pairs are (a, b) or (a, b, score); nodes any hashable value, such as
    (sentence_id, clause_index).

    Only links with score >= threshold count (when given); links merge strongest first and never
    into a cluster of more than max_size nodes (None: no cap). Returns clusters of two or more
    nodes, largest first; members in the order they first appear in `pairs`.
    """
    links = _links(pairs)
    order: dict = {}
    for a, b, _ in links:
        order.setdefault(a, len(order))
        order.setdefault(b, len(order))
    sets = _DisjointSets()
    for a, b, score in sorted(links, key=lambda link: -link[2]):
        if threshold is not None and score < threshold:
            continue
        sets.add(a)
        sets.add(b)
        sets.union(a, b, max_size)
    groups: dict = {}
    for node in sorted(sets.parent, key=order.get):
        groups.setdefault(sets.find(node), []).append(node)
    clusters = [members for members in groups.values() if len(members) > 1]
    clusters.sort(key=lambda members: (-len(members), order[members[0]]))
    return clusters


def representative(members: Sequence[Node], pairs: Iterable[Sequence]) -> Node:
    """The member most strongly linked to the others (highest summed score within the cluster):
    the cluster's medoid, a good sentence to show for the statement."""
    inside = set(members)
    strength = {node: 0.0 for node in members}
    for a, b, score in _links(pairs):
        if a in inside and b in inside:
            value = 1.0 if score == float("inf") else score
            strength[a] += value
            strength[b] += value
    return max(members, key=lambda node: strength[node])
