import numpy as np

from datasette_crosscheck.clusters import cluster, representative


def test_links_group_transitively():
    pairs = [("a", "b"), ("b", "c"), ("d", "e"), ("c", "a")]
    assert cluster(pairs) == [["a", "b", "c"], ["d", "e"]]


def test_nodes_can_be_sentence_and_clause_tuples():
    pairs = [((1, 0), (7, 2), 80.0), ((7, 2), (9, 0), 70.0), ((1, 1), (8, 0), 90.0)]
    assert cluster(pairs) == [[(1, 0), (7, 2), (9, 0)], [(1, 1), (8, 0)]]


def test_weak_links_below_the_threshold_are_ignored():
    pairs = [("a", "b", 90), ("b", "c", 40), ("c", "d", 85)]
    assert cluster(pairs, threshold=60) == [["a", "b"], ["c", "d"]]
    assert cluster(pairs) == [["a", "b", "c", "d"]]


def test_numpy_rows_are_accepted():
    pairs = np.array([[3, 5, 88.0], [5, 9, 75.0], [1, 2, 60.0]])
    assert cluster(pairs[:, :2].astype(int)) == [[3, 5, 9], [1, 2]]
    assert cluster(pairs, threshold=70) == [[3.0, 5.0, 9.0]]


def chained_cliques(cliques: int = 20, size: int = 5, strong: float = 95.0, weak: float = 60.0):
    """Cliques of strongly linked nodes, each joined to the next by one weak link: transitive
    grouping would glue them all into one cluster."""
    pairs = []
    for c in range(cliques):
        members = [(c, m) for m in range(size)]
        pairs += [(a, b, strong) for k, a in enumerate(members) for b in members[k + 1 :]]
        if c:
            pairs.append(((c - 1, size - 1), (c, 0), weak))
    return pairs


def test_weak_chains_do_not_glue_clusters_together():
    pairs = chained_cliques()
    assert len(cluster(pairs, max_size=None)) == 1  # plain transitive grouping: one huge cluster
    clusters = cluster(pairs, max_size=12)
    assert all(len(members) <= 12 for members in clusters)
    assert sum(len(members) for members in clusters) == 100
    # the strong cores stay whole: no clique is split across clusters
    home = {node: k for k, members in enumerate(clusters) for node in members}
    assert all(len({home[(c, m)] for m in range(5)}) == 1 for c in range(20))


def test_the_cap_splits_at_the_weakest_links():
    pairs = [("a", "b", 99), ("b", "c", 98), ("c", "d", 60), ("d", "e", 97), ("e", "f", 96)]
    assert cluster(pairs, max_size=3) == [["a", "b", "c"], ["d", "e", "f"]]


def test_representative_is_the_most_strongly_linked_member():
    pairs = [("a", "b", 70), ("b", "c", 90), ("b", "d", 80), ("c", "d", 95), ("x", "y", 99)]
    (members, _) = cluster(pairs)
    assert representative(members, pairs) == "b"  # 70 + 90 + 80, against c's 90 + 95 and d's 80 + 95


def test_representative_counts_only_links_inside_the_cluster():
    pairs = [("a", "b", 60), ("b", "c", 60), ("a", "z", 99)]
    assert representative(["a", "b", "c"], pairs) == "b"
