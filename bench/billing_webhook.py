"""The Stripe webhook under load: signed events through the real route into the real database.

python bench/billing_webhook.py [--events 400] [--threads 4] [--dbname worldspeak_bench_billing]

Measures, per request (HMAC verification, parsing, apply_billing_event in one transaction):
new events (applied), replays (duplicate), and concurrent delivery from several threads.
Prints p50/p95/p99 in ms and events/s; writes bench/results/billing_webhook.json. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=400)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--dbname", default="worldspeak_bench_billing")
    args, _ = parser.parse_known_args()
    os.environ["WORLDSPEAK_DB_NAME"] = args.dbname

    import psycopg
    from starlette.responses import PlainTextResponse
    from starlette.testclient import TestClient

    from tests.billing import events
    from worldspeak import billing_webhook, providers
    from worldspeak.adapters.local_billing import LOCAL_PRICES
    from worldspeak.adapters.local_billing_store import LocalBillingStore
    from worldspeak.adapters.local_data import LocalPostgres
    from worldspeak.api import with_api_routes
    from worldspeak.domain.billing import PriceBook
    from worldspeak.localstack import migrations
    from worldspeak.localstack.cluster import local_cluster

    cluster = local_cluster()
    cluster.start()
    migrations.reset(cluster, args.dbname)
    secret = "whsec_bench_" + "c" * 24
    pool = LocalPostgres(cluster.url(dbname=args.dbname, user="authenticator"), "bench-" + "x" * 40, max_size=8)
    store = LocalBillingStore(pool)
    providers.billing_store = lambda: store  # type: ignore[assignment]
    providers.billing_prices = lambda: PriceBook(dict(LOCAL_PRICES))  # type: ignore[assignment]
    providers.stripe_webhook_secret = lambda: secret  # type: ignore[assignment]

    async def no_push(_user_id: str) -> None:
        return None

    billing_webhook._push = no_push  # type: ignore[assignment]

    learners = []
    with psycopg.connect(cluster.url(dbname=args.dbname), autocommit=True) as db:
        for n in range(max(args.events // 4, 1)):
            user_id = db.execute(
                "insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)"
                " values (gen_random_uuid(), 'authenticated', 'authenticated', %s, 'x', now(), now()) returning id",
                (f"bench{n}@example.com",),
            ).fetchone()[0]
            learners.append(str(user_id))

    def make_events(count: int, offset: int = 0) -> list[dict]:
        made = []
        start = events.now() - 3600
        for i in range(count):
            user_id = learners[i % len(learners)]
            sub = events.subscription(f"sub_bench_{user_id[:8]}", f"cus_bench_{user_id[:8]}", user_id,
                                      plan="standard" if i % 2 else "premium", period_start=start)  # fmt: skip
            made.append(events.event("customer.subscription.updated", sub, created=start + offset + i))
        return made

    results: dict[str, dict[str, float]] = {}
    with TestClient(with_api_routes(PlainTextResponse("app"))) as client:

        def post(evt: dict) -> tuple[float, str]:
            body = events.body_of(evt)
            began = time.perf_counter()
            response = client.post(
                "/api/stripe/webhook", content=body, headers={"Stripe-Signature": events.signed(body, secret)}
            )
            return (time.perf_counter() - began) * 1000, response.json().get("outcome", str(response.status_code))

        def measure(name: str, batch: list[dict], threads: int = 1) -> None:
            timings: list[float] = []
            outcomes: dict[str, int] = {}
            lock = threading.Lock()
            chunks = [batch[i::threads] for i in range(threads)]

            def run(chunk: list[dict]) -> None:
                for evt in chunk:
                    ms, outcome = post(evt)
                    with lock:
                        timings.append(ms)
                        outcomes[outcome] = outcomes.get(outcome, 0) + 1

            began = time.perf_counter()
            workers = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            wall = time.perf_counter() - began
            cuts = statistics.quantiles(timings, n=100)
            results[name] = {
                "events": len(batch),
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(cuts[94], 2),
                "p99_ms": round(cuts[98], 2),
                "events_per_s": round(len(batch) / wall, 1),
                **{f"outcome_{k}": v for k, v in outcomes.items()},
            }
            print(f"{name:<28} " + "  ".join(f"{k}={v}" for k, v in results[name].items()))

        fresh = make_events(args.events)
        post(make_events(1)[0])  # warm-up
        measure("new events, 1 thread", fresh)
        measure("replays, 1 thread", fresh)
        measure(
            f"new events, {args.threads} threads", make_events(args.events, offset=args.events), threads=args.threads
        )
    pool.close()
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "billing_webhook.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
