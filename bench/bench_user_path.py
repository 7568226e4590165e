"""Benchmark of the overlap report on the paths users take, against the engine path, same run.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_user_path.py \
        [--scale 1] [--skip-native] [--repeat 1]

Each measurement runs in its own process (peak = `ru_maxrss` of that process, read with
`os.wait4`; wall = from start to exit, QGIS start-up included):
  engine       bench_overlap.py's province child: engine + styled flags GeoPackage + summary +
               CSV, in one Python process (no Processing); without the prepared-territory
               cache, then with it: first run (empty folder: the territories prepared in full
               and kept) and again (read back);
  qgis_process `qgis_process.bin run imperial_land:overlapreport` with the plugin installed from
               the zip `make package` builds (unzipped into a throwaway profile's plugins folder,
               as a user installs it; the venv's site-packages on PYTHONPATH for shapely), FLAGS
               (.gpkg) + CSV, then the same with HTML and PDF as well;
  dock         the dock's path headless: the panel's own run (`gui/overlap_panel.py`,
               `OverlapPanel.run`, what its Run button starts): `run_and_stage` in a `CoreTask`
               (QgsTask) on QGIS's task manager, the PDF on the main thread once the task hands
               it over, then the panel's `finished` (the move into place, the pairs table,
               filters and flags layer shown); FLAGS + CSV, then all four; "task done" is when
               the task's end reaches the panel;
  all four     the engine path's process writing the four outputs as Processing does
               (`write_report`), territories read back: the same work as all four through
               qgis_process and the dock;
  first / again  the Processing algorithm and the dock keep the territories' preparation in
               the profile ("overlap/keep_prepared", core/overlap/prepared.py): qgis_process
               FLAGS + CSV runs first on an empty cache, then again; the later runs (and the
               dock's, same profile) read the preparation back. Ratios: against the engine
               path doing the same (first or again), and against the engine without cache;
  HTML open    when Chromium is installed: from navigation start to the load event and a
               forced layout of the province's HTML (headless, `--dump-dom`);
  subset       12,000 claims x territories at 2,000 vertices: the plugin through qgis_process,
               the engine, `native:calculatevectoroverlaps`.
Ratios (user path / engine path) are of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
QGIS_PROCESS = "/usr/bin/qgis_process.bin"  # Debian's wrapper passes an option it rejects
# The report's prepared-territory cache below QGIS_CUSTOM_CONFIG_PATH (overlap.report_cache)
PROFILE_CACHE = ("profiles", "default", "imperial_land", "prepared", "layers")


class RunFailed(Exception):
    """A measured process failed: reported, and the benchmark goes on."""


def timed(command: list[str], env: dict[str, str]) -> dict:
    """Run `command`; wall seconds, peak MiB of that process, its output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        last = (stderr.strip() or stdout.strip() or "?").splitlines()[-1]
        raise RunFailed(f"{' '.join(command[:3])}: exit {process.returncode}: {last}")
    return {
        "wall_s": wall,
        "peak_mib": usage.ru_maxrss / 1024.0,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "stdout": stdout,
    }


def installed_plugin(base: Path) -> dict[str, str]:
    """Build the zip (`make package`), unzip it into a profile's plugins folder, enable it;
    the environment for qgis_process."""
    subprocess.run(["make", "-s", "package"], cwd=ROOT, check=True, capture_output=True)
    zip_path = sorted((ROOT / "dist").glob("imperial_land-*.zip"))[-1]
    plugins = base / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(plugins)
    (base / "home").mkdir()
    env = dict(os.environ)
    env.update(
        HOME=str(base / "home"),
        QGIS_CUSTOM_CONFIG_PATH=str(base / "profile"),
        QGIS_OPTIONS_PATH=str(base / "profile"),
        QGIS_PLUGINPATH=str(plugins),
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
        # shapely & co. from the venv, as a user pips them into QGIS's Python; not the checkout
        PYTHONPATH=sysconfig.get_paths()["purelib"],
    )
    enabled = subprocess.run(
        [QGIS_PROCESS, "plugins", "enable", "imperial_land"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "Enabled imperial_land" in enabled.stdout, enabled.stdout + enabled.stderr
    return env


def qgis_process_run(env: dict, paths: dict, folder: Path, formats: tuple[str, ...]) -> dict:
    args = [
        QGIS_PROCESS,
        "run",
        "imperial_land:overlapreport",
        "--json",
        "--",
        f"CLAIMS={paths['claims']}|layername=claims",
        f"TERRITORIES={paths['territories']}|layername=territories",
        "DISTANCE_FIELD=DISTANCE_M",
    ]
    if "parcels" in paths:
        args.append(f"PARCELS={paths['parcels']}|layername=parcels")
    extension = {"FLAGS": "gpkg", "CSV": "csv", "HTML": "html", "PDF": "pdf"}
    outputs = {name: folder / f"overlap.{extension[name]}" for name in formats}
    args += [f"{name}={path}" for name, path in outputs.items()]
    out = timed(args, env)
    results = json.loads(out.pop("stdout"))["results"]
    out["pairs"] = results["PAIRS"]
    out["sizes_mb"] = {n: p.stat().st_size / 1e6 for n, p in outputs.items()}
    return out


def dock_child(payload: str) -> None:
    """The dock's path: the panel's own run (`OverlapPanel.run`, what its Run button starts on
    the layers and folder chosen): a CoreTask on QGIS's task manager, the PDF on the main thread
    once the task hands it over, then the panel's `finished` (commit, the pairs table, filters
    and flags layer shown)."""
    from qgis.core import QgsApplication, QgsVectorLayer

    app = QgsApplication([], True)  # the panel is a widget
    app.initQgis()
    from imperial_land.core.maplayers.fields import TerritoryFields
    from imperial_land.core.maplayers.roles import AOI, CLAIMS, PARCELS, TERRITORIES
    from imperial_land.core.overlap import report_cache
    from imperial_land.core.overlap.engine import OverlapOptions
    from imperial_land.core.report.staged import ReportPaths
    from imperial_land.gui.overlap_panel import OverlapPanel

    data = json.loads(payload)
    paths, folder = data["paths"], Path(data["folder"])

    def layer(role: str):
        if role not in paths:
            return None
        found = QgsVectorLayer(f"{paths[role]}|layername={role}", role, "ogr")
        assert found.isValid(), paths[role]
        return found

    layers = {
        CLAIMS: layer("claims"),
        PARCELS: layer("parcels"),
        TERRITORIES: layer("territories"),
        AOI: None,
    }
    options = OverlapOptions(
        territory_fields=TerritoryFields(distance="DISTANCE_M"), prepared_cache=report_cache()
    )
    wanted = set(data["formats"])
    report_paths = ReportPaths(
        flags_gpkg=folder / "overlap_flags.gpkg" if "FLAGS" in wanted else None,
        csv=folder / "overlap.csv" if "CSV" in wanted else None,
        html=folder / "overlap.html" if "HTML" in wanted else None,
        pdf=folder / "overlap.pdf" if "PDF" in wanted else None,
    )
    panel = OverlapPanel(None)
    marks: dict[str, float] = {}
    shown = panel.finished

    def finished(value, error, run_layers=None):
        marks.setdefault("task_end", time.perf_counter())  # the task's end reaches the panel
        shown(value, error, run_layers)

    panel.finished = finished
    start = time.perf_counter()
    panel.run(layers, report_paths, False, options)
    while panel.task is not None:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()
    seconds = time.perf_counter() - start
    assert panel.result is not None, panel.status_label.text()
    assert panel.model.rowCount() == len(panel.result.pairs), panel.status_label.text()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "task_seconds": marks["task_end"] - start,
                "pairs": len(panel.result.pairs),
            }
        ),
        flush=True,
    )
    # The dock never tears QGIS down after a run; here QGIS's exit with the task's layers
    # still referenced from Python crashes (SIGSEGV) after the work is done: leave at once.
    os._exit(0)


def dock_run(paths: dict, folder: Path, formats: tuple[str, ...], profile: dict) -> dict:
    """The dock child in the qgis_process runs' profile (`profile`: its environment), so it
    shares their prepared-territory cache."""
    env = dict(profile, PYTHONPATH=str(ROOT))
    payload = json.dumps(
        {"paths": {k: str(v) for k, v in paths.items()}, "folder": str(folder), "formats": formats}
    )
    out = timed([sys.executable, __file__, "--dock-child", payload], env)
    inner = json.loads(out.pop("stdout").strip().splitlines()[-1])
    out.update(inner)
    return out


def engine_run(paths: dict, cache: Path | None = None, mode: str = "province") -> dict:
    """bench_overlap.py's province child (engine + flags + summary + CSV; `mode`
    "province-all": engine + the four outputs as Processing writes them); with `cache`, the
    territories' preparation kept in that folder."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    given = dict(paths, prepared_cache=cache) if cache is not None else paths
    payload = json.dumps({k: str(v) for k, v in given.items()})
    out = timed([sys.executable, str(HERE / "bench_overlap.py"), "--child", mode, payload], env)
    inner = json.loads(out.pop("stdout").strip().splitlines()[-1])
    out.update(
        {"inner_s": inner["total_s"], "engine_s": inner["engine_s"], "pairs": inner["pairs"]}
    )
    return out


def native_run(paths: dict, algorithm: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    payload = json.dumps({k: str(v) for k, v in paths.items()})
    out = timed(
        [sys.executable, str(HERE / "bench_overlap.py"), "--child", algorithm, payload], env
    )
    inner = json.loads(out.pop("stdout").strip().splitlines()[-1])
    out.update({"inner_s": inner["seconds"], "features": inner["features"]})
    return out


OPEN_PROBE = (
    '<script>window.addEventListener("load", () => {document.body.offsetHeight;'
    'document.title = "T=" + performance.now().toFixed(0)});</script></body>'
)


def html_open_ms(path: Path) -> float | None:
    """Milliseconds from navigation start to the page parsed, styled and laid out (the load
    event, then a forced layout) in headless Chromium, when installed; a probing copy of the
    file carries the script (the report itself holds none)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    probe = path.with_name(f"probe-{path.name}")
    probe.write_text(path.read_text(encoding="utf-8").replace("</body>", OPEN_PROBE), "utf-8")
    done = subprocess.run(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--dump-dom", probe.as_uri()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = re.search(r"T=(\d+)", done.stdout)
    return float(found[1]) if found else None


def work(when: str, formats: tuple[str, ...]) -> str:
    """Which engine path does the same work as a user path run: its cache state, or all four
    outputs (territories read back)."""
    return "all four" if len(formats) == 4 else when


def ratios(run: dict, same_work: dict, engine: dict) -> str:
    """A user path's wall and CPU over the engine path's doing the same work (the territories'
    preparation kept, first or again), then over the engine path without cache."""
    return (
        f"/ engine path, same work = {run['wall_s'] / same_work['wall_s']:.2f} (CPU "
        f"{run['cpu_s'] / same_work['cpu_s']:.2f}), / engine path without cache = "
        f"{run['wall_s'] / engine['wall_s']:.2f}"
    )


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description="Overlap report: user paths vs engine path")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-native", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--dock-child", metavar="PAYLOAD")
    args = parser.parse_args()
    if args.dock_child:
        dock_child(args.dock_child)
        return
    from bench_overlap import make_subset
    from province import make_province

    paths = make_province(HERE / "out", args.scale)
    print(f"province: {paths['claims'].parent}; load {load()}")
    with tempfile.TemporaryDirectory(prefix="bench-user-path-") as tmp:
        base = Path(tmp)
        env = installed_plugin(base / "qgis")
        for round_ in range(args.repeat):
            # QGIS, Processing and the plugin loading, nothing run: the user path's fixed cost.
            start_up = timed([QGIS_PROCESS, "help", "imperial_land:overlapreport"], env)
            print(
                f"[{round_ + 1}] qgis_process start-up (help imperial_land:overlapreport): wall "
                f"{start_up['wall_s']:.2f} s, peak {start_up['peak_mib']:.0f} MiB; load {load()}"
            )
            engine = engine_run(paths)
            print(
                f"[{round_ + 1}] engine path (bench_overlap province child): wall "
                f"{engine['wall_s']:.2f} s (inside: {engine['inner_s']:.2f} s, engine "
                f"{engine['engine_s']:.2f} s), peak {engine['peak_mib']:.0f} MiB, CPU "
                f"{engine['cpu_s']:.1f} s, {engine['pairs']} pairs; load {load()}"
            )
            kept = base / f"engine-prepared-{round_}"
            same_work = {}
            for when in ("first", "again"):
                same_work[when] = run = engine_run(paths, kept)
                print(
                    f"[{round_ + 1}] engine path, territories kept ({when}): wall "
                    f"{run['wall_s']:.2f} s (engine {run['engine_s']:.2f} s), peak "
                    f"{run['peak_mib']:.0f} MiB, CPU {run['cpu_s']:.1f} s; load {load()}"
                )
            # The four outputs in a plain process, as Processing writes them (same work as all
            # four through qgis_process and the dock), territories read back.
            same_work["all four"] = run = engine_run(paths, kept, "province-all")
            print(
                f"[{round_ + 1}] engine path, all four outputs, territories kept (again): wall "
                f"{run['wall_s']:.2f} s (engine {run['engine_s']:.2f} s), peak "
                f"{run['peak_mib']:.0f} MiB, CPU {run['cpu_s']:.1f} s; load {load()}"
            )
            profile_cache = Path(env["QGIS_CUSTOM_CONFIG_PATH"], *PROFILE_CACHE)
            shutil.rmtree(profile_cache, ignore_errors=True)
            runs = (
                ("first", ("FLAGS", "CSV")),
                ("again", ("FLAGS", "CSV")),
                ("again", ("FLAGS", "CSV", "HTML", "PDF")),
            )
            for number, (when, formats) in enumerate(runs):
                folder = base / f"qp-{round_}-{number}"
                folder.mkdir()
                try:
                    run = qgis_process_run(env, paths, folder, formats)
                except RunFailed as failed:
                    print(f"[{round_ + 1}] qgis_process {'+'.join(formats)} FAILED: {failed}")
                    continue
                sizes = ", ".join(f"{n} {mb:.1f} MB" for n, mb in run["sizes_mb"].items())
                if "HTML" in formats:
                    opened = html_open_ms(folder / "overlap.html")
                    sizes += f"; HTML opens in Chromium in {opened} ms" if opened else ""
                print(
                    f"[{round_ + 1}] qgis_process overlapreport {'+'.join(formats)} ({when}): "
                    f"wall {run['wall_s']:.2f} s, peak {run['peak_mib']:.0f} MiB, CPU "
                    f"{run['cpu_s']:.1f} s, {run['pairs']} pairs ({sizes}); "
                    f"{ratios(run, same_work[work(when, formats)], engine)}; load {load()}"
                )
            for formats in (("FLAGS", "CSV"), ("FLAGS", "CSV", "HTML", "PDF")):
                folder = base / f"dock-{round_}-{len(formats)}"
                folder.mkdir()
                try:
                    run = dock_run(paths, folder, formats, env)
                except RunFailed as failed:
                    print(f"[{round_ + 1}] dock task path {'+'.join(formats)} FAILED: {failed}")
                    continue
                print(
                    f"[{round_ + 1}] dock task path {'+'.join(formats)} (again): "
                    f"wall {run['wall_s']:.2f} s "
                    f"(task done {run['task_seconds']:.2f} s, until shown {run['seconds']:.2f} s), "
                    f"peak {run['peak_mib']:.0f} MiB, CPU {run['cpu_s']:.1f} s, {run['pairs']} "
                    f"pairs; {ratios(run, same_work[work('again', formats)], engine)}; "
                    f"load {load()}"
                )
        subset = make_subset(paths, paths["claims"].parent / "subset")
        folder = base / "subset"
        folder.mkdir()
        plugin = qgis_process_run(env, subset, folder, ("FLAGS",))
        env_py = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        payload = json.dumps({k: str(v) for k, v in subset.items()})
        engine = timed(
            [sys.executable, str(HERE / "bench_overlap.py"), "--child", "subset-engine", payload],
            env_py,
        )
        engine_inner = json.loads(engine.pop("stdout").strip().splitlines()[-1])
        print(
            f"subset: qgis_process overlapreport FLAGS wall {plugin['wall_s']:.2f} s, "
            f"{plugin['pairs']} pairs; engine wall {engine['wall_s']:.2f} s (engine "
            f"{engine_inner['engine_s']:.2f} s)"
        )
        if not args.skip_native:
            native = native_run(subset, "native:calculatevectoroverlaps")
            print(
                f"subset: native:calculatevectoroverlaps wall {native['wall_s']:.2f} s (algorithm "
                f"{native['inner_s']:.2f} s), {native['features']} features; qgis_process "
                f"overlapreport is {native['wall_s'] / plugin['wall_s']:.0f}x faster (wall), the "
                f"engine {native['inner_s'] / engine_inner['engine_s']:.0f}x (algorithm alone)"
            )


if __name__ == "__main__":
    main()
