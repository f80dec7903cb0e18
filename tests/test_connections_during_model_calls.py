"""No pooled database connection waits on the model (issue 23 item 2): a slow model must not
exhaust the pool for every other request of every shop."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import Session

from horologen import config, db
from horologen.models import Article
from horologen.services.articles import claim_check
from tests.fakes.anthropic_server import FakeAnthropic, FakeReply
from tests.support import factories as f

CHECKS = 25
MODEL_DELAY_S = 20.0


@pytest.fixture()
def slow_ai(app_database: str, fake_anthropic: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> FakeAnthropic:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_anthropic.url)
    monkeypatch.setenv("HOROLOGEN_DB_CONNECTIONS", "20")
    monkeypatch.setenv("GRANIAN_WORKERS", "1")  # the whole budget of 20 in this one process
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    return fake_anthropic


def _articles(session: Session, count: int) -> tuple[list[int], object]:
    tenant = f.tenant(session, "Slow model shop")
    staff = f.user(session, tenant, "staff")
    ids = []
    for number in range(count):
        article = Article(
            tenant_id=int(tenant.id or 0), user_id=int(staff.id or 0), input_snapshot={"reference": f"R{number}"},
            title=f"記事 {number}", body="ケース径41mm。", status="done",
        )  # fmt: skip
        session.add(article)
        session.commit()
        ids.append(int(article.id or 0))
    return ids, f.actor(staff)


def test_slow_claim_checks_hold_no_connection(backend: str, session: Session, slow_ai: FakeAnthropic) -> None:
    if backend != "postgresql":
        pytest.skip("the pool and pg_stat_activity are PostgreSQL's")
    ids, actor = _articles(session, CHECKS)
    slow_ai.queue_structured(*[FakeReply(chunks=['{"claims": []}'], delay_before_s=MODEL_DELAY_S)] * CHECKS)
    outcomes: list[claim_check.ClaimOutcome] = []

    async def all_checks() -> None:
        outcomes.extend(await asyncio.gather(*(claim_check.check_article(actor=actor, article_id=i) for i in ids)))

    runner = threading.Thread(target=lambda: asyncio.run(all_checks()))
    runner.start()
    try:
        deadline = time.monotonic() + MODEL_DELAY_S / 2
        while len(slow_ai.requests) < CHECKS and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(slow_ai.requests) == CHECKS, "every check reached the model"
        # While all 25 wait on the model: no connection of this database sits idle in a transaction,
        # and other requests get a connection from the pool of 20 and answer.
        waiting = session.exec(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction' AND pid <> pg_backend_pid()"
            )
        ).one()[0]
        session.rollback()
        assert waiting == 0
        for _ in range(30):
            with db.session() as other:
                assert other.exec(text("SELECT 1")).one()[0] == 1
        assert runner.is_alive(), "the model was still answering while the others were served"
    finally:
        runner.join(timeout=MODEL_DELAY_S * 3)
    assert [o.status for o in outcomes] == ["ok"] * CHECKS
    session.expire_all()
    assert {session.get(Article, i).claim_status for i in ids} == {"ok"}  # type: ignore[union-attr]
