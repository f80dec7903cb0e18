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
