"""Every way a Claude answer can end, through the real SDK against the local fake (issue 10)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time

import anthropic
import pytest
from sqlmodel import Session, select

from horologen import config
from horologen.models import Article, QuotaUsage
from horologen.services.articles import claude, generation, library
from horologen.services.articles.prompting import PROMPT_VERSION, GenerationOptions, build_prompt, product_snapshot
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support import factories as f

ARTICLE = ["# オメガ スピードマスター 310.30.42.50.01.001\n", "手巻きクロノグラフです。", "状態は良好です。"]


@pytest.fixture()
def ai(app_database: str, fake_anthropic: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    """The app's own settings: default model and effort, pointed at the fake."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_anthropic.url)
    monkeypatch.delenv("HOROLOGEN_MODEL", raising=False)
    monkeypatch.delenv("HOROLOGEN_EFFORT", raising=False)
    config.get_settings.cache_clear()
    return fake_anthropic


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Tenant A", monthly_limit=5)
    staff = f.user(session, tenant, "staff")
    admin = f.user(session, tenant, "admin")
    product = f.product(
        session,
        tenant,
        "OMEGA",
        "310.30.42.50.01.001",
        price_jpy=1_100_000,
        name="スピードマスター",
        specs={"ムーブメント": "手巻きクロノグラフ", "状態": "良好"},
    )
    return tenant, staff, admin, product


def generate(session: Session, user, product, **options: object):
    job = generation.prepare(
        session=session, actor=f.actor(user), product_id=int(product.id), options=GenerationOptions(**options)
    )
    received: list[str] = []

    async def on_text(text: str) -> None:
        received.append(text)

    outcome = asyncio.run(generation.run(job, on_text=on_text))
    session.expire_all()
    return session.get(Article, job.article_id), outcome, received


def slots(session: Session, tenant_id: int) -> tuple[int, int]:
    row = session.exec(select(QuotaUsage).where(QuotaUsage.tenant_id == tenant_id)).first()
    return (row.used, row.reserved) if row else (0, 0)


def test_request_follows_the_current_model_rules(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, _, product = shop
    ai.queue(FakeReply(chunks=ARTICLE))
    article, outcome, _ = generate(session, staff, product, include_english=True, length="long")
    assert outcome.status == "done"
    body = ai.requests[-1].body
    assert body["model"] == config.DEFAULT_MODEL == "claude-sonnet-5-5"
    assert body["output_config"] == {"effort": config.DEFAULT_EFFORT}
    for banned in ("temperature", "top_p", "top_k", "thinking"):
        assert banned not in body
    assert [m["role"] for m in body["messages"]] == ["user"]  # no assistant prefill
    # thinking + Japanese + English all fit: the English budget is added, never taken from the rest
    long_ja = build_prompt({}, GenerationOptions(length="long")).text_tokens
    with_en = build_prompt({}, GenerationOptions(length="long", include_english=True)).text_tokens
    assert with_en > long_ja
    assert body["max_tokens"] == with_en + claude.THINKING_TOKENS[config.DEFAULT_EFFORT]
    assert article.effort == "medium" and slots(session, tenant.id) == (1, 0)


def test_effort_is_configurable(session: Session, ai: FakeAnthropic, shop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOROLOGEN_EFFORT", "high")
    config.get_settings.cache_clear()
    _, staff, _, product = shop
    article, _, _ = generate(session, staff, product)
    assert ai.requests[-1].body["output_config"] == {"effort": "high"} and article.effort == "high"
    monkeypatch.setenv("HOROLOGEN_EFFORT", "turbo")
    with pytest.raises(config.ConfigError, match="HOROLOGEN_EFFORT"):
        config.load_settings()


def test_thinking_never_reaches_the_page_or_the_article(session: Session, ai: FakeAnthropic, shop) -> None:
    _, staff, _, product = shop
    ai.queue(FakeReply(chunks=ARTICLE, thinking=["内部の検討メモ", "SECRET-THOUGHT"], redacted_thinking=True))
    article, outcome, received = generate(session, staff, product)
    assert received == ARTICLE and outcome.status == "done"
    stored = article.title + article.body + article.raw_text
    assert "SECRET-THOUGHT" not in stored and "検討メモ" not in stored
    assert article.title.startswith("オメガ")


def test_traceable_output(session: Session, ai: FakeAnthropic, shop) -> None:
    _, staff, _, product = shop
    ai.queue(
        FakeReply(
            chunks=ARTICLE,
            response_model="claude-sonnet-5-5-20260928",
            cache_creation_input_tokens=1500,
            cache_read_input_tokens=0,
        ),
        FakeReply(chunks=ARTICLE, cache_creation_input_tokens=0, cache_read_input_tokens=1500),
    )
    first, _, _ = generate(session, staff, product)
    second, _, _ = generate(session, staff, product)
    assert first.model == "claude-sonnet-5-5" and first.response_model == "claude-sonnet-5-5-20260928"
    assert (first.cache_creation_input_tokens, first.cache_read_input_tokens) == (1500, 0)
    assert (second.cache_creation_input_tokens, second.cache_read_input_tokens) == (0, 1500)
    library.save_edit(
        session=session, actor=f.actor(staff), article_id=first.id, title="編集後", body="スタッフが直した本文"
    )
    session.expire_all()
    edited = session.get(Article, first.id)
    assert edited.body == "スタッフが直した本文" and edited.raw_text == "".join(ARTICLE)
    sent = ai.requests[0].body
    expected = hashlib.sha256(f"{sent['system'][0]['text']}\n\x00\n{sent['messages'][0]['content']}".encode())
    assert first.prompt_sha256 == expected.hexdigest()


@pytest.mark.parametrize(
    ("reply", "message", "with_error_id"),
    [
        (FakeReply(chunks=["# 途中", "まで"], stop_reason="refusal"), "控えました", True),
        (FakeReply(chunks=[], stop_reason="end_turn"), "本文が返ってきませんでした", True),
        (FakeReply(chunks=["  \n"], stop_reason="end_turn"), "本文が返ってきませんでした", True),
        (FakeReply(chunks=["# 途中"], stop_reason="model_context_window_exceeded"), "入力が長すぎ", True),
        (
            FakeReply(chunks=["# 途中", "まで"], error_event_after_chunks=1, error_event_type="overloaded_error"),
            "混み合って",
            True,
        ),
        (
            FakeReply(chunks=["# 途中", "まで"], error_event_after_chunks=1, error_event_type="api_error"),
            "一時的なエラー",
            True,
        ),
    ],
)
def test_answers_that_are_not_articles(
    session: Session,
    ai: FakeAnthropic,
    shop,
    reply: FakeReply,
    message: str,
    with_error_id: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tenant, staff, _, product = shop
    caplog.set_level(logging.ERROR, logger="horologen")
    ai.queue(reply)
    article, outcome, _ = generate(session, staff, product)
    assert outcome.status == "failed" and message in outcome.message
    assert bool(outcome.error_id) == with_error_id and outcome.error_id in caplog.text
    assert article.status == "failed" and article.body == "" and article.title == ""
    assert slots(session, tenant.id) == (0, 0)
    assert library.list_articles(session=session, actor=f.actor(staff)) == []


def test_truncated_answer_is_an_editable_draft_that_does_not_count(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, _, product = shop
    ai.queue(FakeReply(chunks=ARTICLE, stop_reason="max_tokens"))
    article, outcome, received = generate(session, staff, product)
    assert received == ARTICLE
    assert outcome.status == "truncated" and "途中まで" in outcome.message and not outcome.error_id
    assert article.status == "truncated" and article.body.startswith("手巻き")
    assert slots(session, tenant.id) == (0, 0)
    views = library.list_articles(session=session, actor=f.actor(staff))
    assert [v.status for v in views] == ["truncated"]
    edited = library.save_edit(
        session=session, actor=f.actor(staff), article_id=article.id, title="仕上げ", body="最後まで書き足しました。"
    )
    assert edited.status == "truncated" and edited.body == "最後まで書き足しました。"
    assert slots(session, tenant.id) == (0, 0)


@pytest.mark.parametrize(("role", "expected"), [("staff", "管理者に連絡"), ("admin", "HOROLOGEN_MODEL")])
def test_retired_model_answers_404_with_a_message_per_role(
    session: Session, ai: FakeAnthropic, shop, monkeypatch: pytest.MonkeyPatch, role: str, expected: str
) -> None:
    monkeypatch.setenv("HOROLOGEN_MODEL", "claude-sonnet-4-5")
    config.get_settings.cache_clear()
    tenant, staff, admin, product = shop
    article, outcome, _ = generate(session, staff if role == "staff" else admin, product)
    assert outcome.status == "failed" and expected in outcome.message and outcome.error_id
    if role == "staff":
        assert "HOROLOGEN_MODEL" not in outcome.message
    assert len(ai.requests) == 1  # a 404 is not retried
    assert slots(session, tenant.id) == (0, 0) and article.status == "failed"


def test_long_retry_after_is_not_waited_out(session: Session, ai: FakeAnthropic, shop) -> None:
    tenant, staff, _, product = shop
    ai.queue(FakeReply(status=429, headers={"retry-after": "120"}))
    started = time.monotonic()
    _, outcome, _ = generate(session, staff, product)
    assert time.monotonic() - started < config.GENERATION_RETRY_BUDGET_S
    assert outcome.status == "failed" and "2 分ほど待って" in outcome.message
    assert len(ai.requests) == 1 and slots(session, tenant.id) == (0, 0)
    ai.queue(FakeReply(status=529, headers={"retry-after": "45"}))
    _, outcome, _ = generate(session, staff, product)
    assert "45 秒ほど待って" in outcome.message


def test_short_retry_after_is_honoured_then_succeeds(session: Session, ai: FakeAnthropic, shop) -> None:
    _, staff, _, product = shop
    ai.queue(FakeReply(status=529, headers={"retry-after": "1"}), FakeReply(chunks=ARTICLE))
    started = time.monotonic()
    _, outcome, _ = generate(session, staff, product)
    assert outcome.status == "done" and len(ai.requests) == 2 and time.monotonic() - started >= 1.0


# The prompt text each PROMPT_VERSION was recorded with: change the wording, bump the version.
PROMPT_HASHES = {
    "2026-11-28.1": "b745bcf93c0552805e4bce6d02d9029733085aa55420091a45a050f478a75e93",
    "2026-11-29.2": "ed86052c626327cbc086a18551a0cbb38cd1f3e4604670db9bef91a231c3d5b8",
}


def test_prompt_text_changes_only_with_a_new_version() -> None:
    snapshot = product_snapshot("ROLEX", "126610LN", "サブマリーナー", 1_980_000, {"ケース径": "41mm"})
    prompt = build_prompt(snapshot, GenerationOptions(tone="expert", notes="箱・保証書あり", include_english=True))
    assert PROMPT_VERSION in PROMPT_HASHES, f"record the hash of the new prompt: {prompt.sha256}"
    assert prompt.sha256 == PROMPT_HASHES[PROMPT_VERSION], (
        f"the prompt text changed without a new PROMPT_VERSION (now {prompt.sha256})"
    )


async def _check(client: anthropic.AsyncAnthropic | None = None) -> claude.ModelCheck:
    return await claude.check_model(client)


def test_model_check(ai: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> None:
    ok = asyncio.run(_check())
    assert ok.configured and ok.ok and ok.model == "claude-sonnet-5-5"
    assert ai.requests[-1].body["output_config"] == {"effort": "low"}
    monkeypatch.setenv("HOROLOGEN_MODEL", "claude-sonnet-4-5")
    config.get_settings.cache_clear()
    retired = asyncio.run(_check())
    assert retired.configured and not retired.ok and "not_found_error" in retired.detail
    monkeypatch.setenv("ANTHROPIC_API_KEY", "")
    config.get_settings.cache_clear()
    off = asyncio.run(_check())
    assert not off.configured and not off.ok


def test_model_status_is_for_the_platform_admin_only(session: Session, ai: FakeAnthropic, shop) -> None:
    from horologen.services.accounts.access import AccessDenied

    _, staff, admin, _ = shop
    platform = f.user(session, f.tenant(session, "Platform", is_platform=True), "platform_admin")
    for user in (staff, admin):
        with pytest.raises(AccessDenied):
            claude.configured_model(actor=f.actor(user))
        with pytest.raises(AccessDenied):
            asyncio.run(claude.check_model_for(actor=f.actor(user)))
    assert ai.requests == []
    status = asyncio.run(claude.check_model_for(actor=f.actor(platform)))
    assert status.ok and status.model == config.DEFAULT_MODEL
