"""Loading the shipped reference data (SCB regions and municipalities). Idempotent."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_geography(region_model, municipality_model) -> None:
    """Insert or update every region and municipality; takes the models so migrations can use it."""
    regions = {}
    for row in read_csv("regions.csv"):
        regions[row["code"]], _ = region_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
    for row in read_csv("municipalities.csv"):
        municipality_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "region": regions[row["region_code"]]}
        )
