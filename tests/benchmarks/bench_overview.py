"""Status overview speed: 300 agreements × 15 goals of one year with two follow-up rounds.

    python tests/benchmarks/bench_overview.py [--agreements 300] [--goals 15] [--runs 3] [--data DIR]

1. read_overview() of the latest round (the set-based read every overview starts with).
2. write_overview_xlsx() of that overview, and openpyxl alone (write-only workbook, the same cell
   values in the same rows, no styles, no widths) for comparison — the ratio is what the exporter adds.
3. write_overview_pdf() (exporters/overview_pdf.py), when it exists.
4. The overview window: OverviewWindow.set_overview() (model, filters, counts) and load() (read + fill),
   when ui/overview_window.py exists.

The store is built once per --data folder through the storage functions (one transaction per
agreement; statuses with set_status, the second round started from the first with create_round);
the throwaway store is written with synchronous=OFF so building takes seconds, not minutes.
Times are the fastest of --runs (wall, and CPU of this process); the xlsx ratio is given for both.
Prints figures next to the targets; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from exporters.overview_xlsx import HEADERS, _row_values, write_overview_xlsx  # noqa: E402
from storage.database import Store, open_store  # noqa: E402
from storage.followup import Round, create_round, rounds, set_status  # noqa: E402
from storage.overview import Overview, read_overview  # noqa: E402
from tests.benchmarks.bench_startup import UNITS, _text  # noqa: E402

YEAR = 2008
TARGETS = {"xlsx": 3.0, "xlsx_ratio": 1.5, "pdf": 5.0, "window": 0.5}
STATUSES = ("grøn", "grøn", "grøn", "gul", "rød", "kan ikke vurderes")
COMMENTS = ("", "", "Forløber som planlagt", "Forsinket; ny plan aftales på dialogmødet i oktober",
            "=1+1", "Leverandøren har meldt afbud, ny dato i 3. kvartal")


def build_store(path: Path, agreements: int, goals: int) -> None:
    """``agreements`` Faaborg-Midtfyn agreements of 2008 with ``goals`` goals each (4 sub-goals, 4 criteria,
    3 actions a goal); every goal, sub-goal and action gets a status in round 1; round 2 starts from
    round 1 and a tenth of its statuses change."""
    from storage import edits
    from storage.agreements import insert_agreement
    from storage.templates import load_registry

    template = load_registry().get("faaborg-midtfyn")
    assert template is not None
    kinds = [k.id for k in template.goal_kinds]
    rng = random.Random(2008)
    store = open_store(path)
    store.conn.execute("PRAGMA synchronous = OFF")
    targets: list[str] = []
    for n in range(agreements):
        unit = f"{UNITS[n % len(UNITS)]} {n // len(UNITS) + 1}"
        with store.write() as conn:
            uuid = insert_agreement(conn, template, unit, YEAR)
            for position in range(goals):
                goal = edits.insert_goal(conn, uuid, kinds[position % len(kinds)], position // len(kinds))
                targets.append(goal)
                edits.write_value(conn, uuid, goal, "title", _text(rng, 6))
                edits.write_value(conn, uuid, goal, "objective", _text(rng, 60))
                for i in range(4):
                    targets.append(edits.insert_row(conn, uuid, goal, "sub_goals", i, {"text": _text(rng, 20)}))
                    edits.insert_row(conn, uuid, goal, "success_criteria", i, {"text": _text(rng, 15)})
                for i in range(3):
                    targets.append(edits.insert_row(conn, uuid, goal, "action_plan", i, {
                        "activity": _text(rng, 12), "responsible": unit, "deadline": f"{i + 1}.{3 * i + 3}.{YEAR}",
                        "status": ""}))
    first = create_round(store, "Status-opfølgning", date(YEAR, 9, 1), year=YEAR)
    for target in targets:
        set_status(store, first, target, rng.choice(STATUSES), rng.choice(COMMENTS),
                   measured=rng.choice((None, None, "4,2", "92 %")), set_by="benchmark")
    second = create_round(store, "Årsberetning", date(YEAR, 12, 15), year=YEAR, from_round=first)
    for target in rng.sample(targets, len(targets) // 10):
        set_status(store, second, target, rng.choice(STATUSES), "Ændret til årsberetningen", set_by="benchmark")
    store.close()


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """The fastest of ``runs`` calls: (wall seconds, CPU seconds of this process). On a machine other
    programs share, the fastest run is the best estimate of the cost itself."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def openpyxl_alone(rows: list[tuple[object, ...]], summary_rows: list[list[object]], target: Path) -> None:
    """The same cells (values already made: text, numbers, dates) in a plain write-only workbook, no
    styles, widths or print set-up: what any .xlsx of this size costs."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    summary, details = workbook.create_sheet("Oversigt"), workbook.create_sheet("Detaljer")
    for summary_row in summary_rows:
        summary.append(summary_row)
    details.append(list(HEADERS))
    for row in rows:
        details.append(row)
    workbook.save(target)


def report(name: str, seconds: tuple[float, float], target: float | None = None, note: str = "") -> None:
    wall, cpu = seconds
    aim = f"(target < {target:g} s{'' if wall < target else ' — OVER'})" if target is not None else ""
    print(f"{name:<44} {wall:7.3f} s  (CPU {cpu:6.3f} s) {aim} {note}".rstrip())


def bench_pdf(overview: Overview, out: Path, runs: int) -> None:
    if not (REPO_ROOT / "exporters" / "overview_pdf.py").is_file():
        print("PDF: exporters/overview_pdf.py is not there yet; no figure")
        return
    from exporters.overview_pdf import write_overview_pdf

    seconds = timed(lambda: write_overview_pdf(overview, out / "oversigt.pdf"), runs)
    report("write_overview_pdf", seconds, TARGETS["pdf"], f"({(out / 'oversigt.pdf').stat().st_size // 1024} KB)")


def bench_window(store: Store, overview: Overview, the_round: Round, runs: int) -> None:
    if not (REPO_ROOT / "ui" / "overview_window.py").is_file():
        print("Window: ui/overview_window.py is not there yet; no figure")
        return
    from PySide6.QtWidgets import QApplication

    from ui.overview_window import OverviewWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication), "made in main() before the PDF step makes a QGuiApplication"
    window = OverviewWindow(store, year=YEAR)
    window.show()
    app.processEvents()
    fill = timed(lambda: (window.set_overview(overview), app.processEvents()), runs)
    report("overview window: set_overview (fill only)", fill, TARGETS["window"],
           f"({window.model.rowCount()} rows shown)")
    both = timed(lambda: (window.load(YEAR, the_round.uuid), app.processEvents()), runs)
    report("overview window: load (read + fill)", both, TARGETS["window"])
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=300)
    parser.add_argument("--goals", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="folder for the store (kept and reused); default: a temp folder")
    args = parser.parse_args()
    folder = args.data or Path(tempfile.mkdtemp(prefix="bench-overview-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"overview-{args.agreements}x{args.goals}.sqlite"
    if not path.exists():
        started = time.perf_counter()
        build_store(path, args.agreements, args.goals)
        seconds = time.perf_counter() - started
        report(f"building the store ({args.agreements} × {args.goals} goals)", (seconds, seconds))
    if (REPO_ROOT / "ui" / "overview_window.py").is_file():
        from PySide6.QtWidgets import QApplication

        keep = QApplication(sys.argv[:1])  # before the PDF writer would make a QGuiApplication of its own
        assert keep is not None
    store = open_store(path)
    the_round = rounds(store, YEAR)[-1]
    overview = read_overview(store, YEAR, the_round)
    print(f"{len(overview.lines)} lines ({len(overview.goals())} goals) in round »{the_round.name}«;"
          f" {args.runs} runs each, median")
    report("read_overview", timed(lambda: read_overview(store, YEAR, the_round), args.runs))
    xlsx = timed(lambda: write_overview_xlsx(overview, folder / "oversigt.xlsx"), args.runs)
    rows = [_row_values(line) for line in overview.lines]  # the exporter's own cell values
    summary_rows = [[unit, *counts.values()] for unit, counts in overview.counts().items()]
    alone = timed(lambda: openpyxl_alone(rows, summary_rows, folder / "openpyxl.xlsx"), args.runs)
    report("write_overview_xlsx", xlsx, TARGETS["xlsx"], f"({(folder / 'oversigt.xlsx').stat().st_size // 1024} KB)")
    report("openpyxl alone, the same cells", alone)
    print(f"{'ratio xlsx / openpyxl alone (wall, CPU)':<44} {xlsx[0] / alone[0]:7.2f}   {xlsx[1] / alone[1]:6.2f}"
          f"   (target < {TARGETS['xlsx_ratio']:g})")
    bench_pdf(overview, folder, args.runs)
    bench_window(store, overview, the_round, args.runs)
    store.close()
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
