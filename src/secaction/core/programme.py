"""The programme's own facts, reproduced from the seed (the SECURITY ACTION 制度解説).

These texts belong to the programme and are kept verbatim (only the line
breaks and stray spaces of the PDF extraction are removed). Explanations and
advice written by this project live elsewhere and say so.
English renderings (``*_en``) are this project's translations.
"""

from __future__ import annotations

from dataclasses import dataclass

PROGRAMME_SUMMARY = "中小企業自らが情報セキュリティ対策に取組むことを自己宣言する制度"
PROGRAMME_SUMMARY_EN = "A scheme in which small and medium enterprises declare, themselves, that they work on information security."
GUIDELINE_BASIS = "「中小企業の情報セキュリティ対策ガイドライン」の実践をベースに2段階の取組み目標を用意"
GUIDELINE_BASIS_EN = (
    "Built on putting the Information Security Guidelines for SMEs into practice, with two levels of goals."
)

ONE_STAR_GOAL = "「情報セキュリティ5か条」に取組むことを宣言"
ONE_STAR_GOAL_EN = "Declare that you will work on the 5 Principles of Information Security."
TWO_STAR_GOAL = (
    "「5分でできる!情報セキュリティ自社診断」で自社の状況を把握したうえで、"
    "「情報セキュリティ基本方針」を定め、外部に公開したことを宣言"
)
TWO_STAR_GOAL_EN = (
    "Declare that, after assessing your situation with the 5-minute information security self-check, "
    "you have set an information security basic policy and published it."
)


@dataclass(frozen=True)
class Principle:
    number: int
    title: str  # as listed under 一つ星の取組み目標
    heading: str  # as the heading of its own page in the seed
    risk: str
    measure: str
    examples: tuple[str, ...]
    title_en: str
    heading_en: str
    risk_en: str
    measure_en: str
    examples_en: tuple[str, ...]


FIVE_PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        1,
        "OSやソフトウェアは常に最新の状態にしよう",
        "OSやソフトウェアは常に最新の状態に",
        "OSやソフトウェアを古いまま放置していると、セキュリティ上の問題点が解決されず、"
        "それを悪用したウイルスに感染してしまう危険性がある",
        "お使いのOSやソフトウェアには、修正プログラムを適用する、もしくは最新版を利用する",
        (
            "Windows Update(Windows OSの場合)/ ソフトウェア・アップデート(Mac OSの場合)/ "
            "OSバージョンアップ(Android の場合)",
            "Adobe Reader/Java実行環境(JRE) など利用中のソフトウェアを最新版にする",
        ),
        "Keep your OS and software up to date",
        "Keep your OS and software up to date",
        "If you leave your OS or software out of date, its security problems stay unfixed and you risk infection "
        "by viruses that exploit them.",
        "Apply the fixes (updates) to the OS and software you use, or use the latest version.",
        (
            "Windows Update (Windows) / Software Update (macOS) / OS version upgrade (Android)",
            "Bring the software you use, such as Adobe Reader or the Java runtime (JRE), to the latest version.",
        ),
    ),
    Principle(
        2,
        "ウイルス対策ソフトを導入しよう",
        "ウイルス対策ソフトを導入",
        "ID・パスワードを盗んだり、遠隔操作を行ったり、ファイルを勝手に暗号化するウイルスが増えている",
        "ウイルス対策ソフトを導入し、ウイルス定義ファイル(パターンファイル)は常に最新の状態になるようにする",
        (
            "ウイルス定義ファイルが自動更新されるように設定する",
            "統合型のセキュリティ対策ソフト(ファイアウォールや脆弱性対策など統合的なセキュリティ機能を"
            "搭載したソフト)を導入する",
        ),
        "Install antivirus software",
        "Install antivirus software",
        "Viruses that steal IDs and passwords, take remote control of computers or encrypt files without "
        "permission are increasing.",
        "Install antivirus software and keep its virus definition files (pattern files) always up to date.",
        (
            "Set the virus definition files to update automatically.",
            "Install integrated security software (software with combined security functions such as a firewall "
            "and protection against vulnerabilities).",
        ),
    ),
    Principle(
        3,
        "パスワードを強化しよう",
        "パスワードを強化",
        "パスワードが推測や解析されたり、ウェブサービスから流出したID・パスワードが悪用されたりすることで、"
        "不正にログインされる被害が増えている",
        "パスワードは「長く」「複雑に」「使い回さない」ようにして強化する",
        (
            "パスワードは英数字記号含めて長い文字数にする",
            "名前、電話番号、誕生日、簡単な英単語などはパスワードに使わない",
            "同じID・パスワードをいろいろなウェブサービスで使い回さない",
        ),
        "Strengthen your passwords",
        "Strengthen your passwords",
        "Damage from unauthorised log-ins is increasing: passwords are guessed or cracked, and IDs and "
        "passwords leaked from web services are misused.",
        'Strengthen passwords by making them "long" and "complex" and by "not reusing" them.',
        (
            "Make passwords long, using letters, digits and symbols.",
            "Do not use names, phone numbers, birthdays or simple English words in passwords.",
            "Do not reuse the same ID and password on different web services.",
        ),
    ),
    Principle(
        4,
        "共有設定を見直そう",
        "共有設定を見直す",
        "データ保管などのウェブサービスやネットワーク接続した複合機の設定を間違ったために、"
        "無関係な人に情報を覗き見られるトラブルが増えている",
        "無関係な人がウェブサービスや機器を使うことができるような設定になっていないことを確認する",
        (
            "ウェブサービスの共有範囲を限定する",
            "ネットワーク接続の複合機やカメラ、ハードディスク(NAS)などの共有範囲を限定する",
            "従業員の異動や退職時に設定の変更(削除)漏れがないように注意する",
        ),
        "Review your sharing settings",
        "Review your sharing settings",
        "Trouble is increasing where unrelated people see information because web services for storing data or "
        "network-connected multifunction printers were set up wrongly.",
        "Check that nothing is set up so that unrelated people can use your web services or devices.",
        (
            "Limit who a web service shares with.",
            "Limit the sharing of network-connected multifunction printers, cameras and hard disks (NAS).",
            "Make sure settings are changed (or removed) when employees change roles or leave.",
        ),
    ),
    Principle(
        5,
        "脅威や攻撃の手口を知ろう",
        "脅威や攻撃の手口を知る",
        "取引先や関係者と偽ってウイルス付のメールを送ってきたり、正規のウェブサイトに似せた偽サイトを"
        "立ち上げてID・パスワードを盗もうとする巧妙な手口が増えている",
        "脅威や攻撃の手口を知って対策をとる",
        (
            "IPAなどのセキュリティ専門機関のウェブサイトやメールマガジンで最新の脅威や攻撃の手口を知る",
            "利用中のインターネットバンキングやクラウドサービスなどが提供する注意喚起を確認する",
        ),
        "Know the threats and how attacks work",
        "Know the threats and how attacks work",
        "Cunning tricks are increasing: e-mails with viruses sent in the name of business partners or "
        "acquaintances, and fake sites that imitate real ones to steal IDs and passwords.",
        "Learn the threats and how attacks work, and take measures.",
        (
            "Learn the latest threats and attack methods from the websites and newsletters of security organisations "
            "such as IPA.",
            "Check the warnings issued by the internet banking and cloud services you use.",
        ),
    ),
)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    description: str
    title_en: str
    description_en: str


LOGO_STEPS: tuple[Step, ...] = (
    Step(
        1,
        "取組目標を決める",
        "一つ星 or 二つ星のどちらを宣言するか、取組目標を決めてください。",
        "Choose your goal",
        "Decide whether you will declare one star or two stars.",
    ),
    Step(
        2,
        "申込みフォームに入力",
        "ロゴマーク使用規約に同意後、自己宣言のお申し込みを行います。",
        "Fill in the application form",
        "After agreeing to the logo mark terms of use, apply for the self-declaration.",
    ),
    Step(
        3,
        "申込み手続き完了",
        "STEP2 の後、1 週間程度で自己宣言 ID をお知らせするメールが届きます。",
        "Application complete",
        "About a week after STEP 2, an e-mail tells you your self-declaration ID.",
    ),
    Step(
        4,
        "ダウンロード",
        "STEP3の後、1~2週間程度でロゴマークのダウンロード方法をお知らせするメールが届きます。",
        "Download",
        "One to two weeks after STEP 3, an e-mail tells you how to download the logo mark.",
    ),
)

BENEFITS: tuple[tuple[str, str, str, str], ...] = (
    (
        "情報セキュリティ対策への取組みの見える化",
        "ロゴマークをウェブサイトに掲出したり、名刺やパンフレットに印刷することで自らの取組み姿勢をアピール",
        "Make your security efforts visible",
        "Show your commitment by putting the logo mark on your website or printing it on business cards and brochures.",
    ),
    (
        "顧客や取引先との信頼関係の構築",
        "既存顧客との関係性強化や、新規顧客の信頼獲得のきっかけに",
        "Build trust with customers and partners",
        "A starting point for stronger relations with existing customers and for winning new customers' trust.",
    ),
    (
        "公的補助・民間の支援を受けやすく",
        "SECURITY ACTIONを要件とする補助金の申請、普及賛同企業等から提供される様々な支援策が利用可能",
        "Easier access to public and private support",
        "Apply for subsidies that require SECURITY ACTION, and use the support offered by supporting organisations.",
    ),
)

SUPPORTERS_DEFINITION = (
    "SECURITY ACTION 制度の趣旨に賛同し、当制度の普及促進のための積極的な取組みを実施する企業及び団体等。"
    "中小企業等が SECURITY ACTION制度を活用し、情報セキュリティ対策に取組むことを自己宣言するための支援策等を提供"
)
SUPPORTERS_DEFINITION_EN = (
    "Companies and organisations that agree with the aims of SECURITY ACTION and actively promote it, "
    "offering support so that SMEs can use the programme and declare their information-security efforts."
)
SUPPORT_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("セキュリティに関する情報提供", "Information about security"),
    ("セキュリティ体制の構築を支援", "Help in building a security organisation"),
    ("セキュリティ関連サービス提供時に優遇", "Preferential terms for security services"),
)


@dataclass(frozen=True)
class FaqEntry:
    section: str
    question: str
    answer: tuple[str, ...]
    section_en: str
    question_en: str
    answer_en: tuple[str, ...]
    # What the portal does with the entry beyond showing it: "timing" (the answer describes the programme's
    # staff review, so it is replaced in immediate mode), "logo_terms" (links to the portal's current terms).
    key: str = ""


FAQ: tuple[FaqEntry, ...] = (
    FaqEntry(
        "制度について",
        "「SECURITY ACTION」とはどのような制度ですか。",
        (
            "「SECURITY ACTION」は、中小企業自らが情報セキュリティ対策に取組むことを「自己宣言」する制度です。"
            "中小企業の自発的な情報セキュリティ対策への取組みを促す活動を推進し、安全・安心なIT社会を実現する"
            "ためにIPAが創設した制度です。「SECURITY ACTION」は、情報セキュリティ対策状況等をIPAが認定する"
            "あるいは認証等を与える制度ではありません。",
        ),
        "About the programme",
        "What kind of programme is SECURITY ACTION?",
        (
            "SECURITY ACTION is a programme in which SMEs themselves declare (self-declaration) that they work on "
            "information security. IPA created it to encourage SMEs' own security efforts and to realise a safe and "
            "secure IT society. SECURITY ACTION is not a programme in which IPA certifies or accredits anyone's "
            "security.",
        ),
    ),
    FaqEntry(
        "制度について",
        "「一つ星」と「二つ星」のロゴマークの違いは何ですか。",
        (
            "「一つ星」は、中小企業の情報セキュリティ対策ガイドライン付録の「情報セキュリティ5か条」に取組むことを"
            "宣言した中小企業等であることを示すロゴマークです。",
            "「二つ星」は、同付録の「5分でできる!情報セキュリティ自社診断」で自社の状況を把握したうえで、"
            "情報セキュリティ基本方針を定め、外部に公開したことを宣言した中小企業等であることを示すロゴマークです。",
        ),
        "About the programme",
        "What is the difference between the one-star and two-star logo marks?",
        (
            "One star shows an SME that has declared it will work on the 5 Principles of Information Security in the "
            "appendix of the Information Security Guidelines for SMEs.",
            "Two stars show an SME that has declared that, after assessing its situation with the 5-minute self-check "
            "in the same appendix, it has set an information security basic policy and published it.",
        ),
    ),
    FaqEntry(
        "申込について",
        "自己宣言の申込方法を教えてください。",
        ("自己宣言事業者の場合は「SECURITY ACTION 自己宣言者サイト」からお申込みください。",),
        "Applying",
        "How do I apply for a self-declaration?",
        (
            "Declaring businesses apply from the SECURITY ACTION self-declarer site (on this portal: sign up, then declare from My Page).",
        ),
    ),
    FaqEntry(
        "申込について",
        "自己宣言の申込み受付から正式な受理通知までの所要日数はどのくらいですか。",
        (
            "「自己宣言完了のお知らせ」メールをお送りしてから約1週間後に、「申込み受理のご連絡」メールにて"
            "ロゴマークの使用手順等をお知らせします。",
        ),
        "Applying",
        "How long from application to formal acceptance?",
        (
            'About one week after the "self-declaration complete" e-mail, an "application accepted" e-mail tells you '
            "how to use the logo mark.",
        ),
        key="timing",
    ),
    FaqEntry(
        "申込について",
        "情報セキュリティ対策にまだ取組んでいなくても、申込むことができますか。",
        (
            "一つ星は「情報セキュリティ5か条」に取組むことを宣言するもので、始めの一歩としてお申込みいただけます。"
            "(これから情報セキュリティ対策を始める行動を起こす意味での「SECURITY ACTION」です)",
        ),
        "Applying",
        "Can I apply even if I have not started on information security yet?",
        (
            "One star is a declaration that you will work on the 5 Principles, so you can apply as a first step. "
            '(It is a "SECURITY ACTION" in the sense of taking action to start on information security.)',
        ),
    ),
    FaqEntry(
        "申込について",
        "「二つ星」の申込時、「5分でできる!情報セキュリティ自社診断」で何点以上の得点が必要でしょうか。",
        ("何点でも構いません。",),
        "Applying",
        "For two stars, what score do I need in the 5-minute self-check?",
        ("Any score is fine.",),
    ),
    FaqEntry(
        "申込について",
        "「二つ星」の申込時、情報セキュリティ基本方針を外部に公開する場合、自社ウェブサイトに掲載する必要があるのでしょうか。",
        (
            "いいえ、外部に公開とは自社ウェブサイトへの掲載に限定するものではありません。",
            "会社案内等へ記載していただくなど、外部の方からお問い合わせいただいた際に提示できる状況であればかまいません。"
            "なお、「SECURITY ACTION自己宣言」入力時の「情報セキュリティ基本方針外部公開方法」において、"
            "「自社ウェブサイト」「会社案内」「パンフレット」「その他」のいずれかを選んでいただく必要があります。",
        ),
        "Applying",
        "For two stars, must the basic policy be published on our own website?",
        (
            "No. Publishing is not limited to your own website.",
            "It is enough that you can show it when someone outside asks, for example because it is in your company "
            'brochure. When entering the declaration you choose one of "own website", "company brochure", '
            '"pamphlet" or "other" as the way the policy is published.',
        ),
    ),
    FaqEntry(
        "申込について",
        "「二つ星」の申込時、個人情報保護方針を公開している場合は、情報セキュリティ基本方針を公開しているとみなすことができますか。",
        (
            "いいえ、できません。情報セキュリティ基本方針は、個人情報保護に限定するものではなく、情報セキュリティに"
            "関する「理念」「方針」「声明」「宣言」などを示すものです。",
            "よって、個人情報保護方針の公開は、情報セキュリティ基本方針を公開しているとはみなせません。",
        ),
        "Applying",
        "For two stars, does a published privacy policy count as a published basic policy?",
        (
            "No. An information security basic policy is not limited to personal data; it sets out your principles, "
            "policy, statement or declaration on information security as a whole.",
            "So publishing a privacy policy does not count as publishing an information security basic policy.",
        ),
    ),
    FaqEntry(
        "ロゴマークの使用等について",
        "ロゴマークの使用に際して、ルールがありますか。",
        (
            "「ロゴマーク使用規約」は、こちらをご確認ください。",
            "「ロゴマーク使用ガイドライン」は、使用許諾後の通知により、参照いただけるようになります。",
        ),
        "Using the logo mark",
        "Are there rules for using the logo mark?",
        (
            "Please read the logo mark terms of use here.",
            "The logo mark usage guideline becomes available to you with the notice after permission to use it.",
        ),
        # The seed links to IPA's terms; here declarers agree to the portal's own versioned terms instead.
        key="logo_terms",
    ),
    FaqEntry(
        "ロゴマークの使用等について",
        "ウェブサイト等に記載する際の正しい表記と注意点を教えてください。",
        (
            "「SECURITY ACTION」は情報セキュリティ対策状況、普及促進の取組み等を、IPAが認定するものではありません"
            "ので、次のような不適切な表現を使用されますと、第三者の誤解を招く可能性が懸念されますので、ご注意願います。",
            "適切な例 …「一つ星(二つ星)を宣言しました」",
            "不適切な例 …「一つ星(二つ星)の認定を受けました」",
        ),
        "Using the logo mark",
        "How should we write about it on our website, and what should we watch out for?",
        (
            "IPA does not certify anyone's security or promotion efforts under SECURITY ACTION, so wording like the "
            "following may mislead others. Please take care.",
            'Correct: "We have declared one star (two stars)."',
            'Incorrect: "We were certified one star (two stars)."',
        ),
    ),
)
