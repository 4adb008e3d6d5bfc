"""Admin console benchmark: the dashboard's data, the statistics refresh and the CSV export.

    python bench/admin.py                  # on the data bench/db.py generates (10k learners by default)
    python bench/admin.py --full           # 100k learners / 10M messages
    python bench/admin.py --dbname other   # default: worldspeak_bench

It reuses the population `bench/_dataset.py` generates (generating it first only when the database
does not hold it at this size), makes one of its learners a real admin account, then measures
THROUGH the app's adapter (worldspeak.adapters.local_admin as `authenticator`, with an admin's
JWT), so each figure includes JWT verification, BEGIN, the set_config(role, claims) round trip,
the admin check (token AND the account's current role), the query and COMMIT:
- the whole dashboard (KPIs, every chart's series, top scripts): one read of the refreshed snapshot;
- a learners page sorted by a few columns, and a search;
- the statistics refresh: private.refresh_admin_statistics() (user_statistics CONCURRENTLY + the snapshot);
- the CSV export of every learner, streamed through services.admin.learners_csv (rows/s).
It prints figures and writes bench/results/admin-<size>.json; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
for path in (PROJECT_ROOT, PROJECT_ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import _dataset as dataset  # noqa: E402
import psycopg  # noqa: E402
from _dataset import DEFAULT_LEARNERS, DEFAULT_MESSAGES, FULL_LEARNERS, FULL_MESSAGES, RESULTS_DIR, human  # noqa: E402
from _timing import timed  # noqa: E402
from db import Tokens  # noqa: E402

from worldspeak.adapters.local_admin import LocalAdminData  # noqa: E402
from worldspeak.adapters.local_data import LocalPostgres  # noqa: E402
from worldspeak.localstack.cluster import local_cluster  # noqa: E402
from worldspeak.services import admin as admin_service  # noqa: E402

DASHBOARD_P95_MS = 20.0
REFRESH_S = 10.0
EXPORT_ROWS_PER_S = 50_000


def measure(cluster, dbname: str, iterations: int) -> dict:
    superuser_url = cluster.url(dbname=dbname)
    with psycopg.connect(superuser_url, autocommit=True) as conn:
        admin_id = str(conn.execute("select id from auth.users order by created_at limit 1").fetchone()[0])
        # The admin functions check the account's current role as well as the token: a real admin account.
        conn.execute(
            "update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}') || '{\"role\": \"admin\"}'"
            " where id = %s",
            (admin_id,),
        )
        learners = conn.execute("select count(*) from public.profiles").fetchone()[0]

    print(f"\nprivate.refresh_admin_statistics() as superuser ({learners:,} learners), 3 times:")
    refresh = []
    with psycopg.connect(superuser_url, autocommit=True) as conn:
        for _ in range(3):
            started = time.perf_counter()
            conn.execute("select private.refresh_admin_statistics()")
            refresh.append(round(time.perf_counter() - started, 3))
            print(f"  {refresh[-1]:.2f} s", flush=True)

    tokens = Tokens("bench-admin-secret-" + "x" * 40)
    pool = LocalPostgres(cluster.url(dbname=dbname, user="authenticator"), tokens.secret, max_size=2)
    figures: dict[str, dict] = {}
    try:
        data = LocalAdminData(pool, tokens.token(admin_id, admin=True))
        print(f"\nAdmin console reads through the adapter ({iterations} calls each), milliseconds:")
        figures["dashboard (whole data)"] = timed(
            "dashboard (whole data)", iterations, max(5, iterations // 10), lambda _i: data.dashboard()
        )
        figures["dashboard (whole data)"]["target_p95_ms"] = DASHBOARD_P95_MS
        for column in ("last_active_at", "total_minutes", "email"):
            name = f"learners page 2, sorted by {column}"
            figures[name] = timed(name, iterations, 5, lambda _i, c=column: data.learners(None, c, True, 25, 25))
        figures["learners search 'tanaka'"] = timed(
            "learners search 'tanaka'", iterations, 5, lambda _i: data.learners("tanaka", "last_active_at", True, 25, 0)
        )
        figures["learners count"] = timed("learners count", iterations, 5, lambda _i: data.learners_count(None))

        print("\nCSV export of every learner (streamed through services.admin.learners_csv), 3 times:")
        exports = []
        for _ in range(3):
            started = time.perf_counter()
            size = rows = 0
            for chunk in admin_service.learners_csv(data):
                size += len(chunk)
                rows += chunk.count("\n")
            seconds = time.perf_counter() - started
            exports.append({"rows": rows - 1, "seconds": round(seconds, 3), "rows_per_s": round((rows - 1) / seconds),
                            "bytes": size})  # fmt: skip
            print(f"  {rows - 1:,} rows in {seconds:.2f} s: {(rows - 1) / seconds:,.0f} rows/s ({size / 1e6:.1f} MB)")
    finally:
        pool.close()
    return {"learners": learners, "refresh_seconds": refresh, "figures": figures, "csv_export": exports}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dbname", default="worldspeak_bench", help="the bench database (default: worldspeak_bench)")
    parser.add_argument("--full", action="store_true", help=f"{human(FULL_LEARNERS)} learners")
    parser.add_argument("--learners", type=int)
    parser.add_argument("--messages", type=int)
    parser.add_argument("--reuse", action="store_true", help="accepted for scripts/bench.sh; data is always reused")
    parser.add_argument("--iterations", type=int, default=200, help="timed calls per read (default 200)")
    parser.add_argument("--admin-iterations", type=int, help="same as --iterations (scripts/bench.sh passes it)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.dbname in ("postgres", "template0", "template1"):
        parser.error(f"refusing to use {args.dbname}")
    learners = args.learners or (FULL_LEARNERS if args.full else DEFAULT_LEARNERS)
    messages = args.messages or (FULL_MESSAGES if args.full else DEFAULT_MESSAGES)
    size = f"{human(learners)}-{human(messages)}"

    cluster = local_cluster()
    print(cluster.start())
    # bench/db.py's data when it is there at this size (usually: it runs first); generated otherwise.
    generation = dataset.ensure(cluster, args.dbname, learners, messages, True, args.seed)
    results = measure(cluster, args.dbname, args.admin_iterations or args.iterations)

    dashboard = results["figures"]["dashboard (whole data)"]
    best_export = max(e["rows_per_s"] for e in results["csv_export"])
    print(f"\nAt {size} ({results['learners']:,} learners):")
    print(f"  dashboard p95 {dashboard['p95']:.2f} ms (target <= {DASHBOARD_P95_MS:.0f} ms at 100k)")
    print(
        f"  refresh {min(results['refresh_seconds']):.2f}-{max(results['refresh_seconds']):.2f} s (target <= {REFRESH_S:.0f} s)"
    )
    print(f"  CSV export {best_export:,} rows/s (target >= {EXPORT_ROWS_PER_S:,})")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"admin-{size}.json"
    out.write_text(
        json.dumps(
            {
                "size": {"label": size, "learners": learners, "messages_requested": messages},
                "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "data_reused": bool(generation.get("reused")),
                "targets": {
                    "dashboard_p95_ms": DASHBOARD_P95_MS,
                    "refresh_s": REFRESH_S,
                    "csv_rows_per_s": EXPORT_ROWS_PER_S,
                    "stated_at": "100k learners",
                },  # fmt: skip
                **results,
            },
            indent=2,
            default=str,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Figures written to {out.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
