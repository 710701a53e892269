"""Build assets/tables/names_en.tsv: Arabic→English names from ANETAC that news actually uses.

Sources:
  * ../shared/data/gazetteers/anetac_en_ar.tsv — ANETAC (Hadj Ameur et al. 2019,
    arXiv:1907.03110; repository MohamedHadjAmeur/ANETAC, no LICENSE file, the README
    asks users to cite the paper). Columns class, en, ar; every Arabic form is one word.
  * ../shared/data/news_corpus/*.jsonl.gz — 72k Arabic news articles, streamed line by
    line, used only to count how often each ANETAC form occurs.
  * HAND below: well-known politicians of 2015-2021, written by the team; they win over ANETAC.

An ANETAC form is kept when it occurs at least MIN_COUNT times in the corpus, counting
the bare word and the word after a conjunction و, unless it is mostly a common word: the
gold NER files (ANERcorp train, WikiFANE, AQMAR; used as a filter only) tag it O at least
COMMON_MIN times and more than COMMON_RATIO times as often as inside an entity (مارس, سفير).
Forms of one or two letters, and country and place names already in countries.tsv /
places.tsv (سوريا → Soraya), are dropped too. A form ANETAC lists under several classes
keeps one row, PER before LOC before ORG. ANETAC often gives several
English renderings of one form; the one whose consonants best match the Arabic consonants
is kept (سلمان → Salman, not Saiman).

Run from the repository root: ``python scripts/build_names_table.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
ANETAC = SHARED / "gazetteers" / "anetac_en_ar.tsv"
CORPUS_GLOB = "news_corpus/*.jsonl.gz"
OUT = ROOT / "assets" / "tables" / "names_en.tsv"

MIN_COUNT = 3
COMMON_MIN = 3
COMMON_RATIO = 3
NER_FILES = (
    "ner/anercorp/train.conll",
    "ner/wikifane/all.conll",
    "ner/aqmar/all.conll",
)
PLACE_TABLES = (
    ROOT / "assets" / "tables" / "countries.tsv",
    ROOT / "assets" / "tables" / "places.tsv",
)
CLASSES = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
CLASS_ORDER = ("PER", "LOC", "ORG")
HEADER = ("ar", "en", "class")

ARABIC_WORD = re.compile("[\u0621-\u064a]+")
# short vowels, dagger alif and tatweel: ANETAC has stray tatweel (جـونـي)
NOISE = re.compile("[\u064b-\u0652\u0670\u0640]")

# ar; en — people often named in diplomatic news, full name and the surname news uses alone.
HAND = """
خلوصي أكار; Hulusi Akar
أكار; Akar
فتحي باشاغا; Fathi Bashagha
باشاغا; Bashagha
خليفة حفتر; Khalifa Haftar
حفتر; Haftar
رجب طيب أردوغان; Recep Tayyip Erdogan
أردوغان; Erdogan
مولود جاويش أوغلو; Mevlut Cavusoglu
جاويش أوغلو; Cavusoglu
إبراهيم قالن; Ibrahim Kalin
فايز السراج; Fayez al-Sarraj
السراج; al-Sarraj
عبد الحميد الدبيبة; Abdul Hamid Dbeibah
الدبيبة; Dbeibah
محمد المنفي; Mohamed al-Menfi
نجلاء المنقوش; Najla Mangoush
المنقوش; Mangoush
محمد الطاهر سيالة; Mohamed Taha Siala
عقيلة صالح; Aguila Saleh
خالد المشري; Khalid al-Mishri
غسان سلامة; Ghassan Salame
ستيفاني ويليامز; Stephanie Williams
عبد الفتاح السيسي; Abdel Fattah el-Sisi
السيسي; el-Sisi
سامح شكري; Sameh Shoukry
شكري; Shoukry
مصطفى مدبولي; Mostafa Madbouly
محمد بن سلمان; Mohammed bin Salman
سلمان بن عبد العزيز; Salman bin Abdulaziz
فيصل بن فرحان; Faisal bin Farhan
عادل الجبير; Adel al-Jubeir
تميم بن حمد آل ثاني; Tamim bin Hamad Al Thani
محمد بن عبد الرحمن آل ثاني; Mohammed bin Abdulrahman Al Thani
محمد بن زايد; Mohammed bin Zayed
عبد الله بن زايد; Abdullah bin Zayed
أنور قرقاش; Anwar Gargash
صباح الأحمد الجابر الصباح; Sabah Al-Ahmad Al-Jaber Al-Sabah
نواف الأحمد الجابر الصباح; Nawaf Al-Ahmad Al-Jaber Al-Sabah
أحمد ناصر المحمد الصباح; Ahmad Nasser Al-Mohammad Al-Sabah
عبد الله الثاني; Abdullah II
أيمن الصفدي; Ayman Safadi
الصفدي; Safadi
ميشال عون; Michel Aoun
سعد الحريري; Saad Hariri
حسن نصر الله; Hassan Nasrallah
بشار الأسد; Bashar al-Assad
وليد المعلم; Walid Muallem
فيصل المقداد; Faisal Mekdad
برهم صالح; Barham Salih
مصطفى الكاظمي; Mustafa al-Kadhimi
فؤاد حسين; Fuad Hussein
حسن روحاني; Hassan Rouhani
روحاني; Rouhani
محمد جواد ظريف; Mohammad Javad Zarif
ظريف; Zarif
علي خامنئي; Ali Khamenei
خامنئي; Khamenei
قاسم سليماني; Qasem Soleimani
سعيد خطيب زاده; Saeed Khatibzadeh
بنيامين نتنياهو; Benjamin Netanyahu
نتنياهو; Netanyahu
محمود عباس; Mahmoud Abbas
إسماعيل هنية; Ismail Haniyeh
عبد المجيد تبون; Abdelmadjid Tebboune
تبون; Tebboune
صبري بوقادوم; Sabri Boukadoum
الباجي قائد السبسي; Beji Caid Essebsi
قيس سعيد; Kais Saied
محمد السادس; Mohammed VI
ناصر بوريطة; Nasser Bourita
عبد الفتاح البرهان; Abdel Fattah al-Burhan
عبد الله حمدوك; Abdalla Hamdok
آبي أحمد; Abiy Ahmed
عبد ربه منصور هادي; Abdrabbuh Mansur Hadi
عبد الملك الحوثي; Abdul-Malik al-Houthi
مارتن غريفيث; Martin Griffiths
أحمد أبو الغيط; Ahmed Aboul Gheit
أبو الغيط; Aboul Gheit
نايف الحجرف; Nayef al-Hajraf
أنطونيو غوتيريش; Antonio Guterres
غوتيريش; Guterres
ستيفان دوجاريك; Stephane Dujarric
دونالد ترامب; Donald Trump
ترامب; Trump
جو بايدن; Joe Biden
بايدن; Biden
مايك بومبيو; Mike Pompeo
بومبيو; Pompeo
أنتوني بلينكن; Antony Blinken
جاريد كوشنر; Jared Kushner
مورغان أورتاغوس; Morgan Ortagus
فلاديمير بوتين; Vladimir Putin
بوتين; Putin
سيرغي لافروف; Sergey Lavrov
لافروف; Lavrov
إيمانويل ماكرون; Emmanuel Macron
ماكرون; Macron
جان إيف لودريان; Jean-Yves Le Drian
أنغيلا ميركل; Angela Merkel
ميركل; Merkel
هايكو ماس; Heiko Maas
بوريس جونسون; Boris Johnson
دومينيك راب; Dominic Raab
جوزيبي كونتي; Giuseppe Conte
ماريو دراغي; Mario Draghi
لويجي دي مايو; Luigi Di Maio
جوزيب بوريل; Josep Borrell
أورسولا فون دير لاين; Ursula von der Leyen
شارل ميشال; Charles Michel
ينس ستولتنبرغ; Jens Stoltenberg
روبرت أبيلا; Robert Abela
إيفاريست بارتولو; Evarist Bartolo
نيكوس دندياس; Nikos Dendias
نيكوس خريستودوليدس; Nikos Christodoulides
كيرياكوس ميتسوتاكيس; Kyriakos Mitsotakis
نيكوس أناستاسيادس; Nicos Anastasiades
شي جين بينغ; Xi Jinping
وانغ يي; Wang Yi
ناريندرا مودي; Narendra Modi
عمران خان; Imran Khan
موسى فقي محمد; Moussa Faki Mahamat
فولوديمير زيلينسكي; Volodymyr Zelensky
"""


# One Latin letter per Arabic consonant; letters that are vowels, glides or often silent
# (ا و ي ه ح ع ء ة ى) are left out on both sides, so only the consonant skeletons compare.
AR_SKELETON = str.maketrans(
    {
        "ب": "b", "ت": "t", "ث": "t", "ج": "j", "خ": "k", "د": "d", "ذ": "d", "ر": "r",
        "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g",
        "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    }
)  # fmt: skip
EN_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("dh", "d"),
               ("ph", "f"), ("ck", "k"), ("dj", "j"))  # fmt: skip
EN_LETTERS = str.maketrans({"q": "k", "c": "k", "p": "b", "v": "f", "x": "k", "g": "j"})


def normalise(text: str) -> str:
    return NOISE.sub("", text).strip()


def ar_skeleton(ar: str) -> str:
    kept = "".join(ch for ch in ar.translate(AR_SKELETON) if "a" <= ch <= "z")
    # غ is g in English, but so is ج in Egyptian names: compare both as j
    return squeeze(kept.replace("g", "j"))


def en_skeleton(en: str) -> str:
    text = unicodedata.normalize("NFKD", en.lower())
    text = "".join(ch for ch in text if "a" <= ch <= "z")
    for digraph, letter in EN_DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(EN_LETTERS)
    return squeeze("".join(ch for ch in text if ch not in "aeiouyhw"))


def squeeze(text: str) -> str:
    """Collapse doubled letters: Abbas and عباس both give bs."""
    return "".join(ch for i, ch in enumerate(text) if i == 0 or ch != text[i - 1])


def pick_english(ar: str, candidates: Iterable[str]) -> str:
    """The rendering whose consonants match best; then plain ASCII, no doubled vowels, shortest."""
    skeleton = ar_skeleton(ar)

    def key(en: str) -> tuple[float, int, int, int, str]:
        match = SequenceMatcher(None, skeleton, en_skeleton(en)).ratio()
        doubled = sum(en.lower().count(v * 2) for v in "aeiou")
        return (-match, not en.isascii(), doubled, len(en), en)

    return min(candidates, key=key)


def load_anetac(path: Path) -> dict[tuple[str, str], str]:
    """(ar, class) → the best English rendering ANETAC gives for it."""
    renderings: dict[tuple[str, str], set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            ar = normalise(row["ar"] or "")
            en = (row["en"] or "").strip()
            cls = CLASSES.get(row["class"])
            if cls and en and len(ar) > 2 and ARABIC_WORD.fullmatch(ar):
                renderings[(ar, cls)].add(en)
    return {key: pick_english(key[0], ens) for key, ens in renderings.items()}


def common_words(paths: Iterable[Path], forms: set[str]) -> set[str]:
    """Forms the gold NER data mostly tags O: ordinary words that happen to be names too."""
    outside: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for path in paths:
        with path.open(encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 2:
                    continue
                word = normalise(parts[0])
                if word in forms:
                    (outside if parts[-1] == "O" else inside)[word] += 1
    return {w for w, n in outside.items() if n >= COMMON_MIN and n > COMMON_RATIO * inside[w]}


def place_names(paths: Iterable[Path]) -> set[str]:
    """Arabic names and variants from the country and place tables, when they are built."""
    names: set[str] = set()
    for path in paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                names.add(row["name_ar"])
                names.update(v for v in row["variants_ar"].split("|") if v)
                if row.get("capital_ar"):
                    names.add(row["capital_ar"])
    return names


def iter_texts(paths: Iterable[Path]) -> Iterator[str]:
    """Title and text of every article, one line at a time (the corpus is never held in memory)."""
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                yield f"{rec.get('title') or ''}\n{rec.get('text') or ''}"


def count_forms(texts: Iterable[str], forms: set[str]) -> Counter[str]:
    """Occurrences of each form in `forms`, bare or after the conjunction و."""
    counts: Counter[str] = Counter()
    for text in texts:
        for word in ARABIC_WORD.findall(normalise(text)):
            if word in forms:
                counts[word] += 1
            elif word[0] == "و" and word[1:] in forms:
                counts[word[1:]] += 1
    return counts


def hand_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in HAND.strip().splitlines():
        ar, en = (part.strip() for part in line.split(";"))
        rows.append((ar, en, "PER"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anetac", type=Path, default=ANETAC)
    parser.add_argument(
        "--corpus",
        type=Path,
        nargs="*",
        help="jsonl.gz files (default: shared news corpus)",
    )
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    anetac = load_anetac(args.anetac)
    corpus = args.corpus or sorted(SHARED.glob(CORPUS_GLOB))
    counts = count_forms(iter_texts(corpus), {ar for ar, _ in anetac})

    common = common_words((SHARED / p for p in NER_FILES), {ar for ar, _ in anetac})
    places = place_names(PLACE_TABLES)

    hand = hand_rows()
    rows = set(hand)
    taken = {ar for ar, _, _ in hand} | common | places
    # one row per Arabic form: ANETAC has no frequencies, so the class order decides
    for (ar, cls), en in sorted(anetac.items(), key=lambda kv: (kv[0][0], CLASS_ORDER.index(kv[0][1]))):
        if counts[ar] >= args.min_count and ar not in taken:
            rows.add((ar, en, cls))
            taken.add(ar)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        for ar, en, cls in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
            writer.writerow((ar, en, cls))
    print(f"wrote {len(rows)} names ({len(hand)} by hand) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
