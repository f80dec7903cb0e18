"""Issue 15: bulk generation through the Message Batches API, against the fake, with the real SDK."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlmodel import Session, select

from horologen.models import Article, BulkItem, BulkJob, QuotaUsage
from horologen.services.accounts.access import AccessDenied
from horologen.services.articles import bulk, bulk_worker, generation
from horologen.services.articles.prompting import GenerationOptions
from horologen.services.operations import quota
from tests.fakes.anthropic_server import FakeAnthropic
from tests.support import factories as f
from tests.test_generation import ai  # noqa: F401  (fixture)


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Bulk shop", monthly_limit=8)
    admin, staff = f.user(session, tenant, "admin"), f.user(session, tenant, "staff")
    products = [
        f.product(session, tenant, "ROLEX", f"12661{i}LN", price_jpy=1_000_000 + i, specs={"ケース径": "41mm"})
        for i in range(6)
    ]
    return tenant, admin, staff, products


def postgresql_only(backend: str, why: str) -> None:
    if backend != "postgresql":
        pytest.skip(why)


def usage(session: Session, tenant_id: int) -> tuple[int, int]:
    session.expire_all()
    row = session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant_id)).first()
    return (row.used, row.reserved) if row else (0, 0)


def submit(session: Session, admin, products, **kwargs) -> BulkJob:
    ids = [int(p.id or 0) for p in products]
    return asyncio.run(
        bulk.submit(session=session, actor=f.actor(admin), product_ids=ids, options=GenerationOptions(), **kwargs)
    )


def test_a_five_product_job_becomes_five_checked_drafts(session: Session, ai: FakeAnthropic, shop) -> None:  # noqa: F811
    tenant, admin, _staff, products = shop
    job = submit(session, admin, products[:5])
    assert job.status == "processing" and job.batch_id.startswith("msgbatch_")
    assert usage(session, int(tenant.id or 0)) == (0, 5)  # every slot reserved at submit
    created = next(r for r in ai.requests if r.path.endswith("/v1/messages/batches"))
    requests = created.body["requests"]
    assert len(requests) == 5 and all(r["custom_id"].startswith(f"hg-{job.id}-") for r in requests)
    assert requests[0]["params"]["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert "<reference>126610LN</reference>" in requests[0]["params"]["messages"][0]["content"]
    assert asyncio.run(bulk_worker.process_open_jobs()) == {job.id: "done"}
    assert usage(session, int(tenant.id or 0)) == (5, 0)
    articles = session.exec(select(Article).where(Article.tenant_id == tenant.id)).all()
    assert len(articles) == 5 and {a.source for a in articles} == {"bulk"}
    assert {a.review_status for a in articles} == {"draft"} and all(a.title.endswith("の販売記事") for a in articles)
    assert all(a.flags is not None and a.input_snapshot["reference"] in a.title for a in articles)
    session.expire_all()
    assert {a.claim_status for a in session.exec(select(Article).where(Article.tenant_id == tenant.id))} == {"ok"}
    claim_requests = [r for r in ai.requests if (r.body.get("output_config") or {}).get("format")]
    assert len(claim_requests) == 5  # the same claim check as single generation, per draft
    assert asyncio.run(bulk_worker.process_open_jobs()) == {}  # nothing open any more


def test_errors_and_expiry_give_their_slots_back(session: Session, ai: FakeAnthropic, shop) -> None:  # noqa: F811
    tenant, admin, _staff, products = shop
    ai.batch_outcomes = {1: "errored", 3: "expired"}
    job = submit(session, admin, products[:5])
    asyncio.run(bulk_worker.process_open_jobs())
    assert usage(session, int(tenant.id or 0)) == (3, 0)
    items = session.exec(select(BulkItem).where(BulkItem.job_id == job.id).order_by(BulkItem.id)).all()
    assert [i.status for i in items] == ["done", "failed", "done", "expired", "done"]
    assert "期限切れ" in items[3].error_message
    session.refresh(job)
    assert (job.succeeded, job.failed, job.status) == (3, 2, "done")


def test_more_than_the_month_allows_is_refused_or_trimmed(session: Session, ai: FakeAnthropic, shop) -> None:  # noqa: F811
    tenant, admin, _staff, products = shop
    quota.reserve(session=session, tenant_id=int(tenant.id or 0), count=4)  # 4 of 8 in use
    with pytest.raises(bulk.BulkError, match="4 件までなら"):
        submit(session, admin, products)
    assert usage(session, int(tenant.id or 0)) == (0, 4)
    job = submit(session, admin, products, trim=True)
    assert job.total == 4 and usage(session, int(tenant.id or 0)) == (0, 8)


def test_cancel_gives_back_what_did_not_finish(session: Session, ai: FakeAnthropic, shop) -> None:  # noqa: F811
    tenant, admin, _staff, products = shop
    ai.batch_polls = 5  # still running for a while
    job = submit(session, admin, products[:3])
    assert asyncio.run(bulk_worker.process_open_jobs()) == {job.id: "processing"}
    bulk.cancel(session=session, actor=f.actor(admin), job_id=int(job.id or 0))
    assert asyncio.run(bulk_worker.process_open_jobs()) == {job.id: "cancelled"}
    assert usage(session, int(tenant.id or 0)) == (0, 0)
    assert any(r.path.endswith("/cancel") for r in ai.requests)


def test_only_the_shops_admin_may_submit_or_cancel(session: Session, ai: FakeAnthropic, shop) -> None:  # noqa: F811
    _tenant, admin, staff, products = shop
    with pytest.raises(AccessDenied):
        submit(session, staff, products[:1])
    stranger = f.user(session, f.tenant(session, "Bulk stranger"), "admin")
    with pytest.raises(AccessDenied):
        submit(session, stranger, products[:1])
    job = submit(session, admin, products[:1])
    with pytest.raises(AccessDenied):
        bulk.cancel(session=session, actor=f.actor(stranger), job_id=int(job.id or 0))


def test_a_failed_send_releases_every_slot(session: Session, ai: FakeAnthropic, shop) -> None:  # noqa: F811
    tenant, admin, _staff, products = shop
    ai.batch_create_status = 529
    job = submit(session, admin, products[:3])
    assert job.status == "failed" and "エラーID" in job.error_message
    assert usage(session, int(tenant.id or 0)) == (0, 0)


def test_two_workers_never_process_the_same_job(
    session: Session,
    ai: FakeAnthropic,  # noqa: F811
    shop,
    backend: str,
) -> None:
    # Leases are one atomic UPDATE, on SQLite as on PostgreSQL (issue 23: no lock held over the API call).
    tenant, admin, _staff, products = shop
    job = submit(session, admin, products[:5])

    async def two_workers() -> list[str]:
        return list(
            await asyncio.gather(bulk_worker.process_job(int(job.id or 0)), bulk_worker.process_job(int(job.id or 0)))
        )

    results = asyncio.run(two_workers())
    assert sorted(results) == ["done", "skipped"]
    assert len(session.exec(select(Article).where(Article.tenant_id == tenant.id)).all()) == 5
    assert usage(session, int(tenant.id or 0)) == (5, 0)


def test_bulk_and_single_generation_never_pass_the_limit_together(
    session: Session,
    ai: FakeAnthropic,  # noqa: F811
    shop,
    backend: str,
) -> None:
    postgresql_only(backend, "concurrent writers are a PostgreSQL concern; SQLite serialises them")
    tenant, admin, staff, products = shop
    quota.reserve(session=session, tenant_id=int(tenant.id or 0), count=3)  # 5 of 8 left
    outcomes: list[str] = []

    def bulk_five() -> None:
        from horologen import db

        with db.session() as own:
            try:
                submit(own, admin, products[:5])
                outcomes.append("bulk")
            except bulk.BulkError:
                outcomes.append("bulk refused")

    def single() -> None:
        from horologen import db

        with db.session() as own:
            try:
                generation.prepare(
                    session=own, actor=f.actor(staff), product_id=int(products[5].id or 0), options=GenerationOptions()
                )
                outcomes.append("single")
            except quota.QuotaExceeded:
                outcomes.append("single refused")

    threads = [threading.Thread(target=bulk_five), threading.Thread(target=single)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    used, reserved = usage(session, int(tenant.id or 0))
    assert used + reserved <= 8, outcomes
    assert sorted(outcomes) in (["bulk", "single refused"], ["bulk refused", "single"]), outcomes


def test_a_selection_over_the_job_limit_says_how_many_matched(session: Session) -> None:
    """The page must not quietly show 2,000 when 2,050 products match (issue 18)."""
    from horologen.models import MasterProduct

    tenant = f.tenant(session, "Large shop")
    admin = f.user(session, tenant, "admin")
    session.add_all(
        MasterProduct(
            tenant_id=int(tenant.id or 0),
            brand="SEIKO",
            brand_key="SEIKO",
            reference=f"S{i:05d}",
            reference_key=f"S{i:05d}",
            name="",
            price_jpy=50_000,
            specs={},
        )
        for i in range(bulk.MAX_BULK + 50)
    )
    session.commit()
    selection = bulk.select_products(session=session, actor=f.actor(admin), brand="", without_article=True)
    assert (selection.count, selection.matched) == (bulk.MAX_BULK, bulk.MAX_BULK + 50)
    small = bulk.select_products(session=session, actor=f.actor(admin), brand="nothing-like-this", without_article=True)
    assert (small.count, small.matched) == (0, 0)


def test_generation_says_before_anyone_tries_when_it_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from horologen import config

    monkeypatch.setenv("ANTHROPIC_API_KEY", "")
    config.get_settings.cache_clear()
    try:
        assert "ANTHROPIC_API_KEY" in generation.unavailable_reason()
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
        config.get_settings.cache_clear()
        assert generation.unavailable_reason() == ""
    finally:
        config.get_settings.cache_clear()
