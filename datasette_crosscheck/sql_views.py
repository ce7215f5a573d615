"""SQL views for the questions users ask of a cross-checked corpus. Recreated on every schema check,
so a new version of the plugin can change them without a migration."""

AMOUNT_KINDS = "('money', 'percent', 'quantity', 'count', 'number')"
# A difference with both sides of its match: sa/sb the sentences, aa/ab their articles.
DIFFERENCE_SIDES = """from differences d
          join matches m on m.id = d.match_id
          join sentences sa on sa.id = m.sentence_a
          join sentences sb on sb.id = m.sentence_b
          join articles aa on aa.id = m.article_a
          join articles ab on ab.id = m.article_b"""

VIEWS = {
    # Figures two outlets' versions of a statement disagree on, with both sentences: a conflict, a
    # different measure, or a figure one gives and the other leaves out. `compatible` figures (both can be
    # true: one is vaguer or rounder) are not disagreements; they stay in `differences`.
    "figure_disagreements": f"""
        select d.statement_id, d.verdict, d.a as figure_a, d.b as figure_b,
          aa.outlet as outlet_a, ab.outlet as outlet_b,
          sa.text as sentence_a, sb.text as sentence_b,
          aa.published as published_a, ab.published as published_b,
          d.detail, d.match_id, m.sentence_a as sentence_a_id, m.sentence_b as sentence_b_id
        {DIFFERENCE_SIDES}
        where d.kind = 'figure' and d.verdict in ('conflict', 'different measure', 'missing')
        order by case d.verdict when 'conflict' then 0 when 'different measure' then 1 else 2 end,
          d.statement_id, d.id
    """,
    # Statements carried by two or more outlets, the most widely reported first.
    "widely_reported_statements": """
        select id as statement_id, outlet_count, article_count, outlets, text, figure_conflict,
          figure_differences, wording_differences, first_published, first_outlet, max_score
        from statements
        where outlet_count >= 2
        order by outlet_count desc, figure_conflict desc, max_score desc
    """,
    # Word changes between two outlets' versions: filter with ?outlet_a=...&outlet_b=...
    "wording_changes": f"""
        select d.statement_id, d.kind, d.verdict as change, d.a as words_a, d.b as words_b,
          aa.outlet as outlet_a, ab.outlet as outlet_b, sa.text as sentence_a, sb.text as sentence_b, d.match_id
        {DIFFERENCE_SIDES}
        where d.kind in ('wording', 'name')
    """,
    # Who published each statement first: one row per outlet and statement, ranked by publication date.
    "statement_timeline": """
        select ss.statement_id, a.outlet, min(a.published) as published,
          rank() over (partition by ss.statement_id order by min(a.published) is null, min(a.published)) as rank,
          group_concat(ss.sentence_id) as sentence_ids, st.text as statement
        from statement_sentences ss
          join articles a on a.id = ss.article_id
          join statements st on st.id = ss.statement_id
        group by ss.statement_id, a.outlet
    """,
    # Outlets that carry a statement but leave out the amount another outlet states.
    "figure_omissions": f"""
        select ss.statement_id, a.outlet, s.text as sentence, ss.sentence_id,
          (select group_concat(distinct f2.text) from statement_sentences ss2
             join figures f2 on f2.sentence_id = ss2.sentence_id
           where ss2.statement_id = ss.statement_id and f2.kind in {AMOUNT_KINDS}) as figures_elsewhere
        from statement_sentences ss
          join sentences s on s.id = ss.sentence_id
          join articles a on a.id = ss.article_id
        where not exists (select 1 from figures f where f.sentence_id = ss.sentence_id and f.kind in {AMOUNT_KINDS})
          and exists (select 1 from statement_sentences ss2 join figures f2 on f2.sentence_id = ss2.sentence_id
                      where ss2.statement_id = ss.statement_id and f2.kind in {AMOUNT_KINDS})
    """,
    # Body sentences that no other outlet matches: what each outlet says alone.
    "unmatched_sentences": """
        select s.id as sentence_id, a.outlet, a.title, s.text, s.article_id, s.position
        from sentences s join articles a on a.id = s.article_id
        where s.kind = 'body' and s.boilerplate = 0
          and not exists (select 1 from statement_sentences ss where ss.sentence_id = s.id)
    """,
}


def ensure_views(db) -> None:
    for name, sql in VIEWS.items():
        db.conn.execute(f"drop view if exists [{name}]")
        db.conn.execute(f"create view [{name}] as {sql}")
    db.conn.commit()
