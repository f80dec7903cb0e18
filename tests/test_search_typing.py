"""Search as staff type (issue 29): every keystroke is an event, and an outdated query's answer
never lands after a newer one's.

The events go through Reflex's own event processor, as the websocket hands them over: one tab's
events run one after another in the order they were sent, and `set_query` supersedes, so the
keystrokes still waiting when a newer one arrives are dropped without being searched.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import pytest
from reflex.event import Event
from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor
from reflex_base.utils import format
from sqlmodel import Session

from horologen import config
from horologen.services.catalogue import search
from horologen.state.search import SearchPage, SearchState
from tests.support import factories as f
from tests.test_state_events import state_for, world  # noqa: F401

TYPED = ["1", "11", "116", "1166", "11661"]
TAB = "tab-1"  # the Reflex client token of one browser tab


class Socket:
    """Stands in for the websocket: keeps every answer (delta) the processor sends to the tab."""

    def __init__(self) -> None:
        self.deltas: list[dict[str, Any]] = []

    async def emit_update(self, update: Any, token: str) -> None:
        self.deltas.append(json.loads(format.json_dumps(update.delta or {})))  # as the socket sends it
        await asyncio.sleep(0)  # as Reflex's namespace does after each emit


def _typed(session_token: str, query: str) -> Event:
    return Event(
        name=SearchState.get_full_name() + ".set_query",
        payload={"query": query},
        router_data={
            "headers": {"cookie": f"{config.SESSION_COOKIE}={session_token}"},
            "pathname": "/staff/search",
            "asPath": "/staff/search",
        },
    )


async def _type(session_token: str, bursts: list[list[str]]) -> tuple[list[list[dict[str, Any]]], SearchState]:
    """Each burst's keystrokes handed to the processor at once (a fast typist), then drained before
    the next burst; the answers sent for each burst, and the tab's state at the end."""
    socket = Socket()
    manager = StateManagerMemory()
    processor = BaseStateEventProcessor().configure(state_manager=manager, event_namespace=socket)  # type: ignore[arg-type]
    answers: list[list[dict[str, Any]]] = []
    async with processor:
        # A tab already connected (its page loaded): the events below need no hydration first.
        tab = await manager.get_state(BaseStateToken(ident=TAB, cls=SearchState))
        tab.router_data = {"pathname": "/", "asPath": "/"}
        for burst in bursts:
            socket.deltas = []
            for query in burst:
                await processor.enqueue(TAB, _typed(session_token, query))
            await processor.join(timeout=20)
            for _ in range(500):  # the last handler's task may still be sending its answer
                if not processor._tasks:
                    break
                await asyncio.sleep(0.01)
            answers.append(socket.deltas)
        root = await manager.get_state(BaseStateToken(ident=TAB, cls=SearchState))
    return answers, root.get_substate(SearchState.get_full_name().split(".")[1:])


def _shown(deltas: list[dict[str, Any]]) -> list[list[str]]:
    """The references each answer put on screen, in the order the answers were sent."""
    name = SearchState.get_full_name()
    return [
        [row["reference"] for row in delta[name]["results_rx_state_"]]
        for delta in deltas
        if "results_rx_state_" in delta.get(name, {})
    ]


@pytest.fixture()
def typed_catalogue(world, session: Session) -> list[str]:  # noqa: F811
    """References of shop A that the keystrokes above narrow down to one."""
    shop = world["product_a"].tenant_id
    from horologen.models import Tenant

    tenant = session.get(Tenant, shop)
    references = ["1166100", "116610X", "116700", "1167", "11661"]
    for reference in references:
        f.product(session, tenant, "ROLEX", reference)
    return references


def test_a_newer_keystroke_wins_and_the_waiting_ones_are_not_searched(
    world,  # noqa: F811
    typed_catalogue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    searched: list[str] = []
    real = search.search_references

    def counting(**arguments: Any) -> search.SearchPage:
        searched.append(arguments["query"])
        return real(**arguments)

    monkeypatch.setattr(search, "search_references", counting)
    (deltas,), state = asyncio.run(_type(world["tokens"]["staff_a"], [TYPED]))
    assert state.query == "11661"
    assert state.results[0].reference == "11661"  # the exact match first
    assert searched[-1] == "11661" and len(searched) < len(TYPED), searched  # outdated ones dropped
    shown = _shown(deltas)
    assert shown and shown[-1] == [r.reference for r in state.results]  # the last answer is the newest
    # No answer after the newest one's: an older query's rows can never overwrite it.
    newest = shown.index(shown[-1])
    assert all(rows == shown[-1] for rows in shown[newest:])


def test_one_keystroke_at_a_time_shows_each_answer_in_order(world, typed_catalogue) -> None:  # noqa: F811
    """Typed slowly (each answer back before the next key), every query is searched and shown."""
    answers, _ = asyncio.run(_type(world["tokens"]["staff_a"], [[q] for q in TYPED]))
    shown = [rows for deltas in answers for rows in _shown(deltas)]
    assert len(shown) == len(TYPED) and shown[-1][0] == "11661"
    assert all(len(later) <= len(earlier) for earlier, later in itertools.pairwise(shown))  # narrowing


def test_an_answer_sends_only_the_list_and_what_a_line_shows(world, typed_catalogue) -> None:  # noqa: F811
    """A keystroke's answer carries the result list's substate only (the frame is not re-sent, so
    the page around the list is not re-rendered), and a line carries no product id."""
    (_first, deltas), _ = asyncio.run(_type(world["tokens"]["staff_a"], [["116"], ["1166"]]))
    answers = [d for d in deltas if SearchState.get_full_name() in d]
    assert answers
    for delta in answers:
        assert set(delta) == {SearchState.get_full_name()}, sorted(delta)  # no SearchPage, no AppState
        for row in delta[SearchState.get_full_name()].get("results_rx_state_", []):
            assert set(row) == {"brand", "reference", "name", "price", "piece", "sale"}


def test_a_line_is_chosen_by_its_place_and_the_id_stays_on_the_server(world, typed_catalogue) -> None:  # noqa: F811
    state = state_for(SearchState, world["tokens"]["staff_a"], "/staff/search")
    state.on_load()
    state.set_query("11661")
    assert f"/staff/products/{state._result_ids[0]}?q=11661" in str(state.choose(0))
    for forged in (-1, len(state.results), "0", None, True, [0]):
        assert state.choose(forged) is None and state.error  # type: ignore[arg-type]
    assert isinstance(state, SearchPage) and not hasattr(state.results[0], "id")
