"""The fake Messages API answers the real anthropic SDK as the real API would (JSON, SSE, errors)."""

from __future__ import annotations

import anthropic
import pytest

from tests.fakes.anthropic_server import FakeAnthropic, FakeReply


def client(fake: FakeAnthropic, **kwargs: object) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="sk-ant-test", base_url=fake.url, max_retries=0, **kwargs)


MESSAGES = [{"role": "user", "content": "記事を書いてください"}]


def test_json_message(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(FakeReply(chunks=["こんにちは", "世界"], input_tokens=42, output_tokens=7))
    message = client(fake_anthropic).messages.create(model="claude-test", max_tokens=100, messages=MESSAGES)
    assert message.content[0].text == "こんにちは世界"
    assert message.usage.input_tokens == 42 and message.usage.output_tokens == 7
    request = fake_anthropic.requests[0]
    assert request.body["model"] == "claude-test"
    credentials = {request.headers.get("x-api-key"), request.headers.get("authorization")}
    assert credentials & {"sk-ant-test", "Bearer sk-ant-test"}


def test_streaming_arrives_chunk_by_chunk(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(FakeReply(chunks=["一", "二", "三"], stop_reason="max_tokens"))
    with client(fake_anthropic).messages.stream(model="m", max_tokens=10, messages=MESSAGES) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    assert pieces == ["一", "二", "三"]
    assert final.stop_reason == "max_tokens" and final.usage.output_tokens >= 1


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, anthropic.AuthenticationError),
        (429, anthropic.RateLimitError),
        (529, anthropic.InternalServerError),
        (400, anthropic.BadRequestError),
    ],
)
def test_scripted_http_errors(fake_anthropic: FakeAnthropic, status: int, error: type[Exception]) -> None:
    fake_anthropic.queue(FakeReply(status=status))
    with pytest.raises(error):
        client(fake_anthropic).messages.create(model="m", max_tokens=10, messages=MESSAGES)


def test_retries_are_real_http_requests(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(FakeReply(status=529), FakeReply(chunks=["ok"]))
    message = anthropic.Anthropic(api_key="k", base_url=fake_anthropic.url, max_retries=1).messages.create(
        model="m", max_tokens=10, messages=MESSAGES
    )
    assert message.content[0].text == "ok" and len(fake_anthropic.requests) == 2


def test_connection_lost_mid_stream(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(FakeReply(chunks=["a", "b", "c"], drop_after_chunks=1))
    received: list[str] = []
    with pytest.raises((anthropic.APIConnectionError, anthropic.APIError, Exception)) as caught:
        with client(fake_anthropic).messages.stream(model="m", max_tokens=10, messages=MESSAGES) as stream:
            received.extend(stream.text_stream)
    assert received == ["a"]
    assert not isinstance(caught.value, AssertionError)


def test_error_event_mid_stream(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(FakeReply(chunks=["a", "b"], error_event_after_chunks=1, error_message="overloaded"))
    received: list[str] = []
    with pytest.raises(anthropic.APIStatusError, match="overloaded"):
        with client(fake_anthropic).messages.stream(model="m", max_tokens=10, messages=MESSAGES) as stream:
            received.extend(stream.text_stream)
    assert received == ["a"]


def test_timeout(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(FakeReply(delay_before_s=1.0))
    with pytest.raises(anthropic.APITimeoutError):
        client(fake_anthropic, timeout=0.2).messages.create(model="m", max_tokens=10, messages=MESSAGES)


@pytest.mark.parametrize(
    "extra",
    [
        {"extra_body": {"temperature": 0.7}},  # this SDK no longer even offers the sampling parameters
        {"extra_body": {"top_p": 0.9}},
        {"extra_body": {"top_k": 40}},
        {"thinking": {"type": "enabled", "budget_tokens": 2000}},
        {"thinking": {"type": "disabled"}},
        {"output_config": {"effort": "turbo"}},
    ],
)
def test_parameters_the_current_model_rejects(fake_anthropic: FakeAnthropic, extra: dict) -> None:
    with pytest.raises(anthropic.BadRequestError):
        client(fake_anthropic).messages.create(model="m", max_tokens=10, messages=MESSAGES, **extra)


def test_assistant_prefill_is_rejected(fake_anthropic: FakeAnthropic) -> None:
    prefill = [*MESSAGES, {"role": "assistant", "content": "# "}]
    with pytest.raises(anthropic.BadRequestError, match="prefill"):
        client(fake_anthropic).messages.create(model="m", max_tokens=10, messages=prefill)


def test_retired_model_is_404_like_the_api(fake_anthropic: FakeAnthropic) -> None:
    with pytest.raises(anthropic.NotFoundError) as caught:
        client(fake_anthropic).messages.create(model="claude-sonnet-4-5", max_tokens=10, messages=MESSAGES)
    assert caught.value.body["error"] == {"type": "not_found_error", "message": "model: claude-sonnet-4-5"}
    ok = client(fake_anthropic).messages.create(
        model="claude-sonnet-5-5", max_tokens=10, messages=MESSAGES, output_config={"effort": "medium"}
    )
    assert ok.model == "claude-sonnet-5-5"


def test_thinking_blocks_open_the_stream(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(FakeReply(chunks=["本文"], thinking=["考え"], redacted_thinking=True))
    with client(fake_anthropic).messages.stream(model="m", max_tokens=10, messages=MESSAGES) as stream:
        text = list(stream.text_stream)
        final = stream.get_final_message()
    assert text == ["本文"]
    assert [block.type for block in final.content] == ["thinking", "redacted_thinking", "text"]


def test_refusal_and_cache_usage(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(
        FakeReply(chunks=["途中"], stop_reason="refusal", cache_read_input_tokens=900, cache_creation_input_tokens=5)
    )
    with client(fake_anthropic).messages.stream(model="m", max_tokens=10, messages=MESSAGES) as stream:
        final = stream.get_final_message()
    assert final.stop_reason == "refusal" and final.stop_details is not None
    assert final.usage.cache_read_input_tokens == 900 and final.usage.cache_creation_input_tokens == 5


def test_retry_after_header_reaches_the_sdk(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.queue(FakeReply(status=429, headers={"retry-after": "120"}))
    with pytest.raises(anthropic.RateLimitError) as caught:
        client(fake_anthropic).messages.create(model="m", max_tokens=10, messages=MESSAGES)
    assert caught.value.response.headers["retry-after"] == "120"


def test_runs_on_its_own(tmp_path) -> None:
    import socket
    import subprocess
    import sys
    import time

    from horologen.config import PROJECT_ROOT

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.anthropic_server", "--port", str(port)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert f"127.0.0.1:{port}" in (process.stdout.readline() if process.stdout else "")
        deadline = time.monotonic() + 10
        while True:
            try:
                sdk = anthropic.Anthropic(api_key="k", base_url=f"http://127.0.0.1:{port}", max_retries=0)
                with sdk.messages.stream(model="claude-sonnet-5-5", max_tokens=100, messages=MESSAGES) as stream:
                    text = "".join(stream.text_stream)
                break
            except anthropic.APIConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert text.startswith("# ") and "偽 Messages API" in text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_prompt_cache_rule_writes_a_prefix_once_then_reads_it(fake_anthropic: FakeAnthropic) -> None:
    """Issue 29 item 5: opt-in, the fake counts input as characters ÷ 2 and caches the system block
    marked cache_control: written at its first sighting, read within 5 minutes of its last use."""
    from horologen.services.articles import claude
    from tests.fakes.prompt_cache import PromptCache

    now = [1000.0]
    fake_anthropic.prompt_cache = PromptCache(minimum_tokens=100, clock=lambda: now[0])
    system, user = "規則" * 150, "<product>商品A</product>"  # 300 characters → 150 tokens; 22 → 11

    def usage(model: str = "claude-sonnet-5-5", text: str = system) -> tuple[int, int, int]:
        params = claude.request_params(model=model, effort="medium", system=text, user=user, text_tokens=100)
        with client(fake_anthropic).messages.stream(**params) as stream:
            final = stream.get_final_message()
        u = final.usage
        return u.input_tokens, u.cache_creation_input_tokens or 0, u.cache_read_input_tokens or 0

    assert usage() == (11, 150, 0)  # first sighting: written
    now[0] += 299
    assert usage() == (11, 0, 150)  # read, and the 5 minutes start again
    now[0] += 299
    assert usage() == (11, 0, 150)
    assert usage(model="claude-haiku-5-5") == (11, 150, 0)  # each model has its own cache
    now[0] += 301
    assert usage() == (11, 150, 0)  # expired: written again
    assert usage(text="短い" * 50) == (11 + 50, 0, 0)  # under the minimum: never cached
    plain = client(fake_anthropic).messages.create(model="m", max_tokens=10, system="規則" * 150, messages=MESSAGES)
    assert (plain.usage.input_tokens, plain.usage.cache_creation_input_tokens) == (150 + 5, 0)  # nothing marked
    fake_anthropic.reset()
    assert fake_anthropic.prompt_cache is None  # off again for the next test: scripted counts
