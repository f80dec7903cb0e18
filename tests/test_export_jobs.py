"""Exports as long work (issue 23): off the event loop with progress, stored, downloaded by URL
from an authenticated route (tenant checked in the service), kept for a retention period."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from horologen import api, config
from horologen.models import Article, ArticleExport, Tenant, utcnow
from horologen.services.accounts.access import AccessDenied
from horologen.services.articles import export_jobs, lifecycle
from horologen.services.articles.exports import ExportError
from tests.support import factories as f
from tests.test_lifecycle_exports import article_for
from tests.test_state_events import run_background, state_for


@pytest.fixture()
def shop(app_database: str, session: Session):
    tenant = f.tenant(session, "Export shop")
    admin = f.user(session, tenant, "admin", "export-admin@example.com")
    staff = f.user(session, tenant, "staff", "export-staff@example.com")
    other = f.tenant(session, "Other shop")
    other_admin = f.user(session, other, "admin", "other-admin@example.com")
    f.licensed(session, tenant)
    product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, name="サブマリーナー",
                        specs={"ケース径": "41mm"}, price_tax="included")  # fmt: skip
    return admin, staff, other_admin, product


def approved(session: Session, admin, staff, product, count: int) -> list[int]:
    """`count` approved articles, the first of `product`, the others each of a piece of the same
    reference (a mall file refuses two rows of one item key; a piece's key is its stock number)."""
    tenant = session.get(Tenant, product.tenant_id)
    products = [product] + [
        f.product(
            session,
            tenant,
            product.brand,
            product.reference,
            price_jpy=product.price_jpy,
            specs=dict(product.specs),
            price_tax=product.price_tax,
            stock_number=f"S-{i:04d}",
        )
        for i in range(1, count)
    ]
    ids = [int(article_for(session, staff, p).id or 0) for p in products]
    lifecycle.approve(session=session, actor=f.actor(admin), article_ids=ids)
    return ids


def signed_in(email: str) -> TestClient:
    c = TestClient(Starlette(routes=api.routes), base_url="http://testserver", follow_redirects=False)
    assert c.post("/auth/login", data={"email": email, "password": f.PASSWORD}).status_code == 303
    return c


def test_export_in_chunks_reports_progress_and_marks_articles_when_stored(session: Session, shop) -> None:
    admin, staff, _other, product = shop
    ids = approved(session, admin, staff, product, export_jobs.PLAN_CHUNK + 5)
    seen: list[tuple[int, int]] = []
    outcome = export_jobs.run_export(
        session=session, actor=f.actor(admin), article_ids=ids, fmt="csv", on_progress=lambda *p: seen.append(p)
    )
    assert seen == [(export_jobs.PLAN_CHUNK, len(ids)), (len(ids), len(ids))]
    assert outcome.export_id and outcome.row_count == len(ids)
    session.expire_all()
    assert {session.get(Article, i).review_status for i in ids} == {"exported"}  # type: ignore[union-attr]


def test_an_invalid_row_writes_nothing_and_marks_nothing(session: Session, shop) -> None:
    admin, staff, _other, product = shop
    ids = approved(session, admin, staff, product, 1)
    article = session.get(Article, ids[0])
    assert article is not None
    article.title = ""  # Shopify needs a title
    session.add(article)
    session.commit()
    outcome = export_jobs.run_export(session=session, actor=f.actor(admin), article_ids=ids, fmt="shopify")
    assert outcome.export_id is None and len(outcome.plan.invalid) == 1
    session.expire_all()
    assert session.get(Article, ids[0]).review_status == "approved"  # type: ignore[union-attr]
    assert session.exec(select(ArticleExport)).all() == []


def test_the_file_route_serves_the_shops_admin_only(session: Session, shop) -> None:
    admin, staff, other_admin, product = shop
    ids = approved(session, admin, staff, product, 2)
    outcome = export_jobs.run_export(session=session, actor=f.actor(admin), article_ids=ids, fmt="rakuten")
    url = f"/admin/exports/{outcome.export_id}/file"
    response = signed_in(admin.email).get(url)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store, private"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''horologen_rakuten_" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("cp932"))))
    assert rows[0][0] == "商品管理番号（商品URL）" and len(rows) == 1 + 2 * 2  # parent + SKU row each
    # Another shop's admin, the shop's own staff, nobody signed in: no file.
    assert signed_in(other_admin.email).get(url).status_code == 404
    assert signed_in(staff.email).get(url).status_code == 403
    anonymous = TestClient(Starlette(routes=api.routes), base_url="http://testserver")
    assert anonymous.get(url).status_code == 401
    assert signed_in(admin.email).get("/admin/exports/99999999999/file").status_code == 404
    assert signed_in(admin.email).get("/admin/exports/abc/file").status_code == 404


def test_files_are_removed_after_the_retention_period_and_the_record_says_so(
    session: Session, shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, staff, _other, product = shop
    ids = approved(session, admin, staff, product, 1)
    outcome = export_jobs.run_export(session=session, actor=f.actor(admin), article_ids=ids, fmt="csv")
    monkeypatch.setenv("HOROLOGEN_EXPORT_RETENTION_DAYS", "30")
    config.get_settings.cache_clear()
    assert export_jobs.purge_expired(session=session, now=utcnow() + timedelta(days=29)) == 0
    assert export_jobs.purge_expired(session=session, now=utcnow() + timedelta(days=31)) == 1
    session.expire_all()
    record = session.get(ArticleExport, outcome.export_id)
    assert record is not None and record.content is None and record.purged_at is not None and record.row_count == 1
    with pytest.raises(ExportError, match="30日"):
        export_jobs.download_file(session=session, actor=f.actor(admin), export_id=int(outcome.export_id or 0))
    response = signed_in(admin.email).get(f"/admin/exports/{outcome.export_id}/file")
    assert response.status_code == 410 and "30日" in response.json()["message"]


def test_the_page_exports_off_the_loop_and_downloads_by_url(session: Session, shop) -> None:
    from horologen.state.admin_articles import AdminArticlesState

    admin, staff, other_admin, product = shop
    ids = approved(session, admin, staff, product, 3)
    token = signed_in(admin.email).cookies[config.SESSION_COOKIE]
    page = state_for(AdminArticlesState, token, "/admin/articles")
    page.selected = [str(i) for i in ids]
    page.fmt = "csv"
    events = run_background(page, "export_selected", False)
    assert page.error == "" and "3 件" in page.notice and not page.exporting
    download = str(events[-1])
    assert "/admin/exports/" in download and "data:" not in download  # a URL, not the file's bytes
    assert page.exports_done and page.exports_done[0].url.startswith("/admin/exports/")
    # Another shop's admin forging the same ids: refused, nothing written.
    forged = state_for(AdminArticlesState, signed_in(other_admin.email).cookies[config.SESSION_COOKIE])
    forged.selected, forged.fmt = [str(i) for i in ids], "csv"
    run_background(forged, "export_selected", True)
    assert forged.error and len(session.exec(select(ArticleExport)).all()) == 1
    with pytest.raises(AccessDenied):
        export_jobs.download_file(session=session, actor=f.actor(other_admin), export_id=int(ids[0]))


def test_a_mall_file_is_refused_while_the_kobutsu_display_is_missing(session: Session, app_database: str) -> None:
    """古物営業法 第12条: a mall listing of a used watch carries the 古物商 display; the plain CSV / XLSX
    (for the shop's own use) do not need it. The refusal names what to fill in and where."""
    tenant = f.tenant(session, "Unlicensed shop")
    admin, staff = f.user(session, tenant, "admin"), f.user(session, tenant, "staff")
    product = f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000, specs={"ケース径": "41mm"},
                        price_tax="included")  # fmt: skip
    ids = approved(session, admin, staff, product, 1)
    for fmt in ("rakuten", "yahoo", "shopify"):
        outcome = export_jobs.run_export(session=session, actor=f.actor(admin), article_ids=ids, fmt=fmt)
        assert outcome.export_id is None
        assert any("古物商の表示" in p and "/admin/profile" in p for p in outcome.plan.rows[0].problems)
    assert export_jobs.run_export(session=session, actor=f.actor(admin), article_ids=ids, fmt="csv").export_id
    f.licensed(session, tenant)  # the shop fills in its profile: the same approved article can go out
    outcome = export_jobs.run_export(session=session, actor=f.actor(admin), article_ids=ids, fmt="rakuten")
    assert outcome.export_id
    record = session.get(ArticleExport, outcome.export_id)
    assert record is not None and "古物商許可 第301234567890号".encode("cp932") in (record.content or b"")
