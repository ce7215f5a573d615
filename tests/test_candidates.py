import numpy as np
import pytest
from rapidfuzz import fuzz, process

from datasette_crosscheck.match.candidates import candidate_pairs, figure_anchor_pairs, tfidf
from datasette_crosscheck.textnorm import content_tokens


def generated_corpus(seed: int = 7, size: int = 1500, planted: int = 150, groups: int = 4):
    """Random sentences from a Zipf-distributed vocabulary of made-up words, plus near-duplicate
    copies (one to three words replaced, inserted or dropped) planted in another group."""
    rng = np.random.default_rng(seed)
    consonants, vowels = list("bdfgklmnprstvz"), list("aiou")
    vocabulary = sorted({"".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(3)) for _ in range(4000)})
    frequency = 1 / np.arange(1, len(vocabulary) + 1)
    frequency /= frequency.sum()
    words = lambda n: list(rng.choice(vocabulary, size=n, p=frequency))
    sentences = [words(int(rng.integers(8, 20))) for _ in range(size)]
    group = [int(g) for g in rng.integers(0, groups, size)]
    for source in rng.choice(size, planted, replace=False):
        copy = list(sentences[source])
        for _ in range(int(rng.integers(1, 4))):
            edit, at = rng.integers(0, 3), int(rng.integers(0, len(copy)))
            if edit == 0:
                copy[at] = words(1)[0]
            elif edit == 1:
                copy.insert(at, words(1)[0])
            elif len(copy) > 8:
                del copy[at]
        sentences.append(copy)
        group.append((group[source] + 1 + int(rng.integers(0, groups - 1))) % groups)
    return [" ".join(s) for s in sentences], group


@pytest.fixture(scope="module")
def corpus():
    texts, groups = generated_corpus()
    return texts, groups, [content_tokens(t) for t in texts]


def test_candidates_find_what_brute_force_rapidfuzz_finds(corpus):
    texts, groups, tokens = corpus
    similar = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=80, workers=-1)
    rows, cols = np.nonzero(similar)
    group = np.array(groups)
    wanted = {(i, j) for i, j in zip(rows.tolist(), cols.tolist()) if i < j and group[i] != group[j]}
    assert len(wanted) >= 140  # the planted copies, mostly
    found = {(int(i), int(j)) for i, j, _ in candidate_pairs(tokens, groups)}
    recall = len(wanted & found) / len(wanted)
    assert recall >= 0.95


def test_candidate_pairs_are_ordered_unique_and_across_groups(corpus):
    _, groups, tokens = corpus
    pairs = candidate_pairs(tokens, groups, k=5, min_cosine=0.2)
    i, j, cosine = pairs[:, 0].astype(int), pairs[:, 1].astype(int), pairs[:, 2]
    assert len(pairs) > 0
    assert np.all(i < j)
    assert len({(a, b) for a, b in zip(i, j)}) == len(pairs)
    assert np.all(np.array(groups)[i] != np.array(groups)[j])
    assert np.all((cosine >= 0.2) & (cosine <= 1.0 + 1e-6))
    assert np.all(np.diff(i * len(tokens) + j) > 0)  # sorted by i, then j


def test_each_document_keeps_at_most_k_neighbours_of_its_own():
    tokens = [["lafarg", "cement", "syria"]] * 6
    pairs = candidate_pairs(tokens, list(range(6)), k=2)
    # each row picks two neighbours; a pair may be picked from either side
    assert 6 <= len(pairs) <= 12
    assert len(candidate_pairs(tokens, [0] * 6)) == 0  # one group: nothing to pair


def test_chunks_do_not_change_the_result(corpus):
    _, groups, tokens = corpus
    whole = candidate_pairs(tokens, groups)
    chunked = candidate_pairs(tokens, groups, chunk_products=200)
    assert np.array_equal(whole[:, :2], chunked[:, :2])
    assert np.allclose(whole[:, 2], chunked[:, 2], atol=1e-5)


def test_without_groups_only_self_pairs_are_excluded():
    tokens = [["rare", "name"], ["rare", "name"], ["other", "word"]]
    pairs = candidate_pairs(tokens)
    assert pairs[:, :2].astype(int).tolist() == [[0, 1]]
    assert pairs[0, 2] == pytest.approx(1.0, abs=1e-5)


def test_small_corpora_keep_their_frequent_terms():
    tokens = [["isis", "lafarg", f"word{i}"] for i in range(150)]
    index = tfidf(tokens)
    assert index.kept.all()  # "isis" is in every document, but 150 documents are too few to judge
    dropped = tfidf(tokens, max_df=0.1, min_df_cap=10, min_docs=100)
    assert not dropped.kept[index.vocabulary["isis"]]
    assert dropped.kept[index.vocabulary["word3"]]
    norms = np.sqrt(np.asarray(index.matrix.multiply(index.matrix).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-5)
    assert index.weights()["word3"] > index.weights()["isis"]


def test_figure_anchors_pair_money_sentences_sharing_a_rare_term():
    tokens = [
        ["lafarg", "pay", "isis"],  # 0 outlet a, money
        ["factory", "pay", "isis", "month"],  # 1 outlet b, money
        ["isis", "seiz", "region"],  # 2 outlet b, no money
        ["lafarg", "accus", "terrorist"],  # 3 outlet a, money: same outlet as 0
        ["budget", "ministry"],  # 4 outlet c, money, nothing shared
    ]
    money = [True, True, False, True, True]
    groups = ["a", "b", "b", "a", "c"]
    weights = {"lafarg": 5.0, "isis": 4.0, "pay": 1.0}
    pairs = figure_anchor_pairs(tokens, money, groups, weights)
    assert pairs.tolist() == [[0, 1]]
    assert figure_anchor_pairs(tokens, money, groups, weights, min_idf=4.5).tolist() == []
    # a term stated by more money sentences than max_postings anchors nothing
    many = [["pay", "common"]] * 5
    assert len(figure_anchor_pairs(many, [True] * 5, list("abcde"), {}, max_postings=4)) == 0
    assert len(figure_anchor_pairs(many, [True] * 5, list("abcde"), {}, max_postings=5)) == 10


def test_rows_limit_the_search_to_new_documents(corpus):
    _, groups, tokens = corpus
    new = list(range(1200, len(tokens)))  # the last documents arrive in a later load
    limited = candidate_pairs(tokens, groups, rows=new, chunk_products=5000)
    assert len(limited) > 0
    involved = np.isin(limited[:, 0], new) | np.isin(limited[:, 1], new)
    assert involved.all()
    # each new document finds the neighbours the full search gives it from its own side
    whole = candidate_pairs(tokens, groups)
    whole_new = {(int(i), int(j)) for i, j, _ in whole if i in new or j in new}
    found = {(int(i), int(j)) for i, j, _ in limited}
    assert len(whole_new & found) / len(whole_new) >= 0.9


def test_documents_of_frequent_terms_keep_their_rarest_and_are_found():
    # a large corpus where one sentence and its copy use only words that are frequent corpus-wide
    rng = np.random.default_rng(3)
    vocabulary = [f"w{n}" for n in range(4000)]
    common = ["price", "market", "rise", "bank", "rate"]  # each in 60 of 6,000 documents: over the cut of 12
    everywhere = "say"  # in a fifth of them: over ten times the cut
    tokens = [list(rng.choice(vocabulary, 6)) + ([common[n % 100]] if n % 100 < 5 else []) + ([everywhere] if n % 5 == 0 else []) for n in range(6000)]
    tokens += [common[:4], common[:4], [everywhere, "price"], [everywhere]]
    groups = [n % 3 for n in range(6000)] + [0, 1, 2, 0]
    index = tfidf(tokens, max_df=0.002, min_df_cap=10, min_docs=5000)
    assert index.matrix[6000].nnz == 2  # its two rarest terms, kept despite the cut
    assert index.matrix[6002].nnz == 1  # "price"; "say" is too common even for a starved document
    assert index.matrix[6003].nnz == 0  # nothing rare enough to be found by
    assert index.matrix[0].nnz == 6  # a usual document loses its frequent terms
    pairs = {(int(i), int(j)) for i, j, _ in candidate_pairs(index, groups)}
    assert (6000, 6001) in pairs


def test_the_frequent_term_cut_stops_growing_in_very_large_corpora():
    # 20 groups of 300 documents share a term each: under a share-based cut of 0.1 x 6,000, over a cap of 50
    tokens = [[f"topic{n % 20}", f"own{n}", f"other{n}"] for n in range(6000)]
    grown = tfidf(tokens, max_df=0.1, min_df_cap=10, min_docs=5000, max_df_cap=10_000)
    capped = tfidf(tokens, max_df=0.1, min_df_cap=10, min_docs=5000, max_df_cap=50)
    topic = grown.vocabulary["topic0"]
    assert grown.kept[topic] and not capped.kept[topic]
    assert capped.matrix[0].nnz == 2 and grown.matrix[0].nnz == 3


def test_ties_count_copies_of_one_text_once_towards_k():
    # one sentence reprinted word for word by 12 outlets, and rewritten by one more: with a fixed
    # k the twelve copies fill the original's k = 10 and push out the rewrite; counted as one tie
    # (they state the same terms), the rewrite is among the original's best.
    original = ["tin", "exports", "rose", "atpc", "106000", "tonnes"]
    copies = [list(original) for _ in range(12)]
    rewrite = ["tin", "exports", "climbed", "atpc", "109000", "tonnes"]
    filler = [[f"w{n}", f"v{n}", f"u{n % 7}"] for n in range(40)]
    tokens = [original] + copies + [rewrite] + filler
    groups = ["original"] + [f"copy {n}" for n in range(12)] + ["rewrite"] + [f"other {n}" for n in range(40)]
    plain = {(int(i), int(j)) for i, j, _ in candidate_pairs(tokens, groups, k=10)}
    tied = {(int(i), int(j)) for i, j, _ in candidate_pairs(tokens, groups, k=10, ties=True)}
    assert (0, 13) not in plain or not all((0, c) in plain for c in range(1, 13))
    assert (0, 13) in tied and all((0, c) in tied for c in range(1, 13))
    assert plain <= tied


def test_ties_stop_at_max_neighbours():
    tokens = [["same", "words", "here"]] * 30  # one tie: every other document at cosine 1
    groups = [str(n) for n in range(30)]
    capped = candidate_pairs(tokens, groups, k=2, ties=True, max_neighbours=5)
    assert 0 < len(capped) <= 30 * 5  # each document adds at most 5 (a pair may come from both sides)
    assert len(candidate_pairs(tokens, groups, k=2, ties=True, max_neighbours=50)) == 30 * 29 // 2


def test_figure_anchors_are_every_pair_of_the_anchoring_terms_postings():
    """The array expansion of the postings gives what a set of itertools.combinations gives: each
    pair once, across groups, sorted; terms of many posting lengths, some past max_postings."""
    from itertools import combinations

    rng = np.random.default_rng(3)
    vocabulary = [f"t{n}" for n in range(40)]
    tokens = [list(rng.choice(vocabulary, int(rng.integers(1, 6)))) for _ in range(300)]
    money = (rng.random(300) < 0.6).tolist()
    groups = rng.choice(list("abcd"), 300).tolist()
    weights = {t: float(rng.uniform(0, 6)) for t in vocabulary}
    for max_postings, min_idf in ((50, None), (12, 2.0), (300, None)):
        postings = {}
        for doc, words in enumerate(tokens):
            if money[doc]:
                for word in set(words):
                    postings.setdefault(word, []).append(doc)
        expected = sorted({(a, b) for word, docs in postings.items() if 2 <= len(docs) <= max_postings
                           and (min_idf is None or weights[word] >= min_idf)
                           for a, b in combinations(docs, 2) if groups[a] != groups[b]})
        found = figure_anchor_pairs(tokens, money, groups, weights, max_postings=max_postings, min_idf=min_idf)
        assert found.tolist() == [list(p) for p in expected]
        assert expected or max_postings == 12  # the comparison is of pairs, not of two empty lists


def test_dense_unique_is_np_unique_with_its_inverse():
    from datasette_crosscheck.match.candidates import dense_unique

    rng = np.random.default_rng(3)
    for values, bound in ((rng.integers(0, 50, 400), 50), (rng.integers(0, 10_000, 300), 10_000),
                          (np.array([7, 7, 7]), 8), (np.array([], dtype=np.int64), 0), (np.array([0, 3, 0]), 4)):
        used, inverse = dense_unique(values, bound)
        expected, expected_inverse = np.unique(values, return_inverse=True)
        assert used.tolist() == expected.tolist() and inverse.tolist() == expected_inverse.ravel().tolist()
        assert (used[inverse] == values).all()
