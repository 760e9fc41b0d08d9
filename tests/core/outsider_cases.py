"""core's services are infrastructure under the other apps' services: none acts for anyone."""

from __future__ import annotations

from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = []

EXEMPT = {
    "core.audit_record": (
        "records what a calling service already decided; the actor is data written to the log, "
        "not someone acting, and the caller has checked its permission first"
    ),
    "core.mail_queue": (
        "stores a mail another service rendered after its own permission check; no actor is involved"
    ),
    "core.mail_send": (
        "renders and queues a mail for the calling service, which checked its actor first; takes no actor"
    ),
    "core.mail_deliver_now": "the background task's delivery step for a stored mail; it runs with no actor",
    "core.mail_sweep_now": (
        "the periodic sweeper task's recovery step (stale tasks, orphaned mails); it runs with no actor"
    ),
    "core.mail_requeue": (
        "the write behind accounts.mail_resend, which checks staff_require first (core knows no users); "
        "takes no actor"
    ),
}
