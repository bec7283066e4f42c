"""Peak memory and time of writing a table as CSV and XLSX, before and after streaming.

Not a test (no threshold; `make test` does not run it). See bench/README.md.

    .venv/bin/python bench/export_memory.py                 # 1,000 / 10,000 / 100,000 rows
    .venv/bin/python bench/export_memory.py --rows 1000 --before main~3

"After" is orders/spreadsheets.py as it is in this tree; "before" is the same module as it
was at a git revision (default: the commit before streaming), read with `git show` and
loaded as a module of its own, so the old writer is measured, not a copy of it. Each writer
gets a generator of rows like the mothers' table (a Chinese name, a phone number, numbers,
money as Decimal) and writes into memory as a download would; the peak is tracemalloc's
(Python allocations; openpyxl's XML goes through Python), the time is measured in a second
run without tracemalloc, which slows allocation-heavy code.
"""

import argparse
import datetime
import importlib.util
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["Mother", "Mobile phone", "Accepted", "Rate", "On time", "Earned", "Paid", "Day"]


def rows(count: int):
    day = datetime.date(2026, 1, 1)
    for n in range(count):
        yield [f"妈妈{n}", f"137{n:08d}", n % 500, 97, 88, Decimal(n % 9000) / 4, Decimal(0), day]


def old_module(revision: str):
    source = subprocess.run(
        ["git", "show", f"{revision}:orders/spreadsheets.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spec = importlib.util.spec_from_loader("spreadsheets_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, "spreadsheets_before", "exec"), module.__dict__)  # noqa: S102 - our own file
    return module


def writers(before):
    from orders import spreadsheets as after

    def streamed_csv(count):
        return sum(len(piece) for piece in after.csv_chunks(HEADER, rows(count)))

    def xlsx_to_disk(count):
        # As a download writes it: into a temporary file, sent from disk.
        with tempfile.TemporaryFile() as file:
            after.xlsx_write(HEADER, rows(count), out=file, title="t")
            return file.tell()

    return {
        "csv before": lambda count: len(before.as_csv(HEADER, rows(count))),
        "csv after": streamed_csv,
        "xlsx before": lambda count: len(before.as_xlsx(HEADER, rows(count), title="t")),
        "xlsx after": xlsx_to_disk,
    }


def measure(write, count: int) -> dict:
    tracemalloc.start()
    size = write(count)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    started = time.perf_counter()
    write(count)
    return {"mb": peak / 2**20, "s": time.perf_counter() - started, "bytes": size}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--before", default="0807013b2e26")
    parser.add_argument(
        "--slow-limit",
        type=int,
        default=20_000,
        help="the old XLSX writer is run up to this many rows (it looked up the last row "
        "after each append, quadratic: 34 s at 10,000 rows)",
    )
    args = parser.parse_args(argv)
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    table = writers(old_module(args.before))
    print("| rows | writer | peak MB | seconds | file bytes |")
    print("|---:|---|---:|---:|---:|")
    for count in args.rows:
        for name, write in table.items():
            if name == "xlsx before" and count > args.slow_limit:
                print(f"| {count:,} | {name} | not run: quadratic, see README | | |")
                continue
            got = measure(write, count)
            print(f"| {count:,} | {name} | {got['mb']:.1f} | {got['s']:.2f} | {got['bytes']:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
