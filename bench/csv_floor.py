"""Where the five-year CSV export spends its time, and what the ways past issue 22's 2x target would cost.

    python bench/csv_floor.py              # best of 7
    python bench/csv_floor.py --rounds 15

It writes the five-year log of bench/journal.py, then times in this one
process (the best of the rounds, so start-up is left out; bench/journal.py
times whole processes):

- the export's parts as ``logcsv.sql_chunks`` runs them: the sessions'
  heads, the check pass (``Journal.export_kinds``) and SQLite's lines
  (``Journal.export_batches``);
- SQLite's printf of every set, alone and on two connections in two threads
  at once: whether a second core shortens the lines;
- the lines with an index in the export's order, on a copy of the log;
- the lines read from a copy of the log that stores each set's CSV cells in
  a generated column, and that copy's size beside the log's.

It changes nothing in hipcli; the copies live in a temporary folder.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from journal import fill  # noqa: E402  (bench/journal.py: the same five years)

# Every set's cells by one printf, joined by SQLite alone: Python waits on one step, so only SQLite is timed.
PRINTF = (
    "SELECT length(group_concat(printf('%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s', position, slug, set_number, "
    "side, unit, target_sets, target_low, target_high, tempo, target_band, done, band, placement, effort, pain), '')) "
    "FROM sets"
)

# The set's fifteen cells as logcsv.line_sql writes them (the placement quoted when it needs it), stored.
STORED_CELLS = (
    "printf('%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s' || char(10), position, slug, set_number, nullif(side, ''), "
    "unit, target_sets, target_low, target_high, tempo, target_band, done, band, "
    "iif(instr(placement, ',') OR instr(placement, '\"'), printf('\"%w\"', placement), placement), effort, pain)"
)


def best(rounds: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)
    return target


def stored_copy(source: Path, target: Path) -> Path:
    """A copy whose sets table holds a STORED generated column ``cells``, then vacuumed, so its size is fair."""
    copy(source, target)
    db = sqlite3.connect(target, isolation_level=None)
    schema = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'sets'").fetchone()[0]
    columns = [row[1] for row in db.execute("PRAGMA table_info(sets)")]
    widened = schema.replace("CREATE TABLE sets (", "CREATE TABLE sets_stored (", 1)
    at = widened.rindex("UNIQUE")
    widened = widened[:at] + f"cells TEXT GENERATED ALWAYS AS ({STORED_CELLS}) STORED,\n            " + widened[at:]
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("BEGIN")
    db.execute(widened)
    db.execute(f"INSERT INTO sets_stored ({', '.join(columns)}) SELECT {', '.join(columns)} FROM sets")
    db.execute("DROP TABLE sets")
    db.execute("ALTER TABLE sets_stored RENAME TO sets")
    db.execute("CREATE INDEX sets_by_slug ON sets (slug, session_id)")
    db.execute("COMMIT")
    db.execute("VACUUM")
    db.close()
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    from hipcli import logcsv
    from hipcli.journal import Journal
    from hipcli.logexport import EXPORT_ORDER

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        (root / "log").mkdir()
        sessions, sets, _ = fill(root / "log")
        path = root / "log" / "journal.sqlite3"
        print(f"log: {sessions} sessions, {sets} sets, {path.stat().st_size / 1e6:.1f} MB")
        rows: list[tuple[str, float]] = []

        with Journal.open(path) as log:
            heads = logcsv._heads(log.export_heads())
            kinds = log.export_kinds()
            pairs = logcsv._placement_cells(kind[6] for kind in kinds)
            line = logcsv.line_sql(len(pairs) // 2)

            def lines(journal: Journal = log) -> int:
                return sum(len(piece) for piece in journal.export_batches(line, heads, line_args=pairs, size=500))

            def whole() -> None:
                with open(root / "now.csv", "w", encoding="utf-8") as out:
                    for piece in logcsv.sql_chunks(log, log.sessions()):
                        out.write(piece)

            rows.append(("the whole export, as hipcli writes it to a file", best(args.rounds, whole)))
            rows.append(("the sessions' heads (Python's csv module)", best(args.rounds, lambda: logcsv._heads(log.export_heads()))))
            rows.append(("the check pass (export_kinds)", best(args.rounds, log.export_kinds)))
            rows.append(("SQLite's lines (export_batches), as exported", best(args.rounds, lines)))

        readers = [sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False) for _ in range(2)]
        alone = best(args.rounds, lambda: readers[0].execute(PRINTF).fetchall())

        def both() -> None:
            other = threading.Thread(target=lambda: readers[1].execute(PRINTF).fetchall())
            other.start()
            readers[0].execute(PRINTF).fetchall()
            other.join()

        together = best(args.rounds, both)
        rows.append(("SQLite's printf of every set, once", alone))
        rows.append(("the same twice, on two connections in two threads", together))
        for reader in readers:
            reader.close()

        ordered = copy(path, root / "ordered.sqlite3")
        with sqlite3.connect(ordered) as db:
            db.execute("CREATE INDEX sets_in_export_order ON sets (session_id, position, set_number, side, slug)")
        with Journal.open(ordered) as log:
            rows.append(("SQLite's lines, with an index in the export's order", best(args.rounds, lambda: lines(log))))

        stored = stored_copy(path, root / "stored.sqlite3")
        db = sqlite3.connect(stored)
        db.execute("CREATE TEMP TABLE heads (id INTEGER PRIMARY KEY, head TEXT NOT NULL)")
        db.executemany("INSERT INTO heads (id, head) VALUES (?, ?)", heads)
        query = (f"SELECT heads.head || sets.cells FROM sessions CROSS JOIN temp.heads AS heads ON heads.id = sessions.id "
                 f"CROSS JOIN sets ON sets.session_id = sessions.id {EXPORT_ORDER}")

        def stored_lines() -> int:
            cursor = db.execute(query)
            return sum(len("".join([row[0] for row in batch])) for batch in iter(lambda: cursor.fetchmany(500), []))

        rows.append(("the lines read from a stored CSV column", best(args.rounds, stored_lines)))
        db.close()

        # The same whole export from the stored column: the sessions, their heads, one test that every set has
        # its cells (no check pass), the lines, the file. A sketch of the flow, not hipcli's code.
        def whole_stored() -> None:
            with Journal.open(stored) as log, open(root / "stored.csv", "w", encoding="utf-8") as out:
                log.sessions()
                log.db.execute("CREATE TEMP TABLE heads (id INTEGER PRIMARY KEY, head TEXT NOT NULL)")
                log.db.executemany("INSERT INTO heads (id, head) VALUES (?, ?)", logcsv._heads(log.export_heads()))
                if log.db.execute("SELECT count(*) FROM sets WHERE cells IS NULL").fetchone()[0]:
                    raise SystemExit("a set without its cells")
                out.write(",".join(logcsv.CSV_FIELDS) + "\n")
                cursor = log.db.execute(query)
                for batch in iter(lambda: cursor.fetchmany(500), []):
                    out.write("".join([row[0] for row in batch]))

        rows.append(("the whole export from a stored CSV column, to a file", best(args.rounds, whole_stored)))
        if (root / "now.csv").read_bytes() != (root / "stored.csv").read_bytes():
            raise SystemExit("the stored column's export differs from hipcli's")
        sizes = (path.stat().st_size / 1e6, stored.stat().st_size / 1e6)

    print(f"\n{'in one process, best of ' + str(args.rounds):55} {'ms':>7}")
    for label, value in rows:
        print(f"{label:55} {value:7.1f}")
    print(f"\ntwo printfs at once / one printf: {together / alone:.2f}x (2.00x: a second core gives nothing)")
    print(f"a stored CSV column would take {rows[0][1] - rows[-1][1]:.0f} ms off the whole export")
    print(f"log with a stored CSV column: {sizes[1]:.1f} MB against {sizes[0]:.1f} MB ({sizes[1] / sizes[0]:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
