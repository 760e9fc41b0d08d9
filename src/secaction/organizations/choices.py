"""Code lists for the organisation profile."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class EntityType(models.TextChoices):
    CORPORATION = "corporation", _("法人")
    SOLE_PROPRIETOR = "sole_proprietor", _("個人事業主")
    OTHER = "other", _("その他の団体")


PREFECTURES_JA = [
    gettext_noop("北海道"),
    gettext_noop("青森県"),
    gettext_noop("岩手県"),
    gettext_noop("宮城県"),
    gettext_noop("秋田県"),
    gettext_noop("山形県"),
    gettext_noop("福島県"),
    gettext_noop("茨城県"),
    gettext_noop("栃木県"),
    gettext_noop("群馬県"),
    gettext_noop("埼玉県"),
    gettext_noop("千葉県"),
    gettext_noop("東京都"),
    gettext_noop("神奈川県"),
    gettext_noop("新潟県"),
    gettext_noop("富山県"),
    gettext_noop("石川県"),
    gettext_noop("福井県"),
    gettext_noop("山梨県"),
    gettext_noop("長野県"),
    gettext_noop("岐阜県"),
    gettext_noop("静岡県"),
    gettext_noop("愛知県"),
    gettext_noop("三重県"),
    gettext_noop("滋賀県"),
    gettext_noop("京都府"),
    gettext_noop("大阪府"),
    gettext_noop("兵庫県"),
    gettext_noop("奈良県"),
    gettext_noop("和歌山県"),
    gettext_noop("鳥取県"),
    gettext_noop("島根県"),
    gettext_noop("岡山県"),
    gettext_noop("広島県"),
    gettext_noop("山口県"),
    gettext_noop("徳島県"),
    gettext_noop("香川県"),
    gettext_noop("愛媛県"),
    gettext_noop("高知県"),
    gettext_noop("福岡県"),
    gettext_noop("佐賀県"),
    gettext_noop("長崎県"),
    gettext_noop("熊本県"),
    gettext_noop("大分県"),
    gettext_noop("宮崎県"),
    gettext_noop("鹿児島県"),
    gettext_noop("沖縄県"),
]
# JIS X 0401 codes 01–47, in the order above. Stored data, the API and the CSV import use the Japanese names;
# the choices' labels follow the page's language, so English pages show "Tokyo", not 東京都.
PREFECTURE_NAMES_JA: dict[str, str] = {f"{i:02d}": name for i, name in enumerate(PREFECTURES_JA, start=1)}
PREFECTURE_CHOICES = [(code, _(name)) for code, name in PREFECTURE_NAMES_JA.items()]


# 日本標準産業分類 (令和5年7月改定) の大分類 A–T.
INDUSTRY_CHOICES = [
    ("A", _("A 農業,林業")),
    ("B", _("B 漁業")),
    ("C", _("C 鉱業,採石業,砂利採取業")),
    ("D", _("D 建設業")),
    ("E", _("E 製造業")),
    ("F", _("F 電気・ガス・熱供給・水道業")),
    ("G", _("G 情報通信業")),
    ("H", _("H 運輸業,郵便業")),
    ("I", _("I 卸売業,小売業")),
    ("J", _("J 金融業,保険業")),
    ("K", _("K 不動産業,物品賃貸業")),
    ("L", _("L 学術研究,専門・技術サービス業")),
    ("M", _("M 宿泊業,飲食サービス業")),
    ("N", _("N 生活関連サービス業,娯楽業")),
    ("O", _("O 教育,学習支援業")),
    ("P", _("P 医療,福祉")),
    ("Q", _("Q 複合サービス事業")),
    ("R", _("R サービス業(他に分類されないもの)")),
    ("S", _("S 公務(他に分類されるものを除く)")),
    ("T", _("T 分類不能の産業")),
]

EMPLOYEE_BAND_CHOICES = [
    ("1-5", _("1〜5人")),
    ("6-20", _("6〜20人")),
    ("21-50", _("21〜50人")),
    ("51-100", _("51〜100人")),
    ("101-300", _("101〜300人")),
    ("301-", _("301人以上")),
]

CAPITAL_BAND_CHOICES = [
    ("none", _("資本金なし(個人事業主など)")),
    ("-10m", _("1,000万円以下")),
    ("10m-50m", _("1,000万円超〜5,000万円以下")),
    ("50m-100m", _("5,000万円超〜1億円以下")),
    ("100m-300m", _("1億円超〜3億円以下")),
    ("300m-", _("3億円超")),
]
