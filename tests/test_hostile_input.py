"""Bad input gets a clear answer and never a 500 (issue 17): API parameters, forms, catalogue files,
the review pane. Property-based where the space is large (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from horologen import api
from horologen.models import MasterProduct
from horologen.services.articles.grounding import highlight_html
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.files import CatalogueFileError, parse_catalogue
from tests.support import factories as f


@pytest.fixture()
def staff_client(app_database: str, session: Session) -> TestClient:
    tenant = f.tenant(session, "Tenant A")
    f.user(session, tenant, "staff", email="staff-a@example.com")
    f.product(session, tenant, "ROLEX", "126610LN")
    client = TestClient(
        Starlette(routes=api.routes),
        base_url="http://testserver",
        follow_redirects=False,
        raise_server_exceptions=False,
    )
    assert client.post("/auth/login", data={"email": "staff-a@example.com", "password": f.PASSWORD}).status_code == 303
    return client


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("offset=99999999999999999999", 400),
        ("offset=-1", 400),
        ("limit=abc", 400),
        ("q=%00126610LN", 200),
        ("brand=RO%00LEX&q=126610", 200),
        ("q=" + "x" * 5000, 400),
    ],
)
def test_bad_search_parameters(staff_client: TestClient, query: str, status: int) -> None:
    response = staff_client.get(f"/staff/references?{query}")
    assert response.status_code == status, response.text
    if status == 200 and "126610" in query:
        assert response.json()["count"] == 1  # a NUL is invisible, not a different watch


def test_oversized_form_fields_are_400(staff_client: TestClient) -> None:
    big = staff_client.post("/auth/login", data={"email": "a@example.com", "password": "x" * (2 * 1024 * 1024)})
    assert big.status_code == 400 and "error_id" not in big.json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(max_size=120),
    brand=st.text(max_size=120),
    limit=st.one_of(st.integers(), st.text(max_size=25)),
    offset=st.one_of(st.integers(), st.text(max_size=25)),
)
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_search_api_never_fails_with_a_500(staff_client: TestClient, q: str, brand: str, limit, offset) -> None:
    response = staff_client.get(
        "/staff/references", params={"q": q, "brand": brand, "limit": str(limit), "offset": str(offset)}
    )
    assert response.status_code in (200, 400), response.text


CELLS = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=8), delimiter=st.sampled_from([",", "\t", ";"]))
def test_the_parser_answers_every_file_with_rows_or_a_clear_refusal(rows: list[list[str]], delimiter: str) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["ブランド", "型番", "価格"])
    writer.writerows(rows)
    try:
        parsed = parse_catalogue(out.getvalue().encode("utf-8"), "fuzz.csv")
    except CatalogueFileError as exc:
        assert str(exc)
        return
    for row in parsed.rows:
        assert row.brand and row.reference and "\x00" not in row.brand + row.reference
        assert row.price_jpy is None or row.price_jpy > 0  # a zero is no price (issue 25 item A), never ¥0


@given(data=st.binary(max_size=400))
@settings(max_examples=150, deadline=None)
def test_random_bytes_are_refused_clearly(data: bytes) -> None:
    try:
        parsed = parse_catalogue(data, "random.csv")
    except CatalogueFileError as exc:
        assert str(exc)  # a message an admin can read, never a traceback
        return
    assert all(row.brand and row.reference for row in parsed.rows)


def test_nul_in_a_brand_previews_and_commits(session: Session) -> None:
    tenant = f.tenant(session, "Tenant A")
    admin = f.actor(f.user(session, tenant, "admin"))
    data = "ブランド,型番,価格\nRO\x00LEX,12\x0061,100\n".encode()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="nul.csv", data=data)
    assert preview.to_add == 1
    catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)
    stored = session.exec(select(MasterProduct).where(MasterProduct.tenant_id == tenant.id)).one()
    assert (stored.brand, stored.reference) == ("ROLEX", "1261")


def test_a_csv_cell_over_the_field_limit_is_a_clear_refusal() -> None:
    data = ("ブランド,型番,価格\nROLEX,126610LN," + "9" * (200 * 1024) + "\n").encode()
    with pytest.raises(CatalogueFileError, match="2 行目付近に長すぎるセル"):
        parse_catalogue(data, "huge.csv")


def test_review_pane_never_splits_an_entity() -> None:
    out = highlight_html("it's 27 mm <b>", ["27"])
    assert out == 'it&#x27;s <mark title="要確認">27</mark> mm &lt;b&gt;'
    assert highlight_html("&amp; 40mm", ["40"]) == '&amp;amp; <mark title="要確認">40</mark>mm'


@pytest.mark.parametrize(
    ("forwarded", "hops", "expected"),
    [
        ("", 0, "10.0.0.1"),
        ("203.0.113.7", 0, "10.0.0.1"),  # nothing in front: a client's header is ignored
        ("198.51.100.99, 203.0.113.7", 1, "203.0.113.7"),  # spoofed left entry ignored behind Render
        ("203.0.113.7", 1, "203.0.113.7"),
        ("1.1.1.1, 203.0.113.7, 10.1.1.1", 2, "203.0.113.7"),
        ("", 1, "10.0.0.1"),  # no header although a proxy was expected: the peer
    ],
)
def test_client_address_trusts_only_our_proxies(forwarded: str, hops: int, expected: str) -> None:
    from horologen.http_context import client_address

    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    assert client_address(headers, "10.0.0.1", hops=hops) == expected


def test_changing_x_forwarded_for_does_not_evade_the_address_limit(
    staff_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from horologen import config

    monkeypatch.setattr(config, "LOGIN_ADDRESS_FAILURE_LIMIT", 3)
    for number in range(4):
        staff_client.post(
            "/auth/login",
            data={"email": "nobody@example.com", "password": "wrong-password-1"},
            headers={"x-forwarded-for": f"198.51.100.{number}"},
        )
    limited = staff_client.post(
        "/auth/login",
        data={"email": "staff-a@example.com", "password": f.PASSWORD},
        headers={"x-forwarded-for": "198.51.100.200"},
    )
    assert limited.headers["location"] == "/login?error=limited"


def test_staff_creation_does_not_reveal_other_shops_addresses(session: Session) -> None:
    from horologen.services.accounts import users

    a, b = f.tenant(session, "Tenant A"), f.tenant(session, "Tenant B")
    admin_a = f.actor(f.user(session, a, "admin"))
    f.user(session, a, "staff", email="mine@example.com")
    f.user(session, b, "staff", email="theirs@example.com")
    messages = []
    for email in ("mine@example.com", "theirs@example.com"):
        with pytest.raises(users.UserInputError) as caught:
            users.create_user(session=session, actor=admin_a, email=email, display_name="x", role="staff")
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_previews_never_committed_do_not_pile_up(session: Session) -> None:
    from datetime import timedelta

    from horologen import config
    from horologen.models import CatalogueUpload, utcnow

    tenant = f.tenant(session, "Tenant A")
    admin = f.actor(f.user(session, tenant, "admin"))
    data = "ブランド,型番,価格\nROLEX,1,1\n".encode()
    old = catalogue_upload.preview_upload(session=session, actor=admin, filename="old.csv", data=data)
    row = session.get(CatalogueUpload, old.upload_id)
    row.created_at = utcnow() - config.PREVIEW_LIFETIME - timedelta(minutes=1)
    session.add(row)
    session.commit()
    catalogue_upload.preview_upload(session=session, actor=admin, filename="new.csv", data=data)
    session.expire_all()
    assert [u.filename for u in session.exec(select(CatalogueUpload)).all()] == ["new.csv"]
