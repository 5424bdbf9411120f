"""Bundle speed: 300 agreements × 15 goals of one year (with two follow-up rounds) in one .aftale.

    python tests/benchmarks/bench_bundle.py [--agreements 300] [--goals 15] [--data DIR]

1. write_bundle() of every agreement (target < 5 s).
2. read_bundle() (zip limits, JSON, schema, hashes, templates).
3. apply_bundle() into an empty store (all new), and plan + apply into the store that already holds
   them (all identical) — preview plus apply, target < 10 s.
4. The same after the sender changed one text in every agreement (300 merges, each taking theirs).
5. Peak memory of this process (target < 400 MB).

Baseline, measured in the same run: the standard library alone unpacking the bundle's members and
parsing their JSON (no checks, no store) — the least any import of this file must do.

The store is built once per --data folder as bench_overview.py builds it. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from exporters.bundle_write import write_bundle  # noqa: E402
from storage.agreements import AgreementFilter, list_agreements  # noqa: E402
from storage.bundle_apply import apply_bundle  # noqa: E402
from storage.bundle_read import read_bundle  # noqa: E402
from storage.database import open_store  # noqa: E402
from storage.edits import set_value  # noqa: E402
from tests.benchmarks.bench_overview import build_store  # noqa: E402

T = TypeVar("T")


def timed(name: str, action: Callable[[], T], target: float | None = None) -> T:
    start = time.perf_counter()
    result = action()
    wall = time.perf_counter() - start
    aim = f"(target < {target:g} s{'' if wall < target else ' — OVER'})" if target is not None else ""
    print(f"{name:<44} {wall:7.3f} s {aim}".rstrip())
    return result


def _unpack(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return len([json.loads(archive.read(name)) for name in archive.namelist() if name.endswith(".json")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agreements", type=int, default=300)
    parser.add_argument("--goals", type=int, default=15)
    parser.add_argument("--data", type=Path, help="folder for the stores (kept; built once)")
    args = parser.parse_args()
    folder = args.data or Path(tempfile.mkdtemp(prefix="aftaler-bench-bundle-"))
    folder.mkdir(parents=True, exist_ok=True)
    source_path = folder / f"kilde-{args.agreements}x{args.goals}.sqlite"
    if not source_path.exists():
        print(f"building {args.agreements} agreements × {args.goals} goals in {source_path} …")
        build_store(source_path, args.agreements, args.goals)
    source = open_store(source_path)
    uuids = [a.uuid for a in list_agreements(source, AgreementFilter())]
    bundle_path = folder / "alle.aftale"
    timed(f"write_bundle ({len(uuids)} agreements)", lambda: write_bundle(source, uuids, bundle_path), 5.0)
    print(f"{'':<44} {bundle_path.stat().st_size // 1024} KB")
    read = [timed("read_bundle", lambda: read_bundle(bundle_path))]
    empty_path = folder / "modtager.sqlite"
    empty_path.unlink(missing_ok=True)
    receiver = open_store(empty_path)
    timed("apply_bundle into an empty store (all new)", lambda: apply_bundle(receiver, read[0], folder / "kopier"))
    read.clear()  # each import below holds only its own bundle
    timed("read + plan + apply, all already there", lambda: apply_bundle(
        receiver, read_bundle(bundle_path), folder / "kopier"), 10.0)
    for uuid in uuids:
        set_value(source, uuid, uuid, "place", f"Ændret {time.perf_counter()}")
    changed_path = folder / "ændret.aftale"
    write_bundle(source, uuids, changed_path)
    timed("read + plan + apply, one change in each", lambda: apply_bundle(
        receiver, read_bundle(changed_path), folder / "kopier"), 10.0)
    baseline = timed("baseline: zipfile + json.loads alone", lambda: _unpack(bundle_path))
    print(f"{'':<44} {baseline} members")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{'peak memory':<44} {peak:7d} MB (target < 400 MB)")
    receiver.close()
    source.close()


if __name__ == "__main__":
    main()
