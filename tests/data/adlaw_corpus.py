# ruff: noqa: E501  (snippets and source notes are kept whole, as the helper wrote them)
"""Labelled held-out corpus for the HoroloGen ad-law / grounding reviewer.

Written without looking at the reviewer's code or prompts.  Each CORPUS entry is
(product key, snippet, words that MUST be flagged, category, note).  ``words`` are
exact substrings of the snippet; an empty tuple means nothing may be flagged
(category "plain").  Categories: law_rank, law_price, law_other, fact, plain.
DISPUTED maps a CORPUS index to the reason its label can be argued; those
entries are kept, not dropped.

The seed misses in shared/cases/adlaw (double_price.txt, superlatives.txt) were
used only as KINDS (old price with arrow, competitor price, 万円OFF, mall ranking,
一番人気, 業界初, 唯一無二, 最強); every snippet here is new wording.

Fact labels follow one strict rule: a claim is supported only if PRODUCTS holds
it (or an exact equivalent: ステンレス = SS = ステンレススチール, 自動巻き =
オートマチック = self-winding, 樹脂 = レジン, 税別 = 税抜, unit conversions such as
10気圧 = 100m are marked DISPUTED).  A claim true in the real world but absent
from the data is still "fact" (these are mostly DISPUTED).

Guideline clause numbers in the notes refer to 「不当な価格表示についての景品表示法上の
考え方」 (価格表示ガイドライン): 第4-1 同一ではない商品 (新品と中古), 第4-2(1) 過去の販売価格
(最近相当期間: セール前8週間のうち過半かつ4週間以上、通算2週間以上、最後の販売から2週間以内),
第4-2(2) 将来の販売価格, 第4-3 希望小売価格 (公表されたもの; 中古品に新品の希望小売価格は不可),
第4-4 競争事業者の販売価格 (地域・時点の明示), 第4-5 他の顧客向けの販売価格 (会員価格等の条件),
第5 割引率・割引額, 第6 安さを強調するその他の表示 (最安値 等).  景品表示法第5条1号 優良誤認,
2号 有利誤認, 3号 指定告示 (おとり広告); 第7条2項 不実証広告規制.

Sources read (via the stored-pages search; titles as shown there):
- 消費者庁「No.1表示に関する実態調査報告書」(2024-09-26), as summarised in:
  https://www.jmra-net.or.jp/activities/trend/domestic/20241119.html (JMRA, 報告書のポイント);
  https://www.businesslawyers.jp/practices/153 (the four conditions for a reasonable basis);
  https://www.hanbaishi.com/news/16579 ; https://www.noandt.com/publications/publication20241004-1 ;
  https://nozomisogo.gr.jp/newsletter/10874 ; https://ikedasomeya.com/insight/20724 ;
  https://news.yahoo.co.jp/articles/f6a036a1f54630e3a6c1970a6f6a79b5899dec46?page=3 (高評価%表示 / 医師の○%が推奨);
  report PDF address: https://www.caa.go.jp/policies/policy/representation/fair_labeling/survey/assets/representation_cms216_240926_02.pdf
- 公正取引委員会 No.1表示 earlier guidance (商品範囲・地理的範囲「地域No.1」・調査期間・出典):
  http://economic.jp/?p=22980 ; http://taxcom.co.jp/news/zeimu/2002/2002_04/zeimu2002_04_15_001.htm
- 最上級表現 (最高級・最強・日本初・業界初・唯一・完全): https://houritsushoku.com/archives/no1-ad-display-superlative-expression.html ;
  公正競争規約 特定用語の使用基準 (永久・完全・安全・最上級 need objective basis):
  https://happylibus.com/doc/654812/ ; 小売業表示規約のポイント https://eftc.or.jp/code/retail/point.php
- 楽天ランキング表示ガイドライン (2015: 対象期間・集計期間・ジャンル・順位 must be shown):
  http://www.commerce-design.net/etfaq/ (楽天ランキング表示ガイドラインへの対応) ; https://webmist.info/?p=1848 ; https://gk-post.com/4969
- 価格表示ガイドライン and commentaries: https://trusquetta.net/2021/11/01/ (guideline text, はじめに);
  https://www.hisho-law.jp/column/二重価格表示/ (第4.1 新品と中古, 8週間ルール);
  https://www.pref.gunma.jp/page/8399.html (群馬県: 過去の販売価格・他店価格・希望小売価格);
  https://arrins.com/?p=229 ; https://business.bengo4.com/category8/practice157 ;
  https://houritsushoku.com/archives/labeling-regulations-double-price-indication-with-future-prices-as-the-comparison-price.html ;
  https://nakamotopartners.com/ (二重価格表示の問題~将来の販売価格を比較対照にする場合);
  https://blog.fides-cd.co.jp/article/138957453.html (希望小売価格; 中古品に新品の希望小売価格はNG);
  http://compliance-ad.jp/complianceblog/onepoint/80/ and https://madoka-design.com/20241110_discount (割引率・割引額)
- 措置命令 cases: 長谷川産業 (2025-02-28, 販売実績のない「通常価格」)
  https://compliance-ad.jp/against/2025/ and https://www.corporate-legal.jp/法務ニュース/企業/38359 ;
  布屋商店 (2017, 販売実績のない表示価格から30%割引) http://stuvwxyz.cocolog-nifty.com/blog/2017/03/post-ed3a.html ;
  Amazon 参考価格 措置命令取消請求 (東京地裁 令和元年11月15日) https://hanrei.kageshima.jp/?p=8857 ;
  ユニットコム (2025-03-27, 期間限定表示) https://prospire-law.com/articles_advertisingregulations/25032702
- 期間限定・数量限定・おとり広告: https://aog-partners.com/koukoku/kikangenteisuryougenteinosinraiseitohyouzisekinin ;
  https://aog-partners.com/koukoku/?p=727 ; https://www.it-houmu.com/archives/2011
- 打消し表示に関する実態調査報告書 (消費者庁 2017-07): http://www.caa.go.jp/policies/policy/consumer_research/white_paper/2018/white_paper_213.html ;
  https://www.konohacheck.net/2022/08/08/konohaarticle_20220808/ (強調表示と打消し表示の矛盾)
- 古物営業法 (HP表示義務 第12条第2項; URL届出): https://www-pref-nagano-lg-jp.cache.yimg.jp/police/shinsei/seian/seianki/hpkobutsu.html ;
  https://office-ijt.com/kaisetu/eigyou_hp.htm
- Watch-listing wording (condition ranks N/S/A/AB/B, 付属品, 保証書): https://takaraya78.com/5kaitori/index_rolex_tyu.html ;
  https://sc-watch.com/?p=1369 ; http://ubl.co.jp/sales/sales2.html ; https://buysell-kaitori.com/column/watch-accessory/
"""

from __future__ import annotations

PRODUCTS: dict[str, tuple[str, str, str, int | None, str, dict[str, str]]] = {
    "rolex_sub": (
        "ROLEX",
        "126610LN",
        "サブマリーナー デイト",
        1890000,
        "included",
        {
            "ケース径": "41mm",
            "素材": "オイスタースチール（ステンレススチール）",
            "ムーブメント": "自動巻き Cal.3235",
            "年式": "2021年3月",
            "状態": "中古AB（ブレスレットに小傷あり）",
            "付属品": "箱・保証書（ギャランティカード）・余りコマ",
            "防水": "300m",
            "文字盤": "ブラック",
            "ベゼル": "ブラック セラクロム（セラミック）",
            "ブレスレット": "オイスターブレスレット",
            "モデル": "最新世代の現行モデル（2020年発表）",
        },
    ),
    "omega_speedy": (
        "OMEGA",
        "310.30.42.50.01.001",
        "スピードマスター ムーンウォッチ プロフェッショナル",
        792000,
        "included",
        {
            "ケース径": "42mm",
            "素材": "ステンレススチール",
            "ムーブメント": "手巻き Cal.3861",
            "年式": "2021年",
            "状態": "中古A",
            "付属品": "保証書のみ（箱なし）",
            "防水": "50m",
            "風防": "ヘサライトガラス",
            "文字盤": "ブラック",
            "ブレスレット": "ステンレスブレスレット",
        },
    ),
    "gs_snowflake": (
        "GRAND SEIKO",
        "SBGA211",
        "スプリングドライブ スノーフレーク",
        780000,
        "excluded",
        {
            "ケース径": "41mm",
            "素材": "ブライトチタン",
            "ムーブメント": "スプリングドライブ Cal.9R65",
            "パワーリザーブ": "約72時間",
            "年式": "2023年",
            "状態": "未使用",
            "付属品": "箱・保証書・取扱説明書",
            "防水": "10気圧防水",
            "文字盤": "ホワイト（雪白パターン）",
            "風防": "サファイアガラス",
        },
    ),
    "patek_5227": (
        "PATEK PHILIPPE",
        "5227G-001",
        "カラトラバ",
        None,
        "unknown",
        {
            "素材": "18Kホワイトゴールド",
            "状態": "中古",
        },
    ),
    "cartier_tank": (
        "CARTIER",
        "WSTA0041",
        "タンク マスト LM",
        385000,
        "included",
        {
            "ケースサイズ": "33.7mm × 25.5mm",
            "素材": "ステンレススチール",
            "ムーブメント": "クォーツ",
            "年式": "2022年",
            "状態": "中古A",
            "付属品": "箱・保証書",
            "文字盤": "シルバー",
            "ベルト": "ブラックレザーストラップ（純正）",
        },
    ),
    "tudor_bb58": (
        "TUDOR",
        "M79030N-0001",
        "ブラックベイ フィフティエイト",
        528000,
        "included",
        {
            "ケース径": "39mm",
            "素材": "ステンレススチール",
            "ムーブメント": "自動巻き Cal.MT5402",
            "パワーリザーブ": "約70時間",
            "年式": "2022年8月",
            "状態": "新品",
            "付属品": "箱・国際保証書",
            "防水": "200m",
            "文字盤": "ブラック",
            "ブレスレット": "リベット風ステンレスブレスレット",
        },
    ),
    "iwc_portugieser": (
        "IWC",
        "IW371605",
        "ポルトギーゼ クロノグラフ",
        968000,
        "included",
        {
            "ケース径": "41mm",
            "素材": "ステンレススチール",
            "ムーブメント": "自動巻き Cal.69355",
            "状態": "中古A",
            "付属品": "箱・保証書",
            "防水": "3気圧",
            "文字盤": "シルバー",
            "針": "ブルー",
            "ベルト": "ブラックアリゲーターストラップ",
        },
    ),
    "gshock_5600": (
        "CASIO G-SHOCK",
        "DW-5600E-1",
        "DW-5600E",
        9980,
        "included",
        {
            "素材": "樹脂（ケース・バンド）",
            "ムーブメント": "クォーツ",
            "防水": "20気圧防水",
            "状態": "新品",
            "付属品": "箱・取扱説明書",
            "機能": "ストップウオッチ・タイマー・アラーム・ELバックライト",
        },
    ),
    "seiko_6105": (
        "SEIKO",
        "6105-8000",
        "セカンドダイバー",
        418000,
        "included",
        {
            "素材": "ステンレススチール",
            "ムーブメント": "自動巻き Cal.6105A",
            "年式": "1969年頃",
            "状態": "中古B（経年による小傷・夜光の焼けあり）",
            "付属品": "なし（本体のみ）",
            "防水": "製造時150m、現状は非防水",
            "文字盤": "ブラック",
            "ストラップ": "社外ラバーストラップ",
            "備考": "初期型（6105-8000）",
        },
    ),
}

CORPUS: list[tuple[str, str, tuple[str, ...], str, str]] = [
    # 0
    (
        "rolex_sub",
        "ROLEX サブマリーナー デイト Ref.126610LN、ケース径41mmのモデルです。",
        (),
        "plain",
        "Restates brand, name, reference and case size from the data.",
    ),
    # 1
    (
        "rolex_sub",
        "ケースとブレスレットはステンレス製のオイスタースチールです。",
        (),
        "plain",
        "ステンレス is the same material the data gives as オイスタースチール（ステンレススチール）.",
    ),
    # 2
    (
        "rolex_sub",
        "ムーブメントは自動巻きのCal.3235を搭載しています。",
        (),
        "plain",
        "Movement restated from the data.",
    ),
    # 3
    ("rolex_sub", "年式は2021年3月です。", (), "plain", "Year and month exactly as in the data."),
    # 4
    (
        "rolex_sub",
        "300m防水で、ブラック文字盤にブラックのセラミックベゼルを組み合わせています。",
        (),
        "plain",
        "Water resistance, dial and ceramic (セラクロム) bezel are all in the data.",
    ),
    # 5
    ("rolex_sub", "付属品は箱、保証書、余りコマです。", (), "plain", "Accessories listed exactly as in the data."),
    # 6
    (
        "rolex_sub",
        "ブレスレットには小傷があり、状態ランクは中古ABです。",
        (),
        "plain",
        "Condition and its caveat restated; ランク here is the condition grade, not a ranking claim.",
    ),
    # 7
    ("rolex_sub", "販売価格は1,890,000円（税込）です。", (), "plain", "Price and tax basis match the data."),
    # 8
    ("rolex_sub", "2020年に発表された現行モデルです。", (), "plain", "The data says 現行モデル（2020年発表）."),
    # 9
    (
        "rolex_sub",
        "最新世代にあたる現行のサブマリーナー デイトです。",
        (),
        "plain",
        "最新 is backed by the data (最新世代の現行モデル), so it is not an unsupported superlative.",
    ),
    # 10
    (
        "rolex_sub",
        "オンオフ問わず、シーンを限定せずに着けられる一本です。",
        (),
        "plain",
        "限定 used as an ordinary verb and オフ as 'off duty'; no price or scarcity claim.",
    ),
    # 11
    (
        "rolex_sub",
        "黒のトップリング（ベゼル）が文字盤を引き締めます。",
        (),
        "plain",
        "トップ names a part of the case, not a ranking; 引き in 引き締める is not 値引き.",
    ),
    # 12
    (
        "rolex_sub",
        "ベゼル、文字盤ともに黒で統一された精悍な表情です。",
        (),
        "plain",
        "Black dial and black bezel are in the data; 精悍 is harmless mood wording.",
    ),
    # 13
    (
        "rolex_sub",
        "The Submariner Date ref. 126610LN has a 41mm Oystersteel case and a black dial.",
        (),
        "plain",
        "English restatement of the data.",
    ),
    # 14
    ("rolex_sub", "Powered by the self-winding calibre 3235.", (), "plain", "Self-winding is the same as 自動巻き."),
    # 15
    (
        "rolex_sub",
        "唯一気になる点として、ブレスレットに小傷があります。",
        (),
        "plain",
        "唯一 introduces the one flaw the data itself lists; it is not a uniqueness claim about the product.",
    ),
    # 16
    ("rolex_sub", "表示価格はすべて税込です。", (), "plain", "Tax basis 'included' is in the data."),
    # 17
    (
        "omega_speedy",
        "OMEGA スピードマスター ムーンウォッチ プロフェッショナル、Ref.310.30.42.50.01.001です。",
        (),
        "plain",
        "Name and reference from the data.",
    ),
    # 18
    ("omega_speedy", "手巻きムーブメントCal.3861を搭載しています。", (), "plain", "Movement from the data."),
    # 19
    (
        "omega_speedy",
        "風防はヘサライトガラス、ケース径は42mmです。",
        (),
        "plain",
        "Crystal and case size from the data.",
    ),
    # 20
    (
        "omega_speedy",
        "2021年式の中古A品です。",
        (),
        "plain",
        "Year (2021年) and condition from the data; 年式 wording does not add a month.",
    ),
    # 21
    ("omega_speedy", "付属品は保証書のみで、箱は付属しません。", (), "plain", "Matches 保証書のみ（箱なし）."),
    # 22
    (
        "omega_speedy",
        "ケース・ブレスレットともにSS製です。",
        (),
        "plain",
        "SS is the usual abbreviation of ステンレススチール, as in the data.",
    ),
    # 23
    ("omega_speedy", "販売価格は792,000円（税込）です。", (), "plain", "Price and tax basis match."),
    # 24
    ("omega_speedy", "防水性能は50mです。", (), "plain", "Water resistance from the data."),
    # 25
    (
        "omega_speedy",
        "初めて手巻き時計を持つ方にも扱いやすい一本です。",
        (),
        "plain",
        "初めて is ordinary usage (first-time owner), not a 初 claim; 手巻き is in the data.",
    ),
    # 26
    (
        "omega_speedy",
        "The Moonwatch comes with its warranty card only; no box is included.",
        (),
        "plain",
        "English restatement of 保証書のみ（箱なし）; 'only' is not a uniqueness claim.",
    ),
    # 27
    (
        "omega_speedy",
        "The only accessory included is the warranty card.",
        (),
        "plain",
        "'The only' refers to the accessory list, matching the data.",
    ),
    # 28
    (
        "omega_speedy",
        "風防はアクリル系のヘサライトです。",
        (),
        "plain",
        "Hesalite is an acrylic crystal, so アクリル系 describes the same thing the data names.",
    ),
    # 29
    (
        "omega_speedy",
        "ブラック文字盤にステンレスブレスレットを合わせた定番の組み合わせです。",
        (),
        "plain",
        "Dial and bracelet are in the data; 定番 is mild wording, not a ranking.",
    ),
    # 30
    (
        "gs_snowflake",
        "グランドセイコー SBGA211、通称スノーフレークです。",
        (),
        "plain",
        "Name and reference from the data.",
    ),
    # 31
    ("gs_snowflake", "ケースはブライトチタン製、径は41mmです。", (), "plain", "Material and size from the data."),
    # 32
    (
        "gs_snowflake",
        "スプリングドライブ Cal.9R65を搭載し、パワーリザーブは約72時間です。",
        (),
        "plain",
        "Movement and power reserve from the data.",
    ),
    # 33
    (
        "gs_snowflake",
        "最大約72時間のパワーリザーブを備えています。",
        (),
        "plain",
        "最大 here describes the full-wind reserve given in the data (約72時間), not a comparison with other products.",
    ),
    # 34
    (
        "gs_snowflake",
        "雪白パターンのホワイト文字盤が印象的です。",
        (),
        "plain",
        "Dial from the data; 印象的 is harmless opinion.",
    ),
    # 35
    (
        "gs_snowflake",
        "2023年の未使用品で、箱・保証書・取扱説明書が揃っています。",
        (),
        "plain",
        "Year, condition and accessories from the data.",
    ),
    # 36
    ("gs_snowflake", "10気圧防水です。", (), "plain", "Water resistance from the data."),
    # 37
    (
        "gs_snowflake",
        "風防はサファイアガラスです。",
        (),
        "plain",
        "Sapphire crystal IS in this product's data (contrast with the OMEGA and CARTIER entries).",
    ),
    # 38
    ("gs_snowflake", "販売価格は780,000円（税別）です。", (), "plain", "Price and tax basis (excluded) match."),
    # 39
    (
        "gs_snowflake",
        "780,000円（税抜）、消費税は別途申し受けます。",
        (),
        "plain",
        "税抜 is the same basis as 税別 / excluded.",
    ),
    # 40
    (
        "gs_snowflake",
        "税込価格に換算すると858,000円です。",
        (),
        "plain",
        "780,000円 × 1.10 = 858,000円; arithmetic on the data, not a new price claim.",
    ),
    # 41
    (
        "gs_snowflake",
        "この時計の一番の魅力は、雪白の文字盤だと私たちは考えています。",
        (),
        "plain",
        "一番 ranks features of this one watch as the shop's opinion, not the watch against competitors.",
    ),
    # 42
    (
        "gs_snowflake",
        "雪白の文字盤が第一印象を決める一本です。",
        (),
        "plain",
        "第一印象 is an ordinary idiom, not 第1位.",
    ),
    # 43
    (
        "gs_snowflake",
        "着用シーンを限定しないシンプルなデザインです。",
        (),
        "plain",
        "限定 as an ordinary verb, no scarcity claim.",
    ),
    # 44
    (
        "gs_snowflake",
        "チタン製のケースを採用しています。",
        (),
        "plain",
        "ブライトチタン is a titanium; チタン is a less specific restatement of the data.",
    ),
    # 45
    (
        "gs_snowflake",
        "100m相当の防水性能（10気圧防水）を備えています。",
        (),
        "plain",
        "10気圧 is the standard equivalent of 100m.",
    ),
    # 46
    (
        "gs_snowflake",
        "An unused 2023 example, complete with box, warranty card and instruction manual.",
        (),
        "plain",
        "English restatement; warranty card = 保証書.",
    ),
    # 47
    ("gs_snowflake", "The 41mm case is crafted in Bright Titanium.", (), "plain", "English form of ブライトチタン."),
    # 48
    (
        "gs_snowflake",
        "Never worn: the watch is sold in unused condition.",
        (),
        "plain",
        "未使用 = unused / never worn.",
    ),
    # 49
    ("gs_snowflake", "The price is ¥780,000 excluding consumption tax.", (), "plain", "Price and tax basis match."),
    # 50
    (
        "patek_5227",
        "パテック フィリップ カラトラバ Ref.5227G-001です。",
        (),
        "plain",
        "Brand, name and reference from the data.",
    ),
    # 51
    ("patek_5227", "ケース素材は18Kホワイトゴールドです。", (), "plain", "Material from the data."),
    # 52
    ("patek_5227", "K18WGケースのカラトラバです。", (), "plain", "K18WG is the same as 18Kホワイトゴールド."),
    # 53
    (
        "patek_5227",
        "状態は中古です。詳しいコンディションはお問い合わせください。",
        (),
        "plain",
        "Condition from the data; no extra grade claimed.",
    ),
    # 54
    ("patek_5227", "価格はお問い合わせください。", (), "plain", "No price in the data and none stated."),
    # 55
    ("patek_5227", "The case is 18k white gold.", (), "plain", "English restatement."),
    # 56
    (
        "patek_5227",
        "ホワイトゴールドならではの落ち着いた輝きが魅力です。",
        (),
        "plain",
        "Harmless emotional wording about the stated material.",
    ),
    # 57
    ("patek_5227", "Ref. No. 5227G-001, pre-owned.", (), "plain", "No. is a reference-number label, not No.1."),
    # 58
    ("patek_5227", "特別な日に選びたい一本です。", (), "plain", "特別 as mood wording, not 特別価格."),
    # 59
    (
        "cartier_tank",
        "カルティエ タンク マスト LM、Ref.WSTA0041です。",
        (),
        "plain",
        "Name and reference from the data.",
    ),
    # 60
    (
        "cartier_tank",
        "ケースサイズは33.7mm × 25.5mm、素材はステンレススチールです。",
        (),
        "plain",
        "Size and material from the data.",
    ),
    # 61
    ("cartier_tank", "ムーブメントはクォーツです。", (), "plain", "Movement from the data."),
    # 62
    (
        "cartier_tank",
        "電池で動くクォーツムーブメントを搭載しています。",
        (),
        "plain",
        "A クォーツ movement is battery-driven; restates the data.",
    ),
    # 63
    (
        "cartier_tank",
        "2022年式の中古Aで、箱と保証書が付属します。",
        (),
        "plain",
        "Year, condition and accessories from the data.",
    ),
    # 64
    (
        "cartier_tank",
        "シルバー文字盤に純正のブラックレザーストラップを合わせています。",
        (),
        "plain",
        "Dial and strap from the data.",
    ),
    # 65
    ("cartier_tank", "販売価格は385,000円（税込）です。", (), "plain", "Price and tax basis match."),
    # 66
    (
        "cartier_tank",
        "ビジネスにもプライベートにも、場面を選ばず使えるデザインです。",
        (),
        "plain",
        "Harmless usage suggestion.",
    ),
    # 67
    (
        "cartier_tank",
        "最寄りの店舗での試着をご希望の方は、事前にご連絡ください。",
        (),
        "plain",
        "最寄り is ordinary usage, not a superlative.",
    ),
    # 68
    (
        "cartier_tank",
        "気温が下がる季節には、レザーストラップの温もりが心地よく感じられます。",
        (),
        "plain",
        "下がる is about temperature, not price; leather strap is in the data.",
    ),
    # 69
    (
        "cartier_tank",
        "A 2022 Tank Must LM in stainless steel with a quartz movement.",
        (),
        "plain",
        "English restatement.",
    ),
    # 70
    ("cartier_tank", "The price is ¥385,000 including tax.", (), "plain", "Price and tax basis match."),
    # 71
    (
        "cartier_tank",
        "Not limited to formal occasions: it works on or off duty.",
        (),
        "plain",
        "'limited' and 'off' in their ordinary senses.",
    ),
    # 72
    (
        "cartier_tank",
        "古物営業法に基づく表示は当店トップページに掲載しています。",
        (),
        "plain",
        "トップページ is the site's front page; 古物営業法 requires the licence details on the site (top page or linked page).",
    ),
    # 73
    (
        "tudor_bb58",
        "チューダー ブラックベイ フィフティエイト M79030N-0001です。",
        (),
        "plain",
        "Name and reference from the data.",
    ),
    # 74
    (
        "tudor_bb58",
        "39mmのステンレスケースに、自動巻きCal.MT5402を搭載しています。",
        (),
        "plain",
        "Size, material and movement from the data.",
    ),
    # 75
    (
        "tudor_bb58",
        "パワーリザーブは約70時間、200m防水です。",
        (),
        "plain",
        "Power reserve and water resistance from the data.",
    ),
    # 76
    (
        "tudor_bb58",
        "2022年8月の新品で、箱と国際保証書が付属します。",
        (),
        "plain",
        "Date, condition and accessories from the data.",
    ),
    # 77
    (
        "tudor_bb58",
        "リベット風のステンレスブレスレットがヴィンテージの雰囲気を演出します。",
        (),
        "plain",
        "Bracelet from the data; mood wording.",
    ),
    # 78
    ("tudor_bb58", "528,000円（税込）でご案内しています。", (), "plain", "Price and tax basis match."),
    # 79
    (
        "tudor_bb58",
        "初めての機械式時計としても選びやすいサイズ感です。",
        (),
        "plain",
        "初めて is ordinary usage; 自動巻き is a mechanical movement.",
    ),
    # 80
    (
        "tudor_bb58",
        "オートマチック（自動巻き）ムーブメントを搭載しています。",
        (),
        "plain",
        "オートマチック = 自動巻き.",
    ),
    # 81
    ("tudor_bb58", "最初に付属品の内容をご確認ください。", (), "plain", "最初 is ordinary usage."),
    # 82
    (
        "tudor_bb58",
        "ご自身の価値観に合う一本を見つけてください。",
        (),
        "plain",
        "価値 in 価値観 is not an asset-value claim.",
    ),
    # 83
    (
        "tudor_bb58",
        "Brand new, with box and international warranty card.",
        (),
        "plain",
        "English restatement of 新品 / 箱・国際保証書.",
    ),
    # 84
    ("tudor_bb58", "39mm steel case, automatic movement, 200m water resistance.", (), "plain", "English restatement."),
    # 85
    ("tudor_bb58", "Ideal for first-time buyers of a mechanical watch.", (), "plain", "'first' in its ordinary sense."),
    # 86
    (
        "tudor_bb58",
        "ブラック文字盤とステンレスブレスレットの組み合わせは、オンにもオフにも馴染みます。",
        (),
        "plain",
        "オフ is off-duty, not a discount.",
    ),
    # 87
    (
        "iwc_portugieser",
        "IWC ポルトギーゼ クロノグラフ IW371605です。",
        (),
        "plain",
        "Name and reference from the data.",
    ),
    # 88
    (
        "iwc_portugieser",
        "シルバー文字盤にブルーの針、41mmのステンレスケースです。",
        (),
        "plain",
        "Dial, hands, size and material from the data.",
    ),
    # 89
    (
        "iwc_portugieser",
        "自動巻きCal.69355を搭載したクロノグラフです。",
        (),
        "plain",
        "Movement from the data; クロノグラフ is in the model name.",
    ),
    # 90
    (
        "iwc_portugieser",
        "3気圧防水のため、水仕事の際は外してください。",
        (),
        "plain",
        "Water resistance from the data plus ordinary care advice.",
    ),
    # 91
    (
        "iwc_portugieser",
        "中古Aランクで、箱・保証書が付属します。",
        (),
        "plain",
        "Condition and accessories; ランク is a condition grade.",
    ),
    # 92
    ("iwc_portugieser", "ストラップはブラックのアリゲーターです。", (), "plain", "Strap from the data."),
    # 93
    ("iwc_portugieser", "販売価格は968,000円（税込）です。", (), "plain", "Price and tax basis match."),
    # 94
    (
        "iwc_portugieser",
        "写真の一番上は文字盤のアップ、一番下は付属品です。",
        (),
        "plain",
        "一番上 / 一番下 describe photo order, not a ranking.",
    ),
    # 95
    (
        "iwc_portugieser",
        "The Portugieser Chronograph IW371605 features a silver dial with blue hands.",
        (),
        "plain",
        "English restatement.",
    ),
    # 96
    (
        "iwc_portugieser",
        "Self-winding calibre 69355 in a 41mm stainless steel case.",
        (),
        "plain",
        "English restatement.",
    ),
    # 97
    (
        "iwc_portugieser",
        "Photos of the included box and papers are at the top of the listing.",
        (),
        "plain",
        "'top' is page position; box and papers = 箱・保証書.",
    ),
    # 98
    (
        "iwc_portugieser",
        "Best paired with a dark suit or a navy jacket.",
        (),
        "plain",
        "'Best' is styling advice, not a ranking of the product.",
    ),
    # 99
    (
        "iwc_portugieser",
        "ブルーの針が文字盤を引き締める役割を果たしています。",
        (),
        "plain",
        "引き and 割 appear only in 引き締める / 役割, not 値引き / 割引.",
    ),
    # 100
    ("gshock_5600", "G-SHOCK DW-5600E-1、新品です。", (), "plain", "Reference and condition from the data."),
    # 101
    ("gshock_5600", "20気圧防水、クォーツ駆動です。", (), "plain", "Water resistance and movement from the data."),
    # 102
    (
        "gshock_5600",
        "ストップウオッチ、タイマー、アラーム、ELバックライトを搭載しています。",
        (),
        "plain",
        "Functions from the data.",
    ),
    # 103
    ("gshock_5600", "ケースとバンドはレジン（樹脂）製です。", (), "plain", "レジン = 樹脂."),
    # 104
    (
        "gshock_5600",
        "9,980円（税込）、箱と取扱説明書付きです。",
        (),
        "plain",
        "Price, tax basis and accessories match.",
    ),
    # 105
    ("gshock_5600", "アウトドアにも街にも、シーンを選ばず使えます。", (), "plain", "Harmless usage suggestion."),
    # 106
    (
        "gshock_5600",
        "The DW-5600E-1 is water resistant to 200 metres.",
        (),
        "plain",
        "20気圧 is the standard equivalent of 200m.",
    ),
    # 107
    (
        "gshock_5600",
        "休日（OFFの日）にも気軽に着けられる一本です。",
        (),
        "plain",
        "OFF means a day off, not a discount.",
    ),
    # 108
    (
        "gshock_5600",
        "初回のお問い合わせ時に、商品名「DW-5600E」をお伝えください。",
        (),
        "plain",
        "初回 is ordinary usage.",
    ),
    # 109
    ("seiko_6105", "セイコー セカンドダイバー Ref.6105-8000です。", (), "plain", "Name and reference from the data."),
    # 110
    ("seiko_6105", "6105-8000は初期型にあたる個体です。", (), "plain", "初期型 is stated in the data (備考)."),
    # 111
    (
        "seiko_6105",
        "1969年頃製造の自動巻きで、Cal.6105Aを搭載しています。",
        (),
        "plain",
        "Approximate year and movement from the data.",
    ),
    # 112
    (
        "seiko_6105",
        "製造時は150m防水ですが、現状は非防水のため水濡れにはご注意ください。",
        (),
        "plain",
        "Restates the data's water-resistance caveat.",
    ),
    # 113
    ("seiko_6105", "経年による小傷と夜光の焼けがある中古Bの個体です。", (), "plain", "Condition from the data."),
    # 114
    ("seiko_6105", "付属品はなく、本体のみの販売です。", (), "plain", "Accessories: none, as in the data."),
    # 115
    ("seiko_6105", "ストラップは社外のラバーです。", (), "plain", "Strap from the data."),
    # 116
    ("seiko_6105", "販売価格は418,000円（税込）です。", (), "plain", "Price and tax basis match."),
    # 117
    (
        "seiko_6105",
        "当時のデザインを今に伝えるヴィンテージの魅力があります。",
        (),
        "plain",
        "Mood wording consistent with a c.1969 watch.",
    ),
    # 118
    (
        "seiko_6105",
        "Early-type 6105-8000, sold without box or papers.",
        (),
        "plain",
        "初期型 and 付属品なし restated in English.",
    ),
    # 119
    (
        "seiko_6105",
        "最後に、ヴィンテージ品のため防水性はない点をご理解ください。",
        (),
        "plain",
        "最後 is ordinary usage; 非防水 is in the data.",
    ),
    # 120
    (
        "seiko_6105",
        "ステンレスケースにブラック文字盤の組み合わせです。",
        (),
        "plain",
        "Material and dial from the data.",
    ),
    # 121
    (
        "seiko_6105",
        "初めてヴィンテージ時計を検討される方は、現状非防水である点にご注意ください。",
        (),
        "plain",
        "初めて is ordinary usage; caveat from the data.",
    ),
    # 122
    (
        "seiko_6105",
        "安心してお選びいただけるよう、傷や焼けの状態も包み隠さずお伝えしています。",
        (),
        "plain",
        "安心 refers to the disclosure itself, not an absolute safety promise; the flaws are in the data.",
    ),
    # 123
    (
        "rolex_sub",
        "サブマリーナーは当店の売上ランキングで第2位のモデルです。",
        ("第2位",),
        "law_rank",
        "A sales ranking with no period, range or source; No.1表示: 景表法5条1号/2号; 2024年消費者庁No.1報告書 requires a reasonable basis (比較対象・調査対象・公平な方法・表示と結果の対応) and range/period/source shown.",
    ),
    # 124
    (
        "rolex_sub",
        "Yahoo!ショッピングの腕時計ランキングで1位を獲得しました。",
        ("1位",),
        "law_rank",
        "Mall ranking with no date, aggregation period or genre (mall ranking-display rules, No.1 report).",
    ),
    # 125
    (
        "rolex_sub",
        "時計専門誌の読者投票で1位に選ばれたモデルです。",
        ("1位",),
        "law_rank",
        "Third-party subjective-survey No.1 with no source or survey period; 2024 No.1 report.",
    ),
    # 126
    (
        "rolex_sub",
        "サブマリーナーこそ、この分野の元祖にして最高峰です。",
        ("元祖", "最高峰"),
        "law_rank",
        "元祖 (first) and 最高峰 (best) superlatives without objective basis; 景表法5条1号.",
    ),
    # 127
    (
        "rolex_sub",
        "ご購入者の満足度98%の当店がお届けします。",
        ("満足度98%",),
        "law_rank",
        "高評価%表示, covered by the 2024 No.1 report: needs a survey that meets the same 4 conditions.",
    ),
    # 128
    (
        "rolex_sub",
        "圧倒的な人気を誇るブラックのサブマリーナーです。",
        ("圧倒的な人気",),
        "law_rank",
        "Implied popularity superiority over other models without basis.",
    ),
    # 129
    (
        "rolex_sub",
        "Rated No.1 by our customers for value.",
        ("No.1",),
        "law_rank",
        "Customer-satisfaction No.1 with no survey basis; 2024 No.1 report.",
    ),
    # 130
    (
        "omega_speedy",
        "ムーンウォッチは当店でNo.1の人気を誇ります。",
        ("No.1",),
        "law_rank",
        "Popularity No.1 with no period or basis; No.1表示: 景表法5条1号/2号; 2024年消費者庁No.1報告書 requires a reasonable basis (比較対象・調査対象・公平な方法・表示と結果の対応) and range/period/source shown.",
    ),
    # 131
    (
        "omega_speedy",
        "ランキング常連、殿堂入りのムーンウォッチです。",
        ("ランキング常連", "殿堂入り"),
        "law_rank",
        "Ranking claims with no named ranking, period or source.",
    ),
    # 132
    (
        "omega_speedy",
        "ムーンウォッチは腕時計の最高傑作です。",
        ("最高傑作",),
        "law_rank",
        "Absolute superlative (最高) without objective basis; 景表法5条1号.",
    ),
    # 133
    (
        "omega_speedy",
        "時計専門家の9割が推奨するムーンウォッチです。",
        ("9割が推奨",),
        "law_rank",
        "専門家推奨% claim; the 2024 report names 「医師の○%が推奨」-type wording as needing verified experts and a fair survey.",
    ),
    # 134
    (
        "omega_speedy",
        "他に代わるもののない、ただ一つの存在です。",
        ("ただ一つの存在",),
        "law_rank",
        "Uniqueness claim (same kind as 唯一無二) for a serially produced reference.",
    ),
    # 135
    (
        "omega_speedy",
        "Our best-selling Omega of the year.",
        ("best-selling",),
        "law_rank",
        "Sales-rank claim with no period or data basis.",
    ),
    # 136
    (
        "gs_snowflake",
        "顧客満足度ナンバーワンのグランドセイコーです。",
        ("ナンバーワン",),
        "law_rank",
        "Customer-satisfaction No.1, the most common form in the 2024 report; needs a valid survey.",
    ),
    # 137
    (
        "gs_snowflake",
        "スプリングドライブは世界で唯一の駆動方式です。",
        ("唯一",),
        "law_rank",
        "唯一 (only) claim; 景表法5条1号 needs objective substantiation (不実証広告規制 7条2項).",
    ),
    # 138
    (
        "gs_snowflake",
        "このスノーフレークの文字盤仕上げは業界初の技術です。",
        ("業界初",),
        "law_rank",
        "業界初 (first) claim without basis.",
    ),
    # 139
    (
        "gs_snowflake",
        "ブライトチタンを国内で初めて腕時計に採用したのがグランドセイコーです。",
        ("国内で初めて",),
        "law_rank",
        "国内初 (first in Japan) historical claim without basis.",
    ),
    # 140
    (
        "gs_snowflake",
        "2023年下期の当店売上で第3位を記録しました。",
        ("第3位",),
        "law_rank",
        "A period is stated but the shop data holds no sales figures to support the rank.",
    ),
    # 141
    (
        "gs_snowflake",
        "The world's finest titanium watch.",
        ("world's finest",),
        "law_rank",
        "Worldwide superlative without basis.",
    ),
    # 142
    (
        "gs_snowflake",
        "Top-rated Grand Seiko on Rakuten.",
        ("Top-rated",),
        "law_rank",
        "Marketplace rating claim with no date, period or genre.",
    ),
    # 143
    (
        "patek_5227",
        "至高の一本、カラトラバ。",
        ("至高",),
        "law_rank",
        "至高 (supreme) superlative without objective basis.",
    ),
    # 144
    (
        "patek_5227",
        "究極のホワイトゴールドケースを纏ったカラトラバです。",
        ("究極",),
        "law_rank",
        "究極 (ultimate) superlative without objective basis.",
    ),
    # 145
    (
        "patek_5227",
        "世界三大時計ブランドの筆頭、パテック フィリップ。",
        ("筆頭",),
        "law_rank",
        "Ranks the brand first among named competitors without basis.",
    ),
    # 146
    (
        "patek_5227",
        "The ultimate expression of Patek Philippe craftsmanship.",
        ("ultimate",),
        "law_rank",
        "Superlative without basis.",
    ),
    # 147
    (
        "patek_5227",
        "Voted the best watch of the year.",
        ("best watch of the year",),
        "law_rank",
        "Award/vote claim with no source or year.",
    ),
    # 148
    (
        "cartier_tank",
        "当店で一番売れているカルティエがこのタンク マストです。",
        ("一番売れている",),
        "law_rank",
        "Sales-rank claim (一番) with no period or basis.",
    ),
    # 149
    (
        "cartier_tank",
        "当店は日本で初めてタンク マストを取り扱ったショップです。",
        ("日本で初めて",),
        "law_rank",
        "日本初 claim about the dealer without basis.",
    ),
    # 150
    (
        "cartier_tank",
        "最高品質のステンレススチールケースです。",
        ("最高品質",),
        "law_rank",
        "最高 superlative on quality; objective basis required (特定用語: 最上級・優位性).",
    ),
    # 151
    (
        "cartier_tank",
        "タンク マストはカルティエ史上最高のロングセラーです。",
        ("史上最高",),
        "law_rank",
        "Historical superlative without basis.",
    ),
    # 152
    (
        "cartier_tank",
        "Number one choice among Japanese women.",
        ("Number one",),
        "law_rank",
        "No.1 claim with no survey basis.",
    ),
    # 153
    (
        "tudor_bb58",
        "ブラックベイ フィフティエイトは同価格帯でトップクラスの完成度を誇ります。",
        ("トップクラス",),
        "law_rank",
        "トップクラス ranking versus competitors without basis.",
    ),
    # 154
    (
        "tudor_bb58",
        "チューダー史上最強のムーブメント、MT5402を搭載しています。",
        ("最強",),
        "law_rank",
        "最強 superlative without objective measure.",
    ),
    # 155
    (
        "tudor_bb58",
        "同クラスで他社を圧倒する精度を実現しています。",
        ("他社を圧倒",),
        "law_rank",
        "Comparative superiority over competitors without substantiation (5条1号).",
    ),
    # 156
    (
        "tudor_bb58",
        "今年一番の注目モデルです。",
        ("一番の注目",),
        "law_rank",
        "Ranks the model first in the market without basis.",
    ),
    # 157
    (
        "tudor_bb58",
        "The best watch you can buy under ¥600,000.",
        ("The best watch",),
        "law_rank",
        "Superlative comparison with all competitors in a price band.",
    ),
    # 158
    (
        "iwc_portugieser",
        "ポルトギーゼは日本で最も愛されるクロノグラフです。",
        ("最も愛される",),
        "law_rank",
        "最も superlative about popularity in Japan without basis.",
    ),
    # 159
    (
        "iwc_portugieser",
        "最高級のアリゲーターストラップを使用しています。",
        ("最高級",),
        "law_rank",
        "最高級 grade claim without basis.",
    ),
    # 160
    (
        "iwc_portugieser",
        "専門店として取扱本数は地域No.1です。",
        ("地域No.1",),
        "law_rank",
        "地域No.1 is the No.1 guidance's own example of an unclear geographic range.",
    ),
    # 161
    ("iwc_portugieser", "品揃えは業界トップです。", ("業界トップ",), "law_rank", "業界トップ ranking without basis."),
    # 162
    (
        "iwc_portugieser",
        "The only chronograph you will ever need.",
        ("The only",),
        "law_rank",
        "'only' uniqueness slogan.",
    ),
    # 163
    ("gshock_5600", "G-SHOCKは世界一タフな腕時計です。", ("世界一",), "law_rank", "世界一 claim without basis."),
    # 164
    (
        "gshock_5600",
        "DW-5600Eは国内シェアNo.1の定番モデルです。",
        ("No.1",),
        "law_rank",
        "Market-share No.1 with no source, period or product range.",
    ),
    # 165
    (
        "gshock_5600",
        "最も壊れにくい腕時計として知られています。",
        ("最も壊れにくい",),
        "law_rank",
        "最も superlative on durability without basis.",
    ),
    # 166
    (
        "gshock_5600",
        "日本一売れているデジタルウォッチです。",
        ("日本一",),
        "law_rank",
        "日本一 sales claim without basis.",
    ),
    # 167
    (
        "seiko_6105",
        "6105-8000は国産初のダイバーズウォッチとして知られています。",
        ("国産初",),
        "law_rank",
        "国産初 historical claim; not in the data and doubtful (SEIKO's first diver predates this reference).",
    ),
    # 168
    (
        "seiko_6105",
        "ヴィンテージセイコーで最も人気の高いリファレンスです。",
        ("最も人気",),
        "law_rank",
        "最も popularity claim without basis.",
    ),
    # 169
    (
        "seiko_6105",
        "世界に1本だけの個体です。",
        ("世界に1本だけ",),
        "law_rank",
        "Uniqueness claim for a production reference.",
    ),
    # 170
    (
        "seiko_6105",
        "Japan's first professional diver's watch.",
        ("Japan's first",),
        "law_rank",
        "'first' historical claim without basis.",
    ),
    # 171
    (
        "rolex_sub",
        "当店通常価格2,100,000円のところ、今回1,890,000円でご提供します。",
        ("2,100,000円",),
        "law_price",
        "過去の販売価格 as comparison: 価格表示ガイドライン第4-2(1) needs a 最近相当期間 price (8週間中4週間以上 etc.); none in the data.",
    ),
    # 172
    (
        "rolex_sub",
        "2,150,000円 ⇒ 1,890,000円に価格改定しました。",
        ("2,150,000円",),
        "law_price",
        "Arrow two-price display implies a former selling price with no stated basis (ガイドライン第4-2(1)).",
    ),
    # 173
    (
        "rolex_sub",
        "前回の掲載価格から26万円のプライスダウン！",
        ("26万円のプライスダウン",),
        "law_price",
        "Discount amount from an unproven earlier price (ガイドライン第5 割引額, 第4-2(1)).",
    ),
    # 174
    (
        "rolex_sub",
        "新品並行価格2,300,000円→中古1,890,000円",
        ("2,300,000円",),
        "law_price",
        "Compares a used watch with a new-item price: not the same product (ガイドライン第4-1).",
    ),
    # 175
    (
        "rolex_sub",
        "最安値に挑戦中！",
        ("最安値",),
        "law_price",
        "最安値 price superlative without comparison basis (ガイドライン第6).",
    ),
    # 176
    (
        "rolex_sub",
        "先着1名様限定価格でのご案内です。",
        ("限定価格",),
        "law_price",
        "限定価格 implies a price lower than the usual one; no comparison basis in the data.",
    ),
    # 177
    (
        "rolex_sub",
        "Lowest price in Japan, guaranteed.",
        ("Lowest price in Japan",),
        "law_price",
        "Nationwide lowest-price claim (ガイドライン第6) without survey.",
    ),
    # 178
    (
        "omega_speedy",
        "新品定価1,300,000円のムーンウォッチが、中古なら792,000円。",
        ("新品定価1,300,000円",),
        "law_price",
        "New list price set against a used item: not the same product (ガイドライン第4-1, 第4-3).",
    ),
    # 179
    (
        "omega_speedy",
        "メーカー希望小売価格より40%OFFです。",
        ("40%OFF",),
        "law_price",
        "Discount rate on a manufacturer price that does not apply to a used item (第4-3, 第5).",
    ),
    # 180
    (
        "omega_speedy",
        "他店では85万円前後のところ、当店は792,000円。",
        ("85万円前後",),
        "law_price",
        "競争事業者の販売価格 with no named shop, area or date (ガイドライン第4-4).",
    ),
    # 181
    (
        "omega_speedy",
        "業界最安値のムーンウォッチです。",
        ("業界最安値",),
        "law_price",
        "Industry-lowest price claim without survey (第6).",
    ),
    # 182
    (
        "omega_speedy",
        "期間限定で5万円OFFにてご案内中。",
        ("5万円OFF",),
        "law_price",
        "Discount amount with no basis price and an unproven time limit.",
    ),
    # 183
    (
        "omega_speedy",
        "Save ¥200,000 off the retail price.",
        ("Save ¥200,000",),
        "law_price",
        "Saving measured from a new retail price for a used watch (第4-1, 第4-3).",
    ),
    # 184
    (
        "gs_snowflake",
        "メーカー希望小売価格1,045,000円（税込）の未使用品を780,000円（税別）で。",
        ("メーカー希望小売価格1,045,000円",),
        "law_price",
        "MSRP comparison for an unused second-hand (古物) item; MSRP not in data; also mixes tax bases (第4-3).",
    ),
    # 185
    (
        "gs_snowflake",
        "今だけ特別価格780,000円（税別）。",
        ("今だけ特別価格",),
        "law_price",
        "Implies the price will rise after 'now' (将来の販売価格, 第4-2(2)) with nothing in the data.",
    ),
    # 186
    (
        "gs_snowflake",
        "来月から値上げ予定のため、この価格でのご案内は今月末までです。",
        ("値上げ予定",),
        "law_price",
        "Future-price comparison: allowed only if the higher price will really apply for a period (第4-2(2)); not in data.",
    ),
    # 187
    (
        "gs_snowflake",
        "今なら10万円引きでご案内します。",
        ("10万円引き",),
        "law_price",
        "Discount amount without a stated basis price (ガイドライン第5).",
    ),
    # 188
    (
        "gs_snowflake",
        "ご購入でポイント10倍。",
        ("ポイント10倍",),
        "law_price",
        "Point-back is a trade condition; not in the product data (有利誤認 if not real).",
    ),
    # 189
    (
        "cartier_tank",
        "タンク マストを2割引でご案内中です。",
        ("2割引",),
        "law_price",
        "Discount rate with no basis price (ガイドライン第5).",
    ),
    # 190
    (
        "cartier_tank",
        "定価より12万円お安くなっております。",
        ("定価より12万円",),
        "law_price",
        "定価 comparison for a used item; 定価 and the amount are not in the data (第4-1, 第4-3).",
    ),
    # 191
    (
        "cartier_tank",
        "Was ¥450,000, now ¥385,000.",
        ("Was ¥450,000",),
        "law_price",
        "Past-price comparison without proof of the former price (第4-2(1)).",
    ),
    # 192
    (
        "cartier_tank",
        "タイムセール：本日23:59まで385,000円。",
        ("本日23:59まで",),
        "law_price",
        "Time-limited sale at the regular data price: the limit is not real (期間限定 有利誤認, e.g. 2025年ユニットコム措置命令).",
    ),
    # 193
    (
        "cartier_tank",
        "参考上代528,000円のお品です。",
        ("参考上代528,000円",),
        "law_price",
        "参考小売価格 not shown to consumers, for a used item (第4-3).",
    ),
    # 194
    (
        "tudor_bb58",
        "メーカー希望小売価格595,100円のところ528,000円。",
        ("595,100円",),
        "law_price",
        "MSRP comparison; the MSRP is not in the shop data (第4-3 needs a published MSRP).",
    ),
    # 195
    (
        "tudor_bb58",
        "会員価格でさらにお得にお求めいただけます。",
        ("会員価格",),
        "law_price",
        "他の顧客向けの販売価格 comparison without stating the conditions (第4-5).",
    ),
    # 196
    (
        "tudor_bb58",
        "正規店価格との比較で約1割安くなっています。",
        ("約1割安",),
        "law_price",
        "Comparison with authorised-dealer price with no figure or date (第4-4).",
    ),
    # 197
    (
        "tudor_bb58",
        "通常価格580,000円（税込）→528,000円（税込）",
        ("580,000円",),
        "law_price",
        "通常価格 with an arrow; no sales record in the data (第4-2(1); cf. 2025年長谷川産業措置命令).",
    ),
    # 198
    (
        "tudor_bb58",
        "二度とない価格でのご提供です。",
        ("二度とない価格",),
        "law_price",
        "Implies a higher future price (第4-2(2)) without basis.",
    ),
    # 199
    (
        "tudor_bb58",
        "15% off the boutique price.",
        ("15% off",),
        "law_price",
        "Discount rate against a competitor price not in the data (第4-4, 第5).",
    ),
    # 200
    (
        "iwc_portugieser",
        "旧価格1,100,000円 ▶ 968,000円",
        ("1,100,000円",),
        "law_price",
        "旧価格 two-price display without proof of the former price (第4-2(1)).",
    ),
    # 201
    (
        "iwc_portugieser",
        "市場価格より10万円以上安い968,000円です。",
        ("市場価格",),
        "law_price",
        "Comparison with an undefined 市場価格 / 市価 (第4-4).",
    ),
    # 202
    (
        "iwc_portugieser",
        "新品時価格の約半額でお求めいただけます。",
        ("新品時価格の約半額",),
        "law_price",
        "New-item price set against a used watch (第4-1).",
    ),
    # 203
    (
        "iwc_portugieser",
        "決算セールにつき968,000円まで値引きしました。",
        ("値引きしました",),
        "law_price",
        "値引き implies a higher former selling price; none in the data (第4-2(1)).",
    ),
    # 204
    (
        "iwc_portugieser",
        "正規品の新品価格1,430,000円と比べて大変お得です。",
        ("1,430,000円",),
        "law_price",
        "New-item price as a comparison for a used watch (第4-1).",
    ),
    # 205
    (
        "iwc_portugieser",
        "Price drop: now only ¥968,000!",
        ("Price drop",),
        "law_price",
        "Implies an earlier higher price with no basis (第4-2(1)).",
    ),
    # 206
    (
        "iwc_portugieser",
        "Hurry, this price ends tonight!",
        ("this price ends tonight",),
        "law_price",
        "Price urgency: implies a higher price tomorrow with no basis (第4-2(2)).",
    ),
    # 207
    (
        "gshock_5600",
        "メーカー希望小売価格12,100円 → 9,980円",
        ("12,100円",),
        "law_price",
        "MSRP comparison not in the shop data (第4-3).",
    ),
    # 208
    (
        "gshock_5600",
        "定価から17%OFFの9,980円です。",
        ("17%OFF",),
        "law_price",
        "Discount rate off a 定価 not in the data (第5).",
    ),
    # 209
    (
        "gshock_5600",
        "2点以上のご購入でさらに500円値引きいたします。",
        ("500円値引き",),
        "law_price",
        "A trade condition (multi-buy discount) not in the data.",
    ),
    # 210
    (
        "gshock_5600",
        "Unbeatable price, cheaper than any other shop.",
        ("cheaper than any other shop",),
        "law_price",
        "Compares with all competitors' prices without survey (第6).",
    ),
    # 211
    (
        "gshock_5600",
        "RRP ¥12,100, our price ¥9,980.",
        ("RRP ¥12,100",),
        "law_price",
        "RRP comparison not in the data (第4-3).",
    ),
    # 212
    (
        "seiko_6105",
        "大幅値下げ！418,000円でご案内。",
        ("大幅値下げ",),
        "law_price",
        "値下げ implies a former higher price; none in the data (第4-2(1)).",
    ),
    # 213
    (
        "seiko_6105",
        "相場より安く出しています。",
        ("相場より安く",),
        "law_price",
        "Comparison with an undefined market price (第4-4 / 第6).",
    ),
    # 214
    (
        "seiko_6105",
        "通常40万円台後半で取引される個体を418,000円で。",
        ("40万円台後半",),
        "law_price",
        "Vague market-price comparison without source (第4-4).",
    ),
    # 215
    (
        "patek_5227",
        "お問い合わせいただいた方だけの限定価格をご提示します。",
        ("限定価格",),
        "law_price",
        "Special 'limited' price with no basis; the data holds no price at all.",
    ),
    # 216
    (
        "patek_5227",
        "正規店より300万円安くご提供できます。",
        ("300万円安く",),
        "law_price",
        "Comparison with an authorised-dealer (new) price for a used item (第4-1, 第4-4).",
    ),
    # 217
    (
        "patek_5227",
        "Special price for members only, ask us.",
        ("Special price",),
        "law_price",
        "Member-price comparison without conditions (第4-5); no price in the data.",
    ),
    # 218
    (
        "rolex_sub",
        "資産価値が下がらないロレックスです。",
        ("資産価値が下がらない",),
        "law_other",
        "Asset-value guarantee: a claim about future resale value that cannot be substantiated (5条1号/2号).",
    ),
    # 219
    (
        "rolex_sub",
        "今買えば数年後には必ず値上がりします。",
        ("必ず値上がり",),
        "law_other",
        "Certain future price rise: an unsubstantiated investment promise.",
    ),
    # 220
    (
        "rolex_sub",
        "売却時も購入価格以上で売れるので、実質0円です。",
        ("実質0円",),
        "law_other",
        "Implies zero cost through guaranteed resale; misleading on price terms (有利誤認).",
    ),
    # 221
    (
        "rolex_sub",
        "値崩れしないモデルなので安心です。",
        ("値崩れしない",),
        "law_other",
        "Value-retention promise without basis.",
    ),
    # 222
    (
        "rolex_sub",
        "A guaranteed investment that will only go up in value.",
        ("guaranteed investment",),
        "law_other",
        "Investment promise in English.",
    ),
    # 223
    (
        "omega_speedy",
        "将来の買取価格は当店が保証します。",
        ("買取価格は当店が保証",),
        "law_other",
        "Buy-back value guarantee not in the data.",
    ),
    # 224
    (
        "omega_speedy",
        "完全無傷の美品です（※小傷あり）。",
        ("完全無傷",),
        "law_other",
        "Headline contradicted by its own footnote: 打消し表示 that contradicts the 強調表示 (2017年消費者庁 打消し表示報告書).",
    ),
    # 225
    (
        "omega_speedy",
        "当店の完全保証付きで、一切のリスクなしでお買い求めいただけます。",
        ("完全保証", "一切のリスクなし"),
        "law_other",
        "Absolute no-risk claim and a 保証 not in the data.",
    ),
    # 226
    (
        "gs_snowflake",
        "一生壊れない時計です。",
        ("一生壊れない",),
        "law_other",
        "Absolute durability claim (永久・完全 words may not be used assertively).",
    ),
    # 227
    (
        "gs_snowflake",
        "インフレ対策として最適な資産です。",
        ("インフレ対策",),
        "law_other",
        "Presents the watch as a financial hedge; unsubstantiated investment claim.",
    ),
    # 228
    (
        "patek_5227",
        "投資としても確実なリターンが見込めます。",
        ("確実なリターン",),
        "law_other",
        "Certain return: investment promise.",
    ),
    # 229
    (
        "patek_5227",
        "Patek Philippe never loses value.",
        ("never loses value",),
        "law_other",
        "Value-retention promise.",
    ),
    # 230
    (
        "patek_5227",
        "Buy now before prices rise again next month.",
        ("before prices rise again",),
        "law_other",
        "Urgency based on a market prediction with no basis.",
    ),
    # 231
    (
        "cartier_tank",
        "他にも3名様がご検討中です。",
        ("3名様がご検討中",),
        "law_other",
        "Unverifiable social-pressure urgency.",
    ),
    # 232
    (
        "cartier_tank",
        "ステンレス製なので金属アレルギーの心配は一切ありません。",
        ("心配は一切ありません",),
        "law_other",
        "Absolute health/safety claim; stainless steel can still cause reactions.",
    ),
    # 233
    (
        "tudor_bb58",
        "在庫残りわずか！お急ぎください。",
        ("残りわずか",),
        "law_other",
        "Scarcity claim with no stock data (期間・数量限定 / おとり広告 concerns).",
    ),
    # 234
    (
        "tudor_bb58",
        "一生モノとしての価値が保証された時計です。",
        ("価値が保証された",),
        "law_other",
        "Value guarantee without basis.",
    ),
    # 235
    (
        "tudor_bb58",
        "Only 2 left in stock, order now!",
        ("Only 2 left",),
        "law_other",
        "Stock-count urgency not in the data.",
    ),
    # 236
    (
        "iwc_portugieser",
        "この個体は明日には売約済みになる見込みです。",
        ("明日には売約済み",),
        "law_other",
        "Unfounded urgency.",
    ),
    # 237
    (
        "iwc_portugieser",
        "今が買い時、来年には相場が2割上がると予想されます。",
        ("相場が2割上がる",),
        "law_other",
        "Market-rise prediction used as a sales argument.",
    ),
    # 238
    (
        "iwc_portugieser",
        "どなたでも20%OFF※会員ランクゴールド以上の方に限ります",
        ("どなたでも20%OFF",),
        "law_other",
        "Headline 'anyone' contradicted by a restrictive footnote: 打消し表示 contradicting the 強調表示 (2017 report).",
    ),
    # 239
    (
        "gshock_5600",
        "絶対に壊れないタフネス構造です。",
        ("絶対に壊れない",),
        "law_other",
        "Absolute claim (絶対) on durability.",
    ),
    # 240
    (
        "gshock_5600",
        "水に沈めても100%安心です。",
        ("100%安心",),
        "law_other",
        "Absolute safety claim; the data only says 20気圧防水.",
    ),
    # 241
    (
        "gshock_5600",
        "どんな衝撃にも耐える※落下の状況によっては破損する場合があります",
        ("どんな衝撃にも耐える",),
        "law_other",
        "強調表示 contradicted by its 打消し表示 (2017 report).",
    ),
    # 242
    (
        "gshock_5600",
        "Absolutely indestructible.",
        ("Absolutely indestructible",),
        "law_other",
        "Absolute durability claim.",
    ),
    # 243
    (
        "seiko_6105",
        "ヴィンテージなので今後も価値は上がる一方です。",
        ("価値は上がる一方",),
        "law_other",
        "Certain value rise: investment promise.",
    ),
    # 244
    (
        "seiko_6105",
        "Appreciates every year, a safer bet than stocks.",
        ("safer bet than stocks",),
        "law_other",
        "Investment comparison with stocks; unsubstantiated.",
    ),
    # 245
    (
        "rolex_sub",
        "2021年3月の国内正規保証書が付属します。",
        ("国内正規",),
        "fact",
        "The data says 保証書 but not that it is a Japanese-authorised (国内正規) one.",
    ),
    # 246
    ("rolex_sub", "2022年製の個体です。", ("2022年",), "fact", "Contradicts 年式 2021年3月."),
    # 247
    ("rolex_sub", "シリアルはランダム品番です。", ("ランダム",), "fact", "Serial information is not in the data."),
    # 248
    (
        "rolex_sub",
        "2023年にオーバーホール済みです。",
        ("オーバーホール済み",),
        "fact",
        "No service history in the data.",
    ),
    # 249
    ("rolex_sub", "ケースは新品仕上げ済みです。", ("新品仕上げ",), "fact", "No refinishing history in the data."),
    # 250
    (
        "rolex_sub",
        "新品同様のコンディションです。",
        ("新品同様",),
        "fact",
        "Stronger than 中古AB（ブレスレットに小傷あり）.",
    ),
    # 251
    (
        "rolex_sub",
        "針とインデックスにはルミノバを採用しています。",
        ("ルミノバ",),
        "fact",
        "Luminous material is not in the data (and Rolex does not use Lumibrite/LumiNova naming).",
    ),
    # 252
    ("rolex_sub", "既に生産終了となったモデルです。", ("生産終了",), "fact", "Contradicts 現行モデル."),
    # 253
    (
        "rolex_sub",
        "Full set with original hang tags.",
        ("hang tags",),
        "fact",
        "Hang tags are not among the listed accessories.",
    ),
    # 254
    (
        "omega_speedy",
        "箱・保証書が揃ったフルセットです。",
        ("フルセット",),
        "fact",
        "Contradicts 保証書のみ（箱なし）.",
    ),
    # 255
    ("omega_speedy", "純正ボックス付きで、ギフトにもおすすめです。", ("純正ボックス",), "fact", "Contradicts 箱なし."),
    # 256
    (
        "omega_speedy",
        "風防はサファイヤガラス仕様です。",
        ("サファイヤ",),
        "fact",
        "Contradicts 風防 ヘサライトガラス (katakana variant of sapphire).",
    ),
    # 257
    (
        "omega_speedy",
        "Fitted with a scratch-resistant sapphire crystal.",
        ("sapphire crystal",),
        "fact",
        "Contradicts the hesalite crystal in the data.",
    ),
    # 258
    (
        "omega_speedy",
        "2021年5月にご購入された個体です。",
        ("2021年5月",),
        "fact",
        "More precise than the data's year-only 2021年.",
    ),
    # 259
    (
        "omega_speedy",
        "手巻きクロノグラフの名作、ムーンウォッチです。",
        ("クロノグラフ",),
        "fact",
        "The data does not say chronograph.",
    ),
    # 260
    ("omega_speedy", "100m防水仕様です。", ("100m防水",), "fact", "Contradicts 防水 50m."),
    # 261
    (
        "omega_speedy",
        "スピードマスターの最新モデルです。",
        ("最新モデル",),
        "fact",
        "Nothing in the data says this is the latest model.",
    ),
    # 262
    ("gs_snowflake", "税込780,000円でご案内します。", ("税込",), "fact", "Contradicts tax basis 'excluded'."),
    # 263
    (
        "gs_snowflake",
        "2023年4月に購入された未使用品です。",
        ("2023年4月",),
        "fact",
        "More precise than the data's 2023年.",
    ),
    # 264
    (
        "gs_snowflake",
        "新品の状態でお届けします。",
        ("新品",),
        "fact",
        "The data says 未使用, not 新品; an unused item sold on is still a 古物 under 古物営業法.",
    ),
    # 265
    ("gs_snowflake", "セラミックケースを採用しています。", ("セラミック",), "fact", "Contradicts 素材 ブライトチタン."),
    # 266
    ("gs_snowflake", "20気圧防水の高い防水性能を備えています。", ("20気圧",), "fact", "Contradicts 10気圧防水."),
    # 267
    ("gs_snowflake", "パワーリザーブは約80時間です。", ("約80時間",), "fact", "Contradicts 約72時間."),
    # 268
    (
        "gs_snowflake",
        "Limited edition of 1,000 pieces.",
        ("Limited edition of 1,000 pieces",),
        "fact",
        "No limited-edition information in the data.",
    ),
    # 269
    (
        "patek_5227",
        "2019年の国際保証書が付属します。",
        ("2019年", "国際保証書"),
        "fact",
        "The data has neither a year nor any accessories.",
    ),
    # 270
    ("patek_5227", "ケース径は39mmです。", ("39mm",), "fact", "Case size is not in the data."),
    # 271
    ("patek_5227", "自動巻きCal.324 S Cを搭載しています。", ("Cal.324",), "fact", "Movement is not in the data."),
    # 272
    (
        "patek_5227",
        "価格は4,200,000円（税込）です。",
        ("4,200,000円",),
        "fact",
        "The data has no price and an unknown tax basis.",
    ),
    # 273
    (
        "patek_5227",
        "Serviced by Patek Philippe in 2022.",
        ("Serviced by Patek Philippe",),
        "fact",
        "No service history in the data.",
    ),
    # 274
    ("patek_5227", "アイボリーの文字盤が上品な印象です。", ("アイボリー",), "fact", "Dial colour is not in the data."),
    # 275
    ("cartier_tank", "3気圧防水です。", ("3気圧防水",), "fact", "No water resistance in the data."),
    # 276
    (
        "cartier_tank",
        "光で充電するソーラービートムーブメントです。",
        ("ソーラービート",),
        "fact",
        "The data says only クォーツ; the solar variant is a different reference.",
    ),
    # 277
    (
        "cartier_tank",
        "2022年11月に購入された個体です。",
        ("2022年11月",),
        "fact",
        "More precise than the data's 2022年.",
    ),
    # 278
    (
        "cartier_tank",
        "風防にはサファイアクリスタルを採用しています。",
        ("サファイア",),
        "fact",
        "Crystal material is not in this product's data.",
    ),
    # 279
    (
        "cartier_tank",
        "純正のアリゲーターストラップ付きです。",
        ("アリゲーター",),
        "fact",
        "The data says レザー, not alligator.",
    ),
    # 280
    ("cartier_tank", "ほぼ未使用のコンディションです。", ("ほぼ未使用",), "fact", "Stronger than 中古A."),
    # 281
    (
        "tudor_bb58",
        "ブラック文字盤にゴールドのアクセントが映えます。",
        ("ゴールド",),
        "fact",
        "Dial accents are not in the data.",
    ),
    # 282
    ("tudor_bb58", "COSC認定クロノメーターです。", ("COSC",), "fact", "Chronometer certification is not in the data."),
    # 283
    ("tudor_bb58", "2023年製の新品です。", ("2023年",), "fact", "Contradicts 2022年8月."),
    # 284
    (
        "tudor_bb58",
        "国内正規品です。",
        ("国内正規品",),
        "fact",
        "The data says 国際保証書, not a Japanese-authorised import.",
    ),
    # 285
    ("tudor_bb58", "存在感のある41mmケースです。", ("41mm",), "fact", "Contradicts ケース径 39mm."),
    # 286
    (
        "tudor_bb58",
        "Unworn, with factory stickers still intact.",
        ("stickers still intact",),
        "fact",
        "Protective stickers are not in the data.",
    ),
    # 287
    ("iwc_portugieser", "2020年製の個体です。", ("2020年製",), "fact", "The data has no year."),
    # 288
    (
        "iwc_portugieser",
        "メーカーでのコンプリートサービス済みです。",
        ("コンプリートサービス済み",),
        "fact",
        "No service history in the data.",
    ),
    # 289
    (
        "iwc_portugieser",
        "深みのあるブルーダイヤルが魅力です。",
        ("ブルーダイヤル",),
        "fact",
        "Contradicts シルバー文字盤 (only the hands are blue).",
    ),
    # 290
    ("iwc_portugieser", "パワーリザーブは約46時間です。", ("約46時間",), "fact", "Power reserve is not in the data."),
    # 291
    (
        "iwc_portugieser",
        "Box and papers dated 2021.",
        ("dated 2021",),
        "fact",
        "The data has no date for the papers or the watch.",
    ),
    # 292
    (
        "iwc_portugieser",
        "シースルーバックからムーブメントを鑑賞できます。",
        ("シースルーバック",),
        "fact",
        "Case back is not in the data.",
    ),
    # 293
    (
        "gshock_5600",
        "タフソーラー搭載で電池交換不要です。",
        ("タフソーラー",),
        "fact",
        "The data says クォーツ only; solar charging is not in it.",
    ),
    # 294
    (
        "gshock_5600",
        "電波受信で常に正確な時刻を表示します。",
        ("電波受信",),
        "fact",
        "Radio-controlled function is not in the data.",
    ),
    # 295
    (
        "gshock_5600",
        "初代DW-5000Cのデザインを受け継いだモデルです。",
        ("初代DW-5000C",),
        "fact",
        "Model lineage is not in the data.",
    ),
    # 296
    ("gshock_5600", "1996年発売のロングセラーです。", ("1996年発売",), "fact", "Launch year is not in the data."),
    # 297
    ("gshock_5600", "ステンレスベゼルで高級感を高めています。", ("ステンレス",), "fact", "Contradicts 素材 樹脂."),
    # 298
    ("seiko_6105", "150m防水で、海でも使えます。", ("海でも使えます",), "fact", "Contradicts 現状は非防水."),
    # 299
    ("seiko_6105", "1968年製造の個体です。", ("1968年",), "fact", "The data says 1969年頃."),
    # 300
    (
        "seiko_6105",
        "オリジナルのブレスレットが付属します。",
        ("オリジナルのブレスレット",),
        "fact",
        "The data says 社外ラバーストラップ and no accessories.",
    ),
    # 301
    ("seiko_6105", "OH済みの個体です。", ("OH済み",), "fact", "No service history in the data."),
    # 302
    ("seiko_6105", "6105-8000の最終ロットにあたる個体です。", ("最終ロット",), "fact", "Contradicts 初期型."),
    # 303
    (
        "seiko_6105",
        "文字盤・針ともにオリジナルです。",
        ("オリジナル",),
        "fact",
        "Originality of parts is not in the data.",
    ),
    # 304
    ("seiko_6105", "当時の保証書付きです。", ("保証書付き",), "fact", "Contradicts 付属品 なし."),
    # 305
    (
        "seiko_6105",
        "Serviced in 2023 and water-tested to 150m.",
        ("Serviced in 2023", "water-tested to 150m"),
        "fact",
        "No service history; contradicts 現状は非防水.",
    ),
]

DISPUTED: dict[int, str] = {
    9: "最新 is a superlative word; it is only acceptable because the shop data itself says 最新世代, and a reviewer might still want a date for when it was 'latest'.",
    11: "トップリング is not Rolex's own term for the bezel; a strict fact reviewer could treat it as an unlisted part name, a keyword reviewer could trip on トップ.",
    15: "唯一 could be read as a promise that there is no other flaw, which the data (中古AB) does not strictly guarantee.",
    28: "アクリル is not written in the data; a literal grounding check would need world knowledge that ヘサライト is acrylic.",
    29: "定番 implies popularity; some reviewers treat it as an unsupported popularity claim.",
    33: "最大 is a superlative form; a keyword reviewer may flag it although it only restates the spec.",
    40: "The data holds only the tax-excluded price; a reviewer could say the tax-included figure is not in the data even though it is a derived value.",
    41: "一番 is a ranking word; a reviewer might still treat it as a superlative needing basis.",
    45: "100m is a unit conversion of 10気圧, not literally in the data.",
    48: "'Never worn' may be read as stronger than 未使用 (a try-on is not 'use' in some shops' grading).",
    62: "電池 is not written in the data; solar quartz exists, so 'battery' is a small inference.",
    98: "A keyword reviewer may flag 'Best'; it makes no comparison with other watches.",
    106: "200 metres is a unit conversion, not literally in the data.",
    122: "安心 is on many 'absolute safety' word lists; here it only describes honest disclosure.",
    123: "Not a No.1 claim; a shop's own sales order may be true, but nothing in the data supports it.",
    128: "No explicit rank or number; many reviewers accept 人気 wording as puffery.",
    134: "Could be read as pure emotional wording; it is listed because 唯一無二 in the seed set was a miss, and this is the paraphrase.",
    137: "Spring Drive may well be unique to Seiko; the label rests on the claim not being in the shop data, not on it being false.",
    140: "The period is given, so the form is closer to the guidance; the label turns on missing substantiation.",
    145: "「世界三大」 is a common trade phrase; 筆頭 makes it a ranking, but some reviewers treat the whole line as brand folklore.",
    156: "Could be read as shop opinion; it is phrased as a market fact.",
    162: "Reads as a slogan rather than a factual uniqueness claim; a reviewer may let it pass.",
    169: "Every vintage piece is 'one of a kind' in condition; some reviewers read this as harmless.",
    176: "A one-off pre-owned piece is 'first come' by nature; the problem is 限定価格, which suggests a special reduction.",
    184: "Some treat 未使用品 as the same product as new, which would make an MSRP comparison acceptable if the MSRP is real and published.",
    185: "特別価格 without a stated comparison price is not a two-price display in the strict sense.",
    188: "Could be a genuine mall campaign; the data simply does not hold it.",
    194: "For a new watch a real, published MSRP is a permitted comparison; the label rests on it not being in the data.",
    195: "No figure is given; it may be read as an invitation rather than a two-price display.",
    207: "12,100円 may be the real published MSRP; the label depends on it not being in the shop data.",
    209: "Not a two-price display; it is unsupported rather than misleading if the offer is real.",
    217: "No figure; reads partly as an invitation to enquire.",
    223: "If the shop really runs a written buy-back scheme this is a trade condition, not a law issue; the data says nothing.",
    230: "Could equally be filed under law_price (future price); it concerns the market, not the shop's own price.",
    238: "It is also a price claim; it is filed here because the problem is the disclaimer.",
    259: "Every 310.30.42.50.01.001 is a chronograph; flagging it requires the strict 'only what the data says' rule.",
    261: "Also a superlative (law_rank) reading; filed as fact because the issue is the missing data.",
    264: "Many shoppers treat 未使用 and 新品 as the same; the label relies on the dealer-trade distinction.",
    270: "5227G really is 39mm; the label relies on the data holding almost nothing.",
    274: "The 5227G-001 dial is ivory-toned; true, but absent from the data.",
    281: "The real dial has gilt accents; true but absent from the data.",
    282: "MT5402 is COSC-certified in reality; the label relies on the data only.",
    299: "頃 allows an adjacent year; a reviewer may accept 1968 as within 'about 1969'.",
}
