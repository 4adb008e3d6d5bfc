"""Database benchmark: time what the app pays per request.

    python bench/db.py                 # 10,000 learners, ~1,000,000 messages
    python bench/db.py --full          # 100,000 learners, ~10,000,000 messages
    python bench/db.py --reuse         # keep the data already generated at this size

It rebuilds its own database (worldspeak_bench by default: bootstrap, migrations,
seed), bulk-loads it with set-based SQL as the superuser, then measures the
learner operations THROUGH the app's adapter (LocalPostgres / LocalLearnerData,
connected as `authenticator`), so every figure includes what a PostgREST-style
request costs: JWT verification, BEGIN, the set_config(role, claims) round trip,
the query or queries, COMMIT. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "bench"))

import _dataset as dataset  # noqa: E402
import jwt  # noqa: E402
import psycopg  # noqa: E402
from _dataset import (  # noqa: E402
    ADMIN_P95_MS,
    DEFAULT_LEARNERS,
    DEFAULT_MESSAGES,
    FULL_LEARNERS,
    FULL_MESSAGES,
    LEARNER_P95_MS,
    REFRESH_S,
    RESULTS_DIR,
    human,
)
from _timing import percentiles, timed  # noqa: E402
from psycopg import sql  # noqa: E402

from worldspeak.adapters import local_data  # noqa: E402
from worldspeak.adapters.local_data import LocalLearnerData, LocalPostgres  # noqa: E402
from worldspeak.localstack.cluster import local_cluster  # noqa: E402


# -- measuring -----------------------------------------------------------------------------------
class Tokens:
    """HS256 access tokens as the auth server issues them, signed with the bench's own secret."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self._cache: dict[tuple[str, bool], str] = {}

    def claims(self, user_id: str, admin: bool = False) -> dict[str, Any]:
        now = int(time.time())
        return {
            "sub": user_id,
            "role": "authenticated",
            "aud": "authenticated",
            "iat": now,
            "exp": now + 6 * 3600,
            "email": f"{user_id}@bench.worldspeak.test",
            "app_metadata": {"role": "admin"} if admin else {},
            "user_metadata": {},
            "session_id": str(uuid.uuid4()),
            "is_anonymous": False,
        }

    def token(self, user_id: str, admin: bool = False) -> str:
        key = (user_id, admin)
        if key not in self._cache:
            self._cache[key] = jwt.encode(self.claims(user_id, admin), self.secret, algorithm="HS256")
        return self._cache[key]


def samples(conn: psycopg.Connection, count: int) -> dict[str, list[tuple]]:
    def rows(query: str) -> list[tuple]:
        return [tuple(str(v) if isinstance(v, uuid.UUID) else v for v in r) for r in conn.execute(query, (count,))]

    return {
        "learners": rows("""
            select p.id, coalesce(p.target_languages[1], 'en') from public.profiles p
            where exists (select 1 from public.conversations c where c.user_id = p.id)
            order by random() limit %s
        """),
        # learners with a second page: 21+ conversations; `before` is page 1's last created_at
        "second_page": rows("""
            select c.user_id, (array_agg(c.created_at order by c.created_at desc))[20]
            from public.conversations c
            group by c.user_id having count(*) >= 21
            order by random() limit %s
        """),
        "conversations": rows("""
            select c.id, c.user_id, c.message_count from public.conversations c
            where c.message_count between 10 and 40
            order by random() limit %s
        """),
        # who can record right now: an active subscription in its period
        "recorders": rows("""
            select s.user_id, coalesce(p.target_languages[1], 'en') from public.subscriptions s
            join public.profiles p on p.id = s.user_id
            where s.status in ('active', 'trialing') and now() >= s.current_period_start and now() < s.current_period_end
            order by random() limit %s
        """),
        # the heaviest 1% of learners by conversations (at least 20 of them): the long tail
        "heavy": [
            tuple(str(v) if isinstance(v, uuid.UUID) else v for v in r)
            for r in conn.execute("""
            select c.user_id, count(*)::int from public.conversations c group by c.user_id
            order by count(*) desc limit greatest(20, (select count(*) / 100 from public.profiles))
        """)
        ],
    }


def one_line_plan(plan: dict[str, Any]) -> str:
    def describe(node: dict[str, Any]) -> str:
        kind = node["Node Type"]
        if "Index Name" in node:
            kind += f" using {node['Index Name']}"
        if "Relation Name" in node:
            kind += f" on {node['Relation Name']}"
        if kind.startswith(("Append", "Merge Append")):
            kind += f" ({len(node.get('Plans', []))} children)"
        if "Function Name" in node:
            kind += f" {node['Function Name']}()"
        return kind

    top = plan["Plan"]
    chain = [describe(top)]
    node = top
    while len(chain) < 4 and not chain[-1].startswith(("Append", "Merge Append")):
        # follow the main input, not the InitPlan that evaluates (select auth.uid())
        children = [c for c in node.get("Plans", []) if c.get("Parent Relationship") not in ("InitPlan", "SubPlan")]
        if not children:
            break
        node = children[0]
        chain.append(describe(node))
    hit = top.get("Shared Hit Blocks", 0)
    read = top.get("Shared Read Blocks", 0)
    return (
        f"{plan['Execution Time']:.3f} ms (planning {plan['Planning Time']:.3f} ms), buffers hit={hit} read={read};"
        f" {' > '.join(chain)}"
    )


def explain_learner_queries(url: str, tokens: Tokens, picked: dict[str, list[tuple]]) -> dict[str, str]:
    """EXPLAIN (ANALYZE, BUFFERS) each learner query once, as `authenticated` with that learner's claims."""
    learner, language = picked["learners"][0]
    page_user, before = picked["second_page"][0] if picked["second_page"] else (learner, None)
    conversation_id, owner, _n = picked["conversations"][0]
    recorder, recorder_language = picked["recorders"][0]
    # The adapter's own SQL (worldspeak.adapters.local_data), so each plan is of what the app runs.
    queries: list[tuple[str, str, str, tuple, bool]] = [
        ("home: microphone_allowance()", learner, local_data.ALLOWANCE_SQL, (), False),
        ("home: learning_progress", learner, local_data.PROGRESS_SQL, (), False),
        ("home: recent conversations", learner, local_data.RECENT_CONVERSATIONS_SQL, (), False),
        ("home: achievements earned", learner, local_data.ACHIEVEMENTS_EARNED_SQL, (), False),
        ("language settings", learner, local_data.LANGUAGE_SETTINGS_SQL, (), False),
        ("profile", learner, local_data.PROFILE_SQL, (), False),
        ("conversations page 1", learner, local_data.CONVERSATIONS_SQL, (None, None, 20), False),
        ("conversations page 2 (before)", page_user, local_data.CONVERSATIONS_SQL, (before, before, 20), False),
        (
            f"conversations page 1, heaviest ({picked['heavy'][0][1]} convs)",
            picked["heavy"][0][0],
            local_data.CONVERSATIONS_SQL,
            (None, None, 20),
            False,
        ),
        ("conversation messages", owner, local_data.MESSAGES_SQL, (conversation_id, conversation_id), False),
        (
            "record_microphone_usage() (rolled back)",
            recorder,
            local_data.RECORD_USAGE_SQL,
            (5, recorder_language, "conversation"),
            True,
        ),
    ]
    lines = {}
    with psycopg.connect(url) as conn:
        for label, user_id, query, params, _writes in queries:
            with conn.transaction(force_rollback=True):
                conn.execute(
                    "select set_config('search_path', 'public, extensions', true), set_config('role', 'authenticated', true),"
                    " set_config('request.jwt.claims', %s, true)",
                    (json.dumps(tokens.claims(user_id)),),
                )
                conn.execute(query, params).fetchall()  # warm this connection's caches first
                plan = conn.execute("explain (analyze, buffers, format json) " + query, params).fetchone()[0][0]
            lines[label] = one_line_plan(plan)
            print(f"  {label:<42} {lines[label]}", flush=True)
    return lines


def measure(cluster: Any, dbname: str, iterations: int, admin_iterations: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    tokens = Tokens(secrets.token_urlsafe(48))
    superuser_url = cluster.url(dbname=dbname)
    authenticator_url = cluster.url(dbname=dbname, user="authenticator")
    results: dict[str, Any] = {}
    with psycopg.connect(superuser_url, autocommit=True) as admin_conn:
        picked = samples(admin_conn, 1000)
        # Whoever is sampled for recording starts the loop with their whole allowance.
        admin_conn.execute(
            "update public.subscriptions set seconds_used = 0 where user_id = any(%s::uuid[])",
            ([r[0] for r in picked["recorders"]],),
        )
        # The admin functions check the account's current role, not only the token's claim: one
        # real account is made an admin for the admin reads.
        admin_id = picked["learners"][-1][0]
        admin_conn.execute(
            "update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}') || '{\"role\": \"admin\"}'"
            " where id = %s",
            (admin_id,),
        )
    if not picked["learners"] or not picked["conversations"] or not picked["recorders"]:
        raise SystemExit("the database has no learners with conversations: regenerate it without --reuse")

    print("\nEXPLAIN (ANALYZE, BUFFERS), once each, as authenticated with a learner's claims:")
    results["explain"] = explain_learner_queries(authenticator_url, tokens, picked)

    db = LocalPostgres(authenticator_url, tokens.secret, max_size=2)
    learner_data = {}

    def data_for(user_id: str) -> LocalLearnerData:
        if user_id not in learner_data:
            learner_data[user_id] = LocalLearnerData(db, tokens.token(user_id))
        return learner_data[user_id]

    def choose(kind: str) -> tuple:
        return rng.choice(picked[kind])

    warmup = max(20, iterations // 10)
    print(
        f"\nThrough the adapter (authenticator -> authenticated, JWT verified, one transaction per call;"
        f" {warmup} warm-up + {iterations} timed calls each, random learners), milliseconds:"
    )
    try:
        figures: dict[str, dict[str, float]] = {}
        figures["home dashboard"] = timed(
            "home dashboard (4 queries, one transaction)",
            iterations,
            warmup,
            lambda _i: data_for(choose("learners")[0]).home_dashboard(),
        )
        figures["conversations page 1"] = timed(
            "conversation list, first page of 20",
            iterations,
            warmup,
            lambda _i: data_for(choose("learners")[0]).conversations(limit=20),
        )
        if picked["second_page"]:

            def second_page(_i: int) -> None:
                user_id, before = choose("second_page")
                data_for(user_id).conversations(limit=20, before=before)

            figures["conversations page 2"] = timed(
                f"conversation list, second page (before; {len(picked['second_page'])} learners)",
                iterations,
                warmup,
                second_page,
            )

        def messages(_i: int) -> None:
            conversation_id, owner, _n = choose("conversations")
            data_for(owner).conversation_messages(conversation_id)

        figures["conversation messages"] = timed("a conversation's messages (10-40)", iterations, warmup, messages)
        figures["usage check"] = timed(
            "usage check: microphone_allowance()",
            iterations,
            warmup,
            lambda _i: data_for(choose("learners")[0]).microphone_allowance(),
        )

        def record(_i: int) -> None:
            user_id, language = choose("recorders")
            data_for(user_id).record_microphone_usage(rng.randint(1, 20), language, "conversation")

        figures["record usage"] = timed("record_microphone_usage (1-20 s)", iterations, warmup, record)
        for name in figures:
            figures[name]["target_p95_ms"] = LEARNER_P95_MS
            figures[name]["group"] = "learner"

        heavy_names = (
            f"heaviest 1% ({len(picked['heavy'])} learners, {picked['heavy'][-1][1]}-{picked['heavy'][0][1]} convs)"
        )
        print("\nExtras (the long tail, and writes without a stated target), milliseconds:")
        figures["conversations page 1, heaviest 1%"] = timed(
            f"conversation list page 1, {heavy_names}",
            iterations,
            warmup,
            lambda _i: data_for(choose("heavy")[0]).conversations(limit=20),
        )
        figures["conversations page 1, heaviest 1%"].update(target_p95_ms=LEARNER_P95_MS, group="extra")
        figures["home dashboard, heaviest 1%"] = timed(
            "home dashboard, heaviest 1%", iterations, warmup, lambda _i: data_for(choose("heavy")[0]).home_dashboard()
        )
        figures["home dashboard, heaviest 1%"].update(target_p95_ms=LEARNER_P95_MS, group="extra")

        def end_conversation(user_id: str) -> None:
            # What the app does when a learner hangs up: the conversation-end triggers run (statistics,
            # learning_progress, streak, achievements). In a savepoint that is rolled back, so data stays put.
            with db.as_learner(tokens.token(user_id)) as conn, conn.transaction(force_rollback=True):
                conversation_id = conn.execute(
                    "insert into public.conversations (user_id, language_pair, scenario)"
                    " values ((select auth.uid()), %s, 'small_talk') returning id",
                    (json.dumps({"native": "ja", "target": "en"}),),
                ).fetchone()["id"]
                conn.execute("update public.conversations set ended_at = now() where id = %s", (conversation_id,))

        ends = max(50, iterations // 5)
        figures["end a conversation"] = timed(
            "end a conversation (insert + end, rolled back)",
            ends,
            10,
            lambda _i: end_conversation(choose("learners")[0]),
        )
        figures["end a conversation, heaviest 1%"] = timed(
            "end a conversation, heaviest 1%", ends, 10, lambda _i: end_conversation(choose("heavy")[0])
        )
        for name in ("end a conversation", "end a conversation, heaviest 1%"):
            figures[name].update(target_p95_ms=None, group="extra")

        admin_token = tokens.token(admin_id, admin=True)
        admin_cases = {
            "admin page 1": (None, None, 50, 0),
            "admin plan=standard page 2": (None, "standard", 50, 50),
            "admin search 'tanaka'": ("tanaka", None, 50, 0),
        }
        print(f"\nAdmin statistics through the adapter (admin claims; {admin_iterations} calls each), milliseconds:")
        for name, params in admin_cases.items():

            def admin_read(_i: int, params: tuple = params) -> None:
                with db.as_learner(admin_token, read_only=True) as conn:
                    conn.execute("select * from public.admin_user_statistics(%s, %s, %s, %s)", params).fetchall()

            figures[name] = timed(name, admin_iterations, max(5, admin_iterations // 10), admin_read)
            figures[name].update(target_p95_ms=ADMIN_P95_MS, group="admin")
        results["figures"] = figures
    finally:
        db.close()

    print("\nprivate.refresh_user_statistics() (REFRESH ... CONCURRENTLY) as superuser, 3 times:")
    refresh = []
    with psycopg.connect(superuser_url, autocommit=True) as conn:
        for _ in range(3):
            started = time.perf_counter()
            conn.execute("select private.refresh_user_statistics()")
            refresh.append(round(time.perf_counter() - started, 3))
            print(f"  {refresh[-1]:.2f} s", flush=True)
        results["refresh_seconds"] = refresh

        # The sign-up path as the auth server runs it: one auth.users insert, the trigger does the rest.
        signup = []
        with conn.transaction(force_rollback=True):
            for i in range(20):
                started = time.perf_counter()
                conn.execute(
                    "insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,"
                    " raw_app_meta_data, raw_user_meta_data, created_at, updated_at)"
                    " values (gen_random_uuid(), 'authenticated', 'authenticated', %s, 'x', now(), '{}',"
                    ' \'{"full_name": "Bench Signup"}\', now(), now())',
                    (f"signup{i}-{uuid.uuid4().hex[:8]}@bench.worldspeak.test",),
                )
                signup.append((time.perf_counter() - started) * 1000)
        results["signup"] = percentiles(signup)
        results["figures"]["sign-up (auth.users insert)"] = dict(results["signup"], target_p95_ms=None, group="extra")
        print(
            f"\nSign-up (auth.users insert + on_auth_user_created trigger, rolled back), 20 users:"
            f" p50 {results['signup']['p50']:.1f} ms, p95 {results['signup']['p95']:.1f} ms"
        )
    return results


def environment(cluster: Any, dbname: str) -> dict[str, Any]:
    with psycopg.connect(cluster.url(dbname=dbname), autocommit=True) as conn:
        settings = {
            name: conn.execute(sql.SQL("show {}").format(sql.Identifier(name))).fetchone()[0]
            for name in ("server_version", "shared_buffers", "work_mem", "effective_cache_size", "max_wal_size")
        }
    return {
        "postgres": settings,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def print_table(
    size: str,
    counts: dict[str, int],
    figures: dict[str, dict[str, float]],
    refresh: list[float],
    generation: dict[str, Any],
) -> None:
    print("\n" + "=" * 96)
    print(
        f"WorldSpeak database benchmark at {size}: {counts.get('public.profiles', 0):,} learners,"
        f" {counts.get('public.conversations', 0):,} conversations, {counts.get('public.messages', 0):,} messages"
        f" ({counts.get('database bytes', 0) / 2**30:.2f} GiB)"
    )
    if generation.get("reused"):
        print("Data reused (--reuse); generated earlier.")
    else:
        print(
            f"Generation: {generation['seconds_total']:.0f} s in all ({generation['seconds_load']:.0f} s load,"
            " the rest vacuum analyze and the first matview fill)"
        )
    print("Learner figures include JWT verification, BEGIN, the set_config(role, claims) round trip and COMMIT.")
    print("Targets are stated at 100k learners / 10M messages.")
    print("-" * 96)
    print(f"{'operation':<34} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}   {'target':<16} p95 vs target")
    print("-" * 96)

    def row(name: str, f: dict[str, Any]) -> None:
        target = f.get("target_p95_ms")
        if target is None:
            print(f"{name:<34} {f['p50']:>9.2f} {f['p95']:>9.2f} {f['p99']:>9.2f}   (no target)")
            return
        verdict = "within" if f["p95"] <= target else "OVER"
        print(f"{name:<34} {f['p50']:>9.2f} {f['p95']:>9.2f} {f['p99']:>9.2f}   p95 <= {target:<6g} ms  {verdict}")

    for group in ("learner", "admin"):
        for name, f in figures.items():
            if f.get("group") == group:
                row(name, f)
    worst = max(refresh) if refresh else float("nan")
    verdict = "within" if worst <= REFRESH_S else "OVER"
    print(
        f"{'matview refresh (concurrently)':<34} {' / '.join(f'{s:.2f}' for s in refresh):>29} s"
        f"   <= {REFRESH_S:g} s        {verdict}"
    )
    extras = {name: f for name, f in figures.items() if f.get("group") == "extra"}
    if extras:
        print("-" * 96 + "\nextras")
        for name, f in extras.items():
            row(name, f)
    print("=" * 96)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--dbname", default="worldspeak_bench", help="the database to (re)build (default: worldspeak_bench)"
    )
    parser.add_argument(
        "--full", action="store_true", help=f"{human(FULL_LEARNERS)} learners, {human(FULL_MESSAGES)} messages"
    )
    parser.add_argument("--learners", type=int, help=f"learners (default {DEFAULT_LEARNERS:,})")
    parser.add_argument("--messages", type=int, help=f"messages, approximately (default {DEFAULT_MESSAGES:,})")
    parser.add_argument("--reuse", action="store_true", help="keep the data when the database already has this size")
    parser.add_argument("--iterations", type=int, default=500, help="timed calls per learner operation (default 500)")
    parser.add_argument("--admin-iterations", type=int, default=200, help="timed calls per admin read (default 200)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.dbname in ("postgres", "template0", "template1"):
        parser.error(f"refusing to rebuild {args.dbname}")

    learners = args.learners or (FULL_LEARNERS if args.full else DEFAULT_LEARNERS)
    messages = args.messages or (FULL_MESSAGES if args.full else DEFAULT_MESSAGES)
    size = f"{human(learners)}-{human(messages)}"

    cluster = local_cluster()
    print(cluster.start())
    generation = dataset.ensure(cluster, args.dbname, learners, messages, args.reuse, args.seed)
    counts = generation["rows"]
    print(
        "Rows: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items() if k != "database bytes")
        + f"; database {counts['database bytes'] / 2**30:.2f} GiB"
    )

    results = measure(cluster, args.dbname, args.iterations, args.admin_iterations, args.seed)
    print_table(size, counts, results["figures"], results["refresh_seconds"], generation)

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"db-{size}.json"
    out.write_text(
        json.dumps(
            {
                "size": {"label": size, "learners": learners, "messages_requested": messages},
                "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "environment": environment(cluster, args.dbname),
                "generation": generation,
                "targets": {
                    "learner_p95_ms": LEARNER_P95_MS,
                    "admin_p95_ms": ADMIN_P95_MS,
                    "refresh_s": REFRESH_S,
                    "stated_at": "100k learners / 10M messages",
                },
                "notes": [
                    "Learner figures are measured through worldspeak.adapters.local_data (LocalPostgres as authenticator):"
                    " each includes JWT verification, BEGIN, the set_config(search_path, role, request.jwt.claims)"
                    " round trip, the query or queries and COMMIT.",
                    "Bulk load ran with session_replication_role = replica; derived rows were computed set-based.",
                ],
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
