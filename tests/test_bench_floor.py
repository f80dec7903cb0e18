"""The benchmark's floor route (issue 29 item 3) answers exactly what /staff/references answers,
for every search shape, so bench/api_load.py compares like with like; and it is never mounted in
production."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from horologen import api, bench_routes, config
from horologen.models import utcnow
from horologen.services.accounts import sessions
from tests.support import factories as f

QUERIES = [
    ("ROLEX", ""),  # brand only
    ("ROLEX", "1166"),  # a short key
    ("", "126610"),  # a key with 0: O and 0 read alike
    ("rolex", "M126610LN-0001"),  # a long key: catalogue references inside it
    ("ロレックス", "100%_x"),  # LIKE's wildcards typed by staff
]


@pytest.fixture()
def shop(app_database: str, backend: str, session: Session) -> str:
    if backend != "postgresql":
        pytest.skip("the floor route is PostgreSQL's (psycopg)")
    tenant = f.tenant(session, "Floor shop")
    user = f.user(session, tenant, "staff")
    for reference in ("116610LN", "126610LN", "126610LV", "1OO%_X", "M126610LN"):
        f.product(session, tenant, "ROLEX", reference, specs={"状態": "A"})
    f.product(session, f.tenant(session, "Other shop"), "ROLEX", "126610LN")
    token = sessions.open_session(session, user, "127.0.0.1", "test", utcnow(), action="login").token
    session.commit()
    return token


@pytest.mark.parametrize(("brand", "query"), QUERIES)
def test_the_floor_answers_what_the_route_answers(shop: str, brand: str, query: str) -> None:
    status, body = api._references(shop, {"brand": brand, "q": query}, "/staff/references", "127.0.0.1")
    assert status == 200
    assert body["count"] >= 1 or query == "100%_x"
    assert bench_routes._floor(shop, brand, query) == (200, body)
    assert bench_routes._floor("not-a-token", brand, query)[0] == 401


def test_bench_routes_are_never_mounted_in_production() -> None:
    env = {"HOROLOGEN_BENCH_ROUTES": "1", "SECRET_KEY": "x" * 32}
    assert config.load_settings(env).bench_routes
    assert not config.load_settings({**env, "HOROLOGEN_ENV": "production"}).bench_routes
