"""Admin upload: preview writes no products, commit is all-or-nothing, options and limits hold."""

from __future__ import annotations

import dataclasses
import io

import psycopg
import pytest
from openpyxl import Workbook
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from horologen import config
from horologen.models import AuditLog, MasterProduct
from horologen.services.accounts.access import AccessDenied
from horologen.services.catalogue import upload as catalogue_upload
from horologen.services.catalogue.files import CatalogueFileError
from tests.support import factories as f

CSV = (
    "ブランド,型番,商品名,税込価格,ケース径\n"
    'ROLEX,126610LN,サブマリーナー,"¥1,990,000",41mm\n'
    "TUDOR,79360N,ブラックベイ,748000円,41mm\n"
    ",BAD1,x,100,\n"
    "OMEGA,X2,y,ASK,\n"
    "TUDOR,79360N,重複,1,\n"
)


def xlsx_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["brand", "reference", "price_jpy", "name"])
    sheet.append(["SEIKO", "SBDC101", 98000, "プロスペックス"])
    sheet.append(["ROLEX", "126610LN", "¥2,100,000", "サブ"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ENCODINGS = {
    "utf8": CSV.encode(),
    "utf8-bom": b"\xef\xbb\xbf" + CSV.encode(),
    "cp932": CSV.replace("¥", "\\").encode("cp932"),
}


@pytest.fixture()
def shop(session: Session):
    tenant = f.tenant(session, "Tenant A")
    admin = f.user(session, tenant, "admin")
    f.product(session, tenant, "ROLEX", "126610LN", price_jpy=1_980_000)
    return tenant, f.actor(admin)


def products(session: Session, tenant_id: int) -> dict[tuple[str, str], int | None]:
    session.expire_all()
    rows = session.exec(select(MasterProduct).where(MasterProduct.tenant_id == tenant_id)).all()
    return {(p.brand, p.reference): p.price_jpy for p in rows}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_preview_writes_nothing_then_commit_adds_and_skips(session: Session, shop, encoding: str) -> None:
    tenant, admin = shop
    preview = catalogue_upload.preview_upload(
        session=session, actor=admin, filename="cat.csv", data=ENCODINGS[encoding]
    )
    assert (preview.total_rows, preview.to_add, preview.existing, preview.error_count) == (5, 2, 1, 2)
    assert [(e.line, e.reason[:4]) for e in preview.errors] == [(4, "ブランド"), (6, "3 行目")]
    assert preview.no_price == 1  # OMEGA X2 at ASK: no price, imported (issue 25 item A)
    assert products(session, tenant.id) == {("ROLEX", "126610LN"): 1_980_000}
    result = catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)
    assert (result.added, result.skipped, result.updated) == (2, 1, 0)
    assert products(session, tenant.id) == {
        ("ROLEX", "126610LN"): 1_980_000,
        ("TUDOR", "79360N"): 748_000,
        ("OMEGA", "X2"): None,
    }
    audit = session.exec(select(AuditLog).where(AuditLog.action == "catalogue_import")).one()
    assert audit.detail["added"] == 2 and audit.tenant_id == tenant.id
    with pytest.raises(AccessDenied, match="取り込み済み"):
        catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)


def test_xlsx_with_explicit_price_update(session: Session, shop) -> None:
    tenant, admin = shop
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="cat.xlsx", data=xlsx_bytes())
    result = catalogue_upload.commit_upload(
        session=session, actor=admin, upload_id=preview.upload_id, update_prices=True
    )
    assert (result.added, result.updated, result.skipped) == (1, 1, 0)
    assert products(session, tenant.id)[("ROLEX", "126610LN")] == 2_100_000


def test_commit_is_all_or_nothing(session: Session, shop, monkeypatch: pytest.MonkeyPatch) -> None:
    tenant, admin = shop
    rows = "".join(f"BRAND,R{i:05d},n,{1000 + i}\n" for i in range(2500))
    data = ("brand,reference,name,price_jpy\n" + rows).encode()
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="big.csv", data=data)
    assert preview.to_add == 2500
    from horologen.services.catalogue import import_writer as catalogue

    real_write = catalogue.write_import

    def failing_write(**kwargs):
        # Fault injection: a price no integer column holds, last, makes the real database refuse it.
        poison = dataclasses.replace(kwargs["rows"][0], line=9999, reference="POISON", price_jpy=2**63)
        kwargs["rows"] = [*kwargs["rows"], poison]
        return real_write(**kwargs)

    monkeypatch.setattr(catalogue_upload, "write_import", failing_write)
    with pytest.raises(Exception) as caught:
        catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)
    assert isinstance(caught.value, (DBAPIError, psycopg.Error, OverflowError))  # COPY raises psycopg's own
    assert len(products(session, tenant.id)) == 1  # nothing of the 2500 was written


def test_limits_and_bad_files_are_clear(session: Session, shop, monkeypatch: pytest.MonkeyPatch) -> None:
    _, admin = shop
    with pytest.raises(CatalogueFileError, match="CSV"):
        catalogue_upload.preview_upload(session=session, actor=admin, filename="cat.pdf", data=b"x")
    monkeypatch.setattr(config, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(CatalogueFileError, match="大きすぎます"):
        catalogue_upload.preview_upload(session=session, actor=admin, filename="cat.csv", data=b"x" * 101)
    monkeypatch.setattr(config, "MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(config, "MAX_IMPORT_ROWS", 3)
    with pytest.raises(CatalogueFileError, match="行数が多すぎます"):
        catalogue_upload.preview_upload(session=session, actor=admin, filename="cat.csv", data=CSV.encode())
    with pytest.raises(CatalogueFileError, match="必須の列"):
        catalogue_upload.preview_upload(session=session, actor=admin, filename="cat.csv", data=b"a,b\n1,2\n")


def test_staff_and_other_tenants_are_refused(session: Session, shop) -> None:
    tenant, admin = shop
    staff = f.actor(f.user(session, tenant, "staff"))
    with pytest.raises(AccessDenied):
        catalogue_upload.preview_upload(session=session, actor=staff, filename="cat.csv", data=CSV.encode())
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="cat.csv", data=CSV.encode())
    other_admin = f.actor(f.user(session, f.tenant(session, "Tenant B"), "admin"))
    with pytest.raises(AccessDenied):
        catalogue_upload.commit_upload(session=session, actor=other_admin, upload_id=preview.upload_id)
    with pytest.raises(AccessDenied):
        catalogue_upload.commit_upload(session=session, actor=staff, upload_id=preview.upload_id)
    assert len(products(session, tenant.id)) == 1


def test_a_respelt_row_is_the_same_watch(session: Session, shop) -> None:
    tenant, admin = shop  # has ROLEX / 126610LN
    data = (
        "brand,reference,price_jpy\nrolex,126610-ln,2000000\nＲＯＬＥＸ,１２６６１０ＬＶ,1\nRolex,126610LV,2\n".encode()
    )
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="c.csv", data=data)
    assert (preview.to_add, preview.existing, preview.error_count) == (1, 1, 1)
    result = catalogue_upload.commit_upload(
        session=session, actor=admin, upload_id=preview.upload_id, update_prices=True
    )
    assert (result.added, result.updated) == (1, 1)
    assert products(session, tenant.id) == {("ROLEX", "126610LN"): 2_000_000, ("ROLEX", "126610LV"): 1}


def test_old_excel_format_gets_a_clear_message(session: Session, shop) -> None:
    _, admin = shop
    with pytest.raises(CatalogueFileError, match=r"\.xlsx として保存し直して"):
        catalogue_upload.preview_upload(session=session, actor=admin, filename="在庫.XLS", data=b"\xd0\xcf\x11\xe0")


def test_commit_writes_the_rows_the_preview_validated(session: Session, shop) -> None:
    """The commit takes the preview's packed rows, not a second parse of the file: a stored file
    damaged after the preview changes nothing; an upload without packed rows (previewed before
    migration 0015) is parsed from its file; a damaged pack falls back to the file too."""
    from horologen.models import CatalogueUpload
    from horologen.services.catalogue import parsed_rows

    tenant, admin = shop
    preview = catalogue_upload.preview_upload(session=session, actor=admin, filename="a.csv", data=CSV.encode())
    upload = session.get(CatalogueUpload, preview.upload_id)
    assert upload is not None and upload.parsed
    packed = parsed_rows.unpack(upload.parsed)
    assert packed is not None and [r.reference for r in packed.rows] == ["126610LN", "79360N", "X2"]
    assert packed.rows[2].price_jpy is None and packed.rows[0].reference_key == "126610LN"
    upload.content = b"garbage that is not a catalogue"
    session.add(upload)
    session.commit()
    result = catalogue_upload.commit_upload(session=session, actor=admin, upload_id=preview.upload_id)
    assert (result.added, result.skipped) == (2, 1)
    assert session.get(CatalogueUpload, preview.upload_id).parsed is None
    assert products(session, tenant.id)[("OMEGA", "X2")] is None

    second = catalogue_upload.preview_upload(
        session=session, actor=admin, filename="b.csv", data=b"brand,reference,price_jpy\nSEIKO,SBDC101,98000\n"
    )
    upload = session.get(CatalogueUpload, second.upload_id)
    upload.parsed = b"\x00not zlib"
    session.add(upload)
    session.commit()
    assert parsed_rows.unpack(upload.parsed) is None
    assert catalogue_upload.commit_upload(session=session, actor=admin, upload_id=second.upload_id).added == 1
    assert products(session, tenant.id)[("SEIKO", "SBDC101")] == 98000
