"""Issue 10's figure: 600 mails, three workers SIGKILLed while sending, sent vs received at an SMTP sink.

    .venv/bin/python bench/mail_kill.py [--mails 600] [--kills 3] [--in-transaction]

Kills come from outside at an arbitrary moment (after every ~1/5 of the mails), like an OOM killer or a
lost host; ``--in-transaction`` makes the sink kill the worker during a transfer instead, as the test does.
Prints the outcome as JSON: mails queued, messages received, unique Message-IDs, duplicates, missing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.tasks.mail_kill import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mails", type=int, default=600)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--in-transaction", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        outcome = run(
            Path(directory), mails=args.mails, kills=args.kills, kill_in_transaction=args.in_transaction
        )
    print(json.dumps(dataclasses.asdict(outcome), indent=2))


if __name__ == "__main__":
    main()
