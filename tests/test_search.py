"""Reference search: normalisation, brand aliases, ranking, paging, tenant isolation, bad input."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from horologen.services.accounts.access import AccessDenied, Actor
from horologen.services.catalogue import brands, search
from horologen.services.catalogue.normalise import normalise_key
from tests.support import factories as f


@pytest.mark.parametrize(
    "typed",
    ["116610LN", "１１６６１０ＬＮ", "116610 ln", "116610-LN", "116610.ln", " 116610/LN ", "116610－ＬＮ"],
)
def test_normalisation(typed: str) -> None:
    assert normalise_key(typed) == "116610LN"


@pytest.fixture()
def catalogue(session: Session):
    a = f.tenant(session, "Tenant A")
    b = f.tenant(session, "Tenant B")
    staff = f.user(session, a, "staff")
    for brand, ref in [
        ("ROLEX", "116610LN"),
        ("ROLEX", "116610LV"),
        ("ROLEX", "1116610"),
        ("ROLEX", "126610LN"),
        ("OMEGA", "310.30.42.50.01.001"),
        ("GRAND SEIKO", "SBGA211"),
        ("PATEK PHILIPPE", "5711/1A-010"),
    ]:
        f.product(session, a, brand, ref)
    f.product(session, b, "ROLEX", "116610LN", price_jpy=1)
    f.product(session, b, "TESTBRAND", "REF001", price_jpy=123456)
    return a, b, f.actor(staff)


def refs(page: search.SearchPage) -> list[str]:
    return [item.reference for item in page.items]


def test_ranking_exact_then_prefix_then_substring(session: Session, catalogue) -> None:
    _, _, staff = catalogue
    page = search.search_references(session=session, actor=staff, query="116610")
    assert refs(page) == ["116610LN", "116610LV", "1116610"]
    page = search.search_references(session=session, actor=staff, query="116610ln")
    assert refs(page)[0] == "116610LN" and page.count == 1


@pytest.mark.parametrize("typed", ["5711/1A", "57111a010", "５７１１－１Ａ"])
def test_reference_separators_are_ignored(session: Session, catalogue, typed: str) -> None:
    _, _, staff = catalogue
    assert refs(search.search_references(session=session, actor=staff, query=typed)) == ["5711/1A-010"]


@pytest.mark.parametrize("brand", ["ROLEX", "rolex", "ＲＯＬＥＸ", "ロレックス"])
def test_brand_matching_and_aliases(session: Session, catalogue, brand: str) -> None:
    _, _, staff = catalogue
    assert search.search_references(session=session, actor=staff, brand=brand).count == 4


def test_shop_alias_and_brand_with_space(session: Session, catalogue) -> None:
    a, _, staff = catalogue
    assert search.search_references(session=session, actor=staff, brand="グランドセイコー").count == 1
    assert search.search_references(session=session, actor=staff, brand="grand seiko").count == 1
    admin = f.actor(f.user(session, a, "admin"))
    brands.add_brand_alias(session=session, actor=admin, alias="ろれっくす", brand="ROLEX")
    assert search.search_references(session=session, actor=staff, brand="ろれっくす").count == 4
    with pytest.raises(AccessDenied):
        brands.add_brand_alias(session=session, actor=staff, alias="x", brand="ROLEX")


def test_paging_and_count(session: Session, catalogue) -> None:
    _, _, staff = catalogue
    first = search.search_references(session=session, actor=staff, brand="ROLEX", limit=3)
    second = search.search_references(session=session, actor=staff, brand="ROLEX", limit=3, offset=3)
    assert first.count == second.count == 4
    assert len(first.items) == 3 and len(second.items) == 1
    assert not set(refs(first)) & set(refs(second))


def test_tenant_isolation(session: Session, catalogue) -> None:
    _, b, staff = catalogue
    assert search.search_references(session=session, actor=staff, brand="TESTBRAND").count == 0
    other = search.search_references(session=session, actor=f.actor(f.user(session, b, "staff")), query="116610")
    assert [(i.reference, i.price_jpy) for i in other.items] == [("116610LN", 1)]
    foreign_id = other.items[0].id
    with pytest.raises(AccessDenied):
        search.get_product(session=session, actor=staff, product_id=foreign_id)
    assert [b.brand for b in brands.list_brands(session=session, actor=staff)] == [
        "GRAND SEIKO",
        "OMEGA",
        "PATEK PHILIPPE",
        "ROLEX",
    ]


def test_platform_admin_and_bad_parameters_are_refused(session: Session, catalogue) -> None:
    _, _, staff = catalogue
    with pytest.raises(AccessDenied):
        search.search_references(session=session, actor=Actor(1, 1, "platform_admin"), query="1")
    for kwargs in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"query": "x" * 101}):
        with pytest.raises(search.SearchInputError):
            search.search_references(session=session, actor=staff, **kwargs)


def test_like_wildcards_are_literal(session: Session, catalogue) -> None:
    _, _, staff = catalogue
    assert search.search_references(session=session, actor=staff, query="%").count == 0


def test_brand_list_groups_spellings(session: Session, catalogue) -> None:
    a, _, staff = catalogue
    f.product(session, a, "Rolex", "999999")
    counts = {b.brand.upper(): b.count for b in brands.list_brands(session=session, actor=staff)}
    assert counts["ROLEX"] == 5
