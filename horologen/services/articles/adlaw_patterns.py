"""The forms advertising-law claims take (used by adlaw.py), with the reasons and alternatives shown
to staff. Each pattern is a form (a number with 位, a scope word with 初, a value word with a promise),
not a phrase list: a new wording of the same form matches without being added here."""

from __future__ import annotations

import re

RANK_REASON = (
    "順位・「初」・「唯一」・最上級・満足度などの表示は、客観的な調査に基づく根拠（調査元・調査日）を示せなければ"
    "優良誤認（景品表示法 第5条第1号）のおそれがあります（消費者庁「No.1表示に関する実態調査報告書」2024年）。"
)
RANK_SUGGESTION = (
    "言い換えの例: 「長く愛されてきた」「定番の」。根拠がある場合は店舗プロフィールに調査元と調査日を登録する"
)
PRICE_SUGGESTION = (
    "言い換えの例: 比較する価格は書かず、販売価格だけを示す（比較価格とその根拠をカタログに入れた場合は除く）"
)
# The 価格表示ガイドライン's kinds of comparison price, each with its condition.
PRICE_KINDS = {
    "past": (
        "過去の販売価格との比較",
        "比較する価格は「最近相当期間にわたって販売されていた価格」であること（セール開始前 8 週間の過半かつ"
        " 2 週間以上その価格で販売し、その最後から 2 週間以内）",
    ),
    "future": ("将来の販売価格・期限付きの価格", "値上げや期限が確実であること（予定が変われば不当表示になりえます）"),
    "rival": ("他店価格・市場価格との比較", "同じ商品の最近の他店価格を正確に調べ、どの店の価格かを示すこと"),
    "maker": (
        "メーカー希望小売価格・新品時価格との比較",
        "メーカーが設定し、あらかじめ公表している価格であること。中古品に新品の価格を並べるのは不適切です",
    ),
    "discount": (
        "割引率・割引額・特別価格の表示",
        "割引の基になる価格が上の条件（過去・他店・メーカー価格）を満たすこと",
    ),
}
OTHER = {
    "absolute": (
        "断定・無条件の表現は、根拠がなければ優良誤認（景品表示法 第5条第1号）のおそれがあります（打消し表示を"
        "添えても、強い表示は打ち消せません）。",
        "「安心してお使いいただける」など、データに基づく表現",
    ),
    "investment": (
        "将来の価値・価格を断定・示唆する表現は、断定的判断の提供（消費者契約法 第4条第1項第2号）や誤認のおそれが"
        "あります。",
        "「長く愛用できる」「世代を超えて受け継げる」",
    ),
    "urgency": (
        "在庫・期限・他の客の動きで購入を急がせる表現は、事実でなければ有利誤認（景品表示法 第5条第2号）のおそれが"
        "あります。",
        "「店頭でもご覧いただけます」",
    ),
}

# --- rankings, firsts, onlies, superlatives ---------------------------------------------------
RANK_PATTERNS = re.compile(
    r"(?:第\s*)?\d+\s*位|(?<![A-Za-z])No\.?\s?[1-9]\d?(?![\dA-Za-z\-])|#\s?1(?!\d)|ナンバー\s?(?:ワン|1)|ランキング[^\s、。,.]{0,6}"
    r"|殿堂入り|(?:満足度|支持率|推奨率|リピート率|評価)\s*\d+(?:\.\d+)?\s*[%％]|\d+\s*(?:割|%|％)[^\s、。]{0,4}?が"
    r"(?:推奨|支持|満足|選|愛用|絶賛|おすすめ)|(?:日本|国内|世界|業界|史上|当店|ブランド|メーカー)\s*で\s*(?:初めて|はじめて|唯一)"
    r"|他に類を見ない|類を見ない|比類(?:の)?ない|右に出るもの(?:は|が)ない|ただ\s*(?:一つ|ひとつ|1つ)"
    r"|世界に\s*\d+\s*(?:本|個|点)\s*(?:だけ|のみ)|圧倒的[なの]?[^\s、。]{0,4}",
)
ENGLISH_RANK = re.compile(
    r"(?<![A-Za-z])(?:(?:the\s+)?best(?![- ](?:paired|worn|suited|kept|enjoyed|for|with|to))(?:[- ]selling)?(?:\s+\w+)?"
    r"(?:\s+(?:of the year|in the world|in japan|ever|on the market))?|bestseller|number one|first[- ]ever|"
    r"(?:japan|the world|the industry|the market)'?s?\s+first|world'?s first|first in (?:japan|the world)|"
    r"(?:the\s+)?only\s+(?:one|\w+(?=\s+(?:you|that|in|on|with)\b))|one[- ]of[- ]a[- ]kind|ultimate|finest|unrivall?ed|"
    r"unmatched|most \w+|top[- ](?:class|rated|selling|tier)|award[- ]winning)(?![A-Za-z])",
    re.I,
)
POSITIONS = {"上", "下", "左", "右", "前", "後", "奥", "手前", "端", "外側", "内側", "外", "内", "目", "最初", "最後",
             "上側", "下側", "初め", "始め", "下段", "上段"}  # fmt: skip
NOT_RANKING_SAI = ("最初", "最後", "最寄", "最近", "最中", "最終", "最新", "最小限", "最低限", "最期", "最早", "最適",
                   "最長", "最短", "最大約", "最低")  # fmt: skip
ORDINARY_HATSU = {"最初", "当初", "年初", "月初", "期初", "初め", "初めて", "初心者", "初回", "初期", "初代", "初日",
                  "初夏", "初秋", "初冬", "初春", "初年度", "初見", "初出", "初期型", "初期ロット"}  # fmt: skip
TOP_PARTNERS = {"クラス", "レベル", "シェア", "セラー", "ブランド", "人気", "水準", "ランク", "モデル"}
SUPERLATIVE_WORDS = {"究極", "至高", "唯一", "唯一無二", "随一", "屈指", "無双", "最高峰", "日本一", "世界一", "業界一",
                     "比類", "元祖", "筆頭", "王者", "頂点", "決定版", "無敵", "別格"}  # fmt: skip

# --- comparison prices ------------------------------------------------------------------------
AMOUNT = (
    r"(?:[¥￥]\s*\d[\d,]*\d|[¥￥]\s*\d|\d[\d,]*\d\s*(?:万円|円)|\d\s*(?:万円|円)|\d+(?:\.\d+)?\s*万(?=\s*(?:円|→|⇒)))"
)
PRICE = re.compile(AMOUNT + r"(?:\s*(?:前後|程度|以上|ほど|くらい|位))?")
ARROW = re.compile(AMOUNT + r"\s*(?:→|⇒|▶|➡|->|=>)\s*[^\d¥￥]{0,6}" + AMOUNT)
DISCOUNT = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|パーセント)\s*(?:OFF|オフ|引き|割引|off)|\d+\s*割\s*(?:引き?|オフ|OFF|安[くい]?)|"
    r"\d[\d,]*\s*(?:万円|円)\s*(?:以上)?\s*(?:OFF|オフ|引き|値引き|off|安[くい]?)|半額|(?:プライス|価格)\s*ダウン|"
    r"(?:正規店|他店|定価|新品|市場|相場|ネット|他社)\s*(?:より|と比べ|に比べ|比)|値引き(?:しました|します|いたしました|中)?|"
    r"(?<![A-Za-z])(?:\d+% off|save [¥$]?[\d,]*\d|was [¥$]?[\d,]*\d|RRP|MSRP|retail price|list price|"
    r"price (?:drop|cut|reduced)|reduced|markdown|lowest price(?: in \w+)?|cheaper than[^.,!]{0,30}|unbeatable price|"
    r"below (?:retail|market)|special price|members'? price)(?![A-Za-z])",
    re.I,
)
FUTURE = re.compile(
    r"(?:本日|今日|今夜|今週|今月|週末|期間|先着|タイム)\s*(?:中|限り|まで|だけ|限定|セール)|\d{1,2}\s*[:：]\s*\d\d\s*まで|"
    r"二度と(?:ない|ありません)[^\s、。]{0,4}|値上げ(?:予定|前|します|いたします)|"
    r"(?<![A-Za-z])(?:ends (?:tonight|today|soon)|price (?:ends|goes up)|before prices? rise|limited[- ]time)"
    r"(?![A-Za-z])",
    re.I,
)
PAST = re.compile(r"(?:以前|かつて|前回|先月|先週|昨年|これまで)(?:は|の|まで)?[^。]{0,8}?" + AMOUNT)
PRICE_WORDS: dict[str, str] = {
    "値下げ": "past", "プライスダウン": "past",
    "価格改定": "past", "値下": "past",
    "他店": "rival", "相場": "rival", "他社": "rival",
    "定価": "maker", "新品時": "maker",
    "値引": "discount", "割引": "discount", "割引き": "discount", "特価": "discount",
    "大特価": "discount", "激安": "discount", "最安": "discount", "最安値": "discount", "お買い得": "discount",
}  # fmt: skip
# A noun before 価格 / 値段 that makes it another price than the one the shop sells at now.
SALE_PRICE_WORDS = {"販売", "本体", "税込", "税抜", "税別", "当店", "店頭", "現在", "お", "ご", "この", "その", "表示"}
QUALIFIER_KINDS = {"新品": "maker", "並行": "rival", "正規": "maker", "正規店": "maker", "定": "maker", "通常": "past",
                   "旧": "past", "市場": "rival", "他店": "rival", "会員": "discount", "限定": "discount",
                   "特別": "discount", "セール": "discount", "メーカー": "maker", "希望": "maker", "小売": "maker",
                   "参考": "maker", "実勢": "rival"}  # fmt: skip

# --- absolutes, value promises, urgency ---------------------------------------------------------
OTHER_PATTERNS = {
    "absolute": re.compile(
        r"絶対|完璧|間違いなし|100\s?%|百パーセント|完全[^\s、。]{0,4}|一切[^。、]{0,6}?(?:なし|無し|ない|ありません)|"
        r"[^\s、。]{1,6}は一切(?:ありません|ない)|一生壊れ[^\s、。]{0,3}|"
        r"どんな[^。、]{1,8}にも(?:耐え|対応|負け)[^\s、。]{0,2}|"
        r"(?<![A-Za-z])(?:guaranteed|perfect|flawless|absolutely [a-z]+|indestructible|risk[- ]free|"
        r"never (?:fails|breaks))(?![A-Za-z])",
        re.I,
    ),
    "investment": re.compile(
        r"必ず値上がり|値上がり(?:確実|必至|間違いなし|が期待)|資産(?:価値|になる|として|に)|投資(?:に|として|対象)|"
        r"将来(?:の)?(?:高騰|値上がり)|売却時に(?:も)?[^。]{0,10}?(?:高値|売れ)|値崩れし(?:ない|にくい|ません)|"
        r"価値(?:が|は)?[^。、]{0,4}?(?:保証|上がる一方|下がらない|落ちない)|確実な(?:リターン|利益|値上がり)|"
        r"インフレ対策|実質\s*(?:0|ゼロ|無料|タダ)\s*円?|買取価格[^。]{0,6}?保証|"
        r"(?<![A-Za-z])(?:investment|appreciates?(?: in value)?|increase in value|will only go up|never loses value|"
        r"holds? (?:its|their) value|safer bet[^.,!]{0,20}|better than stocks)(?![A-Za-z])",
        re.I,
    ),
    "urgency": re.compile(
        r"今だけ|残りわずか|早い者勝ち|在庫限り|ラストチャンス|急いで|お早めに|売り切れ必至|"
        r"\d+\s*名様?が[^。]{0,4}?(?:ご検討|検討|閲覧|注目)中?|明日には[^。]{0,4}?(?:売約|売れ|なくな)[^\s、。]{0,4}|"
        r"(?<![A-Za-z])(?:only \d+ left|order now|selling fast|hurry|last chance|don't miss)(?![A-Za-z])",
        re.I,
    ),
}
