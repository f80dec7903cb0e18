"""Builds the Reflex app: pages, the HTTP routes of api.py, and the error handler."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from horologen import api
from horologen.components.layout import noscript_notice
from horologen.config import get_settings
from horologen.errors import report_exception
from horologen.logging_setup import configure_logging
from horologen.pages.admin_articles import admin_articles_page
from horologen.pages.admin_bulk import admin_bulk_page
from horologen.pages.admin_profile import admin_profile_page
from horologen.pages.admin_staff import admin_staff_page
from horologen.pages.admin_upload import admin_upload_page
from horologen.pages.admin_usage import admin_usage_page
from horologen.pages.article_review import article_review_page
from horologen.pages.home import home_page
from horologen.pages.login import login_page
from horologen.pages.password import password_page
from horologen.pages.platform_tenants import platform_tenants_page
from horologen.pages.product import product_page
from horologen.pages.search import search_page
from horologen.security import SecurityHeaders, drop_inner_cors, websocket_origin_allowed
from horologen.services.operations.gc_pause import freeze_startup_heap
from horologen.state.admin_articles import AdminArticlesState
from horologen.state.admin_bulk import AdminBulkState
from horologen.state.admin_profile import AdminProfileState
from horologen.state.admin_staff import AdminStaffState
from horologen.state.admin_upload import AdminUploadState
from horologen.state.admin_usage import AdminUsageState
from horologen.state.article import ArticleState
from horologen.state.brand_alias import BrandAliasState
from horologen.state.catalogue_duplicates import CatalogueDuplicatesState
from horologen.state.home import HomeState
from horologen.state.login import LoginState
from horologen.state.password import PasswordState
from horologen.state.platform_tenants import PlatformTenantsState
from horologen.state.search import SearchState

configure_logging()
get_settings()  # refuse to start on unsafe production settings, before serving anything

NOT_FOUND_TEXT = {
    "title": "ページが見つかりません",
    "body": "お探しのページは見つかりませんでした。アドレスが正しいか確認してください。",
    "home": "トップページへ戻る",
    "back": "前のページに戻る",
}


def not_found_page() -> rx.Component:
    """Reflex's 404 (route "404"): in Japanese, with a way back (home sends each role to its own screen)."""
    from horologen.components.layout import page_shell

    return page_shell(
        rx.text(NOT_FOUND_TEXT["body"]),
        rx.hstack(
            rx.link(NOT_FOUND_TEXT["home"], href="/", id="not-found-home", size="3"),
            rx.button(
                NOT_FOUND_TEXT["back"], variant="soft", color_scheme="gray", on_click=rx.call_script("history.back()")
            ),
            spacing="5",
            align="center",
            wrap="wrap",
        ),
        title=NOT_FOUND_TEXT["title"],
    )


def backend_exception_handler(exception: Exception) -> EventSpec:
    """An event failed unexpectedly: log it with an error ID and show that ID to the user."""
    error_id = report_exception(exception, where="event")
    toast: EventSpec = rx.toast.error(  # Reflex types its components' helpers loosely (Any)
        f"エラーが発生しました。時間をおいて再度お試しください。（エラーID: {error_id}）",
        duration=20000,
        close_button=True,
    )
    return toast


app = rx.App(
    # Our HTTP routes first, then the security headers around everything (pages, API, uploads).
    api_transformer=[api.with_routes, SecurityHeaders],
    backend_exception_handler=backend_exception_handler,
    html_lang="ja",
    stylesheets=["/horologen.css"],  # phone and tablet layouts (assets/horologen.css)
    extra_app_wraps={(3, "NoScriptNotice"): noscript_notice},  # every page, before the page itself
)
drop_inner_cors(app._api)  # one CORS layer (Reflex's outermost), so one `vary: Origin`


async def bulk_worker_in_app() -> None:
    """The bulk worker inside the app (embedded default, or HOROLOGEN_WORKER_IN_APP=1)."""
    import asyncio

    from horologen.services.articles import maintenance

    interval = get_settings().worker_interval_s
    last_housekeeping = float("-inf")
    while True:
        try:
            _done, last_housekeeping = await maintenance.worker_step(last_housekeeping=last_housekeeping)
        except Exception as exc:  # keep polling; the job stays open and is retried
            report_exception(exc, where="bulk_worker_in_app")
        await asyncio.sleep(interval)


if get_settings().worker_in_app:
    app.register_lifespan_task(bulk_worker_in_app)
# Last among the start-up work: a plain function, which Reflex calls before the app serves.
app.register_lifespan_task(freeze_startup_heap)
# The event websocket accepts only our own origin (Reflex passes its CORS list to engine.io, which
# would then refuse the same origin too; a callable checks each handshake's Origin against Host).
if app.sio is not None:
    app.sio.eio.cors_allowed_origins = websocket_origin_allowed
app.add_page(home_page, route="/", title="HoroloGen", on_load=HomeState.on_load)
app.add_page(login_page, route="/login", title="ログイン | HoroloGen", on_load=LoginState.on_load)
app.add_page(password_page, route="/password", title="パスワード変更 | HoroloGen", on_load=PasswordState.on_load)
app.add_page(search_page, route="/staff/search", title="商品検索 | HoroloGen", on_load=SearchState.on_load)
app.add_page(
    product_page,
    route="/staff/products/[product_id]",
    title="商品 | HoroloGen",
    on_load=SearchState.on_product_load,
)
app.add_page(
    article_review_page,
    route="/admin/articles/[article_id]",
    title="記事の確認 | HoroloGen",
    on_load=ArticleState.open_for_review,
)
app.add_page(admin_staff_page, route="/admin/staff", title="スタッフ管理 | HoroloGen", on_load=AdminStaffState.on_load)
app.add_page(
    admin_upload_page,
    route="/admin/upload",
    title="カタログ取込 | HoroloGen",
    on_load=[AdminUploadState.on_load, BrandAliasState.on_load, CatalogueDuplicatesState.on_load],
)
app.add_page(
    admin_articles_page,
    route="/admin/articles",
    title="記事の管理 | HoroloGen",
    on_load=AdminArticlesState.on_load,
)
app.add_page(admin_bulk_page, route="/admin/bulk", title="一括作成 | HoroloGen", on_load=AdminBulkState.on_load)
app.add_page(
    admin_profile_page,
    route="/admin/profile",
    title="店舗プロフィール | HoroloGen",
    on_load=AdminProfileState.on_load,
)
app.add_page(admin_usage_page, route="/admin/usage", title="利用状況 | HoroloGen", on_load=AdminUsageState.on_load)
app.add_page(
    platform_tenants_page,
    route="/platform/tenants",
    title="テナント管理 | HoroloGen",
    on_load=PlatformTenantsState.on_load,
)
app.add_page(not_found_page, route="404", title="ページが見つかりません | HoroloGen")
