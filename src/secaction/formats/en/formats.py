"""English date formats: day month year as in British English, the spelling the English pages use.

The short forms stay ISO (2026-04-01): unambiguous for every reader, and the same digits as on the Japanese pages.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
