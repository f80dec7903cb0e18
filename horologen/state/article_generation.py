"""The article panel's model work: the generation stream (start, text as it arrives, stop, keep or
discard what had arrived) and the claim check that follows it. A job of its own, mixed into
ArticleState (one state on the server, so the stream ends in the panel's screen)."""

from __future__ import annotations

import reflex as rx

from horologen.services.accounts.access import ADMIN, STAFF
from horologen.services.accounts.sessions import CurrentUser
from horologen.services.articles import article_flows, article_screen, generation
from horologen.services.operations import inputs
from horologen.state.base import AppState

ROLES = (STAFF, ADMIN)


class GenerationStream(AppState, mixin=True):
    """Uses the panel's product_id, article_id, claims, error, notice, _blank() and _apply()
    (ArticleState)."""

    generating: bool = False
    stop_requested: bool = False
    stream_text: str = ""
    cancelled_id: int = 0  # a stopped generation whose partial text is on screen
    checking_id: int = 0  # the article whose claim check is running

    @rx.event(background=True)
    async def generate(self, form_data: dict[str, str]):
        async with self:
            if self.generating:
                return
            user, redirect = self._gate(*ROLES)
            if user is None:
                yield redirect
                return
            if not self.product_id:
                self.error = "先に商品を選んでください。"
                return
            form = self._checked("article.generate", inputs.form, form_data, label="作成の条件")
            if form is None:
                return
            self._blank()
            self.generating, self.stop_requested, product_id = True, False, self.product_id
        started, job = await self._service_off_loop(
            user, "article.generate", article_flows.start_generation, product_id=product_id, form=form
        )
        if not started:  # refused (quota, no key, product): the message is shown, the quota label updated
            async with self:
                self.generating = False
                self._apply(user, "article.generate", article_screen.article_screen, product_id=product_id)
            return

        async def on_text(text: str) -> None:
            async with self:
                self.stream_text += text

        async def should_stop() -> bool:
            async with self:
                return self.stop_requested

        wrote, outcome = await self._service_off_loop(
            user, "article.generate", article_flows.write_article, job=job, on_text=on_text, should_stop=should_stop
        )
        finished = wrote and outcome.status in generation.FINISHED
        async with self:
            self.generating = False
            self._apply(user, "article.generate", article_screen.article_screen, product_id=product_id,
                        article_id=outcome.article_id if finished else 0)  # fmt: skip
            if finished:
                self.notice = outcome.message or "記事を作成しました。内容を確認してから掲載してください。"
                self.checking_id = outcome.article_id
            elif wrote and outcome.status == "cancelled":
                self.notice = (
                    "生成を中止しました（今月の作成数には数えません）。途中の文章は残すことも破棄することもできます。"
                )
                self.cancelled_id = outcome.article_id if self.stream_text.strip() else 0
            elif wrote:
                self.error = outcome.message + (f"（エラーID: {outcome.error_id}）" if outcome.error_id else "")
        if finished:
            await self._check_claims(user, outcome.article_id)

    @rx.event
    def stop(self) -> None:
        self.stop_requested = True

    @rx.event
    def keep_cancelled(self) -> rx.event.EventSpec | None:
        """中止した下書き → an editable draft (no quota slot is used)."""
        user, redirect = self._gate(*ROLES)
        if user is None:
            return redirect
        article_id, self.cancelled_id = self.cancelled_id, 0
        if self._apply(user, "article.keep_cancelled", article_flows.keep_cancelled, product_id=self.product_id,
                       article_id=article_id):  # fmt: skip
            self.notice = "途中までの文章を下書きとして残しました（今月の作成数には数えません）。"
        return None

    @rx.event
    def discard_cancelled(self) -> None:
        self.cancelled_id = 0
        self.stream_text = ""
        self.notice = "途中の文章を破棄しました。"

    async def _check_claims(self, user: CurrentUser, article_id: int) -> None:
        """The second model's claim check, after the article is shown (it uses no article slot)."""
        done, panel = await self._service_off_loop(user, "article.claims", article_flows.check_claims,
                                                   article_id=article_id)  # fmt: skip
        async with self:
            if self.checking_id == article_id:
                self.checking_id = 0
            if done and self.article_id == article_id:
                self.claims = panel

    @rx.event(background=True)
    async def recheck_claims(self):
        """「AIで再確認」: the claim check again on the saved text."""
        async with self:
            user, _redirect = self._gate(*ROLES)
            if user is None or not self.article_id or self.checking_id == self.article_id:
                return
            article_id = self.checking_id = self.article_id
        await self._check_claims(user, article_id)
