"""Figure extraction quality: precision, recall and F1 of values by kind, units and hedges.

Two labelled sets:
- `tests/data/figures_news.jsonl` (in the repo): real news sentences from Reuters-21578 and ECB+,
  labelled by hand in this project's conventions (see tests/data/README.md).
- `../shared/data/figures/*.json`: the English test cases of Microsoft Recognizers-Text (when
  present). Their conventions differ from ours in places (each file labels only its own type,
  "50 cents" is 50 Cent), so they are evidence, not the target.

    python benchmarks/figures.py [--rev main] [--errors] [--news-only]

`--rev REV` measures figures.py as committed at REV (e.g. `main`, for a before/after table) instead
of the working tree's. `--errors` lists every miss and every spurious figure.

Scoring: dates and years are not quantities here; the benchmark neither labels nor counts them.
A predicted figure matches a labelled one when its span overlaps and its value matches (relative
1e-5): a range ("between 5 and 6 pct", "ranging from 5 to 6 pct") has the value (low, high), a
vague amount ("millions of") the value None, any other figure its `value`. Each labelled figure
matches at most one prediction and the other way round. TP and FN are counted under the labelled
kind, FP under the predicted kind. On matched figures: unit accuracy on money and percentages (ISO
code; %, pp or bp), hedge accuracy (`qualifier`, None included), direction accuracy (`direction`).
"""

import argparse
import glob
import importlib.util
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NEWS = os.path.join(ROOT, "tests", "data", "figures_news.jsonl")
RECOGNIZERS = os.path.join(ROOT, "..", "shared", "data", "figures")
KINDS = ("money", "percent", "quantity", "count", "number")
NOT_QUANTITIES = ("date", "year")


# ---------------------------------------------------------------------------------------------
# Labelled cases: {"id", "text", "figures": [{"text", "value", "unit", "kind", "qualifier",
# "direction"}], "kinds": the predicted kinds that count (None: all but dates and years)}


def news_cases(path: str = NEWS) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# Recognizers-Text file -> the predicted kinds its labels cover (each file labels one type only)
_RECOGNIZERS_KINDS = {
    "NumberWithUnit_CurrencyModel.json": ("money",),
    "NumberWithUnit_DimensionModel.json": ("quantity",),
    "NumberWithUnit_TemperatureModel.json": ("quantity",),
    "Number_NumberModel.json": None,
    "Number_NumberRangeModel.json": None,
    "Number_PercentModel.json": ("percent",),
}
_RECOGNIZERS_CURRENCIES = {"Dollar": "USD", "United States dollar": "USD", "Euro": "EUR", "Pound": "GBP",
                           "British pound": "GBP", "Japanese yen": "JPY", "Chinese yuan": "CNY"}


def recognizers_cases(folder: str = RECOGNIZERS) -> dict[str, list[dict]]:
    """{file name: cases} in the news set's shape; {} when the folder is absent."""
    sets = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        name = os.path.basename(path)
        if name not in _RECOGNIZERS_KINDS:
            continue
        with open(path, encoding="utf-8") as handle:
            records = json.load(handle)
        sets[name] = [_recognizers_case(name, i, record) for i, record in enumerate(records)]
    return sets


def _recognizers_case(name: str, index: int, record: dict) -> dict:
    figures = []
    for result in record.get("Results", []):
        resolution = result.get("Resolution") or {}
        value, qualifier = _recognizers_value(result["TypeName"], resolution.get("value"))
        if value is None and result["TypeName"] != "numberrange":
            continue  # "rmb" alone: a currency without an amount
        kind = {"currency": "money", "percentage": "percent", "dimension": "quantity",
                "temperature": "quantity"}.get(result["TypeName"], "number")
        if resolution.get("unit") in ("Cent", "Penny", "Pence") and isinstance(value, float):
            value /= 100  # Recognizers-Text counts cents; figures.py states money in major units
        unit = None
        if kind == "money":
            unit = resolution.get("isoCurrency") or _RECOGNIZERS_CURRENCIES.get(resolution.get("unit"))
        elif kind == "percent":
            unit = "%"
        start = record["Input"].lower().find(result["Text"].lower(), max(0, result.get("Start", 0) - 2))
        figures.append({"text": result["Text"], "start": start, "value": value, "unit": unit, "kind": kind,
                        "qualifier": qualifier, "direction": None})
    return {"id": f"{name}:{index}", "text": record["Input"], "figures": figures,
            "kinds": _RECOGNIZERS_KINDS[name], "bounds": name == "Number_NumberRangeModel.json"}


def _recognizers_value(type_name: str, raw):
    """(value, qualifier) from a Resolution value: "75000000", "100%", "[20,30)", "(40,)"."""
    if raw is None:
        return None, None
    raw = str(raw).strip()
    if type_name == "numberrange" and raw[:1] in "([" and raw[-1:] in ")]":
        low, high = (p.strip() for p in raw[1:-1].split(","))
        if low and high:
            return [float(low), float(high)], "between"
        if low:
            return float(low), "more than" if raw[0] == "(" else "at least"
        return float(high), "less than" if raw[-1] == ")" else "at most"
    try:
        return float(raw.rstrip("%")), None
    except ValueError:
        return None, None


# ---------------------------------------------------------------------------------------------
# Scoring


def predicted_value(figure):
    """What a prediction states, in the labels' form: (low, high) for a range, else value."""
    if figure.qualifier == "between" and figure.low is not None and figure.high is not None:
        return [figure.low, figure.high]
    return figure.value


def values_match(label, predicted) -> bool:
    if isinstance(label, list) or isinstance(predicted, list):
        return (isinstance(label, list) and isinstance(predicted, list)
                and all(_close(a, b) for a, b in zip(label, predicted)))
    if label is None or predicted is None:
        return label is None and predicted is None
    return _close(label, predicted)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)


def _label_spans(case: dict) -> list[tuple[int, int]]:
    """(start, end) of each labelled figure: its `start` if given, else its first unclaimed occurrence."""
    spans, taken = [], []
    for label in case["figures"]:
        start = label.get("start")
        if start is None or start < 0:
            start = _find_word(case["text"], label["text"], taken)
        taken.append(start)
        spans.append((start, start + len(label["text"])))
    return spans


def _find_word(text: str, span: str, taken: list) -> int:
    """The first occurrence of span that starts a word ("35 km" not inside "135 km") and is not taken."""
    for m in re.finditer(re.escape(span), text):
        if m.start() not in taken and not (m.start() and text[m.start() - 1].isalnum()):
            return m.start()
    return text.find(span)


def score(cases: list[dict], extract) -> dict:
    """Counts by kind and on matched figures; `errors` lists misses and spurious figures."""
    counts = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0})
    checks = defaultdict(lambda: [0, 0])  # name -> [right, compared]
    errors = []
    for case in cases:
        kinds = case.get("kinds")
        predicted = [f for f in extract(case["text"]) if f.kind not in NOT_QUANTITIES
                     and (kinds is None or f.kind in kinds)]
        used = set()
        for label, (start, end) in zip(case["figures"], _label_spans(case)):
            match = next((i for i, f in enumerate(predicted) if i not in used and f.start < end
                          and start < f.end and values_match(label["value"], predicted_value(f))), None)
            if match is None:
                counts[label["kind"]]["fn"] += 1
                errors.append(("miss", case["id"], label["text"], label["value"], case["text"]))
                continue
            used.add(match)
            counts[label["kind"]]["tp"] += 1
            errors += _check(checks, label, predicted[match], case)
        for i, f in enumerate(predicted):
            if i not in used:
                counts[f.kind]["fp"] += 1
                errors.append(("spurious", case["id"], f.text, predicted_value(f), case["text"]))
    return {"counts": dict(counts), "checks": dict(checks), "errors": errors}


def _check(checks, label: dict, figure, case: dict) -> list:
    """Count the unit, hedge and direction of a matched figure; the wrong ones as errors."""
    compared = []
    if label["kind"] in ("money", "percent") and label["unit"] is not None:
        compared.append(("unit", figure.unit, label["unit"]))
    if case.get("bounds"):  # Recognizers-Text: which side the wording bounds, not its words
        compared.append(("hedge", _bound_side(figure.qualifier, figure.low, figure.high),
                         _LABEL_SIDES.get(label["qualifier"])))
    elif case.get("kinds") is None:
        compared.append(("hedge", _hedge(figure.qualifier), _hedge(label["qualifier"])))
        compared.append(("direction", getattr(figure, "direction", None), label["direction"]))
    errors = []
    for name, got, want in compared:
        checks[name][1] += 1
        checks[name][0] += got == want
        if got != want:
            errors.append((f"wrong {name}", case["id"], figure.text, f"{got!r} for {want!r}", case["text"]))
    return errors


_LABEL_SIDES = {"between": "range", "more than": "low", "at least": "low", "less than": "high", "at most": "high"}


def _bound_side(qualifier, low, high):
    if qualifier == "between":
        return "range"
    if low is not None and high is None:
        return "low"
    if low is None and high is not None:
        return "high"
    return None


def _hedge(qualifier):
    return (qualifier or "").strip().lower() or None


def totals(result: dict) -> dict:
    tp = sum(c["tp"] for c in result["counts"].values())
    fn = sum(c["fn"] for c in result["counts"].values())
    fp = sum(c["fp"] for c in result["counts"].values())
    return _prf(tp, fn, fp)


def _prf(tp: int, fn: int, fp: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fn": fn, "fp": fp, "precision": precision, "recall": recall, "f1": f1}


# ---------------------------------------------------------------------------------------------
# Report


def table(title: str, result: dict) -> str:
    lines = [f"### {title}", "", "| kind | labelled | found | matched | precision | recall | F1 |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    counts = result["counts"]
    for kind in [k for k in KINDS if k in counts] + sorted(set(counts) - set(KINDS)):
        c = _prf(**counts[kind])
        lines.append(_row(kind, c))
    lines.append(_row("**all**", totals(result)))
    checks = result["checks"]
    notes = []
    for name, label in (("unit", "units right on matched money and percentages"),
                        ("hedge", "hedges (qualifier) right on matched figures"),
                        ("direction", "direction (up/down) right on matched figures")):
        if name in checks and checks[name][1]:
            right, compared = checks[name]
            notes.append(f"- {label}: {right}/{compared} ({100 * right / compared:.1f}%)")
    return "\n".join(lines + [""] + notes)


def _row(kind: str, c: dict) -> str:
    return (f"| {kind} | {c['tp'] + c['fn']} | {c['tp'] + c['fp']} | {c['tp']} | {c['precision']:.3f} | "
            f"{c['recall']:.3f} | {c['f1']:.3f} |")


def load_extractor(rev):
    """extract_figures of the working tree, or of figures.py as committed at `rev`."""
    if rev is None:
        sys.path.insert(0, ROOT)
        from datasette_crosscheck.figures import extract_figures

        return extract_figures
    # figures.py reads its unit tables from measures.py: both go into a package of their own
    folder = os.path.join(tempfile.mkdtemp(), "figures_at_rev")
    os.mkdir(folder)
    open(os.path.join(folder, "__init__.py"), "w").close()
    for name in ("figures.py", "measures.py"):
        shown = subprocess.run(["git", "-C", ROOT, "show", f"{rev}:datasette_crosscheck/{name}"],
                               capture_output=True, text=True)
        if shown.returncode == 0:  # measures.py is younger than figures.py
            with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
                handle.write(shown.stdout)
    sys.path.insert(0, os.path.dirname(folder))
    module = importlib.import_module("figures_at_rev.figures")
    return module.extract_figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="measure figures.py at this git revision")
    parser.add_argument("--errors", action="store_true", help="list misses and spurious figures")
    parser.add_argument("--news-only", action="store_true", help="skip the Recognizers-Text cases")
    args = parser.parse_args()
    extract = load_extractor(args.rev)
    print(f"figures.py at {args.rev or 'the working tree'}\n")
    sets = {"News sentences (tests/data/figures_news.jsonl)": news_cases()}
    recognizers = {} if args.news_only else recognizers_cases()
    if recognizers:
        sets["Recognizers-Text, all files"] = [c for cases in recognizers.values() for c in cases]
    for title, cases in sets.items():
        result = score(cases, extract)
        print(table(f"{title}: {len(cases)} sentences", result) + "\n")
        if args.errors:
            for error in result["errors"]:
                print("  ", *error)
            print()
    if recognizers:
        print("| Recognizers-Text file | cases | precision | recall | F1 |\n| --- | --- | --- | --- | --- |")
        for name, cases in recognizers.items():
            t = totals(score(cases, extract))
            print(f"| {name} | {len(cases)} | {t['precision']:.3f} | {t['recall']:.3f} | {t['f1']:.3f} |")


if __name__ == "__main__":
    main()
