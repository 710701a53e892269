"""Derive assets/tables/cities.tsv: cities of 300,000 people or more, with their Arabic names.

Source: ../shared/data/gazetteers/cities_ar.tsv (jamsshhayd/world-cities-translations, CC BY 4.0).
One-word names that are also common Arabic words (assets/tables/common_words.tsv: "مشهد" is
"scene") or parts of people's names (names_en.tsv: "فلاديمير"), and names already in places.tsv,
are left out; places.tsv, written by the team with coordinates,
stays the table of record for the cities it lists.

Run: python scripts/build_city_table.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.text import match_key  # noqa: E402

MIN_POPULATION = 300_000
TABLES = ROOT / "assets" / "tables"
OUT = TABLES / "cities.tsv"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    source = Path(args.shared) / "data" / "gazetteers" / "cities_ar.tsv"
    codes = {r["name_en"]: r["code"] for r in rows(TABLES / "countries.tsv")}
    codes.update({r["name_ar"]: r["code"] for r in rows(TABLES / "countries.tsv")})
    common = {r["word"] for r in rows(TABLES / "common_words.tsv")}
    person_parts = {
        w for r in rows(TABLES / "names_en.tsv") if r["class"] == "PER" for w in match_key(r["ar"]).split()
    }
    known = set()
    for r in rows(TABLES / "places.tsv"):
        known.update(match_key(v) for v in [r["name_ar"], *r["variants_ar"].split("|")] if v)
    for r in rows(TABLES / "countries.tsv"):
        known.update(match_key(v) for v in [r["name_ar"], *r["variants_ar"].split("|")] if v)
    out, seen = [], set()
    for r in sorted(rows(source), key=lambda r: -int(r["population"] or 0)):
        name, key = r["city_ar"].strip(), match_key(r["city_ar"])
        if int(r["population"] or 0) < MIN_POPULATION or not name or key in seen or key in known:
            continue
        if " " not in key and (key in common or key.removeprefix("ال") in common or key in person_parts):
            continue  # "مشهد" (scene), "الأبيض" (white), "فلاديمير" (a first name)
        seen.add(key)
        code = codes.get(r["country_en"]) or codes.get(r["country_ar"], "")
        out.append((name, r["city_en"], code, r["population"]))
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("name_ar\tname_en\tcountry_code\tpopulation\n")
        for row in sorted(out, key=lambda x: (x[2], x[1])):
            fh.write("\t".join(row) + "\n")
    print(f"{len(out)} cities -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
