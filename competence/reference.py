"""Loading SSYK 2012 (SCB) from the shipped CSV. Idempotent."""

import csv
import functools
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "ssyk2012.csv"


def load_ssyk(occupation_model) -> None:
    with open(DATA_FILE, encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: (int(r["level"]), r["code"]))
    by_code = {}
    for row in rows:
        by_code[row["code"]], _ = occupation_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "level": int(row["level"]),
                "name_sv": row["name_sv"],
                "name_en": row["name_en"],
                "parent": by_code.get(row["code"][:-1]) if len(row["code"]) > 1 else None,
            },
        )


SUN_FILE = Path(__file__).resolve().parent / "data" / "sun2020_fields.csv"


@functools.cache
def sun_fields() -> dict[str, str]:
    """SUN 2020's education fields (*inriktningar*, SCB), code -> Swedish name, at every level."""
    with open(SUN_FILE, encoding="utf-8", newline="") as fh:
        return {row["code"]: row["name_sv"] for row in csv.DictReader(fh)}
