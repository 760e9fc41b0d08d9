"""Reads of the public registry, by responsibility; everything here reads ``RegistryEntry`` only.

- ``search``: ``registry_search`` (and its ``RegistryQuery`` / ``RegistryPage``);
- ``public_record``: one declaration's public record (``declaration_public_get``, the API's hot
  path), an entry by ID, batch verification;
- ``verification``: many rows by declaration ID and/or 法人番号 (``registry_verify_many``), for the batch
  API, CSV uploads and pages;
- ``changes``: the change feed (``registry_changes_page``), also what webhooks send;
- ``statistics``: counts of active declarations, cached (``registry_statistics_get``).

The names below are the public interface; import them from here.
"""

from .changes import (
    FEED_LIMIT_DEFAULT,
    FEED_LIMIT_MAX,
    FEED_START,
    ChangesPage,
    FeedPosition,
    registry_change_item,
    registry_change_last_position,
    registry_change_position,
    registry_changes_page,
)
from .public_record import (
    CHECK_DIGIT_MISMATCH,
    VerifyResult,
    declaration_lookup_miss_message,
    declaration_lookup_miss_reason,
    declaration_public_build,
    declaration_public_from_entry,
    declaration_public_get,
    declarations_verify,
    registry_entry_get,
)
from .search import COUNT_CAP, RegistryPage, RegistryQuery, registry_search
from .statistics import (
    JAPAN,
    STATISTICS_MONTHS,
    LevelCounts,
    MonthRow,
    RegistryStatistics,
    StatisticsRow,
    months_back,
    registry_statistics_compute,
    registry_statistics_get,
)
from .verification import (
    MATCHED_BY_CORPORATE_NUMBER,
    MATCHED_BY_ID,
    VerifyAnswer,
    VerifyQuery,
    registry_verify_many,
)

__all__ = [
    "CHECK_DIGIT_MISMATCH",
    "COUNT_CAP",
    "FEED_LIMIT_DEFAULT",
    "FEED_LIMIT_MAX",
    "FEED_START",
    "JAPAN",
    "MATCHED_BY_CORPORATE_NUMBER",
    "MATCHED_BY_ID",
    "STATISTICS_MONTHS",
    "ChangesPage",
    "FeedPosition",
    "LevelCounts",
    "MonthRow",
    "RegistryPage",
    "RegistryQuery",
    "RegistryStatistics",
    "StatisticsRow",
    "VerifyAnswer",
    "VerifyQuery",
    "VerifyResult",
    "declaration_lookup_miss_message",
    "declaration_lookup_miss_reason",
    "declaration_public_build",
    "declaration_public_from_entry",
    "declaration_public_get",
    "declarations_verify",
    "months_back",
    "registry_change_item",
    "registry_change_last_position",
    "registry_change_position",
    "registry_changes_page",
    "registry_entry_get",
    "registry_search",
    "registry_statistics_compute",
    "registry_statistics_get",
    "registry_verify_many",
]
