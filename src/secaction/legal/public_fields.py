"""What a declaration makes public: the fields of ``registry.RegistryEntry`` shown in the registry, on the
verification page and in the API. The wizard shows this list before a declarer confirms.

``registry`` sits above ``declarations`` (which shows the list), so the list lives here, below both;
``tests/legal/test_wizard.py`` checks every name is a field the registry entry really has.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PUBLIC_FIELDS: tuple[tuple[str, object], ...] = (
    ("name", _("事業者名")),
    ("name_kana", _("フリガナ")),
    ("corporate_number", _("法人番号")),
    ("prefecture", _("都道府県")),
    ("industry", _("業種")),
    ("level", _("段階")),
    ("status", _("状態")),
    ("declared_at", _("宣言日")),
    ("ended_at", _("取り下げ・取消し日")),
)
