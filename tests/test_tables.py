"""Structure and key rows of the reference tables in assets/tables and the bundled samples."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "assets" / "tables"
SAMPLES = ROOT / "assets" / "samples"

HEADERS = {
    "countries.tsv": [
        "code",
        "name_en",
        "name_ar",
        "variants_ar",
        "nisba_ar",
        "capital_en",
        "capital_ar",
        "capital_lat",
        "capital_lon",
    ],
    "places.tsv": [
        "name_ar",
        "variants_ar",
        "name_en",
        "country_code",
        "kind",
        "lat",
        "lon",
    ],
    "titles.tsv": ["title_ar", "title_en", "kind"],
    "organisations.tsv": [
        "name_ar",
        "variants_ar",
        "name_en",
        "abbreviation_en",
        "country_code",
        "kind",
    ],
    "names_en.tsv": ["ar", "en", "class"],
}
ARABIC = re.compile("[\u0621-\u064a]")
ARAB_LEAGUE = [
    "DZ",
    "BH",
    "KM",
    "DJ",
    "EG",
    "IQ",
    "JO",
    "KW",
    "LB",
    "LY",
    "MR",
    "MA",
    "OM",
    "PS",
    "QA",
    "SA",
    "SO",
    "SD",
    "SY",
    "TN",
    "AE",
    "YE",
]
G20 = [
    "AR",
    "AU",
    "BR",
    "CA",
    "CN",
    "FR",
    "DE",
    "IN",
    "ID",
    "IT",
    "JP",
    "KR",
    "MX",
    "RU",
    "SA",
    "ZA",
    "TR",
    "GB",
    "US",
]
EU = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]
REPORTING_VERBS = (
    "قال",
    "أكد",
    "أشار",
    "أضاف",
    "أوضح",
    "شدد",
    "أعرب",
    "دعا",
    "طالب",
    "انتقد",
    "أدان",
    "رحب",
)
REQUIRED_PHRASES = (
    "ونظيره",
    "اتصال هاتفي",
    "اتصالا هاتفيا",
    "زيارة",
    "استقبل",
    "قمة",
    "ثلاثي",
    "عقده",
    "بين",
    "اليوم",
    "أمس",
    "غدا",
    "الماضي",
    "كانون الأول",
    "ديسمبر",
    "كانون الثاني",
    "من جانبه",
    "المتحدث باسم",
    "بحكومة",
    "الأمم المتحدة",
    "الاتحاد الأفريقي",
    "جامعة الدول العربية",
    "حلف شمال الأطلسي",
)


def read_table(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (TABLES / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def countries() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in read_table("countries.tsv")[1]}


@pytest.fixture(scope="module")
def places() -> list[dict[str, str]]:
    return read_table("places.tsv")[1]


def variants(row: dict[str, str]) -> list[str]:
    return [v for v in row["variants_ar"].split("|") if v]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_and_field_count(name: str) -> None:
    header, rows = read_table(name)
    assert header == HEADERS[name]
    assert rows
    for row in rows:
        assert None not in row, f"{name}: extra field in {row}"
        assert all(v is not None for v in row.values()), f"{name}: missing field in {row}"
        assert all(v == v.strip() for v in row.values()), f"{name}: stray spaces in {row}"


def test_countries_structure(countries: dict[str, dict[str, str]]) -> None:
    assert len(countries) >= 120
    for code, row in countries.items():
        assert re.fullmatch("[A-Z]{2}", code)
        assert ARABIC.search(row["name_ar"]) and ARABIC.search(row["capital_ar"])
        assert row["name_en"] and row["capital_en"]
        assert -90 <= float(row["capital_lat"]) <= 90
        assert -180 <= float(row["capital_lon"]) <= 180
        assert row["name_ar"] not in variants(row)
        nisbas = row["nisba_ar"].split("|")
        assert nisbas and all(nisbas)
        for nisba in nisbas:
            # bare masculine singular: no article, no feminine ending
            assert not any(word.startswith("ال") for word in nisba.split()), nisba
            assert not nisba.endswith("ة"), nisba
    missing = set(ARAB_LEAGUE + G20 + EU) - set(countries)
    assert not missing


def test_country_rows(countries: dict[str, dict[str, str]]) -> None:
    tr = countries["TR"]
    assert tr["name_ar"] == "تركيا" and "تركي" in tr["nisba_ar"].split("|")
    assert tr["capital_ar"] == "أنقرة"
    assert abs(float(tr["capital_lat"]) - 39.93) < 0.1 and abs(float(tr["capital_lon"]) - 32.86) < 0.1
    mt = countries["MT"]
    assert mt["nisba_ar"] == "مالطي" and mt["capital_ar"] == "فاليتا"
    assert countries["LY"]["nisba_ar"] == "ليبي"
    assert countries["LY"]["capital_ar"] == "طرابلس"
    us = countries["US"]
    assert {"أمريكا", "أميركا"} <= set(variants(us))
    assert set(us["nisba_ar"].split("|")) == {"أمريكي", "أميركي"}
    assert countries["KP"]["nisba_ar"] == "كوري شمالي"
    assert countries["EG"]["nisba_ar"] == "مصري"
    assert countries["MX"]["name_ar"] == "المكسيك"
    assert countries["SA"]["capital_ar"] == "الرياض"


def test_places(places: list[dict[str, str]], countries: dict[str, dict[str, str]]) -> None:
    kinds = {"capital", "city", "region", "sea"}
    keys = set()
    for row in places:
        assert row["kind"] in kinds
        assert ARABIC.search(row["name_ar"]) and row["name_en"]
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        assert row["country_code"] == "" or row["country_code"] in countries
        key = (row["name_ar"], row["country_code"])
        assert key not in keys
        keys.add(key)
    capitals = {(r["name_ar"], r["country_code"]) for r in places if r["kind"] == "capital"}
    assert capitals == {(c["capital_ar"], code) for code, c in countries.items()}
    by_name = {r["name_ar"]: r for r in places}
    for name in (
        "إسطنبول",
        "جنيف",
        "شرم الشيخ",
        "بنغازي",
        "إدلب",
        "الحديدة",
        "دبي",
        "سوتشي",
        "غزة",
        "البحر المتوسط",
    ):
        assert name in by_name, name
    assert "المتوسط" in variants(by_name["البحر المتوسط"])
    assert by_name["البحر المتوسط"]["kind"] == "sea"
    assert by_name["إسطنبول"]["country_code"] == "TR"
    assert len(places) >= len(countries) + 60


def test_titles() -> None:
    _, rows = read_table("titles.tsv")
    assert 150 <= len(rows) <= 250
    kinds = {"head", "portfolio", "honorific", "generic"}
    seen = set()
    for row in rows:
        assert row["kind"] in kinds and row["title_ar"] and row["title_en"]
        assert (row["title_ar"], row["kind"]) not in seen
        seen.add((row["title_ar"], row["kind"]))
    for title in (
        "وزير",
        "وزيرة",
        "رئيس الوزراء",
        "المتحدث باسم",
        "المستشارة",
        "ولي العهد",
        "المبعوث الأممي",
    ):
        assert (title, "head") in seen, title
    for portfolio in ("الدفاع", "الخارجية", "الداخلية", "الخارجية والتعاون الدولي"):
        assert (portfolio, "portfolio") in seen, portfolio
    assert ("معالي", "honorific") in seen and ("الوزير", "generic") in seen


def test_organisations(countries: dict[str, dict[str, str]]) -> None:
    _, rows = read_table("organisations.tsv")
    assert len(rows) >= 100
    kinds = {
        "international",
        "government",
        "ministry",
        "military",
        "armed_group",
        "party",
        "agency",
        "media",
        "parliament",
    }
    names = {}
    for row in rows:
        assert row["kind"] in kinds and ARABIC.search(row["name_ar"]) and row["name_en"]
        assert row["country_code"] == "" or row["country_code"] in countries
        assert row["name_ar"] not in names
        names[row["name_ar"]] = row
    assert names["الأمم المتحدة"]["name_en"] == "United Nations"
    assert "الناتو" in variants(names["حلف شمال الأطلسي"])
    assert "مجلس الأمن الدولي" in variants(names["مجلس الأمن"])
    assert "حكومة الوفاق الوطني" in variants(names["حكومة الوفاق"])
    assert names["البنتاغون"]["country_code"] == "US"


def test_names_en() -> None:
    _, rows = read_table("names_en.tsv")
    assert (TABLES / "names_en.tsv").stat().st_size < 1_600_000
    seen = set()
    for row in rows:
        assert row["class"] in {"PER", "LOC", "ORG"}
        assert ARABIC.search(row["ar"]) and row["en"]
        assert row["ar"] not in seen
        seen.add(row["ar"])
    table = {r["ar"]: r["en"] for r in rows}
    assert table["خليفة حفتر"] == "Khalifa Haftar"
    assert table["رجب طيب أردوغان"] == "Recep Tayyip Erdogan"
    assert table["خلوصي أكار"] == "Hulusi Akar"


def load_index() -> list[dict[str, str]]:
    return json.loads((SAMPLES / "index.json").read_text(encoding="utf-8"))


def test_sample_index_and_format() -> None:
    index = load_index()
    assert len(index) >= 8
    assert len({e["file"] for e in index}) == len(index)
    listed = {e["file"] for e in index}
    assert listed == {p.name for p in SAMPLES.glob("*.txt")}
    for entry in index:
        assert re.fullmatch(r"\d{2}_[a-z0-9_]+\.txt", entry["file"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["date"]) and entry["title_en"]
        lines = (SAMPLES / entry["file"]).read_text(encoding="utf-8").rstrip("\n").split("\n")
        title, blank, *body, source = lines
        assert ARABIC.search(title) and not title.startswith("المصدر")
        assert blank == ""
        assert body and all(line.strip() for line in body)
        assert re.fullmatch(r"المصدر: \S.*", source)
        sentences = sum(line.count(".") for line in body)
        assert 5 <= sentences <= 12, entry["file"]


def test_samples_cover_required_phrases() -> None:
    text = "\n".join((SAMPLES / e["file"]).read_text(encoding="utf-8") for e in load_index())
    for phrase in REQUIRED_PHRASES:
        assert phrase in text, phrase
    for verb in REPORTING_VERBS:
        assert verb in text, verb
    assert re.search("[\u0660-\u0669]{4}", text), "one sample must use Arabic-Indic digits"
    assert re.search(
        r"\b\d{1,2} (يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر) \d{4}",
        text,
    )
