#!/usr/bin/env python3
# ruff: noqa: E501  (shop file rows are kept as written)
"""Recreate every shop file in this folder, byte for byte.

Run from anywhere:  python3 tests/data/shop_files/make_files.py
(needs openpyxl; /work/main/.venv/bin/python has it).

Every file -- CSV, tab text and XLSX -- is written from the literal data below, so a
reviewer can read here exactly what each file holds (the stray byte, the hidden rows,
the number formats ...).  XLSX files are made deterministic: fixed document
timestamps and fixed ZIP entry dates, so re-running gives identical bytes.

This script encodes the *inputs* only.  What an importer must do with them is in
cases.json / CASES.md, written by hand, not derived from any importer code.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = dt.datetime(2026, 4, 1, 9, 0, 0)
CRLF = "\r\n"
BOM = "\ufeff"


# --------------------------------------------------------------------------- helpers
def write_bytes(name: str, data: bytes) -> None:
    with open(os.path.join(HERE, name), "wb") as fh:
        fh.write(data)


def text_file(
    name: str, lines: list[str], *, encoding: str, bom: bool = False, eol: str = CRLF, final_eol: bool = True
) -> None:
    """lines are already delimited (commas/tabs, quotes where Excel would put them)."""
    body = eol.join(lines) + (eol if final_eol else "")
    if bom:
        body = BOM + body
    write_bytes(name, body.encode(encoding))


def deterministic_save(wb: Workbook, name: str, patches: dict[str, list[tuple[bytes, bytes]]] | None = None) -> None:
    """Save with fixed timestamps.  patches: {zip member: [(old, new), ...]} raw XML
    replacements, used where openpyxl cannot express what a real file contains
    (e.g. a number stored as "1980000.0" rather than "1980000")."""
    patches = patches or {}
    wb.properties.creator = "HoroloGen test data"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.lastModifiedBy = None
    raw = io.BytesIO()
    wb.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in sorted(zin.infolist(), key=lambda i: i.filename):
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2026-04-01T09:00:00Z\g<2>", data
                )
            for old, new in patches.get(info.filename, []):
                assert data.count(old) == 1, (name, info.filename, old)
                data = data.replace(old, new)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 4, 1, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    write_bytes(name, out.getvalue())


def fill(ws, rows, start_row: int = 1) -> None:
    for r, row in enumerate(rows, start=start_row):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)


def yen_format(ws, col_letter: str, first: int, last: int, fmt: str = "#,##0") -> None:
    for r in range(first, last + 1):
        ws[f"{col_letter}{r}"].number_format = fmt


# =========================================================================== corrections
def corrections() -> None:
    # --- pair A: UTF-8 with BOM, CRLF, stock numbers (管理番号); v2 reorders rows.
    head = "管理番号,ブランド,型番,商品名,ケース径,年式,状態ランク,付属品,販売価格"
    text_file(
        "corr_a_v1.csv",
        [
            head,
            'A-0012,ROLEX,126610LN,サブマリーナー デイト,41mm,2022年,A,箱・保証書・余りコマ2,"¥1,980,000"',
            'A-0013,ROLEX,126610LN,サブマリーナー デイト,41mm,2021年,AB,保証書・余りコマ1,"¥1,880,000"',
            'A-0031,OMEGA,310.30.42.50.01.001,スピードマスター ムーンウォッチ,42mm,2022年,SA,箱・保証書,"¥1,012,000"',
            'A-0040,TUDOR,M79360N-0001,ブラックベイ クロノ,41mm,2023年,S,箱・保証書・余りコマ全,"¥748,000"',
        ],
        encoding="utf-8",
        bom=True,
    )
    text_file(
        "corr_a_v2.csv",
        [
            head,
            'A-0031,OMEGA,310.30.42.50.01.001,スピードマスター プロフェッショナル ムーンウォッチ,42mm,,SA,箱・保証書,"¥1,012,000"',
            'A-0013,ROLEX,126610LN,サブマリーナー デイト,41mm,2021年,AB,保証書・余りコマ1,"¥1,780,000"',
            'A-0040,TUDOR,M79360N-0001,ブラックベイ クロノ,41mm,2023年,S,箱・保証書・余りコマ全,"¥748,000"',
            'A-0012,ROLEX,126610LN,サブマリーナー デイト,41mm,2022年,B,保証書のみ（箱なし）,"¥1,980,000"',
        ],
        encoding="utf-8",
        bom=True,
    )

    # --- pair B: CP932 tab-separated (Excel "テキスト (タブ区切り)"), no stock numbers.
    head = "\t".join(["ブランド", "型番", "商品名", "ケース径", "素材", "コンディション", "付属品", "税込価格"])
    text_file(
        "corr_b_v1.txt",
        [
            head,
            "ROLEX\t126334\tデイトジャスト41\t41mm\tSS/WG\tSA\t箱・保証書\t1,650,000",
            "OMEGA\t210.30.42.20.03.001\tシーマスター ダイバー300M\t42mm\tSS\tA\t箱・保証書\t598,000",
            "GRAND SEIKO\tSBGH267\tメカニカル ハイビート36000\t40mm\tSS\tB\t箱のみ\t480,000",
            "IWC\tIW371605\tポルトギーゼ クロノグラフ\t41mm\tSS\tA\t箱・保証書\t968,000",
        ],
        encoding="cp932",
    )
    text_file(
        "corr_b_v2.txt",
        [
            head,
            "ROLEX\t126334\tデイトジャスト41 ウィンブルドン\t41mm\tSS/WG\tA\t箱・保証書\tASK",
            "OMEGA\t210.30.42.20.03.001\tシーマスター ダイバー300M\t42mm\tSS\tA\t箱・保証書\t598,000",
            "GRAND SEIKO\tSBGH267\tメカニカル ハイビート36000\t40mm\tSS\tB\t\t480,000",
            "PANERAI\tPAM01312\tルミノール マリーナ\t44mm\tSS\tB\t箱のみ\t720,000",
        ],
        encoding="cp932",
    )

    # --- pair C: v1 is XLSX (numbers typed as numbers), v2 is a UTF-8 CSV (no BOM, LF)
    # of the same catalogue.  Only WT-24-0102 really changes.
    wb = Workbook()
    ws = wb.active
    ws.title = "在庫"
    fill(
        ws,
        [
            ["SKU", "メーカー", "Ref.", "商品名", "状態", "付属品", "価格"],
            ["WT-24-0101", "CARTIER", "WSSA0018", "サントス ドゥ カルティエ MM", "A", "箱・保証書", 858000],
            ["WT-24-0102", "PATEK PHILIPPE", "5711/1A-010", "ノーチラス", "AB", "箱・保証書", 16800000],
            ["WT-24-0103", "SEIKO", "SBDC101", "プロスペックス 1965 メカニカルダイバーズ", "A", "箱・保証書", 98000],
        ],
    )
    yen_format(ws, "G", 2, 4)
    deterministic_save(wb, "corr_c_v1.xlsx")
    text_file(
        "corr_c_v2.csv",
        [
            "SKU,メーカー,Ref.,商品名,状態,付属品,価格",
            'WT-24-0101,CARTIER,WSSA0018,サントス ドゥ カルティエ MM,Ａ,箱・保証書,"858,000"',
            'WT-24-0102,PATEK PHILIPPE,5711/1A-010,ノーチラス,AB,箱・保証書・余りコマ1,"16,800,000"',
            "WT-24-0103,SEIKO,SBDC101,プロスペックス 1965 メカニカルダイバーズ ,A,箱・保証書,98000",
        ],
        encoding="utf-8",
        eol="\n",
    )


# =========================================================================== pieces
def pieces() -> None:
    text_file(
        "pieces_kanri_bangou.csv",
        [
            "管理番号,ブランド,型番,商品名,状態ランク,付属品,販売価格",
            'R24-0153,ROLEX,126610LN,サブマリーナー デイト,SA,箱・保証書・余りコマ2,"¥2,080,000"',
            'R24-0178,ROLEX,126610LN,サブマリーナー デイト,A,箱・保証書,"¥1,980,000"',
            'R25-0009,ROLEX,126610LN,サブマリーナー デイト,B,保証書のみ（箱なし）,"¥1,780,000"',
            'R25-0011,ROLEX,124060,サブマリーナー,A,箱・保証書・余りコマ1,"¥1,650,000"',
        ],
        encoding="utf-8",
        bom=True,
    )

    text_file(
        "pieces_zaiko_bangou_cp932.csv",
        [
            "在庫番号,メーカー,品番,商品名,コンディション,付属品,価格(税込)",
            'GS-0007,GRAND SEIKO,SBGA211,スプリングドライブ 雪白,中古A,箱・保証書,"620,000円"',
            'GS-0019,GRAND SEIKO,SBGA211,スプリングドライブ 雪白,中古AB,本体のみ,"548,000円"',
            'GS-0020,GRAND SEIKO,SBGH267,メカニカル ハイビート36000,中古B,箱のみ,"480,000円"',
        ],
        encoding="cp932",
    )

    # Rakuten-flavoured: 商品管理番号 (URL id, lower-case) AND 商品番号 AND 型番.
    text_file(
        "pieces_shouhin_kanri_bangou.csv",
        [
            "商品管理番号,商品番号,ブランド,型番,商品名,状態,付属品,販売価格",
            "ap-15500-a01,AP15500-01,AUDEMARS PIGUET,15500ST.OO.1220ST.01,ロイヤルオーク ブルー,A,箱・保証書・余りコマ2,7480000",
            "ap-15500-a02,AP15500-02,AUDEMARS PIGUET,15500ST.OO.1220ST.01,ロイヤルオーク ブルー,AB,箱・保証書,7180000",
            "pp-5711-a01,PP5711-01,PATEK PHILIPPE,5711/1A-010,ノーチラス,AB,箱・保証書,16800000",
        ],
        encoding="utf-8",
    )

    # XLSX with SKU in the LAST column; one SKU cell is a number (240601).
    wb = Workbook()
    ws = wb.active
    ws.title = "Products"
    fill(
        ws,
        [
            ["ブランド", "Ref.", "商品名", "状態", "付属品", "価格", "SKU"],
            [
                "OMEGA",
                "310.30.42.50.01.001",
                "スピードマスター ムーンウォッチ",
                "N",
                "箱・保証書",
                1012000,
                "OM-2405-001",
            ],
            [
                "OMEGA",
                "310.30.42.50.01.001",
                "スピードマスター ムーンウォッチ",
                "SA",
                "箱・保証書",
                880000,
                "OM-2405-002",
            ],
            ["TAG HEUER", "CBN2A1B.BA0643", "カレラ クロノグラフ", "A", "箱・保証書", 698000, 240601],
        ],
    )
    yen_format(ws, "F", 2, 4)
    deterministic_save(wb, "pieces_sku.xlsx")

    # Excel "Unicode テキスト": UTF-16LE with BOM, tab-separated, CRLF.
    text_file(
        "pieces_stock_no_utf16.txt",
        [
            "\t".join(["ブランド", "型番", "商品名", "状態", "付属品", "価格", "Stock No."]),
            "PANERAI\tPAM01312\tルミノール マリーナ\tB\t箱のみ\t720,000\tP-1201",
            "PANERAI\tPAM01312\tルミノール マリーナ\tA\t箱・保証書\t780,000\tP-1202",
            "IWC\tIW371605\tポルトギーゼ クロノグラフ\tA\t箱・保証書\t968,000\tI-0301",
        ],
        encoding="utf-16-le",
        bom=True,
    )

    # Two rows (lines 3 and 5) share 管理番号 B-0101 but describe different watches.
    text_file(
        "pieces_duplicate_stock.csv",
        [
            "管理番号,ブランド,型番,商品名,状態,付属品,価格",
            'B-0100,ROLEX,116500LN,コスモグラフ デイトナ,AB,箱・保証書,"4,280,000"',
            'B-0101,ROLEX,126710BLRO,GMTマスターII,A,箱・保証書,"2,600,000"',
            'B-0102,ROLEX,126710BLRO,GMTマスターII,B,保証書のみ,"2,350,000"',
            'B-0101,ROLEX,126710BLNR,GMTマスターII,A,箱・保証書,"2,480,000"',
            'B-0103,OMEGA,310.30.42.50.01.001,スピードマスター ムーンウォッチ,A,箱・保証書,"1,012,000"',
        ],
        encoding="utf-8",
        bom=True,
    )


# =========================================================================== price words / status
def price_words() -> None:
    text_file(
        "price_words_onrequest.csv",
        [
            "ブランド,型番,商品名,状態,販売価格",
            "PATEK PHILIPPE,5712/1A-001,ノーチラス ムーンフェイズ,A,Ask",
            "PATEK PHILIPPE,5980/1A-001,ノーチラス クロノグラフ,AB,価格未定",
            "AUDEMARS PIGUET,26331ST.OO.1220ST.03,ロイヤルオーク クロノグラフ,A,お問い合わせ",
            "ROLEX,126500LN,コスモグラフ デイトナ,N,価格はお問い合わせください",
            "ROLEX,126711CHNR,GMTマスターII,SA,０",
            "ROLEX,124270,エクスプローラー,A,￥０",
            "ROLEX,226570,エクスプローラーII,A,0円",
            'TUDOR,M79360N-0001,ブラックベイ クロノ,S,"748,000"',
        ],
        encoding="utf-8",
    )

    text_file(
        "price_words_sold_reserved_cp932.csv",
        [
            "管理番号,ブランド,型番,商品名,状態,価格",
            "C-0201,ROLEX,116500LN,コスモグラフ デイトナ,AB,SOLD OUT",
            "C-0202,ROLEX,126610LV,サブマリーナー デイト,A,売約済",
            "C-0203,OMEGA,310.30.42.50.01.002,スピードマスター ムーンウォッチ,A,売切れ",
            "C-0204,CARTIER,WSSA0018,サントス ドゥ カルティエ,SA,商談中",
            "C-0205,IWC,IW500710,ポルトギーゼ オートマティック,A,HOLD",
            'C-0206,IWC,IW371605,ポルトギーゼ クロノグラフ,B,"968,000"',
            "C-0207,TAG HEUER,CBN2A1B.BA0643,カレラ クロノグラフ,A,Sold",
            "C-0208,SEIKO,SBDC101,プロスペックス 1965 メカニカルダイバーズ,A,売り切れ",
        ],
        encoding="cp932",
    )

    text_file(
        "status_column.csv",
        [
            "管理番号,ブランド,型番,商品名,状態,価格,ステータス",
            'D-0301,ROLEX,126610LN,サブマリーナー デイト,A,"1,980,000",在庫あり',
            'D-0302,ROLEX,126610LN,サブマリーナー デイト,AB,"1,880,000",売約済み',
            'D-0303,ROLEX,126334,デイトジャスト41,A,"1,650,000",商談中',
            'D-0304,OMEGA,310.30.42.50.01.001,スピードマスター ムーンウォッチ,N,"1,012,000",',
            "D-0305,GRAND SEIKO,SBGA211,スプリングドライブ 雪白,A,SOLD,在庫あり",
        ],
        encoding="utf-8",
        bom=True,
    )

    wb = Workbook()
    ws = wb.active
    ws.title = "在庫一覧"
    fill(
        ws,
        [
            ["在庫番号", "ブランド", "型番", "商品名", "状態", "販売価格", "在庫状況"],
            ["E-0401", "PANERAI", "PAM01312", "ルミノール マリーナ", "B", 720000, "在庫あり"],
            ["E-0402", "PANERAI", "PAM01312", "ルミノール マリーナ", "A", 780000, "売約済"],
            ["E-0403", "IWC", "IW371605", "ポルトギーゼ クロノグラフ", "A", 968000, "商談中"],
            ["E-0404", "TUDOR", "M79360N-0001", "ブラックベイ クロノ", "S", 748000, "SOLD"],
            ["E-0405", "CARTIER", "WSSA0018", "サントス ドゥ カルティエ", "B", "ASK", "在庫あり"],
        ],
    )
    yen_format(ws, "F", 2, 5, '"¥"#,##0')
    deterministic_save(wb, "status_zaiko_joukyou.xlsx")


# =========================================================================== sheets
CAT_HEAD = ["管理番号", "ブランド", "型番", "商品名", "状態", "付属品", "価格"]


def sheets() -> None:
    # 1) first sheet hidden (last season), active visible sheet is today's,
    #    plus a visible summary sheet that is not a catalogue.
    wb = Workbook()
    old = wb.active
    old.title = "2025AW"
    fill(
        old,
        [
            CAT_HEAD,
            ["F-0401", "ROLEX", "126610LN", "サブマリーナー デイト", "B", "保証書のみ", 1780000],
            ["F-0402", "ROLEX", "116610LN", "サブマリーナー デイト（旧型）", "AB", "箱・保証書", 1580000],
        ],
    )
    old.sheet_state = "hidden"
    old.sheet_view.tabSelected = False
    cur = wb.create_sheet("2026SS 在庫")
    fill(
        cur,
        [
            CAT_HEAD,
            ["F-0501", "ROLEX", "126610LN", "サブマリーナー デイト", "A", "箱・保証書", 1980000],
            ["F-0502", "OMEGA", "310.30.42.50.01.001", "スピードマスター ムーンウォッチ", "SA", "箱・保証書", 1012000],
            ["F-0503", "TUDOR", "M79360N-0001", "ブラックベイ クロノ", "S", "箱・保証書", 748000],
        ],
    )
    yen_format(cur, "G", 2, 4)
    cur.sheet_view.tabSelected = True
    summ = wb.create_sheet("集計")
    fill(summ, [["項目", "値"], ["件数", 3], ["合計金額", 3740000], ["更新者", "髙橋"]])
    summ.sheet_view.tabSelected = False
    wb.active = 1
    deterministic_save(wb, "sheets_hidden_first.xlsx")

    # 2) a "very hidden" cost sheet placed FIRST, with catalogue-like headers.
    wb = Workbook()
    cost = wb.active
    cost.title = "原価"
    fill(
        cost,
        [
            ["管理番号", "ブランド", "型番", "仕入価格", "仕入先"],
            ["G-0601", "ROLEX", "126710BLRO", 2143000, "業者オークション"],
            ["G-0602", "ROLEX", "124060", 1321000, "店頭買取"],
        ],
    )
    cost.sheet_state = "veryHidden"
    cost.sheet_view.tabSelected = False
    shop = wb.create_sheet("在庫")
    fill(
        shop,
        [
            ["管理番号", "ブランド", "型番", "商品名", "状態", "価格"],
            ["G-0601", "ROLEX", "126710BLRO", "GMTマスターII", "A", 2600000],
            ["G-0602", "ROLEX", "124060", "サブマリーナー", "AB", 1650000],
        ],
    )
    yen_format(shop, "F", 2, 3)
    shop.sheet_view.tabSelected = True
    wb.active = 1
    deterministic_save(wb, "sheets_very_hidden.xlsx")

    # 3) hidden rows (3 and 5) and a hidden column F (仕入値).
    wb = Workbook()
    ws = wb.active
    ws.title = "在庫一覧"
    fill(
        ws,
        [
            ["管理番号", "ブランド", "型番", "商品名", "状態", "仕入値", "価格"],
            ["H-0701", "ROLEX", "126610LN", "サブマリーナー デイト", "A", 1500000, 1980000],
            ["H-0702", "ROLEX", "126610LV", "サブマリーナー デイト グリーンベゼル", "A", 1900000, 2380000],
            ["H-0703", "OMEGA", "310.30.42.50.01.001", "スピードマスター ムーンウォッチ", "SA", 700000, 1012000],
            ["H-0704", "IWC", "IW371605", "ポルトギーゼ クロノグラフ", "A", 600000, 968000],
            ["H-0705", "SEIKO", "SBDC101", "プロスペックス 1965 メカニカルダイバーズ", "A", 60000, 98000],
        ],
    )
    yen_format(ws, "F", 2, 6)
    yen_format(ws, "G", 2, 6)
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["F"].hidden = True
    deterministic_save(wb, "sheets_hidden_rows.xlsx")


# =========================================================================== encodings
def encodings() -> None:
    # UTF-8 (no BOM) where ONE byte on line 4, column D, is a Latin-1 multiplication
    # sign (0xD7) pasted from another program: "42\xd713.6mm".  Everything else is UTF-8.
    lines = [
        "ブランド,型番,商品名,ケース径,状態,付属品,価格",
        'ROLEX,116500LN,コスモグラフ デイトナ,40mm,AB,箱・保証書,"4,280,000"',
        'ROLEX,126610LV,サブマリーナー デイト グリーンベゼル,41mm,A,箱・保証書,"2,380,000"',
        'OMEGA,210.30.42.20.03.001,シーマスター ダイバー300M,42@@STRAY@@13.6mm,A,保証書のみ,"598,000"',
        'GRAND SEIKO,SBGA211,スプリングドライブ 雪白,41mm,A,箱・保証書,"620,000"',
        'PANERAI,PAM01312,ルミノール マリーナ,44mm,B,箱のみ,"720,000"',
    ]
    data = (CRLF.join(lines) + CRLF).encode("utf-8").replace(b"@@STRAY@@", b"\xd7")
    write_bytes("enc_utf8_stray_byte.csv", data)

    # CP932 with characters that plain Shift_JIS (JIS X 0208) does not have or maps
    # differently: Ⅱ ① ② ③ (NEC row 13), ～ (0x8160 -> U+FF5E in CP932),
    # 髙 and 﨑 (IBM extensions), ㎜ (NEC row 13).
    text_file(
        "enc_cp932_ibm_chars.csv",
        [
            "管理番号,ブランド,型番,商品名,状態,付属品,価格,備考,担当",
            'J-0801,ROLEX,126710BLRO,GMTマスターⅡ,A,①箱 ②保証書 ③余りコマ2,"2,600,000",日差 +1～+3秒,髙橋',
            'J-0802,ROLEX,116500LN,コスモグラフ デイトナ,AB,①箱 ②保証書,"4,280,000",髙島屋 購入品,髙橋',
            'J-0803,GRAND SEIKO,SBGH267,メカニカル ハイビート36000,B,本体のみ,"480,000",ケース径 40㎜,﨑山',
        ],
        encoding="cp932",
    )


# =========================================================================== numbers
def numbers() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    fill(ws, [["管理番号", "ブランド", "型番", "商品名", "ケース径", "年式", "状態", "価格"]])
    rows = [
        # stock(int)  brand   reference (typed)  name                         case   year  cond  price
        (12, "OMEGA", 3570.5, "スピードマスター プロフェッショナル", 42, 2001, "A", 680000.0),
        (305, "ROLEX", 16610, "サブマリーナー デイト", 40, 2005, "AB", 1980000.0),
        (1024, "ROLEX", 14060.0, "サブマリーナー", 40, 2008, "B", 1280000.0),
        (2048, "SEIKO", "SBDC101", "プロスペックス 1965 メカニカルダイバーズ", 40.5, 2020, "A", 98000),
    ]
    for i, (stock, brand, ref, name, case, year, cond, price) in enumerate(rows, start=2):
        ws.cell(row=i, column=1, value=stock).number_format = "000000"
        ws.cell(row=i, column=2, value=brand)
        c = ws.cell(row=i, column=3, value=ref)
        if isinstance(ref, float) and ref != int(ref):
            c.number_format = "0.00"  # 3570.5 shown as 3570.50
        elif isinstance(ref, float):
            c.number_format = "0"  # 14060.0 shown as 14060
        ws.cell(row=i, column=4, value=name)
        cc = ws.cell(row=i, column=5, value=case)
        cc.number_format = '0.0"mm"' if isinstance(case, float) else '0"mm"'
        yc = ws.cell(row=i, column=6, value=dt.datetime(year, 1, 1))
        yc.number_format = 'yyyy"年"'
        ws.cell(row=i, column=7, value=cond)
        pc = ws.cell(row=i, column=8, value=price)
        pc.number_format = '"¥"#,##0' if i == 4 else "#,##0"
    # openpyxl writes 1980000.0 as "1980000"; store the two floats the way float-emitting
    # tools do, so a reader sees a float value, not an int.
    deterministic_save(
        wb,
        "num_typed_reference.xlsx",
        patches={
            "xl/worksheets/sheet1.xml": [
                (b'<c r="H3" s="5" t="n"><v>1980000</v>', b'<c r="H3" s="5" t="n"><v>1980000.0</v>'),
                (b'<c r="C4" s="6" t="n"><v>14060</v>', b'<c r="C4" s="6" t="n"><v>14060.0</v>'),
            ]
        },
    )


# =========================================================================== headers
def headers() -> None:
    text_file(
        "hdr_duplicate_joutai.csv",
        [
            "管理番号,ブランド,型番,商品名,状態,付属品,価格,状態",
            'K-0901,ROLEX,126610LN,サブマリーナー デイト,A,箱・保証書,"1,980,000",小傷あり 研磨なし',
            'K-0902,OMEGA,310.30.42.50.01.001,スピードマスター ムーンウォッチ,SA,箱・保証書,"1,012,000",未使用に近い',
        ],
        encoding="utf-8",
        bom=True,
    )

    wb = Workbook()
    ws = wb.active
    ws.title = "在庫"
    fill(
        ws,
        [
            ["ブランド", "型番", "商品名", "備考", "価格", "備考"],
            ["ROLEX", "124060", "サブマリーナー", "2023年12月 正規店購入", 1650000, "余りコマ2 付属"],
            ["TUDOR", "M79360N-0001", "ブラックベイ クロノ", "未使用", 748000, None],
        ],
    )
    yen_format(ws, "E", 2, 3)
    deterministic_save(wb, "hdr_duplicate_bikou.xlsx")

    # Title row (merged A1:G1), blank row 2, header on row 3, data rows 4-7,
    # blank row 8, footnote on row 9.  Row 6 has no reference.
    wb = Workbook()
    ws = wb.active
    ws.title = "在庫リスト"
    ws["A1"] = "〇〇時計店 在庫リスト 2026年4月1日現在"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:G1")
    fill(
        ws,
        [
            ["管理番号", "ブランド", "型番", "商品名", "状態ランク", "付属品", "販売価格"],
            ["L-1001", "ROLEX", "126610LN", "サブマリーナー デイト", "A", "箱・保証書", 1980000],
            ["L-1002", "ROLEX", "126334", "デイトジャスト41", "SA", "箱・保証書・余りコマ2", 1650000],
            ["L-1003", "OMEGA", None, "スピードマスター ムーンウォッチ", "A", "箱・保証書", 1012000],
            ["L-1004", "GRAND SEIKO", "SBGA211", "スプリングドライブ 雪白", "AB", "本体のみ", 620000],
        ],
        start_row=3,
    )
    yen_format(ws, "G", 4, 7)
    ws["A9"] = "※価格は税込です"
    deterministic_save(wb, "hdr_title_row.xlsx")

    text_file(
        "hdr_title_row_cp932.csv",
        [
            "在庫一覧表,,,,,,",
            "出力日：2026/04/01,,,,,,",
            "在庫番号,ブランド,型番,商品名,状態,付属品,税込価格",
            'M-1101,ROLEX,124270,エクスプローラー,A,箱・保証書,"1,080,000"',
            'M-1102,ROLEX,226570,エクスプローラーII,SA,箱・保証書・余りコマ1,"1,380,000"',
            'M-1103,,IW371605,ポルトギーゼ クロノグラフ,A,箱・保証書,"968,000"',
            'M-1104,CARTIER,WSSA0018,サントス ドゥ カルティエ,AB,箱・保証書,"858,000"',
        ],
        encoding="cp932",
    )


# =========================================================================== letter O vs zero
def references() -> None:
    text_file(
        "ref_letter_o.csv",
        [
            "管理番号,ブランド,型番,商品名,状態,付属品,価格",
            'N-1201,AUDEMARS PIGUET,15500ST.OO.1220ST.01,ロイヤルオーク ブルー,A,箱・保証書,"7,480,000"',
            'N-1202,AUDEMARS PIGUET,15500ST.00.1220ST.01,ロイヤルオーク ブルー,AB,箱・保証書・余りコマ1,"7,180,000"',
            'N-1203,AUDEMARS PIGUET,15202ST.OO.1240ST.01,ロイヤルオーク ジャンボ エクストラシン,A,箱・保証書,"12,800,000"',
            "N-1204,AUDEMARS PIGUET,77351OR.ZZ.1261OR.01,ロイヤルオーク オートマティック 34mm,SA,箱・保証書,ASK",
            'N-1205,AUDEMARS PIGUET,15510ST.oo.1320ST.08,ロイヤルオーク,A,箱・保証書,"6,980,000"',
        ],
        encoding="utf-8",
        bom=True,
    )


def main() -> None:
    corrections()
    pieces()
    price_words()
    sheets()
    encodings()
    numbers()
    headers()
    references()


if __name__ == "__main__":
    main()
