"""Benchmark: our IATI loader against iatikit on one large, generated, IOM-shaped IATI file.

Generates ``bench/out/iom_activities_bench.xml`` (>= 200 MB unless ``--mb`` says otherwise), then runs each
reader in its own subprocess (so each peak RSS is its own), ``--repeat`` times, and prints the medians of
MB/s and peak RSS, and the speed ratio. Results go to ``bench/results/iati.md`` with the machine and date.

Readers:
- ``stream``: ``iter_iati_chunks``: every table of every activity read, validated and handed over in chunks
  (what an ingest that writes as it goes does; comparable to iatikit, which also keeps nothing);
- ``load``: ``load_iati``: the same, plus every table kept in memory to the end (peak RSS grows with the
  output, not with the file);
- ``comparable``: the loader's streaming parse (same parser options, same clearing, paths compiled from
  the same field map) reading only what the iatikit run reads, to compare like with like;
- ``iatikit``: ``iatikit.Dataset``: every activity's identifier, recipient countries and transactions
  (type, date, value, currency) read through its activity objects;
- ``baseline`` (with ``--baseline REV``): ``iter_iati_chunks`` as it was at git revision REV, on the same file
  in the same run, so a speed-up is measured against its own "before" on the same busy machine.

Run: python bench/bench_iati.py [--mb 200] [--repeat 3] [--keep] [--baseline REV]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
RESULTS = HERE / "results" / "iati.md"
READERS = ("stream", "load", "comparable", "iatikit")
BASELINE_MODULE = OUT / "iati_baseline.py"  # the loader at --baseline REV, written by git show
# The aims of the benchmark (issue 2, part 8).
AIM_CPU_MB_PER_S = 50.0
AIM_RATIO_TO_IATIKIT = 1.5
AIM_PEAK_RSS_MB = 150.0

COUNTRIES = [
    "SO",
    "ET",
    "KE",
    "SS",
    "SD",
    "YE",
    "AF",
    "IQ",
    "SY",
    "LY",
    "NE",
    "ML",
    "NG",
    "CD",
    "HT",
    "CO",
    "VE",
    "UA",
    "BD",
    "MM",
    "NA",
    "XK",
    "TN",
    "ZW",
    "MZ",
    "LB",
    "JO",
    "TR",
    "GT",
    "HN",
    "PH",
    "PK",
]
DONORS = [
    ("XM-DAC-701-2", "Japan - Ministry of Foreign Affairs", "10"),
    ("XI-IATI-EC_ECHO", "European Civil Protection and Humanitarian Aid Operations", "15"),
    ("US-GOV-1", "U.S. Agency for International Development", "10"),
    ("GB-GOV-1", "Foreign, Commonwealth and Development Office", "10"),
    ("XM-DAC-5", "German Federal Foreign Office", "10"),
    ("XM-DAC-10", "Swedish International Development Cooperation Agency", "10"),
    ("CA-3", "Global Affairs Canada", "10"),
    ("", "IOM Development Fund", "40"),
    ("XM-DAC-918", "European Union", "15"),
    ("XM-DAC-11", "Swiss Agency for Development and Cooperation", "10"),
]
PROJECT_TYPES = [
    ("DP", "Internally Displaced Persons"),
    ("CT", "Counter-trafficking"),
    ("LM", "Labour Migration"),
    ("RR", "Return and Reintegration"),
    ("MH", "Migration Health"),
    ("IB", "Immigration and Border Management"),
    ("CS", "Community Stabilization"),
    ("CC", "Migration, Environment and Climate Change"),
]
SERVICE_AREAS = [
    ("01", "Movement, Emergency and Post-Crisis Migration Management"),
    ("02", "Migration Health"),
    ("03", "Migration and Development"),
    ("04", "Regulating Migration"),
    ("05", "Facilitating Migration"),
    ("06", "Migration Policy and Research"),
]
DAC_CODES = ["72010", "15190", "12220", "73010", "15160", "41010", "72050", "16020"]
CURRENCIES = ["USD"] * 6 + ["EUR", "GBP", "CHF", "JPY"]
WORDS = [
    "migrants",
    "internally",
    "displaced",
    "persons",
    "communities",
    "return",
    "assistance",
    "health",
    "water",
    "sanitation",
    "hygiene",
    "protection",
    "livelihoods",
    "shelter",
    "border",
    "management",
    "capacity",
    "government",
    "partners",
    "support",
    "vulnerable",
    "emergency",
    "response",
    "recovery",
    "stabilization",
    "data",
    "research",
    "training",
    "coordination",
    "access",
    "services",
    "durable",
    "solutions",
    "reintegration",
    "labour",
    "mobility",
    "climate",
    "resilience",
]


def generate(path: Path, target_mb: int, seed: int = 47066) -> int:
    """Write an IOM-shaped IATI 2.03 file of at least ``target_mb`` MB; return its activity count."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    target = target_mb * 1_000_000
    written = count = 0
    with path.open("w", encoding="utf-8") as out:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" '
            'generated-datetime="2024-01-01T00:00:00Z">\n'
        )
        out.write(head)
        written += len(head)
        while written < target:
            count += 1
            text = _activity(rng, count)
            out.write(text)
            written += len(text.encode("utf-8"))
        out.write("</iati-activities>\n")
    return count


def _activity(rng: random.Random, n: int) -> str:
    code, type_name = rng.choice(PROJECT_TYPES)
    area_code, area_name = rng.choice(SERVICE_AREAS)
    donor_ref, donor_name, donor_type = rng.choice(DONORS)
    currency = rng.choice(CURRENCIES)
    year = rng.randint(2012, 2024)
    start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    end = start + dt.timedelta(days=rng.randint(180, 1100))
    total = round(rng.uniform(50_000, 5_000_000), 2)
    countries = rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2, 3]))
    description = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 110))).capitalize() + "."
    parts = [
        f'<iati-activity xml:lang="en" default-currency="{currency}" humanitarian="{rng.randint(0, 1)}" '
        f'last-updated-datetime="{end.isoformat()}T10:00:00Z">',
        f"<iati-identifier>XM-DAC-47066-{code}.{n:06d}</iati-identifier>",
        '<reporting-org ref="XM-DAC-47066" type="40"><narrative>International Organization for Migration '
        "(IOM)</narrative></reporting-org>",
        f"<title><narrative>{escape(type_name)} support in {countries[0]}: "
        f"{' '.join(rng.choice(WORDS) for _ in range(8))}</narrative>"
        f'<narrative xml:lang="fr">Projet {n}</narrative></title>',
        f"<description><narrative>{escape(description)}</narrative></description>",
        f'<participating-org ref="{donor_ref}" role="1" type="{donor_type}"><narrative>{escape(donor_name)}'
        "</narrative></participating-org>",
        '<participating-org ref="XM-DAC-47066" role="2" type="40"><narrative>International Organization for '
        "Migration (IOM)</narrative></participating-org>",
        f'<activity-status code="{rng.choice("2234")}"/>',
        f'<activity-date iso-date="{start.isoformat()}" type="1"/>',
        f'<activity-date iso-date="{start.isoformat()}" type="2"/>',
        f'<activity-date iso-date="{end.isoformat()}" type="3"/>',
        f'<contact-info type="1"><organisation><narrative>IOM - {countries[0]}</narrative></organisation>'
        f"<email>iom{countries[0].lower()}@iom.int</email><website>www.iom.int/countries</website>"
        f"<mailing-address><narrative>IOM Country Office, {countries[0]}</narrative></mailing-address>"
        "</contact-info>",
    ]
    shares = _shares(rng, len(countries))
    for country, share in zip(countries, shares, strict=True):
        pct = f' percentage="{share}"' if len(countries) > 1 else ""
        parts.append(f'<recipient-country code="{country}"{pct}/>')
    # Like IOM's own files: the country office as a point, the country as an administrative location.
    parts.append(
        f'<location><location-reach code="1"/><name><narrative>IOM Country Office - {countries[0]}'
        "</narrative>"
        f'</name><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>'
        f'{rng.uniform(-30, 45):.6f} {rng.uniform(-80, 120):.6f}</pos></point><exactness code="2"/>'
        f'<location-class code="3"/><feature-designation code="BLDO"/></location>'
    )
    parts.append(
        f'<location ref="{countries[0]}"><location-reach code="2"/><location-id code="{countries[0]}" '
        f'vocabulary="A4"/><name><narrative>{countries[0]}</narrative></name><administrative '
        f'code="{countries[0]}" vocabulary="A4"/></location>'
    )
    parts += [
        f'<sector code="{code}" vocabulary="99"><narrative>{escape(type_name)}</narrative></sector>',
        f'<sector code="{area_code}" vocabulary="98"><narrative>{escape(area_name)}</narrative></sector>',
        f'<sector code="{rng.choice(DAC_CODES)}" vocabulary="1"/>',
        '<policy-marker code="2a" vocabulary="99" '
        'vocabulary-uri="https://data.iom.int/codelist/genderpolicy.pdf"><narrative>Project with sufficient '
        "inclusion of gender issues (mainstreamed)</narrative></policy-marker>",
        f'<budget status="2" type="1"><period-start iso-date="{start.isoformat()}"/><period-end '
        f'iso-date="{end.isoformat()}"/><value currency="{currency}" value-date="{start.isoformat()}">{total}'
        f"</value></budget>",
        '<capital-spend percentage="0"/>',
        _transaction("11", start, total, currency, donor_ref, donor_name),
    ]
    for _ in range(rng.randint(0, 4)):
        day = start + dt.timedelta(days=rng.randint(0, 700))
        kind = rng.choice("1344")
        provider = (donor_ref, donor_name) if kind == "1" else ("XM-DAC-47066", "IOM")
        parts.append(_transaction(kind, day, round(total * rng.uniform(0.02, 0.3), 2), currency, *provider))
    parts.append("</iati-activity>\n")
    return "".join(parts)


def _transaction(kind: str, day: dt.date, value: float, currency: str, ref: str, name: str) -> str:
    return (
        f'<transaction><transaction-type code="{kind}"/><transaction-date iso-date="{day.isoformat()}"/>'
        f'<value currency="{currency}" value-date="{day.isoformat()}">{value}</value>'
        f'<provider-org ref="{ref}"><narrative>{escape(name)}</narrative></provider-org>'
        f'<flow-type code="10"/><finance-type code="110"/><aid-type code="B03"/></transaction>'
    )


def _shares(rng: random.Random, n: int) -> list[float]:
    if n == 1:
        return [100.0]
    cuts = sorted(rng.randint(1, 99) for _ in range(n - 1))
    edges = [0, *cuts, 100]
    return [float(b - a) for a, b in zip(edges, edges[1:], strict=False)]


# --- one measured run, in its own process ---------------------------------------------------------------


def run_reader(reader: str, path: Path) -> dict[str, object]:
    """Read ``path`` with one reader, in this process; the clock starts after the imports.

    Returns wall and CPU seconds, activities read, peak RSS (MB), the RSS the imports alone took and, for
    our loader, the peak RSS after each group of imports.
    """
    steps: dict[str, float] = {"python": _peak_rss_mb()}
    if reader == "iatikit":
        import iatikit

        def read() -> int:
            return _read_with_iatikit(iatikit.Dataset(str(path)))
    elif reader == "comparable":
        from dashboard.loaders import iati  # imported before the clock starts, like the loader's

        def read() -> int:
            return _read_comparable(path, iati)
    else:
        steps["lxml"] = _import_rss("lxml.etree")
        steps["pandas + pyarrow"] = _import_rss("pandas", "pyarrow")
        from dashboard.model.countries import iso3_from_iso2

        iso3_from_iso2("SO")  # the country taxonomy loads on first use: count it with the imports
        steps["countries (hdx taxonomy)"] = _peak_rss_mb()
        from dashboard.loaders.iati import iter_iati_chunks, load_iati
        from dashboard.model.donors import DonorRegistry

        registry = DonorRegistry.from_reference()
        steps["loader, donors"] = _peak_rss_mb()
        if reader == "baseline":
            spec = importlib.util.spec_from_file_location("iati_baseline", BASELINE_MODULE)
            assert spec is not None and spec.loader is not None
            baseline = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = baseline  # its dataclasses look their module up there
            spec.loader.exec_module(baseline)
            iter_iati_chunks = baseline.iter_iati_chunks

        def read() -> int:
            if reader == "load":
                return load_iati(path, registry).records_loaded
            return sum(chunk.records_loaded for chunk in iter_iati_chunks(path, registry))

    imports_mb = _peak_rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    activities = read()
    return {
        "seconds": time.perf_counter() - wall,
        "cpu_seconds": time.process_time() - cpu,
        "activities": activities,
        "peak_rss_mb": _peak_rss_mb(),
        "imports_rss_mb": imports_mb,
        "import_steps": steps,
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _import_rss(*modules: str) -> float:
    for module in modules:
        importlib.import_module(module)
    return _peak_rss_mb()


def _read_comparable(path: Path, iati: ModuleType) -> int:
    """Identifier, countries and transactions of every activity, through the loader's own streaming parts."""
    from lxml import etree

    from dashboard.loaders.iati_fields import ACTIVITY_TAG, V2

    wanted = ("type", "date", "value", "currency")
    transaction = iati.PathTree.compile({f: V2.paths[f"transaction.{f}"] for f in wanted})
    count = 0
    for _event, activity in etree.iterparse(
        str(path), events=("end",), tag=ACTIVITY_TAG, **iati.PARSER_OPTIONS
    ):
        count += 1
        _ = activity.findtext("iati-identifier")
        _ = [country.get("code") for country in activity.iterchildren("recipient-country")]
        _ = [transaction.read(element, "en", {}) for element in activity.iterchildren("transaction")]
        parent = activity.getparent()
        activity.clear()
        while activity.getprevious() is not None:
            del parent[0]
    return count


def _read_with_iatikit(dataset: object) -> int:
    count = 0
    for activity in dataset.activities:  # type: ignore[attr-defined]
        count += 1
        _ = activity.iati_identifier
        element = activity.etree
        _ = element.xpath("recipient-country/@code")
        for transaction in element.findall("transaction"):
            _ = (
                transaction.xpath("transaction-type/@code"),
                transaction.xpath("transaction-date/@iso-date"),
                transaction.findtext("value"),
                transaction.xpath("value/@currency"),
            )
    return count


FIGURES = (
    "seconds",
    "cpu_seconds",
    "mb_per_s",
    "cpu_mb_per_s",
    "peak_rss_mb",
    "imports_rss_mb",
    "activities",
)


def measure(path: Path, repeat: int, readers: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Run every reader ``repeat`` times, each in a fresh process; medians per reader.

    The readers take turns within each round, so a change in the machine's load hits them all alike.
    """
    size_mb = path.stat().st_size / 1e6
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    runs: dict[str, list[dict]] = {r: [] for r in readers}
    for i in range(repeat):
        for reader in readers:
            proc = subprocess.run(
                [sys.executable, __file__, "--child", reader, str(path)],
                capture_output=True,
                text=True,
                check=True,
                cwd=HERE.parent,
                env=env,
            )
            run = json.loads(proc.stdout.strip().splitlines()[-1])
            run["mb_per_s"] = size_mb / run["seconds"]
            run["cpu_mb_per_s"] = size_mb / run["cpu_seconds"]
            runs[reader].append(run)
            print(
                f"run {i + 1} {reader:10s} {run['seconds']:7.2f} s ({run['cpu_seconds']:.2f} s CPU) "
                f"{run['mb_per_s']:6.1f} MB/s, {run['cpu_mb_per_s']:6.1f} MB/s CPU, "
                f"peak RSS {run['peak_rss_mb']:6.0f} MB (imports {run['imports_rss_mb']:.0f} MB), "
                f"{int(run['activities'])} activities",
                flush=True,
            )
    (OUT / "iati_runs.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")
    medians: dict[str, dict[str, float]] = {}
    for reader, reader_runs in runs.items():
        medians[reader] = {k: statistics.median(run[k] for run in reader_runs) for k in FIGURES}
        for step in reader_runs[0]["import_steps"]:
            medians[reader][f"import:{step}"] = statistics.median(
                run["import_steps"][step] for run in reader_runs
            )
    return medians


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_results(
    path: Path, medians: dict[str, dict[str, float]], repeat: int, baseline_rev: str | None = None
) -> str:
    size_mb = path.stat().st_size / 1e6
    load_avg = os.getloadavg()[0]
    lines = [
        "# IATI loader benchmark",
        "",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: `nproc` {len(os.sched_getaffinity(0))}, {_cpu_model()}, "
        f"Python {platform.python_version()}; "
        f"load average {load_avg:.1f} when written (the machine is shared, so wall-clock figures vary)",
        f"- file: generated IOM-shaped IATI 2.03, {size_mb:.0f} MB, {int(medians['stream']['activities'])} "
        "activities (`python bench/bench_iati.py`)",
        f"- each reader in a fresh process, {repeat} runs taking turns, medians; the clock starts after the "
        "imports; all readers single-threaded",
        "",
        "| reader | what it does | MB/s (wall) | MB/s (CPU) | seconds | peak RSS MB | of which imports MB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    what = {
        "stream": "`iter_iati_chunks`: all 11 tables, validated, handed over per chunk of 1,000 activities",
        "load": "`load_iati`: the same, and every table kept to the end",
        "comparable": "the loader's streaming parse, reading only what the iatikit run reads",
        "iatikit": "iatikit 3.6 `Dataset`: identifier, recipient countries, transactions of every activity",
        "baseline": f"`iter_iati_chunks` as it was at `{baseline_rev}` (before), same file, same run",
    }
    for reader, m in medians.items():
        lines.append(
            f"| {reader} | {what[reader]} | {m['mb_per_s']:.1f} | {m['cpu_mb_per_s']:.1f} | "
            f"{m['seconds']:.1f} | {m['peak_rss_mb']:.0f} | {m['imports_rss_mb']:.0f} |"
        )
    kit, stream = medians["iatikit"], medians["stream"]
    lines += [
        "",
        f"Speed ratio, stream / iatikit: **{stream['mb_per_s'] / kit['mb_per_s']:.2f}x** wall, "
        f"{stream['cpu_mb_per_s'] / kit['cpu_mb_per_s']:.2f}x CPU; load / iatikit: "
        f"**{medians['load']['mb_per_s'] / kit['mb_per_s']:.2f}x** wall; comparable work / iatikit: "
        f"**{medians['comparable']['mb_per_s'] / kit['mb_per_s']:.2f}x** wall, "
        f"{medians['comparable']['cpu_mb_per_s'] / kit['cpu_mb_per_s']:.2f}x CPU.",
    ]
    if "baseline" in medians:
        before = medians["baseline"]
        speedup = stream["cpu_mb_per_s"] / before["cpu_mb_per_s"]
        lines.append(
            f"Stream now / before (`{baseline_rev}`): **{speedup:.2f}x** "
            f"CPU, {stream['mb_per_s'] / before['mb_per_s']:.2f}x wall; peak RSS "
            f"{before['peak_rss_mb']:.0f} -> {stream['peak_rss_mb']:.0f} MB."
        )
    lines += ["", *_aims(medians), "", *_import_notes(stream), ""]
    lines += [
        "Notes:",
        "",
        "- The data part of `stream`'s peak does not grow with the file (one chunk of rows at a time; tested "
        "in `tests/test_iati_loader.py::test_streaming_memory_does_not_grow_with_the_file`).",
        "- `load` keeps every table of the file in memory, so its peak grows with the output, not the input.",
        "- `stream` and `load` do much more than the iatikit run: eleven tables, codelist labels, USD "
        "conversion, donor resolution, date/number/percentage checks and validated frames. The `comparable` "
        "row is the like-for-like comparison with iatikit.",
        "- MB/s (CPU) is file size over the process's CPU time: on a shared, busy machine it is the steadier "
        "figure; MB/s (wall) is what a user waits for.",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + "\n", encoding="utf-8")
    return text


def _aims(medians: dict[str, dict[str, float]]) -> list[str]:
    """The issue's three aims against the measured medians of ``stream``, each met or missed."""
    stream, kit = medians["stream"], medians["iatikit"]
    ratio = stream["cpu_mb_per_s"] / kit["cpu_mb_per_s"]
    rows = [
        (
            f"{AIM_CPU_MB_PER_S:g} MB/s or more on one core",
            f"{stream['cpu_mb_per_s']:.1f} MB/s CPU",
            stream["cpu_mb_per_s"] >= AIM_CPU_MB_PER_S,
        ),
        (f"at least {AIM_RATIO_TO_IATIKIT:g}x iatikit", f"{ratio:.2f}x (CPU)", ratio >= AIM_RATIO_TO_IATIKIT),
        (
            f"peak RSS under {AIM_PEAK_RSS_MB:g} MB",
            f"{stream['peak_rss_mb']:.0f} MB",
            stream["peak_rss_mb"] < AIM_PEAK_RSS_MB,
        ),
    ]
    return [
        "| aim (`stream`) | measured | |",
        "|---|---:|---|",
        *(f"| {aim} | {got} | {'met' if met else '**missed**'} |" for aim, got, met in rows),
    ]


def _import_notes(stream: dict[str, float]) -> list[str]:
    """Where the imports' memory goes, step by step (peak RSS after each group of imports)."""
    steps = [(k.split(":", 1)[1], v) for k, v in stream.items() if k.startswith("import:")]
    parts, before = [], 0.0
    for name, peak in steps:
        parts.append(f"{name} +{peak - before:.0f}")
        before = peak
    data = stream["peak_rss_mb"] - stream["imports_rss_mb"]
    return [
        f"Peak RSS of `stream`, in MB: {', '.join(parts)} = {stream['imports_rss_mb']:.0f} for the imports, "
        f"then +{data:.0f} for the data."
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the generated file in MB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("READER", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="reuse an existing generated file of that size")
    parser.add_argument("--baseline", metavar="REV", help="also run the loader as it was at git revision REV")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_reader(args.child[0], Path(args.child[1]))))
        return 0
    path = OUT / f"iom_activities_{args.mb}mb.xml"
    if not (args.keep and path.exists()):
        started = time.perf_counter()
        count = generate(path, args.mb)
        print(
            f"generated {path.name}: {path.stat().st_size / 1e6:.0f} MB, {count} activities "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    readers = READERS
    if args.baseline:
        source = subprocess.run(
            ["git", "show", f"{args.baseline}:dashboard/loaders/iati.py"],
            capture_output=True,
            text=True,
            check=True,
            cwd=HERE.parent,
        ).stdout
        BASELINE_MODULE.parent.mkdir(parents=True, exist_ok=True)
        BASELINE_MODULE.write_text(source, encoding="utf-8")
        readers = (*READERS, "baseline")
    medians = measure(path, args.repeat, readers)
    print(write_results(path, medians, args.repeat, args.baseline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
