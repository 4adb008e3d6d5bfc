"""The benchmark's data: realistic WorldSpeak learners, conversations and messages, generated once.

Shared by the benchmarks that measure the database (`bench/db.py`, and any other that needs the
same population). Generation rebuilds its own database (bootstrap, migrations, seed) and
bulk-loads it with set-based SQL as the superuser; `ensure()` keeps existing data when asked and
when it still matches the schema. Nothing here measures anything.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from worldspeak.localstack import migrations  # noqa: E402

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
DEFAULT_LEARNERS = 10_000
DEFAULT_MESSAGES = 1_000_000
FULL_LEARNERS = 100_000
FULL_MESSAGES = 10_000_000
MESSAGES_PER_CONVERSATION = 20  # 4-36 each, uniformly: the mean is 20
ACTIVE_FRACTION = 0.85  # learners with at least one conversation; the rest signed up and stopped
SKEW = 1.6  # beyond one conversation each, heavy learners get most of them (a long tail)

# Targets (p95, milliseconds). They are stated at 100k learners / 10M messages.
LEARNER_P95_MS = 5.0
ADMIN_P95_MS = 20.0
REFRESH_S = 10.0

# -- the population -------------------------------------------------------------------------
# (native language, time zone, weight): where learners are and what they speak.
LOCALES = [
    ("ja", "Asia/Tokyo", 30),
    ("en", "America/New_York", 8),
    ("en", "America/Los_Angeles", 6),
    ("en", "Europe/London", 5),
    ("en", "Australia/Sydney", 2),
    ("en", "Asia/Kolkata", 4),
    ("en", "UTC", 2),
    ("es", "America/Mexico_City", 6),
    ("es", "Europe/Madrid", 4),
    ("zh", "Asia/Shanghai", 8),
    ("zh", "Asia/Taipei", 2),
    ("ko", "Asia/Seoul", 7),
    ("pt-BR", "America/Sao_Paulo", 6),
    ("fr", "Europe/Paris", 5),
    ("de", "Europe/Berlin", 5),
]
TARGETS = [("en", 35), ("es", 14), ("ja", 12), ("fr", 10), ("de", 8), ("zh", 8), ("ko", 7), ("it", 6)]
PLANS = "case when r_plan < 0.78 then 'free' when r_plan < 0.93 then 'standard' when r_plan < 0.99 then 'premium' else 'enterprise' end"
SCENARIOS = [
    "cafe_order",
    "small_talk",
    "job_interview",
    "hotel_checkin",
    "airport",
    "directions",
    "restaurant",
    "shopping",
    "doctor_visit",
    "business_meeting",
    "phone_call",
    "apartment_viewing",
    "bank",
    "pharmacy",
]
FIRST_NAMES = [
    "Yuki",
    "Haruto",
    "Sakura",
    "Ren",
    "Aoi",
    "Sota",
    "Mei",
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Ava",
    "Lucas",
    "Sofia",
    "Mateo",
    "Valentina",
    "Wei",
    "Jing",
    "Min-jun",
    "Seo-yeon",
    "Camille",
    "Louis",
    "Lena",
    "Jonas",
    "Priya",
    "Arjun",
    "Beatriz",
    "Gabriel",
    "Anna",
    "Hana",
]
LAST_NAMES = [
    "Sato",
    "Suzuki",
    "Takahashi",
    "Tanaka",
    "Watanabe",
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Martinez",
    "Lopez",
    "Wang",
    "Li",
    "Zhang",
    "Kim",
    "Lee",
    "Park",
    "Martin",
    "Bernard",
    "Muller",
    "Schmidt",
    "Sharma",
    "Patel",
    "Silva",
    "Santos",
    "Rossi",
    "Nguyen",
    "Cohen",
]
# A few sentences per language: a learner says one, the partner answers with two or three.
CORPUS = {
    "en": [
        "Could I get a table for two by the window, please?",
        "I have been studying English for about a year.",
        "What time does the last train to the airport leave?",
        "Sorry, could you say that again a little more slowly?",
        "I usually work from home on Mondays and Fridays.",
        "That sounds great, let's meet at the station at six.",
        "I think the blue one suits you better than the red one.",
        "My flight was delayed, so I missed the connection.",
        "Is breakfast included in the price of the room?",
        "I would like to make an appointment for next Tuesday.",
        "Nice work! Your pronunciation of that sentence was very natural.",
        "Let's try it once more, and this time stress the second word.",
        "In a hotel you can also say: I have a reservation under the name Tanaka.",
        "Good question. People often use 'could' to sound more polite.",
    ],
    "es": [
        "Quisiera una mesa para dos cerca de la ventana, por favor.",
        "Llevo un año estudiando español.",
        "¿A qué hora sale el último tren al aeropuerto?",
        "Perdón, ¿puede repetirlo un poco más despacio?",
        "Normalmente trabajo desde casa los lunes y los viernes.",
        "Perfecto, nos vemos en la estación a las seis.",
        "Creo que el azul te queda mejor que el rojo.",
        "Mi vuelo se retrasó y perdí la conexión.",
        "¿El desayuno está incluido en el precio de la habitación?",
        "¡Muy bien! Tu pronunciación fue muy natural.",
        "Vamos a intentarlo otra vez, con más énfasis en la segunda palabra.",
        "También puedes decir: tengo una reserva a nombre de Tanaka.",
    ],
    "fr": [
        "Je voudrais une table pour deux près de la fenêtre, s'il vous plaît.",
        "J'apprends le français depuis un an.",
        "À quelle heure part le dernier train pour l'aéroport ?",
        "Pardon, pouvez-vous répéter un peu plus lentement ?",
        "D'habitude, je travaille chez moi le lundi et le vendredi.",
        "Parfait, on se retrouve à la gare à six heures.",
        "Je pense que le bleu te va mieux que le rouge.",
        "Mon vol a été retardé et j'ai raté ma correspondance.",
        "Le petit-déjeuner est-il compris dans le prix de la chambre ?",
        "Très bien ! Ta prononciation était naturelle.",
        "Essayons encore une fois, en insistant sur le deuxième mot.",
        "Tu peux aussi dire : j'ai une réservation au nom de Tanaka.",
    ],
    "de": [
        "Ich hätte gern einen Tisch für zwei am Fenster, bitte.",
        "Ich lerne seit ungefähr einem Jahr Deutsch.",
        "Wann fährt der letzte Zug zum Flughafen?",
        "Entschuldigung, können Sie das bitte langsamer wiederholen?",
        "Montags und freitags arbeite ich meistens von zu Hause.",
        "Super, dann treffen wir uns um sechs am Bahnhof.",
        "Ich finde, das blaue steht dir besser als das rote.",
        "Mein Flug hatte Verspätung, deshalb habe ich den Anschluss verpasst.",
        "Ist das Frühstück im Zimmerpreis inbegriffen?",
        "Sehr gut! Deine Aussprache war sehr natürlich.",
        "Versuchen wir es noch einmal und betonen das zweite Wort.",
        "Im Hotel kannst du auch sagen: Ich habe eine Reservierung auf den Namen Tanaka.",
    ],
    "it": [
        "Vorrei un tavolo per due vicino alla finestra, per favore.",
        "Studio l'italiano da circa un anno.",
        "A che ora parte l'ultimo treno per l'aeroporto?",
        "Scusi, può ripetere un po' più lentamente?",
        "Di solito lavoro da casa il lunedì e il venerdì.",
        "Perfetto, ci vediamo alla stazione alle sei.",
        "Secondo me il blu ti sta meglio del rosso.",
        "Il mio volo era in ritardo e ho perso la coincidenza.",
        "La colazione è inclusa nel prezzo della camera?",
        "Bravissimo! La tua pronuncia era molto naturale.",
        "Proviamo ancora una volta, con l'accento sulla seconda parola.",
    ],
    "pt-BR": [
        "Eu queria uma mesa para dois perto da janela, por favor.",
        "Estudo português há mais ou menos um ano.",
        "Que horas sai o último trem para o aeroporto?",
        "Desculpe, pode repetir um pouco mais devagar?",
        "Normalmente trabalho de casa às segundas e sextas.",
        "Ótimo, a gente se encontra na estação às seis.",
        "Muito bem! Sua pronúncia ficou bem natural.",
        "Vamos tentar mais uma vez, com ênfase na segunda palavra.",
    ],
    "ja": [
        "窓際の二人席をお願いできますか。",
        "日本語を勉強して一年くらいになります。",
        "空港行きの最終電車は何時に出ますか。",
        "すみません、もう少しゆっくり言っていただけますか。",
        "月曜日と金曜日はたいてい在宅勤務です。",
        "いいですね。じゃあ六時に駅で会いましょう。",
        "赤より青のほうが似合うと思います。",
        "飛行機が遅れて、乗り継ぎに間に合いませんでした。",
        "朝食は宿泊料金に含まれていますか。",
        "とても自然な発音でした。よくできました！",
        "もう一度言ってみましょう。今度は二つ目の言葉を強めに。",
        "ホテルでは「田中の名前で予約しています」とも言えます。",
    ],
    "zh": [
        "请给我们一张靠窗的两人桌。",
        "我学中文大概一年了。",
        "去机场的末班车几点出发？",
        "不好意思，您能说慢一点吗？",
        "我周一和周五一般在家办公。",
        "好的，那我们六点在车站见。",
        "我觉得蓝色的比红色的更适合你。",
        "我的航班晚点了，所以没赶上转机。",
        "房费里包含早餐吗？",
        "很好！你的发音很自然。",
        "我们再试一次，这次把第二个词读重一点。",
    ],
    "ko": [
        "창가 쪽 두 사람 자리로 부탁드려요.",
        "한국어를 공부한 지 일 년쯤 됐어요.",
        "공항 가는 마지막 기차는 몇 시에 출발해요?",
        "죄송한데 조금만 천천히 다시 말씀해 주시겠어요?",
        "월요일하고 금요일에는 보통 재택근무를 해요.",
        "좋아요, 그럼 여섯 시에 역에서 만나요.",
        "빨간색보다 파란색이 더 잘 어울리는 것 같아요.",
        "아주 좋아요! 발음이 정말 자연스러웠어요.",
        "한 번 더 해 볼까요? 이번에는 두 번째 단어를 강조해 보세요.",
    ],
}
GRAMMAR_CORRECTION = (
    '[{"original": "I have been to there", "corrected": "I have been there",'
    ' "explanation": {"en": "No \\"to\\" before \\"there\\".", "ja": "thereの前にtoは不要です。"}}]'
)
VOCABULARY_HIGHLIGHT = '[{"term": "connection", "meaning": {"en": "a connecting flight", "ja": "乗り継ぎ便"}}]'


def schema_fingerprint() -> str:
    """Bootstrap, migrations and seed as they are now: data generated against other files is not reused."""
    digest = hashlib.sha256()
    for path in [migrations.BOOTSTRAP_FILE, *(m.path for m in migrations.migration_files()), migrations.SEED_FILE]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def human(n: int) -> str:
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:g}M"
    if n >= 1_000 and n % 100 == 0:
        return f"{n / 1_000:g}k"
    return str(n)


def weighted(pairs: list[tuple[Any, int]]) -> list[Any]:
    return [value for value, weight in pairs for _ in range(weight)]


class Phases:
    """Prints and remembers how long each generation step took."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, conn: psycopg.Connection, name: str, query: str | sql.Composable, params: Any = None) -> int:
        started = time.perf_counter()
        cursor = conn.execute(query, params)
        elapsed = time.perf_counter() - started
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed
        rows = cursor.rowcount
        print(f"  {name:<44} {elapsed:7.1f} s" + (f"  ({rows:,} rows)" if rows and rows > 0 else ""), flush=True)
        return rows


# -- generation ----------------------------------------------------------------------------------
def reset_database(cluster: Any, dbname: str, attempts: int = 20) -> None:
    """migrations.reset, retried: CREATE DATABASE copies template1 and fails while another session is in it."""
    for attempt in range(1, attempts + 1):
        try:
            migrations.reset(cluster, dbname)
            return
        except psycopg.errors.ObjectInUse as error:
            if attempt == attempts:
                raise
            print(f"  (template1 busy: {error.diag.message_primary}; retrying)", flush=True)
            time.sleep(1 + random.random() * 2)


def generate(cluster: Any, dbname: str, learners: int, messages: int, seed: float) -> dict[str, Any]:
    started = time.perf_counter()
    print(f"Rebuilding {dbname} (bootstrap, migrations, seed) ...", flush=True)
    reset_database(cluster, dbname)
    conversations = max(1, round(messages / MESSAGES_PER_CONVERSATION))
    active = max(1, min(learners, round(learners * ACTIVE_FRACTION)))
    locales_native = weighted([(native, w) for native, _tz, w in LOCALES])
    locales_tz = weighted([(tz, w) for _native, tz, w in LOCALES])
    phases = Phases()
    print(
        f"Generating {learners:,} learners ({active:,} with conversations), ~{conversations:,} conversations,"
        f" ~{messages:,} messages.\n"
        "  Bulk load as superuser with session_replication_role = replica: per-row triggers (sign-up,"
        " counters, conversation end, audit) and FK checks are skipped; their derived rows (profiles,"
        " subscriptions, conversation counters and statistics, usage_tracking, learning_progress,"
        " language_settings totals, achievements, audit rows) are computed here with set-based SQL.",
        flush=True,
    )
    with psycopg.connect(cluster.url(dbname=dbname), autocommit=True) as conn:
        conn.execute("set session_replication_role = replica")
        conn.execute("set synchronous_commit = off")
        conn.execute("set work_mem = '256MB'")
        conn.execute("set maintenance_work_mem = '1GB'")
        conn.execute("select setseed(%s)", (seed,))

        phases.run(
            conn,
            "plan the learners (temp)",
            """
            create temp table bench_learner as
            with base as (
              select i as idx, 1 + floor(random() * cardinality(%(natives)s::text[]))::int as locale,
                     random() as r_t1, random() as r_t2, random() as r_t3, random() as r_created,
                     random() as r_first, random() as r_last, random() as r_style, random() as r_onboard
              from generate_series(1, %(learners)s) i
            ), located as (
              select b.*, (%(natives)s::text[])[locale] as native, (%(tzs)s::text[])[locale] as tz,
                     (%(targets)s::text[])[1 + floor(r_t1 * cardinality(%(targets)s::text[]))::int] as t1,
                     case when r_t2 < 0.28 then (%(targets)s::text[])[1 + floor(random() * cardinality(%(targets)s::text[]))::int] end as t2,
                     case when r_t3 < 0.07 then (%(targets)s::text[])[1 + floor(random() * cardinality(%(targets)s::text[]))::int] end as t3
              from base b
            ), fixed as (
              select l.*,
                     case when t1 = native then case when native = 'en' then 'ja' else 'en' end else t1 end as primary_target
              from located l
            )
            select idx,
                   md5('worldspeak-bench-learner-' || idx)::uuid as id,
                   'learner' || idx || '@bench.worldspeak.test' as email,
                   (%(first)s::text[])[1 + floor(r_first * cardinality(%(first)s::text[]))::int] || ' '
                     || (%(last)s::text[])[1 + floor(r_last * cardinality(%(last)s::text[]))::int] as full_name,
                   native, tz, primary_target,
                   array(select distinct t from unnest(array[primary_target, t2, t3]) t
                         where t is not null and t <> native order by t) as targets,
                   date_trunc('second', now() - interval '2 days' - r_created * interval '268 days') as created_at,
                   (array['visual', 'auditory', 'kinesthetic'])[1 + floor(r_style * 3)::int] as learning_style,
                   idx <= %(active)s or r_onboard < 0.9 as onboarded
            from fixed
        """,
            {
                "learners": learners,
                "active": active,
                "natives": locales_native,
                "tzs": locales_tz,
                "targets": weighted(TARGETS),
                "first": FIRST_NAMES,
                "last": LAST_NAMES,
            },
        )
        conn.execute("alter table bench_learner add primary key (idx)")
        conn.execute("analyze bench_learner")

        conn.execute("""
            create temp table bench_corpus (lang text primary key, sentences text[] not null, n int not null)
        """)
        with conn.cursor() as cur:
            cur.executemany(
                "insert into bench_corpus values (%s, %s, %s)",
                [(lang, sentences, len(sentences)) for lang, sentences in CORPUS.items()],
            )
        conn.execute("""
            create temp table bench_scripts as
            select target_language as lang, array_agg(id order by id) as ids
            from public.conversation_scripts group by target_language
        """)

        phases.run(
            conn,
            "plan the conversations (temp)",
            """
            create temp table bench_conv as
            with k as (
              select k,
                     case when k <= %(active)s then k
                          else 1 + floor(%(active)s * power(random(), %(skew)s))::int end as learner_idx,
                     4 + floor(random() * 33)::int as n_messages,
                     random() as r_start, random() as r_lang, random() as r_pace, random() as r_end,
                     random() as r_scenario, random() as r_script, random() as r_score
              from generate_series(1, %(conversations)s) k
            ), shaped as (
              select k.*, l.id as user_id, l.native, l.tz, l.created_at as learner_created_at,
                     case when r_lang < 0.75 or cardinality(l.targets) = 1 then l.primary_target
                          else l.targets[1 + floor(random() * cardinality(l.targets))::int] end as target,
                     make_interval(secs => n_messages * (20 + r_pace * 40)) as duration,
                     greatest(l.created_at + interval '10 minutes', now() - interval '182 days') as window_start
              from k join bench_learner l on l.idx = k.learner_idx
            )
            select md5('worldspeak-bench-conversation-' || s.k)::uuid as id, s.user_id, s.native, s.tz, s.target,
                   s.n_messages, s.r_score,
                   (%(scenarios)s::text[])[1 + floor(s.r_scenario * cardinality(%(scenarios)s::text[]))::int] as scenario,
                   case when s.r_script < 0.3 and sc.ids is not null
                        then sc.ids[1 + floor(random() * cardinality(sc.ids))::int] end as script_id,
                   st.started_at,
                   case when s.r_end >= 0.02 then st.started_at + s.duration end as ended_at,
                   s.duration
            from shaped s
            left join bench_scripts sc on sc.lang = s.target
            cross join lateral (
              select s.window_start
                     + s.r_start * greatest(now() - interval '10 minutes' - s.duration - s.window_start, interval '0')
                     as started_at
            ) st
        """,
            {"active": active, "skew": SKEW, "conversations": conversations, "scenarios": SCENARIOS},
        )
        conn.execute("create index on bench_conv (started_at)")
        conn.execute("analyze bench_conv")

        months = conn.execute("""
            select d::date from generate_series(
              date_trunc('month', (select min(started_at) from bench_conv) at time zone 'UTC'),
              date_trunc('month', now() at time zone 'UTC'), interval '1 month') d
        """).fetchall()
        phases.run(
            conn,
            "message partitions for every month",
            """
            select private.ensure_message_partition(d::date)
            from generate_series(date_trunc('month', (select min(started_at) from bench_conv) at time zone 'UTC'),
                                 date_trunc('month', (select max(coalesce(ended_at, started_at)) from bench_conv)
                                            at time zone 'UTC') + interval '1 month', interval '1 month') d
        """,
        )
        conn.execute("select private.create_message_partitions(3)")

        # One month at a time, so the indexes being written belong to one partition.
        for (month,) in months:
            phases.run(
                conn,
                f"messages {month:%Y-%m}",
                """
                insert into public.messages (conversation_id, user_id, content, language, translated_content, is_ai,
                  message_type, audio_url, audio_duration_ms, pronunciation_analysis, grammar_corrections,
                  vocabulary_highlights, created_at)
                select c.id, c.user_id,
                       case when m.is_ai then
                         t.sentences[1 + floor(random() * t.n)::int] || ' ' || t.sentences[1 + floor(random() * t.n)::int]
                         || case when random() < 0.5 then ' ' || t.sentences[1 + floor(random() * t.n)::int] else '' end
                       else t.sentences[1 + floor(random() * t.n)::int] end,
                       c.target,
                       case when m.is_ai and random() < 0.5
                            then jsonb_build_object(c.native, nt.sentences[1 + floor(random() * nt.n)::int]) end,
                       m.is_ai,
                       case when m.is_ai then 'ai_response' else 'user_speech' end,
                       case when not m.is_ai then c.user_id || '/' || c.id || '/' || m.n || '.webm' end,
                       case when not m.is_ai then 1500 + floor(random() * 12000)::int end,
                       case when not m.is_ai and random() < 0.7 then jsonb_build_object(
                         'overall', round((55 + random() * 45)::numeric, 1),
                         'accuracy', round((50 + random() * 50)::numeric, 1),
                         'fluency', round((50 + random() * 50)::numeric, 1)) end,
                       case when not m.is_ai and random() < 0.2 then %(grammar)s::jsonb end,
                       case when m.is_ai and random() < 0.3 then %(vocabulary)s::jsonb end,
                       c.started_at + coalesce(c.ended_at - c.started_at, c.duration) * (m.n - 1) / c.n_messages
                from bench_conv c
                cross join lateral (select n, n %% 2 = 1 as is_ai from generate_series(1, c.n_messages) n) m
                join bench_corpus t on t.lang = c.target
                join bench_corpus nt on nt.lang = c.native
                where c.started_at >= %(month)s::timestamp at time zone 'UTC'
                  and c.started_at < (%(month)s::timestamp + interval '1 month') at time zone 'UTC'
            """,
                {"month": month, "grammar": GRAMMAR_CORRECTION, "vocabulary": VOCABULARY_HIGHLIGHT},
            )

        phases.run(
            conn,
            "conversation counters from messages (temp)",
            """
            create temp table bench_conv_stats as
            select conversation_id,
                   sum(private.count_words(content, language))::int as words,
                   (sum(audio_duration_ms) / 1000)::int as speaking_seconds
            from public.messages where not is_ai group by conversation_id
        """,
        )
        conn.execute("alter table bench_conv_stats add primary key (conversation_id)")
        conn.execute("analyze bench_conv_stats")

        phases.run(
            conn,
            "conversations",
            """
            insert into public.conversations (id, user_id, title, language_pair, scenario, difficulty_level, script_id,
              script_enabled, script_adherence_score, started_at, ended_at, duration_seconds, actual_speaking_time,
              message_count, user_message_count, ai_message_count, words_spoken, unique_words_used,
              fluency_score, accuracy_score, pronunciation_score, overall_score, created_at, updated_at)
            select c.id, c.user_id, initcap(replace(c.scenario, '_', ' ')),
                   jsonb_build_object('native', c.native, 'target', c.target), c.scenario,
                   1 + floor(random() * 10)::int, c.script_id, c.script_id is not null,
                   case when c.script_id is not null and c.ended_at is not null
                        then round((40 + random() * 60)::numeric, 2) end,
                   c.started_at, c.ended_at,
                   case when c.ended_at is not null then extract(epoch from c.ended_at - c.started_at)::int end,
                   case when c.ended_at is not null then coalesce(s.speaking_seconds, 0) end,
                   c.n_messages, c.n_messages / 2, c.n_messages - c.n_messages / 2,
                   coalesce(s.words, 0),
                   case when c.ended_at is not null then round(coalesce(s.words, 0) * 0.6)::int else 0 end,
                   sc.fluency, sc.accuracy, sc.pronunciation, sc.overall,
                   c.started_at, coalesce(c.ended_at, c.started_at)
            from bench_conv c
            left join bench_conv_stats s on s.conversation_id = c.id
            cross join lateral (
              select o.overall,
                     round(least(100, greatest(0, o.overall + (random() - 0.5) * 20))::numeric, 2) as fluency,
                     round(least(100, greatest(0, o.overall + (random() - 0.5) * 20))::numeric, 2) as accuracy,
                     round(least(100, greatest(0, o.overall + (random() - 0.5) * 20))::numeric, 2) as pronunciation
              from (select case when c.ended_at is not null then
                      round(least(100, greatest(0, 72 + 26 * (c.r_score + random() + random() - 1.5)))::numeric, 2)
                    end as overall) o
            ) sc
        """,
        )

        phases.run(
            conn,
            "usage_tracking (hourly buckets)",
            """
            insert into public.usage_tracking (user_id, bucket_start, tracked_at, microphone_seconds, conversation_count,
              message_count, language_breakdown, feature_usage, is_aggregated)
            select user_id, hour, max(tracked_at), sum(seconds), sum(conversations), sum(learner_messages),
                   jsonb_object_agg(target, seconds), jsonb_build_object('conversation', sum(seconds)),
                   hour < date_trunc('day', now(), 'UTC')
            from (
              select c.user_id, date_trunc('hour', c.started_at, 'UTC') as hour, c.target,
                     sum(coalesce(s.speaking_seconds, 0))::int as seconds, count(*)::int as conversations,
                     sum(c.n_messages / 2)::int as learner_messages,
                     max(coalesce(c.ended_at, c.started_at + c.duration)) as tracked_at
              from bench_conv c left join bench_conv_stats s on s.conversation_id = c.id
              group by 1, 2, 3
            ) per_language
            group by user_id, hour
        """,
        )

        phases.run(
            conn,
            "per-learner activity (temp)",
            """
            create temp table bench_activity as
            select user_id, min(started_at) as first_at, max(coalesce(ended_at, started_at)) as last_at
            from bench_conv group by user_id
        """,
        )
        conn.execute("alter table bench_activity add primary key (user_id)")

        phases.run(
            conn,
            "auth.users",
            """
            insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
              last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
            select '00000000-0000-0000-0000-000000000000', l.id, 'authenticated', 'authenticated', l.email,
                   '$2a$10$benchbenchbenchbenchbeOq7Qm5d3bS1y0sM2H6nV1kz8Tq9yY4W', l.created_at,
                   coalesce(a.last_at, l.created_at),
                   '{"provider": "email", "providers": ["email"]}',
                   jsonb_build_object('full_name', l.full_name), l.created_at, l.created_at
            from bench_learner l left join bench_activity a on a.user_id = l.id
        """,
        )

        phases.run(
            conn,
            "profiles (as sign-up + onboarding write them)",
            """
            insert into public.profiles (id, email, full_name, native_language, target_languages, current_language_pair,
              proficiency_levels, timezone, learning_style, onboarding_completed_at, created_at, updated_at,
              last_active_at)
            select l.id, lower(l.email), l.full_name,
                   case when l.onboarded then l.native end,
                   case when l.onboarded then l.targets else '{}' end,
                   case when l.onboarded then jsonb_build_object('native', l.native, 'target', l.primary_target) end,
                   case when l.onboarded then (
                     select jsonb_object_agg(t, (array['beginner', 'elementary', 'intermediate', 'advanced'])
                                                [1 + floor(random() * 4)::int])
                     from unnest(l.targets) t) else '{}' end,
                   case when l.onboarded then l.tz else 'UTC' end,
                   case when l.onboarded then l.learning_style end,
                   case when l.onboarded then l.created_at + interval '4 minutes' end,
                   l.created_at, coalesce(a.last_at, l.created_at), coalesce(a.last_at, l.created_at)
            from bench_learner l left join bench_activity a on a.user_id = l.id
        """,
        )

        phases.run(
            conn,
            "subscriptions (plan mix, usage)",
            f"""
            insert into public.subscriptions (user_id, plan_type, status, current_period_start, current_period_end,
              cancel_at_period_end, canceled_at, monthly_seconds_limit, seconds_used, stripe_customer_id,
              stripe_subscription_id, monthly_price_cents, created_at, updated_at)
            select x.id, x.plan, x.status, x.period_start, x.period_start + interval '1 month',
                   x.status = 'canceled', case when x.status = 'canceled' then x.period_start end,
                   x.seconds_limit,
                   least(x.seconds_limit, coalesce((
                     select sum(u.microphone_seconds) from public.usage_tracking u
                     where u.user_id = x.id and u.bucket_start >= x.period_start), 0)),
                   case when x.plan <> 'free' then 'cus_bench' || x.idx end,
                   case when x.plan <> 'free' then 'sub_bench' || x.idx end,
                   p.price_cents, x.created_at, x.created_at
            from (
              select l.idx, l.id, l.created_at, plan,
                     coalesce(p.monthly_limit_seconds, 20000 * 60) as seconds_limit,
                     case when plan = 'free' then 'active'
                          when r_status < 0.93 then 'active' when r_status < 0.96 then 'past_due'
                          when r_status < 0.98 then 'canceled' else 'trialing' end as status,
                     case when plan = 'free' then private.utc_month_start(now())
                          else date_trunc('second', now() - r_period * interval '29 days') end as period_start
              from (select l.*, {PLANS} as plan, random() as r_status, random() as r_period
                    from (select *, random() as r_plan from bench_learner) l) l
              join public.plans p on p.plan_type = l.plan
            ) x join public.plans p on p.plan_type = x.plan
        """,
        )

        phases.run(
            conn,
            "per-language statistics (temp)",
            """
            create temp table bench_lang as
            with ended as (
              select c.user_id, c.target, c.scenario, c.ended_at, c.tz,
                     (c.ended_at at time zone c.tz)::date as day, co.duration_seconds, co.unique_words_used,
                     co.overall_score, co.fluency_score, co.accuracy_score, co.pronunciation_score
              from bench_conv c join public.conversations co on co.id = c.id
              where c.ended_at is not null
            ), per_language as (
              select user_id, target, count(*)::int as finished, sum(duration_seconds)::bigint as seconds,
                     max(day) as last_day, max(ended_at) as last_end, max(unique_words_used) as vocabulary
              from ended group by 1, 2
            ), islands as (
              select user_id, target, day, day - (row_number() over (partition by user_id, target order by day))::int as run
              from (select distinct user_id, target, day from ended) d
            ), streaks as (
              -- the run of consecutive days that ends on the latest study day
              select user_id, target, count(*) filter (where run = last_run)::int as streak
              from (select i.*, first_value(run) over (partition by user_id, target order by day desc) as last_run
                    from islands i) r
              group by 1, 2
            ), recent as (
              select e.user_id, e.target,
                     round(avg(e.overall_score), 2) as overall, round(avg(e.fluency_score), 2) as fluency,
                     round(avg(e.accuracy_score), 2) as accuracy, round(avg(e.pronunciation_score), 2) as pronunciation,
                     sum(e.duration_seconds) filter (
                       where e.day >= p.last_day - (extract(isodow from p.last_day)::int - 1))::int as week_seconds
              from ended e join per_language p using (user_id, target)
              where e.ended_at > p.last_end - interval '30 days'
              group by 1, 2
            ), topics as (
              select user_id, target, jsonb_object_agg(scenario, score) as mastery
              from (select e.user_id, e.target, e.scenario, round(avg(e.overall_score), 2) as score
                    from ended e join per_language p using (user_id, target)
                    where e.ended_at > p.last_end - interval '30 days' group by 1, 2, 3) t
              group by 1, 2
            )
            select p.*, s.streak, r.overall, r.fluency, r.accuracy, r.pronunciation, coalesce(r.week_seconds, 0) as week_seconds,
                   p.last_day - (extract(isodow from p.last_day)::int - 1) as week_start, t.mastery
            from per_language p
            join streaks s using (user_id, target)
            join recent r using (user_id, target)
            join topics t using (user_id, target)
        """,
        )

        phases.run(
            conn,
            "language_settings (with totals)",
            """
            insert into public.language_settings (user_id, language_code, proficiency_level, learning_goals,
              daily_target_minutes, total_learning_minutes, total_conversations, vocabulary_mastered, created_at, updated_at)
            select p.id, kv.key, kv.value, array['conversation', 'travel'],
                   (array[10, 15, 20, 30, 30, 45, 60])[1 + floor(random() * 7)::int],
                   coalesce(b.seconds / 60, 0), coalesce(b.finished, 0), coalesce(b.vocabulary, 0),
                   p.onboarding_completed_at, coalesce(b.last_end, p.onboarding_completed_at)
            from public.profiles p
            cross join lateral jsonb_each_text(p.proficiency_levels) kv
            left join bench_lang b on b.user_id = p.id and b.target = kv.key
        """,
        )

        phases.run(
            conn,
            "learning_progress",
            """
            insert into public.learning_progress (user_id, language_code, speaking_level, listening_level, vocabulary_size,
              grammar_accuracy, pronunciation_accuracy, fluency_score, total_study_seconds, consecutive_days,
              last_study_date, weekly_goal_minutes, week_start, weekly_achieved_seconds, topic_mastery,
              created_at, updated_at)
            select b.user_id, b.target, coalesce(b.overall, 0), coalesce(b.overall, 0), coalesce(b.vocabulary, 0),
                   coalesce(b.accuracy, 0), coalesce(b.pronunciation, 0), coalesce(b.fluency, 0), b.seconds, b.streak,
                   b.last_day, coalesce(ls.daily_target_minutes * 7, 210), b.week_start, b.week_seconds,
                   coalesce(b.mastery, '{}'), a.first_at, b.last_end
            from bench_lang b
            join bench_activity a on a.user_id = b.user_id
            left join public.language_settings ls on ls.user_id = b.user_id and ls.language_code = b.target
        """,
        )

        phases.run(
            conn,
            "achievements (the whole catalog per learner)",
            """
            insert into public.achievements (user_id, achievement_code, progress, is_earned, earned_at, created_at, updated_at)
            with finished as (
              select c.user_id, c.tz, c.ended_at, co.duration_seconds, co.script_id, co.script_enabled,
                     co.overall_score, c.target
              from bench_conv c join public.conversations co on co.id = c.id
              where c.ended_at is not null
            ), days as (
              select distinct user_id, (ended_at at time zone tz)::date as day from finished
            ), islands as (
              select user_id, day, day - (row_number() over (partition by user_id order by day))::int as run from days
            ), streak as (
              select user_id, count(*) filter (where run = last_run)::numeric as streak_days
              from (select i.*, first_value(run) over (partition by user_id order by day desc) as last_run
                    from islands i) r
              group by user_id
            ), metrics as (
              select f.user_id, min(f.ended_at) as first_end, max(f.ended_at) as last_end,
                     count(*)::numeric as conversations_completed,
                     coalesce(sum(f.duration_seconds), 0) / 60.0 as study_minutes,
                     count(*) filter (where f.script_id is not null and f.script_enabled)::numeric as scripts_completed,
                     coalesce(max(f.overall_score), 0) as best_overall_score,
                     count(distinct f.target)::numeric as languages_practised
              from finished f group by f.user_id
            ), measured as (
              select m.user_id, m.first_end, m.last_end, c.code, c.threshold,
                     case c.metric
                       when 'conversations_completed' then m.conversations_completed
                       when 'study_minutes' then m.study_minutes
                       when 'scripts_completed' then m.scripts_completed
                       when 'best_overall_score' then m.best_overall_score
                       when 'languages_practised' then m.languages_practised
                       when 'streak_days' then s.streak_days
                     end as value
              from metrics m join streak s using (user_id)
              cross join public.achievement_catalog c where c.is_active
            )
            select user_id, code, least(round(100 * value / threshold, 2), 100), value >= threshold,
                   case when value >= threshold then first_end + random() * (last_end - first_end) end,
                   first_end, last_end
            from measured
        """,
        )

        phases.run(
            conn,
            "audit_logs (the sign-up inserts)",
            """
            insert into public.audit_logs (user_id, actor_role, action, table_name, record_id, new_values, created_at)
            select null::uuid, 'supabase_auth_admin', 'INSERT', 'public.profiles', p.id, to_jsonb(p), p.created_at
            from public.profiles p
            union all
            select null::uuid, 'supabase_auth_admin', 'INSERT', 'public.subscriptions', s.id, to_jsonb(s), s.created_at
            from public.subscriptions s
        """,
        )
        conn.execute("reset session_replication_role")

        load_seconds = time.perf_counter() - started
        phases.run(conn, "vacuum analyze", "vacuum (analyze)")
        phases.run(
            conn, "refresh private.user_statistics (first fill)", "refresh materialized view private.user_statistics"
        )
        phases.run(conn, "analyze private.user_statistics", "analyze private.user_statistics")
        counts = row_counts(conn)
        meta = {
            "learners": learners,
            "messages": messages,
            "schema": schema_fingerprint(),
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        conn.execute(
            sql.SQL("comment on database {} is {}").format(
                sql.Identifier(dbname), sql.Literal("worldspeak-bench " + json.dumps(meta))
            )
        )

    total = time.perf_counter() - started
    return {
        "seconds_total": round(total, 1),
        "seconds_load": round(load_seconds, 1),
        "phases": {name: round(s, 2) for name, s in phases.seconds.items()},
        "rows": counts,
        "reused": False,
    }


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    counts = {}
    for table in (
        "auth.users",
        "public.profiles",
        "public.subscriptions",
        "public.language_settings",
        "public.conversations",
        "public.messages",
        "public.usage_tracking",
        "public.learning_progress",
        "public.achievements",
        "public.audit_logs",
        "private.user_statistics",
    ):
        counts[table] = conn.execute(sql.SQL("select count(*) from {}").format(sql.SQL(table))).fetchone()[0]
    counts["message partitions"] = conn.execute(
        "select count(*) from pg_inherits where inhparent = 'public.messages'::regclass"
    ).fetchone()[0]
    counts["database bytes"] = conn.execute("select pg_database_size(current_database())").fetchone()[0]
    return counts


def existing_data(cluster: Any, dbname: str) -> dict[str, Any] | None:
    try:
        with psycopg.connect(cluster.url(dbname=dbname), autocommit=True) as conn:
            row = conn.execute(
                "select shobj_description(oid, 'pg_database') from pg_database where datname = current_database()"
            ).fetchone()
            if not row or not row[0] or not row[0].startswith("worldspeak-bench "):
                return None
            meta = json.loads(row[0].removeprefix("worldspeak-bench "))
            meta["profiles"] = conn.execute("select count(*) from public.profiles").fetchone()[0]
            meta["counts"] = row_counts(conn)
            return meta
    except psycopg.OperationalError:
        return None


def ensure(cluster: Any, dbname: str, learners: int, messages: int, reuse: bool, seed: int) -> dict[str, Any]:
    """The data at this size: reused when asked and still valid, else generated now."""
    size = f"{human(learners)}-{human(messages)}"
    if reuse:
        meta = existing_data(cluster, dbname)
        head = schema_fingerprint()
        if (
            meta
            and meta["learners"] == learners
            and meta["messages"] == messages
            and meta.get("schema") == head
            and meta["profiles"] == learners
        ):
            print(f"--reuse: {dbname} already holds {size} (generated {meta['generated_at']}); not regenerating.")
            return {"reused": True, "generated_at": meta["generated_at"], "rows": meta["counts"]}
        why = (
            "no bench data"
            if not meta
            else (
                "bootstrap, migrations or seed changed since"
                if meta.get("schema") != head
                else f"it holds {human(meta['learners'])}-{human(meta['messages'])}"
            )
        )
        print(f"--reuse: regenerating ({why}).")
    generation = generate(cluster, dbname, learners, messages, seed=(seed % 1000) / 1000)
    print(f"Generated in {generation['seconds_total']:.1f} s.")
    return generation
