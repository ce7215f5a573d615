import numpy as np

from datasette_crosscheck.match.clusters import cluster, representative


def test_links_group_transitively():
    pairs = [("a", "b"), ("b", "c"), ("d", "e"), ("c", "a")]
    assert cluster(pairs) == [["a", "b", "c"], ["d", "e"]]


def test_nodes_can_be_sentence_and_clause_tuples():
    pairs = [((1, 0), (7, 2), 80.0), ((7, 2), (9, 0), 70.0), ((1, 1), (8, 0), 90.0)]
    assert cluster(pairs) == [[(1, 0), (7, 2), (9, 0)], [(1, 1), (8, 0)]]


def test_weak_links_below_the_threshold_are_ignored():
    pairs = [("a", "b", 90), ("b", "c", 40), ("c", "d", 85)]
    assert cluster(pairs, threshold=60) == [["a", "b"], ["c", "d"]]


def test_numpy_rows_are_accepted():
    pairs = np.array([[3, 5, 88.0], [5, 9, 75.0], [1, 2, 60.0]])
    assert cluster(pairs[:, :2].astype(int)) == [[1, 2], [3, 5, 9]]
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
    clusters = cluster(chained_cliques())
    assert clusters == [[(c, m) for m in range(5)] for c in range(20)]  # each clique whole, none glued


def test_a_chain_of_single_links_is_not_one_statement():
    # a~b~c~d, each only like its neighbours: c matches half of {a, b}, d a third of {a, b, c}
    pairs = [("a", "b", 99), ("b", "c", 98), ("c", "d", 97)]
    assert cluster(pairs) == [["a", "b", "c"]]


def test_a_new_member_must_match_enough_of_the_group():
    core = [("a", "b", 95), ("a", "c", 94), ("b", "c", 93)]
    assert cluster(core + [("d", "a", 90)]) == [["a", "b", "c"]]  # d matches one of three
    assert cluster(core + [("d", "a", 90), ("d", "b", 80)]) == [["a", "b", "c", "d"]]  # two of three


def test_at_most_one_node_per_group_the_strongest_linked():
    article = {"x1": 1, "x2": 1, "y": 2, "z": 3}
    pairs = [("x1", "y", 70), ("x2", "y", 90), ("x2", "z", 85), ("y", "z", 88), ("x1", "z", 60)]
    assert cluster(pairs, group_of=article.get) == [["x2", "y", "z"]]
    # without groups, x1 joins too (it matches two of the three)
    assert cluster(pairs) == [["x1", "x2", "y", "z"]]


def test_order_and_ties_do_not_depend_on_the_input_order():
    pairs = [("c", "d", 80), ("a", "b", 80), ("b", "c", 80), ("d", "e", 80)]
    assert cluster(pairs) == cluster(list(reversed(pairs)))


def test_representative_is_the_most_strongly_linked_member():
    pairs = [("a", "b", 70), ("b", "c", 90), ("b", "d", 80), ("c", "d", 95), ("x", "y", 99)]
    assert representative(["a", "b", "c", "d"], pairs) == "b"  # 70 + 90 + 80, against c's 90 + 95 and d's 80 + 95


def test_representative_counts_only_links_inside_the_cluster():
    pairs = [("a", "b", 60), ("b", "c", 60), ("a", "z", 99)]
    assert representative(["a", "b", "c"], pairs) == "b"


def random_clause_links(seed: int, nodes: int = 60, links: int = 400):
    """Links between (sentence, start) clauses of a few articles, with scores from a short list so
    that ties happen (as the matcher's 2-decimal scores tie), in a random order."""
    rng = np.random.default_rng(seed)
    clauses = sorted({(int(s), int(c) * 40) for s, c in zip(rng.integers(0, nodes, nodes), rng.integers(0, 2, nodes))})
    article = {clause: clause[0] // 6 for clause in clauses}
    pairs = []
    for _ in range(links):
        a, b = rng.choice(len(clauses), 2, replace=False)
        pairs.append((clauses[a], clauses[b], float(rng.choice([70.0, 80.5, 80.5, 91.25]))))
    return pairs, article


def test_numbered_clustering_is_the_same_as_clustering_the_nodes():
    from datasette_crosscheck.match.clusters import cluster_numbered

    for seed in range(5):
        pairs, article = random_clause_links(seed)
        nodes = sorted({node for a, b, _ in pairs for node in (a, b)})
        number = {node: k for k, node in enumerate(nodes)}
        left = np.array([number[a] for a, _, _ in pairs])
        right = np.array([number[b] for _, b, _ in pairs])
        scores = np.array([s for _, _, s in pairs])
        numbered = cluster_numbered(left, right, scores, [article[node] for node in nodes])
        assert [[nodes[k] for k in members] for members in numbered] == cluster(pairs, group_of=article.get)
        assert numbered  # the links do make statements: the comparison is not of two empty lists
