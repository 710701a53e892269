"""Build assets/tables/countries.tsv and places.tsv from the shared gazetteer, babel and hand tables.

Sources, merged in this order (later wins):
  1. ../shared/data/gazetteers/countries_ar.tsv (mledoze/countries, ODbL 1.0):
     English name, Arabic name, English and Arabic capital.
  2. babel ``Locale("ar").territories`` (CLDR): an extra Arabic spelling, kept as a variant.
  3. The hand tables below, compiled by the team: nisba adjectives, news spellings,
     fixes for wrong or missing entries, and capital coordinates (from public atlases,
     two decimals).

Run from the repository root: ``python scripts/build_country_table.py``. The output is
deterministic (rows sorted by code / by kind and name).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_COUNTRIES = ROOT.parent / "shared" / "data" / "gazetteers" / "countries_ar.tsv"
OUT_DIR = ROOT / "assets" / "tables"

COUNTRY_HEADER = (
    "code",
    "name_en",
    "name_ar",
    "variants_ar",
    "nisba_ar",
    "capital_en",
    "capital_ar",
    "capital_lat",
    "capital_lon",
)
PLACE_HEADER = (
    "name_ar",
    "variants_ar",
    "name_en",
    "country_code",
    "kind",
    "lat",
    "lon",
)

TASHKEEL = re.compile("[\u064b-\u0652\u0670\u0640]")

# code; nisba forms (masculine singular, no article); capital_ar (blank = take the
# shared file's); other spellings of the capital; capital latitude; capital longitude.
HAND = """
AE; إماراتي; أبوظبي; أبو ظبي; 24.45; 54.38
AF; أفغاني; ; كابول; 34.56; 69.21
AL; ألباني; ; ; 41.33; 19.82
AM; أرميني; ; ; 40.18; 44.51
AO; أنغولي; لواندا; ; -8.84; 13.23
AR; أرجنتيني; بوينس آيرس; بوينس أيرس; -34.60; -58.38
AT; نمساوي; ; ; 48.21; 16.37
AU; أسترالي|استرالي; ; ; -35.28; 149.13
AZ; أذربيجاني; ; ; 40.41; 49.87
BA; بوسني; سراييفو; ; 43.86; 18.41
BD; بنغلاديشي; ; دكا; 23.81; 90.41
BE; بلجيكي; بروكسل; بروكسيل; 50.85; 4.35
BF; بوركيني; ; ; 12.37; -1.52
BG; بلغاري; ; ; 42.70; 23.32
BH; بحريني; ; ; 26.23; 50.59
BI; بوروندي; ; ; -3.43; 29.93
BJ; بنيني; ; ; 6.50; 2.60
BN; بروناوي|بروني; ; ; 4.90; 114.94
BO; بوليفي; ; ; -19.04; -65.26
BR; برازيلي; برازيليا; ; -15.79; -47.88
BW; بوتسواني; ; ; -24.63; 25.92
BY; بيلاروسي; ; ; 53.90; 27.57
CA; كندي; ; أوتاوا; 45.42; -75.70
CD; كونغولي; كينشاسا; ; -4.44; 15.27
CF; أفريقي أوسطي; بانغي; ; 4.39; 18.56
CG; كونغولي; برازافيل; ; -4.26; 15.24
CH; سويسري; ; بيرن; 46.95; 7.45
CI; إيفواري; ياموسوكرو; ; 6.83; -5.29
CL; تشيلي; سانتياغو; ; -33.45; -70.67
CM; كاميروني; ياوندي; ; 3.87; 11.52
CN; صيني; ; بيجين|بيجينغ; 39.90; 116.41
CO; كولومبي; بوغوتا; ; 4.71; -74.07
CR; كوستاريكي; سان خوسيه; ; 9.93; -84.08
CU; كوبي; ; ; 23.11; -82.37
CV; رأس أخضري; برايا; ; 14.93; -23.51
CY; قبرصي; ; ; 35.19; 33.38
CZ; تشيكي; براغ; ; 50.08; 14.44
DE; ألماني; ; ; 52.52; 13.40
DJ; جيبوتي; ; ; 11.59; 43.15
DK; دنماركي; ; كوبنهاجن; 55.68; 12.57
DO; دومينيكاني; ; ; 18.49; -69.93
DZ; جزائري; ; الجزائر; 36.75; 3.06
EC; إكوادوري; ; ; -0.18; -78.47
EE; إستوني; ; ; 59.44; 24.75
EG; مصري; ; ; 30.04; 31.24
ER; إريتري; ; أسمرا; 15.32; 38.93
ES; إسباني; ; ; 40.42; -3.70
ET; إثيوبي; ; ; 9.03; 38.74
FI; فنلندي; ; ; 60.17; 24.94
FR; فرنسي; ; ; 48.86; 2.35
GA; غابوني; ليبرفيل; ; 0.42; 9.45
GB; بريطاني; ; ; 51.51; -0.13
GE; جورجي; ; ; 41.72; 44.79
GH; غاني; ; ; 5.60; -0.19
GM; غامبي; بانجول; ; 13.45; -16.58
GN; غيني; ; ; 9.64; -13.58
GQ; غيني استوائي; ; ; 3.75; 8.78
GR; يوناني; ; ; 37.98; 23.73
GT; غواتيمالي; غواتيمالا سيتي; غواتيمالا العاصمة; 14.63; -90.51
GW; بيساوي; ; ; 11.86; -15.60
HN; هندوراسي; ; ; 14.07; -87.19
HR; كرواتي; زغرب; ; 45.81; 15.98
HT; هايتي; ; ; 18.59; -72.31
HU; مجري|هنغاري; ; ; 47.50; 19.04
ID; إندونيسي; ; ; -6.21; 106.85
IE; أيرلندي|إيرلندي; ; ; 53.35; -6.26
IL; إسرائيلي; ; ; 31.78; 35.22
IN; هندي; نيودلهي; نيو دلهي; 28.61; 77.21
IQ; عراقي; ; ; 33.31; 44.36
IR; إيراني; ; ; 35.69; 51.39
IS; آيسلندي|أيسلندي; ; ; 64.15; -21.94
IT; إيطالي; ; ; 41.90; 12.50
JM; جامايكي; ; ; 18.00; -76.79
JO; أردني; ; ; 31.95; 35.93
JP; ياباني; ; ; 35.68; 139.69
KE; كيني; ; ; -1.29; 36.82
KG; قيرغيزي|قرغيزي|قيرغيزستاني; ; ; 42.87; 74.59
KH; كمبودي; ; ; 11.56; 104.92
KM; قمري; موروني; ; -11.70; 43.26
KP; كوري شمالي; بيونغ يانغ; بيونغيانغ; 39.04; 125.76
KR; كوري جنوبي; سول; سيول; 37.57; 126.98
KW; كويتي; ; الكويت; 29.38; 47.99
KZ; كازاخي|كازاخستاني; ; أستانا|نور سلطان; 51.17; 71.45
LA; لاوسي; ; ; 17.98; 102.63
LB; لبناني; ; ; 33.89; 35.50
LK; سريلانكي; ; ; 6.93; 79.86
LR; ليبيري; ; ; 6.30; -10.80
LT; ليتواني; ; ; 54.69; 25.28
LU; لوكسمبورغي; ; ; 49.61; 6.13
LV; لاتفي; ; ; 56.95; 24.11
LY; ليبي; ; طرابلس الغرب; 32.89; 13.19
MA; مغربي; ; ; 34.02; -6.83
MD; مولدوفي; كيشيناو; ; 47.01; 28.86
ME; مونتينيغري; ; ; 42.44; 19.26
MG; مدغشقري; ; ; -18.88; 47.51
MK; مقدوني; سكوبيه; سكوبي; 42.00; 21.43
ML; مالي; ; ; 12.64; -8.00
MM; ميانماري; نايبيداو; ; 19.76; 96.08
MN; منغولي; أولان باتور; أولانباتار; 47.89; 106.91
MR; موريتاني; ; ; 18.08; -15.98
MT; مالطي; فاليتا; فاليتّا; 35.90; 14.51
MU; موريشيوسي; ; ; -20.16; 57.50
MV; مالديفي; ماليه; ; 4.18; 73.51
MW; مالاوي; ; ; -13.96; 33.79
MX; مكسيكي; مكسيكو سيتي; مدينة مكسيكو; 19.43; -99.13
MY; ماليزي; ; كوالا لمبور; 3.14; 101.69
MZ; موزمبيقي; ; ; -25.97; 32.57
NA; ناميبي; ; ; -22.56; 17.08
NE; نيجري; ; ; 13.51; 2.13
NG; نيجيري; ; ; 9.08; 7.40
NI; نيكاراغوي; ; ; 12.11; -86.24
NL; هولندي; ; ; 52.37; 4.90
NO; نرويجي; ; ; 59.91; 10.75
NP; نيبالي; كاتماندو; كتمندو; 27.72; 85.32
NZ; نيوزيلندي; ; ; -41.29; 174.78
OM; عماني; ; ; 23.59; 58.41
PA; بنمي; ; بنما سيتي; 8.98; -79.52
PE; بيروفي; ; ; -12.05; -77.04
PH; فلبيني; ; ; 14.60; 120.98
PK; باكستاني; ; إسلام أباد; 33.68; 73.05
PL; بولندي; ; ; 52.23; 21.01
PS; فلسطيني; ; ; 31.90; 35.20
PT; برتغالي; ; ; 38.72; -9.14
PY; باراغواياني; أسونسيون; ; -25.26; -57.58
QA; قطري; ; ; 25.29; 51.53
RO; روماني; ; ; 44.43; 26.10
RS; صربي; ; ; 44.79; 20.45
RU; روسي; ; ; 55.76; 37.62
RW; رواندي; ; ; -1.95; 30.06
SA; سعودي; الرياض; ; 24.71; 46.68
SC; سيشيلي; ; ; -4.62; 55.45
SD; سوداني; ; ; 15.50; 32.56
SE; سويدي; ; ; 59.33; 18.07
SG; سنغافوري; ; ; 1.29; 103.85
SI; سلوفيني; ليوبليانا; ; 46.06; 14.51
SK; سلوفاكي; ; ; 48.15; 17.11
SL; سيراليوني; ; ; 8.48; -13.23
SN; سنغالي; ; داكار; 14.69; -17.44
SO; صومالي; ; ; 2.05; 45.32
SS; جنوب سوداني; ; ; 4.85; 31.58
SV; سلفادوري; ; ; 13.69; -89.22
SY; سوري; ; ; 33.51; 36.29
TD; تشادي; نجامينا; انجمينا|إنجامينا; 12.13; 15.06
TG; توغولي; لومي; ; 6.13; 1.22
TH; تايلاندي; ; ; 13.76; 100.50
TJ; طاجيكي|طاجيكستاني; ; ; 38.56; 68.79
TM; تركماني|تركمانستاني; ; عشق أباد; 37.96; 58.33
TN; تونسي; ; تونس العاصمة; 36.81; 10.18
TR; تركي; ; ; 39.93; 32.86
TW; تايواني; ; ; 25.03; 121.57
TZ; تنزاني; ; ; -6.16; 35.75
UA; أوكراني; كييف; كيف; 50.45; 30.52
UG; أوغندي; ; كمبالا; 0.35; 32.58
US; أمريكي|أميركي; واشنطن; واشنطن العاصمة; 38.91; -77.04
UY; أوروغوياني; ; مونتيفيديو; -34.90; -56.16
UZ; أوزبكي|أوزبكستاني; ; ; 41.30; 69.24
VA; فاتيكاني; الفاتيكان; ; 41.90; 12.45
VE; فنزويلي; ; ; 10.48; -66.90
VN; فيتنامي; ; ; 21.03; 105.85
XK; كوسوفي; بريشتينا; ; 42.66; 21.17
YE; يمني; صنعاء; ; 15.37; 44.19
ZA; جنوب أفريقي; ; ; -25.75; 28.19
ZM; زامبي; ; ; -15.39; 28.32
ZW; زيمبابوي; ; ; -17.83; 31.05
"""

# The name news writes, where the shared file has a typo or a less usual form.
NAME_AR = {
    "AO": "أنغولا",
    "CD": "الكونغو الديمقراطية",
    "CG": "الكونغو برازافيل",
    "CV": "الرأس الأخضر",
    "GB": "بريطانيا",
    "MD": "مولدوفا",
    "ME": "الجبل الأسود",
    "MK": "مقدونيا الشمالية",
    "MX": "المكسيك",
    "RS": "صربيا",
    "TH": "تايلاند",
    "UZ": "أوزبكستان",
    "VA": "الفاتيكان",
}
NAME_EN = {"TR": "Turkey", "CZ": "Czech Republic"}
CAPITAL_EN = {"US": "Washington", "KZ": "Astana"}

# Other spellings and long forms seen in news.
VARIANTS = {
    "AE": "الإمارات العربية المتحدة|دولة الإمارات",
    "AU": "استراليا",
    "BA": "البوسنة",
    "BH": "مملكة البحرين",
    "BY": "روسيا البيضاء|بيلاروس",
    "CD": "جمهورية الكونغو الديمقراطية",
    "CG": "جمهورية الكونغو",
    "CI": "كوت ديفوار",
    "CN": "جمهورية الصين الشعبية",
    "CV": "كابو فيردي",
    "CZ": "جمهورية التشيك|تشيكيا",
    "DE": "ألمانيا الاتحادية",
    "EG": "جمهورية مصر العربية",
    "GB": "المملكة المتحدة|بريطانيا العظمى",
    "HU": "هنغاريا",
    "IN": "جمهورية الهند",
    "IR": "الجمهورية الإسلامية الإيرانية|الجمهورية الإسلامية",
    "IS": "أيسلندا",
    "JO": "المملكة الأردنية الهاشمية|المملكة الأردنية",
    "KM": "جزر القمر المتحدة",
    "KP": "كوريا الديمقراطية",
    "KW": "دولة الكويت",
    "KZ": "كازاخستان",
    "MA": "المملكة المغربية",
    "MK": "شمال مقدونيا|مقدونيا",
    "MM": "بورما",
    "MR": "الجمهورية الإسلامية الموريتانية",
    "NZ": "نيوزيلاندا",
    "OM": "سلطنة عمان",
    "PS": "دولة فلسطين|الأراضي الفلسطينية",
    "QA": "دولة قطر",
    "RU": "روسيا الاتحادية|الاتحاد الروسي",
    "SA": "المملكة العربية السعودية",
    "SY": "سورية",
    "TR": "الجمهورية التركية",
    "US": "أمريكا|أميركا|الولايات المتحدة الأمريكية|الولايات المتحدة الأميركية",
    "VA": "دولة الفاتيكان|مدينة الفاتيكان",
    "YE": "الجمهورية اليمنية",
}

# Cities, regions and seas often named in diplomatic news, besides the capitals:
# name_ar; variants; name_en; country code (blank: none or disputed); kind; lat; lon.
EXTRA_PLACES = """
إسطنبول; اسطنبول; Istanbul; TR; city; 41.01; 28.98
إزمير; ازمير; Izmir; TR; city; 38.42; 27.14
أنطاليا; انطاليا; Antalya; TR; city; 36.90; 30.70
غازي عنتاب; ; Gaziantep; TR; city; 37.07; 37.38
جنيف; ; Geneva; CH; city; 46.20; 6.14
دافوس; ; Davos; CH; city; 46.80; 9.84
لوزان; ; Lausanne; CH; city; 46.52; 6.63
شرم الشيخ; ; Sharm El Sheikh; EG; city; 27.92; 34.33
العلمين; العلمين الجديدة; El Alamein; EG; city; 30.83; 28.95
الإسكندرية; الاسكندرية; Alexandria; EG; city; 31.20; 29.92
أسوان; اسوان; Aswan; EG; city; 24.09; 32.90
سيناء; شبه جزيرة سيناء; Sinai; EG; region; 29.50; 33.80
قناة السويس; ; Suez Canal; EG; region; 30.58; 32.27
بنغازي; ; Benghazi; LY; city; 32.12; 20.07
مصراتة; مصراته; Misrata; LY; city; 32.38; 15.09
سرت; ; Sirte; LY; city; 31.21; 16.59
طبرق; ; Tobruk; LY; city; 32.08; 23.96
سبها; ; Sabha; LY; city; 27.04; 14.43
الجفرة; ; Jufra; LY; region; 29.12; 15.95
حلب; ; Aleppo; SY; city; 36.20; 37.16
إدلب; ادلب; Idlib; SY; city; 35.93; 36.63
حمص; ; Homs; SY; city; 34.73; 36.72
اللاذقية; ; Latakia; SY; city; 35.52; 35.78
دير الزور; ; Deir ez-Zor; SY; city; 35.34; 40.14
الرقة; ; Raqqa; SY; city; 35.95; 39.01
عفرين; ; Afrin; SY; city; 36.51; 36.87
منبج; ; Manbij; SY; city; 36.53; 37.95
الغوطة الشرقية; ; Eastern Ghouta; SY; region; 33.55; 36.45
الجولان; هضبة الجولان; Golan Heights; SY; region; 33.00; 35.75
الموصل; ; Mosul; IQ; city; 36.34; 43.13
البصرة; ; Basra; IQ; city; 30.51; 47.78
أربيل; إربيل|اربيل; Erbil; IQ; city; 36.19; 44.01
كركوك; ; Kirkuk; IQ; city; 35.47; 44.39
النجف; ; Najaf; IQ; city; 32.03; 44.35
كربلاء; ; Karbala; IQ; city; 32.62; 44.02
الفلوجة; ; Fallujah; IQ; city; 33.35; 43.78
عدن; ; Aden; YE; city; 12.79; 45.04
الحديدة; ; Hodeidah; YE; city; 14.80; 42.95
مأرب; ; Marib; YE; city; 15.46; 45.32
تعز; ; Taiz; YE; city; 13.58; 44.02
صعدة; ; Saada; YE; city; 16.94; 43.76
جدة; ; Jeddah; SA; city; 21.49; 39.19
مكة المكرمة; مكة; Mecca; SA; city; 21.39; 39.86
المدينة المنورة; ; Medina; SA; city; 24.47; 39.61
نيوم; ; Neom; SA; city; 28.00; 35.20
العلا; ; AlUla; SA; city; 26.61; 37.92
الظهران; ; Dhahran; SA; city; 26.29; 50.11
الدمام; ; Dammam; SA; city; 26.43; 50.10
دبي; ; Dubai; AE; city; 25.20; 55.27
الشارقة; ; Sharjah; AE; city; 25.35; 55.42
العقبة; ; Aqaba; JO; city; 29.53; 35.01
تل أبيب; تل ابيب; Tel Aviv; IL; city; 32.09; 34.78
غزة; مدينة غزة; Gaza City; PS; city; 31.50; 34.47
قطاع غزة; ; Gaza Strip; PS; region; 31.42; 34.38
الضفة الغربية; ; West Bank; PS; region; 31.95; 35.25
رفح; ; Rafah; PS; city; 31.30; 34.25
الخليل; ; Hebron; PS; city; 31.53; 35.10
نابلس; ; Nablus; PS; city; 32.22; 35.26
جنين; ; Jenin; PS; city; 32.46; 35.30
بيت لحم; ; Bethlehem; PS; city; 31.70; 35.20
أصفهان; اصفهان; Isfahan; IR; city; 32.65; 51.67
مشهد; ; Mashhad; IR; city; 36.30; 59.60
قندهار; ; Kandahar; AF; city; 31.61; 65.71
أم درمان; ; Omdurman; SD; city; 15.64; 32.48
دارفور; إقليم دارفور; Darfur; SD; region; 13.50; 24.00
الدار البيضاء; ; Casablanca; MA; city; 33.57; -7.59
مراكش; ; Marrakesh; MA; city; 31.63; -8.01
الصخيرات; ; Skhirat; MA; city; 33.85; -7.03
بوزنيقة; ; Bouznika; MA; city; 33.79; -7.16
وهران; ; Oran; DZ; city; 35.70; -0.63
صفاقس; ; Sfax; TN; city; 34.74; 10.76
سوتشي; ; Sochi; RU; city; 43.59; 39.72
سانت بطرسبرغ; سان بطرسبرغ; Saint Petersburg; RU; city; 59.94; 30.31
ميونخ; ميونيخ; Munich; DE; city; 48.14; 11.58
هامبورغ; ; Hamburg; DE; city; 53.55; 9.99
ستراسبورغ; ; Strasbourg; FR; city; 48.57; 7.75
لاهاي; ; The Hague; NL; city; 52.08; 4.30
باليرمو; ; Palermo; IT; city; 38.12; 13.36
ميلانو; ميلان; Milan; IT; city; 45.46; 9.19
برشلونة; ; Barcelona; ES; city; 41.39; 2.17
نيويورك; ; New York; US; city; 40.71; -74.01
كامب ديفيد; ; Camp David; US; city; 39.65; -77.46
مومباي; ; Mumbai; IN; city; 19.08; 72.88
شنغهاي; ; Shanghai; CN; city; 31.23; 121.47
هونغ كونغ; ; Hong Kong; CN; city; 22.32; 114.17
أوساكا; اوساكا; Osaka; JP; city; 34.69; 135.50
القرم; شبه جزيرة القرم; Crimea; UA; region; 45.30; 34.40
دونباس; ; Donbas; UA; region; 48.00; 38.00
ناغورني قره باغ; قره باغ|ناغورنو كاراباخ; Nagorno-Karabakh; AZ; region; 39.82; 46.75
كشمير; ; Kashmir; ; region; 34.08; 74.80
الصحراء الغربية; ; Western Sahara; ; region; 24.50; -13.00
البحر المتوسط; المتوسط|البحر الأبيض المتوسط; Mediterranean Sea; ; sea; 35.00; 18.00
شرق المتوسط; شرق البحر المتوسط; Eastern Mediterranean; ; region; 34.00; 31.00
الخليج; الخليج العربي|الخليج الفارسي; Persian Gulf; ; sea; 26.50; 52.00
البحر الأحمر; ; Red Sea; ; sea; 20.00; 38.50
بحر العرب; ; Arabian Sea; ; sea; 15.00; 65.00
البحر الأسود; ; Black Sea; ; sea; 43.00; 34.00
بحر قزوين; ; Caspian Sea; ; sea; 41.50; 50.50
البحر الميت; ; Dead Sea; ; sea; 31.50; 35.50
بحر الصين الجنوبي; ; South China Sea; ; sea; 12.00; 113.00
مضيق هرمز; ; Strait of Hormuz; ; sea; 26.57; 56.25
باب المندب; مضيق باب المندب; Bab el-Mandeb; ; sea; 12.58; 43.33
المحيط الهندي; ; Indian Ocean; ; sea; -20.00; 80.00
المحيط الأطلسي; المحيط الأطلنطي; Atlantic Ocean; ; sea; 0.00; -30.00
المحيط الهادئ; المحيط الهادي; Pacific Ocean; ; sea; 0.00; -160.00
الشرق الأوسط; ; Middle East; ; region; 29.00; 41.00
شمال أفريقيا; شمال إفريقيا; North Africa; ; region; 27.00; 10.00
المغرب العربي; ; Maghreb; ; region; 31.00; 3.00
بلاد الشام; الشام; Levant; ; region; 34.00; 37.00
القرن الأفريقي; القرن الإفريقي; Horn of Africa; ; region; 8.00; 45.00
منطقة الساحل; الساحل الأفريقي; Sahel; ; region; 15.00; 5.00
آسيا الوسطى; ; Central Asia; ; region; 43.00; 66.00
البلقان; ; Balkans; ; region; 43.00; 21.00
أوروبا; ; Europe; ; region; 50.00; 10.00
أفريقيا; إفريقيا|افريقيا; Africa; ; region; 2.00; 20.00
آسيا; ; Asia; ; region; 34.00; 100.00
أمريكا اللاتينية; أميركا اللاتينية; Latin America; ; region; -15.00; -60.00
"""


def strip_tashkeel(text: str) -> str:
    """Drop short vowels and tatweel, which the shared file sometimes carries (عَمَّان)."""
    return TASHKEEL.sub("", text).strip()


def split_rows(block: str, width: int) -> list[list[str]]:
    """Split a ';'-separated hand table, checking every row has `width` fields."""
    rows = []
    for line in block.strip().splitlines():
        fields = [f.strip() for f in line.split(";")]
        if len(fields) != width:
            raise ValueError(f"expected {width} fields: {line!r}")
        rows.append(fields)
    return rows


def join_variants(main: str, *groups: str) -> str:
    """Pipe-join the distinct spellings from `groups`, leaving out `main`."""
    seen: list[str] = []
    for group in groups:
        for v in group.split("|"):
            v = strip_tashkeel(v)
            if v and v != main and v not in seen:
                seen.append(v)
    return "|".join(seen)


def load_shared(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["cca2"]: row for row in csv.DictReader(f, delimiter="\t")}


def babel_names() -> dict[str, str]:
    """CLDR Arabic country names; empty when babel is missing (the hand table still covers all rows)."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover - babel is in requirements.txt
        return {}
    names = {}
    for code, name in Locale("ar").territories.items():
        # "الكونغو - كينشاسا" and "ميانمار (بورما)" are CLDR display forms, not news spellings
        if len(code) == 2 and code.isalpha() and "(" not in name and " - " not in name:
            names[code] = strip_tashkeel(name)
    return names


def build_countries(shared: dict[str, dict[str, str]], cldr: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for code, nisba, capital_ar, capital_variants, lat, lon in split_rows(HAND, 6):
        src = shared[code]
        name_ar = NAME_AR.get(code) or strip_tashkeel(src["name_ar"])
        capital = capital_ar or strip_tashkeel(src["capital_ar"])
        if not capital:
            raise ValueError(f"{code}: no Arabic capital in the shared file or the hand table")
        # a replaced shared name is a typo or ambiguous (المسكيك, الكونغو), so it is not kept as a variant
        variants = join_variants(name_ar, VARIANTS.get(code, ""), cldr.get(code, ""))
        rows.append(
            {
                "code": code,
                "name_en": NAME_EN.get(code, src["name_en"]),
                "name_ar": name_ar,
                "variants_ar": variants,
                "nisba_ar": nisba,
                "capital_en": CAPITAL_EN.get(code, src["capital_en"]),
                "capital_ar": capital,
                "capital_lat": f"{float(lat):.2f}",
                "capital_lon": f"{float(lon):.2f}",
                # kept for places.tsv only
                "_capital_variants": join_variants(capital, capital_variants),
            }
        )
    rows.sort(key=lambda r: r["code"])
    return rows


def build_places(countries: list[dict[str, str]]) -> list[dict[str, str]]:
    places = [
        {
            "name_ar": c["capital_ar"],
            "variants_ar": c["_capital_variants"],
            "name_en": c["capital_en"],
            "country_code": c["code"],
            "kind": "capital",
            "lat": c["capital_lat"],
            "lon": c["capital_lon"],
        }
        for c in countries
    ]
    for name_ar, variants, name_en, code, kind, lat, lon in split_rows(EXTRA_PLACES, 7):
        places.append(
            {
                "name_ar": name_ar,
                "variants_ar": join_variants(name_ar, variants),
                "name_en": name_en,
                "country_code": code,
                "kind": kind,
                "lat": f"{float(lat):.2f}",
                "lon": f"{float(lon):.2f}",
            }
        )
    kind_order = {"capital": 0, "city": 1, "region": 2, "sea": 3}
    places.sort(key=lambda p: (kind_order[p["kind"]], p["country_code"], p["name_en"]))
    return places


def write_tsv(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[h] for h in header])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED_COUNTRIES, help="countries_ar.tsv")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)

    countries = build_countries(load_shared(args.shared), babel_names())
    places = build_places(countries)
    write_tsv(args.out / "countries.tsv", COUNTRY_HEADER, countries)
    write_tsv(args.out / "places.tsv", PLACE_HEADER, places)
    print(
        f"wrote {len(countries)} countries and {len(places)} places to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
