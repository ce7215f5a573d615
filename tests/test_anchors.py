"""Evidence from the rest of the two articles (anchors.py): a conflict between two clauses whose articles
give the event different times of day is likely two events, and match.py writes it as `different measure`."""

import json

import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_crosscheck.match.anchors import article_business, article_doubt, businesses_differ, clock_times, opening_business

QUAKE_A = ("A small earthquake shook the valley towns on Sunday morning, waking many residents.\n\n"
           "The earthquake struck at about 9:30 a.m. and had a depth of 2.7 miles, according to the Geological Survey.\n\n"
           "No damage was reported in the valley towns.")
QUAKE_B = ("A small earthquake shook the valley towns early on Sunday, waking many residents.\n\n"
           "The quake was recorded at {time} near the old fault line.\n\n"
           "The earthquake had a depth of 1.2 miles, according to the Geological Survey.\n\n"
           "No damage was reported in the valley towns.")


def test_clock_times_read_news_and_tokenised_spellings():
    assert clock_times("It struck at 9:27 a.m. Sunday and again at 2 : 09 a. m., then at 10.30pm.") == [567, 129, 1350]
    assert clock_times("It rose 9.30 points; the vote was 12:30.") == []  # no a.m./p.m.: not a time of day
    assert clock_times("at 12:15 a.m. and 12:15 p.m.") == [15, 735]


def test_article_doubt_needs_a_time_the_other_article_never_gives():
    clause_a = "The earthquake struck at about 9:30 a.m. and had a depth of 2.7 miles."
    clause_b = "The earthquake had a depth of 1.2 miles."
    doubt = article_doubt(clause_a, clause_b, QUAKE_A, QUAKE_B.format(time="2:09 a.m."))
    assert doubt and "9:30 a.m." in doubt and "2:09 a.m." in doubt
    # the other article gives a time near it (9:32), or none at all: nothing says two events
    assert article_doubt(clause_a, clause_b, QUAKE_A, QUAKE_B.format(time="9:32 a.m.")) is None
    assert article_doubt(clause_a, clause_b, QUAKE_A, QUAKE_B.format(time="dawn")) is None
    # neither clause dates its event: the articles' times are about other things
    assert article_doubt("The quake had a depth of 2.7 miles.", clause_b, QUAKE_A, QUAKE_B.format(time="2:09 a.m.")) is None


RESULTS_A = "COEUR D'ALENE MINES CORP <COUR> 4TH QTR LOSS\nShr profit 15 cts vs profit four cts Net profit 1,200,000 vs profit 310,000"
RESULTS_B = "<WESTERN SECURITY BANK> 4TH QTR NET\nShr profit 45 cts vs loss 15 cts Net profit 2,100,000 vs loss 700,000"


def test_opening_business_reads_the_name_a_clause_opens_with():
    assert opening_business("Wal-Mart Stores Inc said February sales were up 44 pct.") == ("Wal-Mart", "Stores", "Inc")
    assert opening_business("Stop and Shop Cos Inc said sales rose.") == ("Stop", "and", "Shop", "Cos", "Inc")
    assert opening_business("The Commodity Credit Corporation, CCC, has accepted a bid.") == ("Commodity", "Credit", "Corporation")
    assert opening_business("Police said 40 people were killed.") is None  # no business suffix: not a business
    assert opening_business("In 2006, Asia Pacific will report growth.") is None
    assert businesses_differ("Wal-Mart Stores Inc said sales rose.", "Edison Brothers Stores Inc said sales rose.")
    assert businesses_differ("Shares of Omnicom Group Inc rose.", "Omnicom Group Inc shares rose.") is None


def test_article_doubt_reads_two_businesses_from_the_titles():
    clause_a, clause_b = "Shr profit 15 cts vs profit four cts", "Shr profit 45 cts vs loss 15 cts"
    assert article_business(RESULTS_A) == "<COUR>" and article_business(RESULTS_B) == "<WESTERN SECURITY BANK>"
    doubt = article_doubt(clause_a, clause_b, RESULTS_A, RESULTS_B)
    assert doubt and "<COUR>" in doubt and "<WESTERN SECURITY BANK>" in doubt
    # two reports on one business (the same code), or a second article that names the first one's business
    assert article_doubt(clause_a, clause_b, RESULTS_A, RESULTS_A.replace("15 cts", "16 cts")) is None
    assert article_doubt(clause_a, clause_b, RESULTS_A, RESULTS_B + " It bought a stake in Coeur d'Alene <COUR>.") is None
    # an article that names no business first says nothing
    assert article_doubt(clause_a, clause_b, RESULTS_A, "Mining results\nShr profit 45 cts vs loss 15 cts") is None


def _figure_rows(tmp_path, time):
    path = tmp_path / "in.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for outlet, text in (("Wire A", QUAKE_A), ("Wire B", QUAKE_B.format(time=time))):
            f.write(json.dumps({"outlet": outlet, "title": "Quake shakes the valley", "text": text}) + "\n")
    db_path = tmp_path / "c.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    rows = list(db.query("select verdict, a, b, detail, statement_id from differences where kind = 'figure'"))
    conflicts = db.execute("select coalesce(sum(figure_conflict), 0) from statements").fetchone()[0]
    return rows, conflicts


def test_match_writes_a_conflict_its_articles_doubt_as_different_facts(tmp_path):
    rows, conflicts = _figure_rows(tmp_path, "2:09 a.m.")
    [row] = rows
    assert (row["verdict"], row["a"], row["b"]) == ("different measure", "2.7 miles", "1.2 miles")
    detail = json.loads(row["detail"])
    assert detail["reason"] == "different facts" and "2:09 a.m." in detail["note"]
    assert conflicts == 0  # the statement no longer counts it as a conflict


def test_match_keeps_a_conflict_whose_articles_agree_on_the_time(tmp_path):
    rows, conflicts = _figure_rows(tmp_path, "9:32 a.m.")
    [row] = rows
    assert (row["verdict"], row["a"], row["b"]) == ("conflict", "2.7 miles", "1.2 miles")
    assert conflicts == 1


def _results_rows(tmp_path, title_b):
    path = tmp_path / "results.jsonl"
    lines = "Revenues rose to 38.1 mln dlrs from 31.2 mln dlrs in the fourth quarter, the company said."
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"outlet": "Wire A", "title": "ACME MINES CORP <ACMM> 4TH QTR NET", "text": lines}) + "\n")
        f.write(json.dumps({"outlet": "Wire B", "title": title_b, "text": lines.replace("38.1", "29.5")}) + "\n")
    db_path = tmp_path / "r.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    return list(db.query("select verdict, a, b, detail from differences where kind = 'figure' and a = '38.1 mln dlrs'"))


def test_match_reads_two_businesses_from_the_titles_of_two_articles(tmp_path):
    [row] = _results_rows(tmp_path, "<BETA FOODS INC> 4TH QTR NET")
    assert row["verdict"] == "different measure" and "two businesses" in json.loads(row["detail"])["note"]


def test_match_keeps_the_conflict_of_two_reports_on_one_business(tmp_path):
    [row] = _results_rows(tmp_path, "ACME MINES <ACMM> REPORTS 4TH QTR")
    assert row["verdict"] == "conflict"


def test_article_text_lead_is_the_start_of_the_whole_text(tmp_path):
    """recheck_conflicts reads only an article's lead to find its business: the lead must be exactly the
    whole text's first characters, whatever the sentence lengths."""
    import sqlite3
    from datasette_crosscheck.match.anchors import article_text
    conn = sqlite3.connect(":memory:")
    conn.execute("create table articles (id integer primary key, title text)")
    conn.execute("create table sentences (id integer primary key, article_id integer, text text)")
    conn.execute("insert into articles values (1, 'COEUR D''ALENE MINES CORP <COUR> 4TH QTR LOSS')")
    conn.executemany("insert into sentences (article_id, text) values (1, ?)",
                     [(("Shr loss 15 cts. " * k).strip(),) for k in (1, 3, 7, 2, 9, 4, 30)])
    whole = article_text(conn, 1)
    for chars in (1, 10, 46, 47, 60, 61, 200, 400, len(whole), len(whole) + 50):
        assert article_text(conn, 1, chars) == whole[:chars]


def test_one_outlet_on_two_days_states_two_days_figures_unless_a_clause_dates_them():
    from datasette_crosscheck.match.anchors import Source, two_days_of_one_outlet
    clause_a = "The Bank of England said it provided the money market with help of 97 mln stg in the morning session."
    clause_b = "The Bank of England said it had provided the money market with 115 mln stg assistance in the morning session."
    monday, tuesday = Source("Reuters", "1987-03-23"), Source("Reuters", "1987-03-24")
    why = two_days_of_one_outlet(clause_a, clause_b, monday, tuesday)
    assert why and "two days (1987-03-23; 1987-03-24)" in why and "Reuters" in why
    assert article_doubt(clause_a, clause_b, "", "", tuesday, monday) == why  # either order, one reason
    # near misses: one day (two versions of one story), two outlets, a date unknown, a clause that dates its figure
    assert two_days_of_one_outlet(clause_a, clause_b, monday, Source("Reuters", "1987-03-23T18:02:00")) is None
    assert two_days_of_one_outlet(clause_a, clause_b, monday, Source("AP", "1987-03-24")) is None
    assert two_days_of_one_outlet(clause_a, clause_b, monday, Source("Reuters", None)) is None
    assert two_days_of_one_outlet("February imports were 6.00 billion francs.", "Imports were 6.2 billion francs.",
                                  monday, tuesday) is None
    for dated in ("in the week ended March 13", "in 1986", "on Monday", "in the fourth quarter", "in fiscal 1987"):
        assert two_days_of_one_outlet(f"Sales were 5 mln dlrs {dated}.", "Sales were 6 mln dlrs.", monday, tuesday) is None
    assert two_days_of_one_outlet("Profits may fall to 5 mln dlrs.", "Profits fell to 6 mln dlrs.", monday, tuesday)


SWISS = ("SWISS FEBRUARY TRADE DEFICIT 629.7 MLN FRANCS\nSwitzerland had a trade deficit of 629.7 mln Swiss francs in "
         "February, the Federal Customs Office said. February imports were 6.00 billion francs against exports of 5.37 billion.")
SWEDISH = ("SWEDISH TRADE SURPLUS RISES IN FEBRUARY\nSweden's trade surplus rose to 3.6 billion crowns in February, the "
           "Central Bureau of Statistics said. The report said February imports stood at 20.1 billion crowns.")


def test_title_names_are_words_the_body_writes_as_names():
    from datasette_crosscheck.match.anchors import title_names
    assert title_names(SWISS) == {"swiss"}  # "Swiss francs" inside a sentence; not February, not trade
    assert title_names(SWEDISH) == {"swedish"}  # the lead opens with "Sweden's", no everyday word
    assert title_names("ICI ISSUES 100 MLN STG EUROBOND\nImperial Chemical Industries Plc <ICI.L> is issuing a bond.") == {"ici"}
    assert title_names("TRADE DEFICIT NARROWS\nThe trade deficit narrowed, the Trade Ministry said.") == set()  # "trade" in lower case too


def test_two_articles_of_one_outlet_whose_titles_name_two_subjects():
    from datasette_crosscheck.match.anchors import Source
    clause_a, clause_b = "February imports were 6.00 billion francs", "February imports stood at 20.1 billion crowns"
    one_day = Source("Reuters", "1987-03-16")
    why = article_doubt(clause_a, clause_b, SWISS, SWEDISH, one_day, one_day)
    assert why and "two subjects (swiss; swedish)" in why
    # near misses: two outlets (another may name one place two ways), an article that writes the other's name,
    # titles that share a name
    assert article_doubt(clause_a, clause_b, SWISS, SWEDISH, one_day, Source("AP", "1987-03-16")) is None
    assert article_doubt(clause_a, clause_b, SWISS, SWEDISH + " Swiss imports were lower.", one_day, one_day) is None
    assert article_doubt(clause_a, clause_b, SWISS, SWEDISH.replace("SWEDISH", "SWISS AND SWEDISH"), one_day, one_day) is None


def _series_rows(tmp_path, day_b, outlet_b="Reuters"):
    path = tmp_path / "series.jsonl"
    text = "The Bank of England said it provided the money market with help of {} mln stg in the morning session."
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"outlet": "Reuters", "title": "U.K. MONEY MARKET GIVEN HELP", "published": "1987-03-23",
                            "text": text.format(97)}) + "\n")
        f.write(json.dumps({"outlet": outlet_b, "title": "U.K. MONEY MARKET GIVEN HELP", "published": day_b,
                            "text": text.format(115)}) + "\n")
    db_path = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["crosscheck", "load", str(db_path), str(path), "--any-articles"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    return list(db.query("select verdict, a, b, detail from differences where kind = 'figure'"))


def test_match_reads_one_outlets_reports_of_two_days_as_two_days_figures(tmp_path):
    [row] = _series_rows(tmp_path, "1987-03-24")
    assert (row["verdict"], row["a"], row["b"]) == ("different measure", "97 mln stg", "115 mln stg")
    detail = json.loads(row["detail"])
    assert detail["reason"] == "different facts" and "two days (1987-03-23; 1987-03-24)" in detail["note"]


def test_match_keeps_the_conflict_of_one_outlets_two_versions_of_one_day(tmp_path):
    [row] = _series_rows(tmp_path, "1987-03-23")
    assert (row["verdict"], row["a"], row["b"]) == ("conflict", "97 mln stg", "115 mln stg")
