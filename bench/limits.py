"""Rate-limit benchmark: what the limiter adds to a request, and what a sign-in costs.

    python bench/limits.py                    # 3000 limiter hits, 40 sign-ins
    python bench/limits.py --hits 10000 --sign-ins 100

It rebuilds its own database (worldspeak_bench_limits: bootstrap, migrations, seed) and measures
through the app's own adapters, connected as `authenticator` like the app:
* `limiter.hit`: PostgresRateLimiter.hit, one autocommit `select public.rate_limit_hit(...)` on its
  own pool (authenticator as service_role), over 500 subjects so rows are both new and existing;
* `limiter.hit via service path`: the same call inside LocalPostgres.as_service() (BEGIN,
  set_config(role), the call, COMMIT), the path the adapter does not take, for comparison;
* `route guard`: the same hit through `web_guards.refuse_if_limited`, as an API route pays it
  (plus the hop to a worker thread);
* `sign-in (auth adapter)`: LocalAuth.sign_in, bcrypt cost 10 (most of it);
* `sign-in (service, limited)`: services.session.sign_in with the limiter: two hits, the password
  check, the reset of the account counter and the profile read.
Target: the limiter's p95 <= 1 ms. It prints figures and writes bench/results/limits.json; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
for path in (PROJECT_ROOT, PROJECT_ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from _timing import percentiles, timed  # noqa: E402

from worldspeak.adapters.local_auth import LocalAuth  # noqa: E402
from worldspeak.adapters.local_data import LocalDataGateway, LocalPostgres  # noqa: E402
from worldspeak.adapters.postgres_rate_limit import HIT_SQL, PostgresRateLimiter  # noqa: E402
from worldspeak.domain.errors import AuthError  # noqa: E402
from worldspeak.domain.rate_limits import SIGN_IN_PER_ACCOUNT, RateLimit, counter_key  # noqa: E402
from worldspeak.localstack import migrations  # noqa: E402
from worldspeak.localstack.cluster import local_cluster  # noqa: E402
from worldspeak.services import session as sessions  # noqa: E402
from worldspeak.web_guards import refuse_if_limited  # noqa: E402

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
LIMITER_P95_MS = 1.0
SECRET = "bench-limits-secret-" + "b" * 32
PASSWORD = "bench-password-123"
# Generous, so the hits measured are ordinary allowed hits (the common case), never lock-outs.
BENCH_POLICY = RateLimit("bench_api", limit=1_000_000, window_seconds=3600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hits", type=int, default=3000)
    parser.add_argument("--sign-ins", type=int, default=40)
    parser.add_argument("--dbname", default="worldspeak_bench_limits")
    # scripts/bench.sh passes its arguments to every benchmark; ignore the ones meant for others.
    args, _unknown = parser.parse_known_args()

    cluster = local_cluster()
    cluster.start()
    print(f"rebuilding {args.dbname} ...")
    migrations.reset(cluster, args.dbname)
    pool = LocalPostgres(cluster.url(dbname=args.dbname, user="authenticator"), SECRET)
    limiter = PostgresRateLimiter(cluster.url(dbname=args.dbname, user="authenticator"))
    auth = LocalAuth(pool, SECRET, access_token_seconds=3600, refresh_token_days=1)
    gateway = LocalDataGateway(pool)
    subjects = [f"198.51.100.{n}" for n in range(500)]
    results: dict[str, Any] = {}

    print("limiter (PostgreSQL counters):")
    results["limiter_hit"] = timed(
        "limiter.hit", args.hits, 200, lambda i: limiter.hit(BENCH_POLICY, subjects[i % len(subjects)])
    )

    def via_service_path(i: int) -> None:
        with pool.as_service() as conn:
            conn.execute(
                HIT_SQL,
                (BENCH_POLICY.name, counter_key(BENCH_POLICY, subjects[i % len(subjects)]), BENCH_POLICY.limit)
                + (BENCH_POLICY.window_seconds, [], BENCH_POLICY.forget_strikes_after, 1),
            ).fetchone()

    results["limiter_hit_service_path"] = timed("limiter.hit via service path", args.hits, 200, via_service_path)

    async def guarded_hits() -> dict[str, float]:
        samples = []
        for i in range(args.hits + 200):
            started = time.perf_counter()
            await refuse_if_limited(BENCH_POLICY, subjects[i % len(subjects)], limiter=lambda: limiter)
            if i >= 200:
                samples.append((time.perf_counter() - started) * 1000)
        return percentiles(samples)

    guard = asyncio.run(guarded_hits())
    print(f"  {'route guard (to_thread + hit)':<30} p50 {guard['p50']:>8.3f} ms   p95 {guard['p95']:>8.3f} ms")
    results["route_guard"] = guard

    print("sign-in (bcrypt cost 10):")
    emails = [f"bench-{uuid.uuid4().hex[:10]}@example.com" for _ in range(args.sign_ins)]
    for email in emails:
        auth.sign_up(email, PASSWORD)
    results["sign_in_adapter"] = timed(
        "sign-in (auth adapter)", args.sign_ins, 3, lambda i: auth.sign_in(emails[i % len(emails)], PASSWORD)
    )
    results["sign_in_service"] = timed(
        "sign-in (service, limited)",
        args.sign_ins,
        3,
        lambda i: sessions.sign_in(auth, gateway, emails[i % len(emails)], PASSWORD, limiter, f"203.0.113.{i % 200}"),
    )
    unknown = [f"nobody-{uuid.uuid4().hex[:10]}@example.com" for _ in range(args.sign_ins + 3)]

    def miss(i: int) -> None:
        with contextlib.suppress(AuthError):
            auth.sign_in(unknown[i], PASSWORD)

    results["sign_in_unknown_email"] = timed("sign-in, unknown email", args.sign_ins, 3, miss)
    pool.close()
    limiter.close()

    p95 = results["limiter_hit"]["p95"]
    verdict = "meets" if p95 <= LIMITER_P95_MS else "MISSES"
    print(f"limiter p95 {p95:.3f} ms {verdict} the target of {LIMITER_P95_MS} ms")
    print(
        f"(the account counter is {SIGN_IN_PER_ACCOUNT.limit} attempts / {SIGN_IN_PER_ACCOUNT.window_seconds // 60} min)"
    )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / "limits.json"
    out.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                "target_limiter_p95_ms": LIMITER_P95_MS,
                "figures_ms": results,
            },
            indent=2,
        )
    )
    print(f"wrote {out.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
