"""The admin console in Chromium: the 403 page for learners, the dashboard from activity this test
creates, the learners table (search, sort, pages, CSV), and a script created, edited and retired
through the UI, with the audit viewer showing those changes.

Screenshots of each step go to tests/e2e/artifacts/admin/ (git-ignored).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import answered, choose_option, open_page, reload, set_local_storage
from tests.support.actors import create_user

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(__file__).parent / "artifacts" / "admin"


@pytest.fixture
def viewport() -> str:
    """The console is desktop first: these tests run at desktop size only."""
    return "desktop"


def shot(page: Page, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{step}.png"), full_page=True)


def test_a_learner_gets_the_403_page_in_their_language(page: Page, signed_in):
    signed_in()
    open_page(page, "/home")
    expect(page.locator("#nav-admin")).to_have_count(0)
    for path in ("/admin", "/admin/scripts", "/admin/health"):
        open_page(page, path)
        expect(page.locator("#admin-forbidden")).to_have_text("403 · Admins only")
        expect(page.locator("#kpi-learners")).to_have_count(0)
    set_local_storage(page, "ws_locale", "ja")
    reload(page)
    expect(page.locator("#admin-forbidden")).to_have_text("403 · 管理者専用")
    shot(page, "forbidden-ja")


def make_activity(db, tag: str, learners: int) -> None:
    """Learners named "<tag> NN" with conversations, scores and microphone minutes today."""
    for number in range(learners):
        user = create_user(db, email=f"{tag}-{number:02d}@example.com", full_name=f"{tag} {number:02d}")
        db.execute("update public.profiles set last_active_at = now() - make_interval(mins => %s) where id = %s",
                   (number, user))  # fmt: skip
        if number < 4:
            db.execute(
                "insert into public.conversations (user_id, language_pair, scenario, overall_score, duration_seconds)"
                " values (%s, '{\"target\": \"es\"}', 'market', %s, 300)",
                (user, 60 + number * 10),
            )
            db.execute(
                "insert into public.usage_tracking (user_id, bucket_start, microphone_seconds, language_breakdown)"
                " values (%s, date_trunc('hour', now(), 'UTC'), 1200, '{\"es\": 1200}')"
                " on conflict (user_id, bucket_start) do update set microphone_seconds = excluded.microphone_seconds,"
                " language_breakdown = excluded.language_breakdown",
                (user,),
            )


def test_the_dashboard_shows_kpis_charts_and_a_searchable_sortable_paged_learners_table(page: Page, signed_in, e2e_db):
    tag = f"dash{uuid.uuid4().hex[:6]}"
    make_activity(e2e_db, tag, learners=27)
    signed_in(admin=True)
    open_page(page, "/home")
    expect(page.locator("#nav-admin")).to_be_visible()
    open_page(page, "/admin")

    with answered(page, 'refreshing_rx_state_":false'):
        page.locator("#admin-refresh").click()
    learners_total = e2e_db.execute("select count(*) as n from public.profiles").fetchone()["n"]
    expect(page.locator("#kpi-learners")).to_have_text(f"{learners_total:,}")
    conversations_today = e2e_db.execute(
        "select count(*) as n from public.conversations where created_at >= date_trunc('day', now(), 'UTC')"
    ).fetchone()["n"]
    expect(page.locator("#kpi-conversations_today")).to_have_text(f"{conversations_today:,}")
    expect(page.locator("#admin-refreshed-at")).to_contain_text("Statistics as of")
    for chart in ("chart-minutes", "chart-conversations", "chart-plans", "chart-scores"):
        expect(page.locator(f"#{chart} .recharts-bar-rectangle").first).to_be_visible()
    shot(page, "dashboard")

    # Search: only this test's learners, 27 of them on two pages of 25.
    page.locator("#learners-search").fill(tag)
    with answered(page, "learners_rx_state_"):
        page.locator("#learners-search-go").click()
    expect(page.locator("#learners-total")).to_have_text("27 learners")
    rows = page.locator("#learners-table .learner-row")
    expect(rows).to_have_count(25)
    expect(page.locator("#learners-page")).to_have_text("Page 1 of 2")

    # Sort by name, A to Z, then Z to A.
    with answered(page, "learners_rx_state_"):
        page.locator("#sort-full_name").click()
    expect(rows.first).to_contain_text(f"{tag} 00")
    with answered(page, "learners_rx_state_"):
        page.locator("#sort-full_name").click()
    expect(rows.first).to_contain_text(f"{tag} 26")
    with answered(page, "learners_rx_state_"):
        page.locator("#learners-next").click()
    expect(page.locator("#learners-page")).to_have_text("Page 2 of 2")
    expect(rows).to_have_count(2)
    expect(rows.last).to_contain_text(f"{tag} 00")
    shot(page, "learners-page-2")

    # The CSV of the filtered set.
    with page.expect_download() as download:
        page.locator("#learners-export").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("user_id,email,full_name")
    assert len(lines) == 28 and all(tag in line for line in lines[1:])


def test_a_script_is_created_edited_and_retired_and_the_audit_viewer_shows_it(page: Page, signed_in, e2e_db):
    title = f"E2E station {uuid.uuid4().hex[:6]}"
    signed_in(admin=True)
    open_page(page, "/admin/scripts")
    page.locator("#script-new").click()
    expect(page.locator("#script-editor")).to_be_visible()

    # Invalid first: no title, an empty line, no learner line with text.
    page.locator("#script-difficulty_level").fill("12")
    with answered(page, "problems_rx_state_"):
        page.locator("#script-save").click()
    problems = page.locator("#script-problems")
    expect(problems).to_contain_text("Give the script a title.")
    expect(problems).to_contain_text("Difficulty must be a whole number from 1 to 10.")
    expect(problems).to_contain_text("Line 1 is empty.")
    shot(page, "script-problems")

    page.locator("#script-title").fill(title)
    page.locator("#script-scenario").fill("train station")
    page.locator("#script-difficulty_level").fill("2")
    page.locator(".segment-text input").nth(0).fill("Where would you like to go?")
    page.locator(".segment-translation input").nth(0).fill("どちらまで行かれますか？")
    page.locator(".segment-text input").nth(1).fill("One ticket to Kyoto, please.")
    page.locator("textarea.segment-alternatives, .segment-alternatives textarea").nth(1).fill("A ticket to Kyoto, please.")
    page.locator("#segment-add").click()
    expect(page.locator(".segment")).to_have_count(3)
    page.locator(".segment-text input").nth(2).fill("That will be 3,000 yen.")
    page.locator("#script-preview-toggle").click()
    expect(page.locator("#script-preview")).to_contain_text("One ticket to Kyoto, please.")
    shot(page, "script-preview")
    with answered(page, "scripts_saved"):
        page.locator("#script-save").click()
    row = page.locator(f".script-row[data-title='{title}']")
    expect(row).to_be_visible()
    saved = e2e_db.execute(
        "select id, jsonb_array_length(script_segments) as lines, difficulty_level from public.conversation_scripts"
        " where title = %s",
        (title,),
    ).fetchone()
    assert saved["lines"] == 3 and saved["difficulty_level"] == 2

    # Edit: a new title and difficulty.
    row.get_by_role("button", name="Edit").click()
    expect(page.locator("#script-title")).to_have_value(title)
    edited_title = title + " (edited)"
    page.locator("#script-title").fill(edited_title)
    page.locator("#script-difficulty_level").fill("3")
    with answered(page, "scripts_saved"):
        page.locator("#script-save").click()
    edited_row = page.locator(f".script-row[data-title='{edited_title}']")
    expect(edited_row).to_be_visible()

    # Retire: it stays listed for admins, marked retired, and leaves the learners' library.
    with answered(page, "scripts_retired_notice"):
        edited_row.locator(".script-retire").click()
    expect(edited_row).to_contain_text("Retired")
    shot(page, "script-retired")
    retired = e2e_db.execute("select retired_at from public.conversation_scripts where id = %s", (saved["id"],))
    assert retired.fetchone()["retired_at"] is not None

    # The audit viewer: the three changes, with the old and new title side by side.
    open_page(page, "/admin")
    choose_option(page, "#audit-table", "public.conversation_scripts")
    page.locator("#audit-actor").fill("@example.com")
    with answered(page, "audit_rx_state_"):
        page.locator("#audit-apply").click()
    entries = page.locator("#audit-entries .audit-entry").filter(has_text="public.conversation_scripts")
    expect(entries.filter(has_text="INSERT").filter(has_text=title).first).to_be_visible()
    renamed = entries.filter(has_text="UPDATE").filter(has_text=edited_title).first
    expect(renamed).to_contain_text(title)
    expect(renamed).to_contain_text("difficulty_level")
    expect(entries.filter(has_text="UPDATE").filter(has_text="retired_at").first).to_be_visible()
    shot(page, "audit")


def test_the_health_page_shows_partitions_and_jobs(page: Page, signed_in):
    signed_in(admin=True)
    open_page(page, "/admin/health")
    expect(page.locator("#health-months-ahead")).to_contain_text("months ahead")
    expect(page.locator("#health-tables")).to_contain_text("public")
    shot(page, "health")
