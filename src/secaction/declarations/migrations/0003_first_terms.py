"""The portal's first logo-mark terms of use, written by this project (not IPA's text)."""

import datetime as dt

from django.db import migrations

TERMS_BODY = """このロゴマーク使用規約(以下「本規約」)は、SECURITY ACTION Portal(以下「本ポータル」)で自己宣言を行った事業者(以下「宣言事業者」)が、本ポータルの提供するロゴマーク(一つ星・二つ星)を使うときの約束ごとです。

第1条(ロゴマークの意味)
ロゴマークは、宣言事業者が自ら情報セキュリティ対策に取り組むことを宣言したことを示すものです。事務局や第三者が対策の状況を審査・認定・認証したことを示すものではありません。

第2条(使える事業者と期間)
ロゴマークを使えるのは、宣言が有効な間に限ります。宣言を取り下げた場合、または事務局が宣言を取り消した場合は、速やかにウェブサイト・名刺・印刷物などからロゴマークを外してください。

第3条(使える段階)
宣言している段階(一つ星または二つ星)のロゴマークだけを使ってください。二つ星から一つ星へ変更した場合は、一つ星のロゴマークに差し替えてください。

第4条(表記)
ロゴマークや宣言について書くときは「一つ星を宣言しました」「二つ星を宣言しました」のように書き、「認定」「認証」「取得」「合格」など、審査を受けたかのような表現は使わないでください。

第5条(形を変えないこと)
ロゴマークは提供したデータのまま使い、色・形・文字を変えたり、一部だけを切り出したりしないでください。拡大・縮小は縦横の比率を保って行ってください。

第6条(使ってはいけない場面)
商品やサービスそのものの安全性を保証するように見せる使い方、宣言事業者以外の事業者を指す使い方、公序良俗に反する使い方はできません。

第7条(取消し)
本規約に反する使い方が見つかった場合、事務局は理由を示して宣言を取り消すことがあります。

第8条(規約の変更)
事務局は本規約を改めることがあります。改めた規約は本ポータルに掲載し、以後の申込み・段階の変更のときに改めて同意をいただきます。"""


def forwards(apps, schema_editor):
    TermsVersion = apps.get_model("declarations", "TermsVersion")
    if TermsVersion.objects.exists():
        return
    TermsVersion.objects.create(
        version="1.0",
        title="SECURITY ACTION Portal ロゴマーク使用規約",
        body=TERMS_BODY,
        published_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        is_current=True,
    )


class Migration(migrations.Migration):
    dependencies = [("declarations", "0002_lifecycle")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
