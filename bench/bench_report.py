"""Benchmark of the overlap report's outputs (flags layer, CSV, HTML, PDF) at province scale.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_report.py [--pairs N]

A synthetic OverlapResult of N pairs (default 300,000: one per claim cell of a 600 x 500 grid of
500 m squares in EPSG:32198, against 8 territories of 2 Nations; every 10th a parcel pair) is
built the same way every time. Each measurement runs in its own child process, so each peak
memory (ru_maxrss) is its own:
  flags_gpkg     ours: core/report/flags_gpkg bulk writer (+ style), the report's flags output
  flags_consult  the same with a consultation register's view (consultation_site_view below:
                 a site for every 10th claim x Nation, events and commitments on some): the
                 consultation columns filled; `view_seconds` is the view's own time
  flags_native   QGIS's way: memory layer of QgsFeatures, then QgsVectorFileWriter to GPKG
  flags_memory   a styled memory layer (tests/support/flags.memory_flags_layer, tests only)
  csv, html      core/report/csv / core/report/html
  summary        core/report/model.nation_summary
  pdf            core/report/pdf (map + tables capped at 250 rows each), 20,000 pairs only
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
JOBS = [
    "flags_gpkg",
    "flags_consult",
    "flags_native",
    "flags_memory",
    "csv",
    "html",
    "summary",
    "pdf",
]


def synthetic_result(count: int):
    """`count` pairs over a grid of 500 m squares; deterministic."""
    import shapely

    from imperial_land.core.overlap import results as r

    nations = ["Innu of Uashat mak Mani-utenam", "Naskapi Nation of Kawawachikamach"]
    territories = [
        r.FeatureRef("territories", i + 1, f"T{i}", 2.0e6, {"nation": nations[i % 2]})
        for i in range(8)
    ]
    columns = 600
    boxes = [
        shapely.box(x * 500.0, y * 500.0, x * 500.0 + 500.0, y * 500.0 + 500.0)
        for y, x in ((i // columns, i % columns) for i in range(count))
    ]
    wkbs = shapely.to_wkb(boxes, output_dimension=2).tolist()
    pairs = []
    for i, wkb in enumerate(wkbs):
        claim = r.FeatureRef(
            "claims",
            i + 1,
            str(2_500_000 + i),
            25.0,
            {"holder": "Société Minière Tierce", "status": "Actif", "expiry": dt.date(2027, 3, 1)},
        )
        if i % 10 == 9:
            parcel = r.FeatureRef("parcels", i, f"{4_000_000 + i}", 400.0, {"lot": str(i)})
            pairs.append(
                r.OverlapPair(r.PARCEL_CLAIM, parcel, claim, r.CONTAINS, 25.0, 6.25, 100.0,
                              None, r.FLAG_THIRD_PARTY_TITLE, "", wkb)
            )  # fmt: skip
        else:
            territory = territories[i % 8]
            pairs.append(
                r.OverlapPair(r.CLAIM_TERRITORY, claim, territory, r.WITHIN, 25.0, 100.0,
                              0.00125, None, r.FLAG_CONSULTATION,
                              territory.attributes["nation"], wkb)
            )  # fmt: skip
    return r.OverlapResult(pairs, [], [], "EPSG:32198", slivers_dropped=3)


def consultation_site_view(result):
    """A register's view of `result`: a site for every 10th consultation flag's claim x Nation
    (half of them with a contact, a fifth of those with an open commitment); deterministic."""
    from imperial_land.core.consultation.report_link import view_of
    from imperial_land.core.consultation.store import (
        CommitmentRecord,
        EventRecord,
        SiteRecord,
        Snapshot,
    )

    snapshot = Snapshot()
    day = dt.date(2026, 10, 1)
    for index, pair in enumerate(result.pairs):
        if not pair.nation or index % 10:
            continue
        fid = len(snapshot.sites) + 1
        snapshot.sites.append(
            SiteRecord(fid, pair.a.role, str(pair.a.key), pair.nation, overlap_ha=20.0)
        )
        if fid % 2:
            snapshot.events.append(EventRecord(fid, fid, day, "letter", overlap_ha=25.0))
            if fid % 5 == 1:
                snapshot.commitments.append(
                    CommitmentRecord(fid, fid, fid, "Share the plan", due_date=day)
                )
    return view_of(result, snapshot, dt.date(2026, 11, 1), 90)


def run_job(job: str, count: int) -> dict:
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    result = synthetic_result(20_000 if job == "pdf" else count)
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    view_seconds = None
    if job == "flags_consult":
        start = time.perf_counter()
        view = consultation_site_view(result)
        view_seconds = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    if job == "flags_consult":
        from imperial_land.core.report.flags_layer import write_styled_flags

        write_styled_flags(result, folder / "flags.gpkg", "flags", consultation=view)
    elif job == "flags_gpkg":
        from imperial_land.core.report.flags_layer import write_styled_flags

        write_styled_flags(result, folder / "flags.gpkg", "flags")
    elif job == "flags_native":
        from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

        from tests.support.flags import memory_flags_layer

        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        QgsVectorFileWriter.writeAsVectorFormatV3(
            memory_flags_layer(result), str(folder / "flags.gpkg"),
            QgsCoordinateTransformContext(), options,
        )  # fmt: skip
    elif job == "flags_memory":
        from tests.support.flags import memory_flags_layer

        memory_flags_layer(result)
    elif job == "csv":
        from imperial_land.core.report.csv import write_report_csv

        write_report_csv(result, folder / "pairs.csv")
    elif job == "html":
        from imperial_land.core.report.html import report_html

        (folder / "report.html").write_text(report_html(result), encoding="utf-8")
    elif job == "summary":
        from imperial_land.core.report.model import nation_summary

        nation_summary(result)
    elif job == "pdf":
        from imperial_land.core.report.staged import ReportPaths, write_report

        write_report(result, ReportPaths(pdf=folder / "report.pdf"))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    figures = {"job": job, "pairs": len(result.pairs), "seconds": round(seconds, 2)}
    if view_seconds is not None:
        figures["view_seconds"] = view_seconds
    return {**figures, "peak_mib": peak}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=300_000)
    parser.add_argument("--job")
    args = parser.parse_args()
    if args.job:
        print(json.dumps(run_job(args.job, args.pairs)))
        return 0
    figures = {}
    for job in JOBS:
        child = subprocess.run(
            [sys.executable, __file__, "--job", job, "--pairs", str(args.pairs)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        figures[job] = json.loads(child.stdout.strip().splitlines()[-1])
        print(figures[job], flush=True)
    ratio = figures["flags_native"]["seconds"] / max(figures["flags_gpkg"]["seconds"], 1e-9)
    print(f"flags: ours {figures['flags_gpkg']['seconds']} s vs native "
          f"{figures['flags_native']['seconds']} s (native/ours = {ratio:.1f}x)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
