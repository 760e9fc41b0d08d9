"""Write a synthetic CSV in the import format (docs/import.md) for timing ``import_declarations``.

python bench/make_import_csv.py --rows 350000 --out var/import-350k.csv
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secaction.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from secaction.devtools.loadgen import synthetic_declaration_id, synthetic_name  # noqa: E402
from secaction.organizations.validation import corporate_number_check_digit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=350_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seen: set[str] = set()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["declaration_id", "level", "declared_at", "status", "name", "name_kana", "corporate_number",
                    "entity_type", "prefecture", "industry", "postal_code", "address", "representative_name",
                    "contact_name", "contact_email", "contact_phone", "employees", "capital"])  # fmt: skip
        for i in range(args.rows):
            did = synthetic_declaration_id(rng, legacy=True)
            while did in seen:
                did = synthetic_declaration_id(rng, legacy=True)
            seen.add(did)
            name, kana, _first, entity = synthetic_name(rng)
            base = f"{800000000000 + i:012d}"
            corp = f"{corporate_number_check_digit(base)}{base}" if entity != "sole_proprietor" else ""
            w.writerow([
                did, rng.choice(["one_star", "one_star", "two_star"]),
                f"{rng.randint(2017, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                rng.choice(["active"] * 9 + ["withdrawn"]), name, kana, corp, entity,
                f"{rng.randint(1, 47):02d}", rng.choice("ABCDEFGHIJKLMNOPQRST"), "100-0001", "1-1-1",
                "代表 太郎", "担当 花子", f"imp{i}@example.invalid", "03-1234-5678", "1-5", "-10m",
            ])  # fmt: skip
    print(f"wrote {args.rows} rows to {args.out}")


if __name__ == "__main__":
    main()
