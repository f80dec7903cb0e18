"""A new shop's first day (issue items 3, 5, 6, 7): the tenant dialog's one-time password, the profile's
save errors beside the field, bulk progress that follows itself, and the smaller traps."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from horologen.models import BulkJob, utcnow
from horologen.services.accounts import passwords, users
from horologen.services.articles import bulk
from horologen.state import admin_bulk
from horologen.state.admin_bulk import AdminBulkState
from horologen.state.admin_profile import AdminProfileState, error_field
from horologen.state.admin_upload import AdminUploadState, rejected_message
from horologen.state.password import PasswordState
from horologen.state.platform_tenants import PlatformTenantsState
from tests.support import factories as f
from tests.test_state_events import run_background, state_for


@pytest.fixture()
def world(app_database: str, session: Session):
    platform = f.tenant(session, "Platform", is_platform=True)
    shop = f.tenant(session, "Tenant A")
    people = {
        "platform": f.user(session, platform, "platform_admin"),
        "admin": f.user(session, shop, "admin"),
        "staff": f.user(session, shop, "staff"),
    }
    return {"shop": shop, "people": people, "tokens": {k: f.session_token(session, v) for k, v in people.items()}}


# --- 3. the one-time password in the dialog that created it ------------------------------------


def test_a_new_admins_password_belongs_to_the_dialog_and_goes_when_it_closes(world) -> None:
    state = state_for(PlatformTenantsState, world["tokens"]["platform"], "/platform/tenants")
    state.on_load()
    shop_id = str(world["shop"].id)
    state.dialog_opened(True)
    state.create_admin({"tenant_id": shop_id, "email": "owner@example.com", "display_name": "店長"})
    assert state.shown_password and state.shown_password_for == "owner@example.com"
    assert state.dialog_tenant == shop_id and "店舗管理者を作成しました" in state.notice
    state.create_admin({"tenant_id": shop_id, "email": "not-an-address", "display_name": ""})
    assert state.error and state.dialog_tenant == shop_id and state.shown_password == ""
    state.dialog_opened(False)
    assert (state.shown_password, state.dialog_tenant) == ("", "")
    state.create({"name": "Tenant Z"})  # a page-level action answers on the page
    assert state.dialog_tenant == "" and "Tenant Z" in state.notice
    state.dialog_opened("yes")  # a forged argument
    assert state.error


# --- 5. the profile's save error beside 保存 and beside its field -------------------------------


BOTH = "古物商の表示には公安委員会名と許可番号の両方を入れてください。"


@pytest.mark.parametrize(
    ("message", "form", "field"),
    [
        ("古物商許可番号は 12 桁の数字です（例: 第301234567890号 / 301234567890）。", {}, "kobutsu_number"),
        ("許可をした公安委員会は「東京都公安委員会」のように…", {}, "kobutsu_commission"),
        (BOTH, {"kobutsu_commission": ""}, "kobutsu_commission"),
        (BOTH, {"kobutsu_commission": "東京都公安委員会"}, "kobutsu_number"),
        ("状態ランクの 2 行目は「A: 説明」の形で書いてください。", {}, "rank_legend"),
        ("記事例 2が長すぎます（8,000 文字まで）。", {}, "example_2"),
        ("根拠のある表示の 1 行目は「表示 | 調査元 | 調査日」の形で書いてください。", {}, "substantiated_claims"),
        ("同時に別の保存がありました。画面を読み込み直してから保存してください。", {}, ""),
    ],
)  # fmt: skip
def test_an_error_names_its_field(message: str, form: dict[str, str], field: str) -> None:
    assert error_field(message, form) == field


def test_a_wrong_licence_number_is_shown_beside_its_field_and_kept(world) -> None:
    state = state_for(AdminProfileState, world["tokens"]["admin"], "/admin/profile")
    state.on_load()
    form = {**state.values, "kobutsu_name": "株式会社テスト", "kobutsu_commission": "東京都公安委員会",
            "kobutsu_number": "12345"}  # fmt: skip
    key = state.form_key
    toast = state.save(form)
    assert "12 桁" in state.error and state.error_field == "kobutsu_number"
    assert toast is not None and state.form_key == key  # the form is not remounted: what was typed stays
    state.save({**form, "kobutsu_number": "301234567890"})
    assert state.error == "" and state.error_field == "" and "保存しました" in state.notice


# --- 6. bulk: the product list, a bar that tells the truth, progress without a click -------------


def job(session: Session, world, **fields: object) -> BulkJob:
    row = BulkJob(tenant_id=int(world["shop"].id), user_id=int(world["people"]["admin"].id), **fields)
    session.add(row)
    session.commit()
    return row


def test_job_rows_say_done_of_total(world, session: Session) -> None:
    fresh = bulk.job_row(job(session, world, status="processing", total=1))
    assert (fresh["finished"], fresh["progress"]) == (0, 0)  # 0 of 1 is empty, not full
    half = bulk.job_row(job(session, world, status="processing", total=4, succeeded=1, failed=1))
    assert (half["finished"], half["progress"]) == (2, 50)
    ended = bulk.job_row(job(session, world, status="cancelled", total=3, succeeded=1, failed=2))
    assert (ended["finished"], ended["progress"]) == (3, 100)


def test_the_confirmation_lists_the_first_products(world, session: Session) -> None:
    for i in range(bulk.PREVIEW_PRODUCTS + 3):
        f.product(session, world["shop"], "OMEGA", f"311.{i:03d}")
    selection = bulk.select_products(session=session, actor=f.actor(world["people"]["admin"]), brand="omega")
    assert selection.count == bulk.PREVIEW_PRODUCTS + 3 and len(selection.products) == bulk.PREVIEW_PRODUCTS
    assert selection.products[0] == ("OMEGA", "311.000")
    state = state_for(AdminBulkState, world["tokens"]["admin"], "/admin/bulk")
    state.on_load()
    state.preview({"brand": "omega", "channel": "own_site"})
    assert state.products[0] == "OMEGA 311.000" and len(state.products) == bulk.PREVIEW_PRODUCTS
    assert state.products_more == 3


def scripted_rows(monkeypatch: pytest.MonkeyPatch, *answers: list[BulkJob]) -> list[int]:
    """`bulk.list_jobs` answers these in turn (the last one again); returns the call counter."""
    calls = [0]

    def jobs(**_arguments: object) -> list[BulkJob]:
        calls[0] += 1
        return answers[min(calls[0], len(answers)) - 1]

    monkeypatch.setattr(bulk, "list_jobs", jobs)
    monkeypatch.setattr(admin_bulk, "WATCH_INTERVAL_S", 0.01)
    return calls


def unsaved(status: str, finished: int, total: int = 2) -> BulkJob:
    """A job as the service lists it, `finished` of `total` requests ended."""
    return BulkJob(id=1, tenant_id=1, user_id=1, status=status, total=total, succeeded=finished, failed=0,
                   created_at=utcnow(), error_message="", cancel_requested=False)  # fmt: skip


def row(status: str, finished: int, total: int = 2) -> admin_bulk.JobLine:
    return admin_bulk.job_line(bulk.job_row(unsaved(status, finished, total)))


def test_an_open_job_is_followed_until_it_ends(world, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = scripted_rows(monkeypatch, [unsaved("processing", 0)], [unsaved("processing", 1)], [unsaved("done", 2)])
    state = state_for(AdminBulkState, world["tokens"]["admin"], "/admin/bulk")
    follow = state.on_load()
    assert follow is not None and "watch" in str(follow) and not state.watching
    assert state.jobs[0].bar == "0%" and state.jobs[0].finished == "0"
    run_background(state, "watch")
    assert calls[0] == 3 and state.jobs[0].status == "完了" and state.jobs[0].bar == "100%"
    assert not state.has_open and not state.watching  # the loop ended and said so


def test_the_watch_stops_without_a_tab_a_page_or_anything_open(world, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = scripted_rows(monkeypatch, [unsaved("processing", 0)])
    state = state_for(AdminBulkState, world["tokens"]["admin"], "/admin/bulk")
    state.on_load()

    async def gone(_token: str) -> bool:
        return False

    monkeypatch.setattr(admin_bulk, "_tab_open", gone)
    run_background(state, "watch")
    assert calls[0] == 1  # the tab went away: no more queries

    async def there(_token: str) -> bool:
        return True

    monkeypatch.setattr(admin_bulk, "_tab_open", there)
    elsewhere = state_for(AdminBulkState, world["tokens"]["admin"], "/admin/articles")
    elsewhere.jobs = [row("processing", 0)]
    run_background(elsewhere, "watch")
    assert calls[0] == 1  # the tab shows another page
    finished = state_for(AdminBulkState, world["tokens"]["admin"], "/admin/bulk")
    finished.jobs = [row("done", 2)]
    run_background(finished, "watch")
    assert calls[0] == 1
    monkeypatch.setattr(bulk, "list_jobs", lambda **_arguments: [unsaved("done", 2)])
    assert finished.on_load() is None  # nothing open: no watch at all


def test_a_pending_cancel_is_visible(world, session: Session) -> None:
    open_job = job(session, world, status="processing", total=2, batch_id="msgbatch_x")
    state = state_for(AdminBulkState, world["tokens"]["admin"], "/admin/bulk")
    state.on_load()
    assert state.jobs[0].cancelling is False
    state.cancel(str(open_job.id))
    assert state.jobs[0].cancelling is True and "中止を依頼しました" in state.notice


# --- 7. smaller traps ---------------------------------------------------------------------------------


def test_a_refused_file_is_named_with_its_type(world) -> None:
    assert rejected_message(["在庫一覧.pdf"]) == (
        "「在庫一覧.pdf」はPDF ファイルのため取り込めません。"
        "CSV（.csv / .txt）または Excel（.xlsx）のファイルを選んでください。"
    )
    assert "ABC 形式" in rejected_message(["a.abc"]) and "1 つずつ" in rejected_message(["a.csv", "b.pdf"])
    assert rejected_message(None).startswith("このファイルは") and rejected_message([{"x": 1}]).startswith("この")
    state = state_for(AdminUploadState, world["tokens"]["admin"], "/admin/upload")
    state.on_load()
    state.rejected(["在庫一覧.pdf"])
    assert "在庫一覧.pdf" in state.error
    import asyncio

    state.start()
    asyncio.run(state.handle_upload([]))
    assert "PDF ファイル" in state.error  # not 「ファイルを選んでください。」 after a refused PDF


def test_a_new_account_is_greeted_as_new_and_a_reset_as_a_reset(world, session: Session) -> None:
    admin = world["people"]["admin"]
    created = users.create_user(session=session, actor=f.actor(admin), email="new@example.com",
                                display_name="新人", role="staff")  # fmt: skip
    newcomer = session.get(type(admin), created.row.id)
    page = state_for(PasswordState, f.session_token(session, newcomer), "/password")
    page.on_load()
    assert page.forced and page.first_login
    staff = world["people"]["staff"]
    staff.password_changed_at = utcnow()
    session.add(staff)
    session.commit()
    passwords.reset_password(session=session, actor=f.actor(admin), user_id=int(staff.id))
    page = state_for(PasswordState, f.session_token(session, staff), "/password")
    page.on_load()
    assert page.forced and not page.first_login
