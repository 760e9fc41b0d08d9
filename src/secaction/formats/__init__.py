"""Date and number formats per language (``FORMAT_MODULE_PATH``), so templates say which kind of date they show.

Templates write ``{{ value|date:"DATE_FORMAT" }}`` (a date in words: 2026年4月1日 / 1 April 2026),
``"DATETIME_FORMAT"`` (the same with the time), ``"SHORT_DATE_FORMAT"`` (2026-04-01, for tables and mails) or
``"SHORT_DATETIME_FORMAT"`` (2026-04-01 09:30), never a format string of their own: a format typed into a template
is the same in every language, and 「2026年4月1日」 would then appear on English pages.
"""
