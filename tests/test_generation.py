"""Generation through the real anthropic SDK against the local fake Messages API."""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import UTC, datetime

import anthropic
import pytest
from sqlmodel import Session, select

from horologen import config
from horologen.models import Article, QuotaUsage
from horologen.services.accounts.access import AccessDenied
from horologen.services.articles import generation, library
from horologen.services.articles.grounding import ungrounded_terms
from horologen.services.articles.prompting import GenerationOptions
from horologen.services.operations import quota
from horologen.timezones import quota_month
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support import factories as f

ARTICLE = ["# ロレックス サブマリーナー 126610LN\n", "ケース径41mm、Cal.3235 を搭載。", "価格は¥1,980,000です。"]


@pytest.fixture()
def ai(app_database: str, fake_anthropic: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_anthropic.url)
    monkeypatch.setenv("HOROLOGEN_MODEL", "claude-test-model")
    config.get_settings.cache_clear()
    return fake_anthropic


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Tenant A", monthly_limit=5)
    staff = f.user(session, tenant, "staff")
    product = f.product(
        session,
        tenant,
        "ROLEX",
        "126610LN",
        price_jpy=1_980_000,
        name="サブマリーナー デイト",
        specs={"ケース径": "41mm", "ムーブメント": "Cal.3235", "素材": "オイスタースチール"},
    )
    return tenant, staff, product


def quick_client(fake: FakeAnthropic, **kwargs: object) -> anthropic.AsyncAnthropic:
    return anthropic.AsyncAnthropic(api_key="sk-ant-test-key", base_url=fake.url, max_retries=0, **kwargs)


def generate(session: Session, staff, product, client=None, stop_after: int | None = None, **options: object):
    job = generation.prepare(
        session=session, actor=f.actor(staff), product_id=int(product.id), options=GenerationOptions(**options)
    )
    received: list[str] = []

    async def on_text(text: str) -> None:
        received.append(text)

    async def should_stop() -> bool:
        return stop_after is not None and len(received) >= stop_after

    outcome = asyncio.run(generation.run(job, on_text=on_text, should_stop=should_stop, client=client))
    return job, outcome, received


def usage(session: Session, tenant_id: int) -> tuple[int, int]:
    session.expire_all()
    row = session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant_id)).first()
    return (row.used, row.reserved) if row else (0, 0)


def test_streams_stores_and_consumes_one_slot(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, product = shop
    ai.queue(FakeReply(chunks=ARTICLE, input_tokens=321, output_tokens=87))
    job, outcome, received = generate(session, staff, product, tone="expert", notes="箱・保証書あり")
    assert received == ARTICLE
    assert outcome.status == "done" and outcome.title == "ロレックス サブマリーナー 126610LN"
    assert outcome.ungrounded == []
    article = session.get(Article, job.article_id)
    session.refresh(article)
    assert article.status == "done" and article.input_tokens == 321 and article.output_tokens == 87
    assert article.model == "claude-test-model" and article.prompt_version and article.stop_reason == "end_turn"
    assert article.response_model == "claude-test-model" and article.effort == config.DEFAULT_EFFORT
    assert article.raw_text == "".join(ARTICLE) and len(article.prompt_sha256) == 64
    assert article.input_snapshot["price_jpy"] == 1_980_000 and article.options["tone"] == "expert"
    assert article.finished_at is not None and article.body.startswith("ケース径41mm")
    assert usage(session, tenant.id) == (1, 0)
    request = ai.requests[-1].body
    assert request["stream"] is True and request["model"] == "claude-test-model"
    assert request["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert "126610LN" in request["messages"][0]["content"] and "箱・保証書あり" in request["messages"][0]["content"]


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (FakeReply(status=401), "API キーが無効"),
        (FakeReply(status=429), "集中しています"),
        (FakeReply(status=529), "混み合っている"),
        (FakeReply(status=500), "一時的なエラー"),
        (FakeReply(chunks=["# 途中", "まで", "です"], drop_after_chunks=1), "接続が途切れました"),
        (
            FakeReply(chunks=["# 途中", "まで"], error_event_after_chunks=1, error_message="Overloaded"),
            "混み合っている",
        ),
    ],
)
def test_errors_fail_cleanly_and_release_the_slot(
    session: Session, ai: FakeAnthropic, shop, reply: FakeReply, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    tenant, staff, product = shop
    caplog.set_level(logging.ERROR, logger="horologen")
    ai.queue(*[reply] * config.GENERATION_MAX_ATTEMPTS)  # transient ones are retried
    job, outcome, _ = generate(session, staff, product, client=quick_client(ai))
    assert outcome.status == "failed" and message in outcome.message
    assert outcome.error_id and outcome.error_id in caplog.text
    article = session.get(Article, job.article_id)
    session.refresh(article)
    assert article.status == "failed" and article.body == "" and article.error_id == outcome.error_id
    assert usage(session, tenant.id) == (0, 0)


def test_timeout_fails_cleanly(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, product = shop
    ai.queue(*[FakeReply(delay_before_s=1.5)] * config.GENERATION_MAX_ATTEMPTS)
    _, outcome, _ = generate(session, staff, product, client=quick_client(ai, timeout=0.3))
    assert outcome.status == "failed" and "時間内" in outcome.message
    assert usage(session, tenant.id) == (0, 0)


def test_retries_are_ours_and_used(session: Session, ai: FakeAnthropic, shop) -> None:
    client = generation.make_client()
    assert client.max_retries == 0  # the SDK would honour any retry-after in full
    tenant, staff, product = shop
    ai.queue(FakeReply(status=529), FakeReply(status=429, headers={"retry-after": "0"}), FakeReply(chunks=ARTICLE))
    _, outcome, _ = generate(session, staff, product, client=client)
    assert outcome.status == "done" and len(ai.generation_requests()) == 3 == config.GENERATION_MAX_ATTEMPTS
    assert usage(session, tenant.id) == (1, 0)


def test_stop_button_cancels_without_consuming(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, product = shop
    ai.queue(FakeReply(chunks=ARTICLE, chunk_delay_s=0.05))
    job, outcome, received = generate(session, staff, product, stop_after=1)
    assert outcome.status == "cancelled" and received == ARTICLE[:1]
    assert session.get(Article, job.article_id).status == "cancelled"
    assert usage(session, tenant.id) == (0, 0)


def test_without_api_key_only_generation_fails(
    session: Session, ai: FakeAnthropic, shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "")
    config.get_settings.cache_clear()
    tenant, staff, product = shop
    with pytest.raises(generation.GenerationRefused, match="ANTHROPIC_API_KEY"):
        generate(session, staff, product)
    assert usage(session, tenant.id) == (0, 0) and session.exec(select(Article)).all() == []
    assert ai.requests == []


def test_quota_limit_and_other_tenants_products(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, product = shop
    tenant.monthly_limit = 1
    session.add(tenant)
    session.commit()
    generate(session, staff, product)
    with pytest.raises(quota.QuotaExceeded, match="上限（1 件）"):
        generate(session, staff, product)
    other = f.tenant(session, "Tenant B")
    foreign = f.product(session, other, "OMEGA", "X1")
    with pytest.raises(AccessDenied):
        generate(session, staff, foreign)
    tenant.plan = "unlimited"
    session.add(tenant)
    session.commit()
    assert generate(session, staff, product)[1].status == "done"
    assert quota.status(session=session, tenant_id=tenant.id).label == "今月 2 / 無制限"


def test_default_limit_comes_from_the_environment(
    session: Session, ai: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOROLOGEN_MONTHLY_LIMIT", "7")
    config.get_settings.cache_clear()
    tenant = f.tenant(session, "No override")
    assert quota.status(session=session, tenant_id=tenant.id).limit == 7
    monkeypatch.setenv("HOROLOGEN_PLAN", "unlimited")
    config.get_settings.cache_clear()
    assert quota.status(session=session, tenant_id=tenant.id).limit is None


def test_month_boundary_in_tokyo(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, _, _ = shop
    moment = datetime(2026, 11, 30, 15, 30, tzinfo=UTC)
    assert quota_month(moment) == "2026-12"
    assert quota_month(datetime(2026, 11, 30, 14, 59, tzinfo=UTC)) == "2026-11"
    assert quota.reserve(session=session, tenant_id=tenant.id, now=moment) == "2026-12"
    quota.settle(session=session, tenant_id=tenant.id, month="2026-12", consumed=True)
    assert quota.status(session=session, tenant_id=tenant.id, now=moment).used == 1
    assert quota.status(session=session, tenant_id=tenant.id, now=datetime(2026, 11, 30, 14, 0, tzinfo=UTC)).used == 0


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_twenty_concurrent_requests_with_two_slots_left(engine, session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, product = shop  # limit 5
    for _ in range(3):
        quota.reserve(session=session, tenant_id=tenant.id)
        quota.settle(session=session, tenant_id=tenant.id, month=quota_month(datetime.now(UTC)), consumed=True)
    barrier = threading.Barrier(20)
    results: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        with Session(engine) as own:
            barrier.wait()
            try:
                generation.prepare(
                    session=own, actor=f.actor(staff), product_id=int(product.id), options=GenerationOptions()
                )
                outcome = "ok"
            except quota.QuotaExceeded:
                outcome = "exceeded"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results).count("ok") == 2 and results.count("exceeded") == 18
    assert usage(session, tenant.id) == (3, 2)
    assert len(session.exec(select(Article).where(Article.status == "streaming")).all()) == 2


def test_stale_generation_is_released(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, product = shop
    job = generation.prepare(
        session=session, actor=f.actor(staff), product_id=int(product.id), options=GenerationOptions()
    )
    assert usage(session, tenant.id) == (0, 1)
    later = datetime.now(UTC) + config.STALE_GENERATION + config.STALE_GENERATION
    assert generation.release_stale(session=session, now=later) == 1
    assert usage(session, tenant.id) == (0, 0)
    assert session.get(Article, job.article_id).status == "failed"


def test_grounding_flags_invented_facts() -> None:
    snapshot = {
        "brand": "ROLEX",
        "reference": "126610LN",
        "name": "サブマリーナー デイト",
        "price_jpy": 1980000,
        "specs": {"ケース径": "41mm", "ムーブメント": "Cal.3235", "年式": "2023年"},
    }
    assert ungrounded_terms("126610LN は41mm、Cal.3235、2023年製、¥1,980,000（198万円）。", snapshot) == []
    assert "Cal.3135" in ungrounded_terms("Cal.3135 を搭載", snapshot)
    assert "40mm" in ungrounded_terms("ケース径40mmの名作", snapshot)
    assert "¥1,890,000" in ungrounded_terms("価格は¥1,890,000です", snapshot)
    assert "300m" in ungrounded_terms("300m防水", snapshot) and "防水" in ungrounded_terms("300m防水", snapshot)
    assert "116610LV" in ungrounded_terms("兄弟モデル 116610LV も人気", snapshot)
    assert ungrounded_terms("保証書付き", snapshot, notes="箱・保証書あり") == []


def test_history_and_edits_are_scoped(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, product = shop
    colleague = f.user(session, tenant, "staff")
    admin = f.user(session, tenant, "admin")
    stranger = f.user(session, f.tenant(session, "Tenant B"), "admin")
    job, _, _ = generate(session, staff, product)
    generate(session, colleague, product)
    mine = library.list_articles(session=session, actor=f.actor(staff), product_id=int(product.id))
    assert [a.id for a in mine] == [job.article_id]
    assert len(library.list_articles(session=session, actor=f.actor(admin), all_users=True)) == 2
    assert library.list_articles(session=session, actor=f.actor(stranger), all_users=True) == []
    for actor in (f.actor(colleague), f.actor(stranger)):
        with pytest.raises(AccessDenied):
            library.get_article(session=session, actor=actor, article_id=job.article_id)
        with pytest.raises(AccessDenied):
            library.save_edit(session=session, actor=actor, article_id=job.article_id, title="x", body="y")
    edited = library.save_edit(
        session=session, actor=f.actor(staff), article_id=job.article_id, title="タイトル", body="ケース径44mmです"
    )
    assert edited.body == "ケース径44mmです" and "44mm" in edited.ungrounded


def test_highlight_marks_flagged_terms_and_escapes_html() -> None:
    from horologen.services.articles.grounding import highlight_html

    out = highlight_html("<b>300m防水</b>\nCal.3135", ["300", "防水", "CAL.3135"])
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert '<mark title="要確認">300</mark>' in out and '<mark title="要確認">防水</mark>' in out
    assert "<br>" in out and '<mark title="要確認">Cal.3135</mark>' in out


def test_a_stopped_generation_can_be_kept_as_a_draft(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, product = shop
    ai.queue(
        FakeReply(chunks=["# ロレックス 126610LN\n", "途中までの本文です。", "ここは届かない"], chunk_delay_s=0.05)
    )
    job, outcome, _received = generate(session, staff, product, stop_after=2)
    assert outcome.status == "cancelled"
    stranger = f.user(session, f.tenant(session, "Keep stranger"), "admin")
    with pytest.raises(AccessDenied):
        library.keep_cancelled(session=session, actor=f.actor(stranger), article_id=job.article_id)
    kept = library.keep_cancelled(session=session, actor=f.actor(staff), article_id=job.article_id)
    assert (kept.title, kept.body, kept.status) == ("ロレックス 126610LN", "途中までの本文です。", "truncated")
    assert usage(session, int(tenant.id or 0)) == (0, 0)  # a kept draft never uses a slot
    with pytest.raises(ValueError):
        library.keep_cancelled(session=session, actor=f.actor(staff), article_id=job.article_id)
