"""The shop profile is bounded (issue 23 item 6): lists and texts within config's limits, from the
form and from anywhere else, and old versions no article uses are pruned."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import Session, select

from horologen import config
from horologen.models import Article, ShopProfile
from horologen.services.articles import profile
from horologen.services.articles.profile import ProfileInputError
from tests.support import factories as f


def test_a_legend_of_three_thousand_ranks_is_refused_with_a_message() -> None:
    legend = "\n".join(f"R{i}: 説明 {i}" for i in range(3000))
    with pytest.raises(ProfileInputError, match=f"{config.PROFILE_MAX_RANKS} 個まで"):
        profile.parse_form({"rank_legend": legend})
    fits = "\n".join(f"R{i}: 説明 {i}" for i in range(config.PROFILE_MAX_RANKS))
    assert len(profile.parse_form({"rank_legend": fits}).rank_legend) == config.PROFILE_MAX_RANKS


@pytest.mark.parametrize(
    "change",
    [
        {"rank_legend": {f"R{i}": "x" for i in range(config.PROFILE_MAX_RANKS + 1)}},
        {"rank_legend": {"A": "x" * (config.PROFILE_MAX_RANK_TEXT + 1)}},
        {"banned_words": tuple(f"w{i}" for i in range(config.PROFILE_MAX_WORDS + 1))},
        {"required_phrases": ("x" * (config.PROFILE_MAX_WORD + 1),)},
        {"examples": ("例",) * (config.PROFILE_MAX_EXAMPLES + 1)},
        {"warranty": "保" * (config.PROFILE_MAX_TEXT + 1)},
        {"contact": "a\x00b"},
    ],
)
def test_save_refuses_an_unbounded_profile_built_elsewhere(session: Session, change: dict) -> None:
    tenant = f.tenant(session, "Bounded shop")
    admin = f.user(session, tenant, "admin")
    data = dataclasses.replace(profile.ProfileData(shop_name="銀座クロノ"), **change)
    with pytest.raises(ProfileInputError):
        profile.save_profile(session=session, actor=f.actor(admin), data=data)
    assert session.exec(select(ShopProfile)).all() == []


def test_old_versions_no_article_uses_are_pruned(session: Session) -> None:
    tenant = f.tenant(session, "Versions shop")
    admin = f.user(session, tenant, "admin")
    kept = config.PROFILE_VERSIONS_KEPT
    for number in range(1, 4):
        profile.save_profile(session=session, actor=f.actor(admin), data=profile.ProfileData(shop_name=f"店 {number}"))
    session.add(Article(tenant_id=int(tenant.id or 0), user_id=int(admin.id or 0), title="版2の記事", body="本文",
                        status="done", profile_version=2))  # fmt: skip
    session.commit()
    for number in range(4, kept + 6):
        profile.save_profile(session=session, actor=f.actor(admin), data=profile.ProfileData(shop_name=f"店 {number}"))
    versions = sorted(session.exec(select(ShopProfile.version).where(ShopProfile.tenant_id == tenant.id)).all())
    newest = kept + 5
    assert versions == [2, *range(newest - kept + 1, newest + 1)]  # version 2 stays: an article uses it
    assert profile.profile_for_tenant(session=session, tenant_id=int(tenant.id or 0), version=2).shop_name == "店 2"
