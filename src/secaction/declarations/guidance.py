"""Plain explanations and concrete first actions for each of the 5 principles.

Written by this project in its own words (the principles themselves are the
programme's and come verbatim from ``core.programme.FIVE_PRINCIPLES``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrincipleGuidance:
    number: int
    why: str
    actions: tuple[str, ...]
    why_en: str
    actions_en: tuple[str, ...]


GUIDANCE: dict[int, PrincipleGuidance] = {
    1: PrincipleGuidance(
        1,
        "更新のお知らせは、見つかった弱点をふさぐための「修理」です。"
        "後回しにすると、その弱点を狙う攻撃をそのまま受けてしまいます。",
        (
            "会社で使うパソコンとスマートフォンを一覧にし、自動更新がオンになっているか確かめる",
            "毎月1回、更新が止まっている機器がないか見る日を決める",
            "メーカーのサポートが終わったOSや機器は、買い替えの計画を立てる",
        ),
        "Update notices are repairs that close weaknesses found in your software. "
        "Putting them off leaves the door open to attacks aimed at exactly those weaknesses.",
        (
            "List the company's computers and phones and check that automatic updates are on",
            "Pick one day a month to look for devices whose updates have stopped",
            "Plan replacements for operating systems and devices whose vendor support has ended",
        ),
    ),
    2: PrincipleGuidance(
        2,
        "ウイルス対策ソフトは、怪しいファイルやサイトを見張る「警備員」です。"
        "見張りのための情報(定義ファイル)が古いと、新しいウイルスを見逃します。",
        (
            "すべてのパソコンにウイルス対策ソフトが入って動いているか確かめる",
            "定義ファイルの自動更新と、期限切れの通知を確認する",
            "警告が出たときに誰に知らせるかを社内で決めておく",
        ),
        "Antivirus software is a guard watching for suspicious files and sites. "
        "If its information (definition files) is old, it misses new viruses.",
        (
            "Check that antivirus software is installed and running on every computer",
            "Confirm automatic definition updates and watch for licence-expiry notices",
            "Agree on whom to tell when a warning appears",
        ),
    ),
    3: PrincipleGuidance(
        3,
        "短いパスワードや使い回しのパスワードは、機械で簡単に当てられたり、"
        "よそで漏れたものをそのまま試されたりします。",
        (
            "大事なサービス(メール・ネットバンキング・クラウド)のパスワードを長く、他と違うものにする",
            "パスワード管理ソフトやブラウザの保存機能を使い、覚える負担を減らす",
            "使えるサービスでは、ログイン時の確認コード(二要素認証)をオンにする",
        ),
        "Short or reused passwords are easily guessed by machines, or tried directly after they leak elsewhere.",
        (
            "Make the passwords of important services (mail, online banking, cloud) long and unique",
            "Use a password manager or the browser's password store to reduce what people must remember",
            "Turn on login confirmation codes (two-factor authentication) where a service offers it",
        ),
    ),
    4: PrincipleGuidance(
        4,
        "クラウドの共有リンクや複合機・カメラの初期設定のままだと、"
        "社外の知らない人からも中身が見えてしまうことがあります。",
        (
            "クラウドの共有フォルダで「リンクを知っている全員」になっているものを探して直す",
            "複合機・ネットワークカメラ・NASの管理者パスワードを初期値から変える",
            "退職・異動のときにアカウントと共有を外す手順をチェックリストにする",
        ),
        "Cloud sharing links and the factory settings of printers or cameras can let strangers see your data.",
        (
            "Find cloud folders shared with 'anyone with the link' and restrict them",
            "Change the default admin passwords of printers, network cameras and NAS",
            "Make a checklist for removing accounts and shares when people leave or change roles",
        ),
    ),
    5: PrincipleGuidance(
        5,
        "攻撃の手口は次々に変わります。よくある手口を知っていれば、"
        "怪しいメールや偽サイトに気づいて立ち止まれます。",
        (
            "IPAなどの注意喚起のメールマガジンを担当者が受け取るようにする",
            "怪しいメールを受け取ったら開かずに相談する、という約束を社内で共有する",
            "取引銀行やクラウドサービスからの注意喚起を朝礼などで紹介する",
        ),
        "Attack methods keep changing. Knowing the common tricks lets people stop at a suspicious mail or fake site.",
        (
            "Have someone subscribe to security alert newsletters such as IPA's",
            "Agree that anyone who receives a suspicious mail asks before opening it",
            "Share the warnings from your bank and cloud services at staff meetings",
        ),
    ),
}
