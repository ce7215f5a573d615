from datasette_crosscheck.textnorm import DEFAULT_ALIASES, analyse, clauses, content_tokens, load_aliases, stem

# Seed 000's long sentence: a payment claim and a cement claim strung together.
LONG_SEED_SENTENCE = (
    'In a 2018 Guardian article titled, "Lafarge charged with complicity in Syria crimes against humanity," '
    "it was reported that the company had paid terrorists including members of the so-called "
    '"Islamic State" (ISIS) millions of Euros in protection money, bought supplies from them, '
    "and may even have sold cement to them."
)


def test_stem_folds_inflections_to_one_form():
    assert stem("paid") == stem("paying") == stem("pays") == stem("pay") == "pay"
    assert stem("terrorists") == stem("terrorist") == "terrorist"
    assert stem("charged") == stem("charging") == stem("charges") == stem("charge")
    assert stem("organised") == stem("organized") == stem("organize")
    assert stem("organisations") == stem("organization")
    assert stem("sold") == stem("selling") == stem("sells") == "sell"
    assert stem("running") == stem("runs") == "run"
    assert stem("agreed") == stem("agree")
    assert stem("supplies") == stem("supplied") == stem("supply")
    assert stem("allegedly") == stem("alleged")


def test_stem_leaves_short_and_odd_words_alone():
    assert stem("news") == "news"
    assert stem("crisis") == "crisis"
    assert stem("thing") == "thing"
    assert stem("2014") == "2014"


def test_islamic_state_variants_fold_to_one_token():
    variants = ["ISIS", "Isis", "Daesh", "ISIL", "Islamic State", "the Islamic State group", "Da'esh"]
    tokens = {tuple(content_tokens(f"{v} claimed the attack")) for v in variants}
    assert len(tokens) == 1
    (only,) = tokens
    assert only[0] == DEFAULT_ALIASES["isis"]


def test_multi_word_variants_win_over_their_first_word():
    # "Islamic State group" is one variant: no stray "group" token is left behind
    assert content_tokens("Islamic State group fighters") == ["isis", "fighter"]
    assert content_tokens("al-Qaeda and Al Qaida") == ["alqaeda", "alqaeda"]


def test_capitals_only_variants_leave_ordinary_words_alone():
    assert content_tokens("The U.S. and the US-led coalition") == ["us", "us", "lead", "coalition"]
    assert content_tokens("United States officials") == ["us", "official"]
    assert "us" not in content_tokens("They told us about it")
    assert content_tokens("Islamic State (IS) said it is strong") == ["isis", "isis", "strong"]
    assert "isis" not in content_tokens("WHAT IS THE PLAN FOR TOMORROW")


def test_load_aliases_reads_groups_and_extras():
    aliases = load_aliases(["# a comment", "acme | acme corp | the acme company", ""], extra={"ACME Inc": "acme"})
    assert aliases["acme corp"] == "acme"
    assert aliases["the acme company"] == "acme"
    assert aliases["acme inc"] == "acme"
    assert content_tokens("Acme Corp and ACME Inc", aliases) == ["acme", "acme"]


def test_user_aliases_take_precedence_over_defaults():
    aliases = load_aliases(extra={"daesh": "daesh"})
    assert content_tokens("Daesh and ISIS", aliases) == ["daesh", "isis"]
    assert DEFAULT_ALIASES["daesh"] == "isis"  # the default list is untouched


def test_content_tokens_normalise_text():
    assert content_tokens("The Company's CEO said: “We paid €13,000,000!”") == ["company", "ceo", "pay", "13000000"]
    assert content_tokens("two weeks") == content_tokens("2 weeks") == ["2", "week"]
    assert content_tokens("Pérez met Perez") == ["perez", "meet", "perez"]
    assert content_tokens("") == []


def test_analyse_marks_names_written_with_capitals():
    tokens, names = analyse("Police said Lafarge paid Daesh in Syria.")
    assert tokens == ["polic", "lafarg", "pay", "isis", "syria"]
    assert names == {"lafarg", "isis", "syria"}  # the first word is capitalised anyway
    assert analyse("Lafarge Paid Daesh In Syria")[1] == set()  # a title-case headline names nothing


def test_clauses_separate_payment_and_cement_claims():
    spans = clauses(LONG_SEED_SENTENCE)
    texts = [LONG_SEED_SENTENCE[a:b] for a, b in spans]
    payment = [t for t in texts if "paid terrorists" in t]
    cement = [t for t in texts if "sold cement" in t]
    assert len(payment) == 1 and len(cement) == 1
    assert payment[0] != cement[0]
    assert "cement" not in payment[0]
    assert "Euros" in payment[0]


def test_clause_spans_are_ordered_trimmed_and_inside_the_text():
    spans = clauses(LONG_SEED_SENTENCE)
    assert len(spans) >= 3
    assert all(0 <= a < b <= len(LONG_SEED_SENTENCE) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert all(not LONG_SEED_SENTENCE[a].isspace() and not LONG_SEED_SENTENCE[b - 1].isspace() for a, b in spans)


def test_short_sentences_stay_whole():
    text = "Lafarge sold cement, and the army left."
    assert clauses(text) == [(0, len(text))]


def test_lists_and_short_quotes_are_not_cut():
    text = (
        "The rise of the group was the result of deliberate backing from the US, Turkey, Saudi Arabia, "
        'and Qatar over many years according to "leaked" documents seen by several reporters.'
    )
    assert clauses(text) == [(0, len(text))]


def test_attribution_is_cut_from_the_claim():
    text = (
        "According to the prosecutor's office, the plant manager testified that after the militants "
        "seized the region, the factory started paying them $20,000 each month."
    )
    texts = [text[a:b] for a, b in clauses(text)]
    assert texts[-1] == "the factory started paying them $20,000 each month."
    assert any(t.startswith("after the militants seized the region") for t in texts)


def test_tiny_pieces_merge_into_a_neighbour():
    text = (
        '"The ceasefire must hold across the whole northern province this winter," the minister said, '
        '"and every armed group in the region has to withdraw its heavy weapons."'
    )
    texts = [text[a:b] for a, b in clauses(text)]
    assert len(texts) == 2
    assert "the minister said" in texts[0] or "the minister said" in texts[1]


def test_word_infos_give_what_the_word_rules_give():
    """_analyse_words reads each word's classes from a cache (_AliasIndex.word_info): the same
    headline and shouting decisions as the rules on the words, and the same tokens a second time."""
    from datasette_crosscheck import textnorm

    samples = [
        "Lafarge Paid The Islamic State Millions Of Euros",  # title case
        "THE US AND IS SAID IT WOULD PAY",  # shouting
        "The U.S. said WHO and IS were at the talks in Kobani on Monday",
        "Shr 31 cts vs 28 cts", "a b", "Pérez's firm didn't pay",
    ]
    index = textnorm._index_for(None)
    for text in samples:
        words = textnorm._raw_words(textnorm.fold_accents(text))
        infos = [index.word_info(w) for w in words]
        assert textnorm._title_case_infos(infos) == textnorm._title_case(words), text
        assert textnorm._shouting_infos(infos) == textnorm._shouting(words), text
        first = textnorm._analyse_words(words, None)
        assert textnorm._analyse_words(words, None) == first  # now from the cache
    assert analyse("THE US AND IS SAID")[0] == analyse("THE US AND IS SAID")[0]


def test_the_ascii_token_pattern_finds_what_the_general_one_finds():
    import random

    from datasette_crosscheck import textnorm

    chars = "aZq9 0.,'_-$%()\"\t\nUS"
    rng = random.Random(11)
    texts = ["U.S. 1,000,000.5 don't a.b.c. 3.14.15 1,00 x_y 12abc abc12", *("".join(rng.choice(chars) for _ in range(rng.randint(0, 30))) for _ in range(3000))]
    for text in texts:
        general = [(m.span(), m.groups("")) for m in textnorm._TOKEN.finditer(text)]
        assert [(m.span(), m.groups("")) for m in textnorm._ASCII_TOKEN.finditer(text)] == general, text


def test_ascii_raw_words_are_the_grouped_patterns_words():
    """_raw_words reads an ASCII text with the group-less _ASCII_WORD and tells the branch from the
    match (_RawWords): the same words as _raw_word on _ASCII_TOKEN's groups, on the same spans."""
    import random

    from datasette_crosscheck import textnorm

    chars = "aZq9 0.,'\u2019_-$%()\"\t\nUSs"
    rng = random.Random(12)
    texts = ["U.S. 1,000,000.5 don't a.b.c. 3.14.15 1,00 x_y 12abc abc12 Lafarge's 5U.S. 4.5.x", *(
        "".join(rng.choice(chars) for _ in range(rng.randint(0, 30))) for _ in range(3000))]
    for text in texts:
        grouped = [(m.span(), textnorm._raw_word(*m.groups(""))) for m in textnorm._ASCII_TOKEN.finditer(text)]
        plain = [m.span() for m in textnorm._ASCII_WORD.finditer(text)]
        assert plain == [span for span, _ in grouped], text
        if text.isascii():
            assert textnorm._raw_words(text) == [word for _, word in grouped], text
            assert textnorm._raw_words(text) == [word for _, word in grouped], text  # now from the cache


def test_clause_cuts_without_an_attribution_word_are_the_full_patterns_cuts():
    import random

    from datasette_crosscheck import textnorm

    words = ["According to", "him,", "said", "that", "thaw", ",", "and", "but", "also", "--", "-", ";", ":", '"', "\u2014",
             "which", "for", "paying", "by", "x", "they", "reported", "\u2013"]
    rng = random.Random(5)
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    texts += [text.replace("that", "tht") for text in texts]  # the same without "that"
    for text in texts:
        full = [(m.span(), m.lastgroup) for m in textnorm._CLAUSE_CUTS.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in textnorm._clause_cuts(text)] == full, text
