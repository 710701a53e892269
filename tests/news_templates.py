"""Short Arabic news items made from templates, for tests that need a corpus of a few dozen articles.

The people are invented (all men, so the templates' verbs and adjectives agree with them); the
countries, cities and titles are real so the taggers and the meeting rules have something to find. The same arguments always give the same articles.
"""

from __future__ import annotations

import json
from pathlib import Path

# (name, title, country adjective, country, capital)
OFFICIALS = (
    ("سامي الحداد", "وزير الخارجية", "الأردني", "الأردن", "عمّان"),
    ("ليث منصور", "وزير الخارجية", "التونسي", "تونس", "تونس"),
    ("كريم العطار", "رئيس الوزراء", "المصري", "مصر", "القاهرة"),
    ("نبيل بن علي", "وزير الدفاع", "المغربي", "المغرب", "الرباط"),
    ("فؤاد السعدي", "وزير الخارجية", "العراقي", "العراق", "بغداد"),
    ("رامي خوري", "رئيس الحكومة", "اللبناني", "لبنان", "بيروت"),
    ("هادي الشامي", "وزير الاقتصاد", "الكويتي", "الكويت", "الكويت"),
    ("عادل الزين", "وزير الداخلية", "الجزائري", "الجزائر", "الجزائر"),
)
TOPICS = (
    "تعزيز التعاون الاقتصادي",
    "أمن الحدود المشتركة",
    "التطورات في المنطقة",
    "ملف المياه",
    "التبادل التجاري والاستثمار",
    "مكافحة الإرهاب",
)
WEEKDAYS = ("الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس")

TEMPLATES = (
    (
        "{t1} {a1} يستقبل نظيره {a2} في {c1}",
        "استقبل {t1} {a1} {n1} في {c1} اليوم {t2} {a2} {n2}، وبحث الجانبان {topic}.\n"
        "وقال {n1} إن بلاده تدعم كل جهد يعزز الاستقرار، فيما أكد {n2} أن {k2} ترحب بالحوار.",
    ),
    (
        "اتصال هاتفي بين {n1} و{n2}",
        "أجرى {t1} {a1} {n1} اتصالاً هاتفياً مع {t2} {a2} {n2} يوم {day} الماضي.\n"
        "وتناول الاتصال {topic}، واتفق الطرفان على مواصلة التنسيق بين {k1} و{k2}.",
    ),
    (
        "{n2} يزور {k1} لبحث {topic}",
        "وصل {t2} {a2} {n2} إلى {c1} في زيارة رسمية تستمر يومين، التقى خلالها {t1} {a1} {n1}.\n"
        "وأعرب {n2} عن رفض بلاده للتصعيد، بينما قال {n1} إن {k1} تساند مساعي التهدئة.",
    ),
    (
        "قمة ثلاثية في {c3}",
        "عقد {n1} و{n2} و{n3} قمة ثلاثية في {c3} يوم {day} المقبل لبحث {topic}.\n"
        "وانتقد {n3} ما وصفه بالتدخلات الخارجية، وأشاد {n1} بالتعاون بين الدول الثلاث.",
    ),
)


def build_articles(count: int = 41, *, start_day: int = 1) -> list[dict[str, str]]:
    """`count` article records (id, title, text, date, source), each from one template and three officials."""
    out = []
    for i in range(count):
        template_title, template_text = TEMPLATES[i % len(TEMPLATES)]
        first = OFFICIALS[i % len(OFFICIALS)]
        second = OFFICIALS[(i * 3 + 1) % len(OFFICIALS)]
        if second is first:
            second = OFFICIALS[(i + 1) % len(OFFICIALS)]
        third = next(o for o in OFFICIALS[(i + 5) % len(OFFICIALS) :] + OFFICIALS if o not in (first, second))
        fields = {
            "n1": first[0],
            "t1": first[1],
            "a1": first[2],
            "k1": first[3],
            "c1": first[4],
            "n2": second[0],
            "t2": second[1],
            "a2": second[2],
            "k2": second[3],
            "n3": third[0],
            "c3": third[4],
            "topic": TOPICS[i % len(TOPICS)],
            "day": WEEKDAYS[i % len(WEEKDAYS)],
        }
        day = start_day + i % 28
        out.append(
            {
                "id": f"tpl-{i + 1:03d}",
                "title": template_title.format(**fields),
                "text": template_text.format(**fields),
                "date": f"2021-03-{day:02d}",
                "source": ("وكالة الأنباء", "صحيفة المساء", "موقع الخبر")[i % 3],
            }
        )
    return out


def write_jsonl(records: list[dict[str, str]], path: Path, *, extra_lines: tuple[str, ...] = ()) -> Path:
    """The records as JSON Lines, then any extra (possibly broken) lines."""
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
