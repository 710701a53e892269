"""Corpus actors: one per real-world actor across articles, however each article spelled the name."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from pipeline.entities import name_key
from pipeline.records import Entity

# A spelling variant must keep at least this many letters in its shorter form: "بوتن" (4) is
# Putin, while "سعد"/"سعيد" and "حسن"/"حسين" (3) are two different names.
MIN_VARIANT_LEN = 4
# Arabic writes foreign names with or without their long vowels ("بوتين"/"بوتن", "ترامب"/"ترمب");
# these are the letters that come and go (after name_key folds ى to ي and hamza seats to ا).
VOWEL_LETTERS = frozenset("اوي")
PLACE_CLASS = "PLACE"  # GPE and LOC are one class: the tagger often hesitates between them
# After these the last word is a father's or family name, not the person's own surname:
# "سلمان" alone is not "محمد بن سلمان", nor "سعود" "سلمان بن عبد العزيز آل سعود" (name_key forms).
NASAB_WORDS = frozenset(name_key(w) for w in ("بن", "ابن", "بنت", "آل", "أبو"))
# A bare surname several full names end with goes to one of them only if it is reported at least
# this many times as often as the next: «ترمب» is Donald Trump, not Melania, in a news corpus.
SURNAME_DOMINANCE = 10


@dataclass(frozen=True)
class Actor:
    """One real-world actor of the corpus, gathering the entities of many articles."""

    id: str  #: "a1", "a2", ... the most widely reported first
    type: str  #: the type most of its entities have
    name: str  #: its fullest name among the most often written
    name_en: str | None  #: the English name most of its entities have, or None
    names: tuple[str, ...]  #: every Arabic name its entities carry, most frequent first
    members: tuple[tuple[str, str], ...]  #: (article key, entity id) of each entity it gathers
    articles: int  #: how many articles mention it


@dataclass
class _Group:
    """Entities whose names are one spelling: the unit the merge rules join."""

    cls: str
    key: str
    names: Counter[str] = field(default_factory=Counter)
    names_en: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    members: list[tuple[str, str]] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return self.key.split()


def vowel_variant(a: str, b: str) -> bool:
    """Whether one word is the other with one long vowel letter more ("بوتن", "بوتين")."""
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1 or len(short) < MIN_VARIANT_LEN:
        return False
    return any(long[i] in VOWEL_LETTERS and long[:i] + long[i + 1 :] == short for i in range(len(long)))


def same_word(a: str, b: str, known_names: Container[str]) -> bool:
    """One word, or spellings of one: never two names the tables list apart ("محمد", "محمود")."""
    return a == b or (vowel_variant(a, b) and not (a in known_names and b in known_names))


def _skeleton(words: list[str]) -> tuple[str, ...]:
    return tuple("".join(ch for ch in w if ch not in VOWEL_LETTERS) for w in words)


class _Unions:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def _english_conflict(a: _Group, b: _Group) -> bool:
    # Two English names that differ mean the tables know two people ("Mahmoud" and "Mohammed").
    return bool(a.names_en) and bool(b.names_en) and not (set(a.names_en) & set(b.names_en))


def build_actors(
    entities: Iterable[tuple[str, Entity]], *, known_names: Container[str] | None = None
) -> list[Actor]:
    """Corpus actors from the entities of many articles.

    Two entities are one actor when, with the same type (GPE and LOC count as one): their names
    are one after spelling folding (name_key); or their English names are equal; or the names
    are spelling variants, word by word, of at least MIN_VARIANT_LEN letters, and not two names
    the tables list apart; or one is a single word that is the surname of exactly one person's
    full name ("كيري" and "جون كيري"; with "ماري كيري" too, "كيري" stays apart unless one of
    them is reported SURNAME_DOMINANCE times as often). A person's English name counts only
    when it has two words or more.

    Args:
        entities: (article key, entity) pairs; the key is any id unique to the article.
        known_names: name words (name_key) that are names in their own right; default the
            gazetteer's name words.
    """
    if known_names is None:
        from pipeline.gazetteer import load_gazetteer

        known_names = load_gazetteer().name_tokens
    groups: dict[tuple[str, str], _Group] = {}
    for article, entity in entities:
        key = name_key(entity.name)
        if not key:
            continue
        cls = PLACE_CLASS if entity.type in ("GPE", "LOC") else entity.type
        group = groups.setdefault((cls, key), _Group(cls, key))
        group.names[entity.name] += 1
        group.types[entity.type] += 1
        if entity.name_en:
            group.names_en[entity.name_en] += 1
        group.members.append((article, entity.id))
    ordered = list(groups.values())
    unions = _Unions(len(ordered))
    _join_english(ordered, unions)
    _join_variants(ordered, unions, known_names)
    _join_surnames(ordered, unions, known_names)
    return _actors(ordered, unions)


def _join_english(groups: list[_Group], unions: _Unions) -> None:
    by_english: dict[tuple[str, str], int] = {}
    for i, g in enumerate(groups):
        for english in g.names_en:
            # The resolver may take a person's English name from one word of one alias ("Salman",
            # "Mohamed"): only a full English name tells people apart.
            if g.cls == "PER" and len(english.split()) < 2:
                continue
            first = by_english.setdefault((g.cls, english.casefold()), i)
            unions.join(i, first)


def _join_variants(groups: list[_Group], unions: _Unions, known_names: Container[str]) -> None:
    # Only names with the same consonant skeleton can be vowel variants: compare within those blocks.
    blocks: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        blocks[(g.cls, _skeleton(g.words))].append(i)
    for members in blocks.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                a, b = groups[i], groups[j]
                if _english_conflict(a, b):
                    continue
                if all(same_word(x, y, known_names) for x, y in zip(a.words, b.words, strict=True)):
                    unions.join(i, j)


def _join_surnames(groups: list[_Group], unions: _Unions, known_names: Container[str]) -> None:
    by_skeleton: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        if g.cls == "PER" and len(g.words) > 1 and g.words[-2] not in NASAB_WORDS:
            by_skeleton[_skeleton(g.words[-1:])[0]].append(i)
    # Reach is counted before any surname joins, so the order of the groups does not matter.
    reach: dict[int, int] = defaultdict(int)
    for i, g in enumerate(groups):
        reach[unions.find(i)] += len({a for a, _ in g.members})
    joins = []
    for i, g in enumerate(groups):
        if g.cls != "PER" or len(g.words) != 1:
            continue
        word = g.words[0]
        candidates = by_skeleton.get(_skeleton([word])[0], [])
        # No English check here: tables give "Kerry" for "كيري" and "John Kerry" for "جون كيري".
        owners = sorted(
            {unions.find(j) for j in candidates if same_word(word, groups[j].words[-1], known_names)},
            key=lambda root: -reach[root],
        )
        # Two people share the surname: the bare surname goes to neither, unless one dominates.
        if len(owners) == 1 or (len(owners) > 1 and reach[owners[0]] >= SURNAME_DOMINANCE * reach[owners[1]]):
            joins.append((i, owners[0]))
    for i, owner in joins:
        unions.join(i, owner)


def _actors(groups: list[_Group], unions: _Unions) -> list[Actor]:
    gathered: dict[int, list[_Group]] = defaultdict(list)
    for i, g in enumerate(groups):
        gathered[unions.find(i)].append(g)
    built = []
    for parts in gathered.values():
        names: Counter[str] = Counter()
        english: Counter[str] = Counter()
        types: Counter[str] = Counter()
        members: list[tuple[str, str]] = []
        for g in parts:
            names.update(g.names)
            english.update(g.names_en)
            types.update(g.types)
            members.extend(g.members)
        ranked = sorted(names, key=lambda n: (-names[n], n))
        # The fullest name among those written most: "فلاديمير بوتين" over a bare "بوتين".
        name = max(ranked, key=lambda n: (len(n.split()) > 1, names[n], len(n.split())))
        built.append(
            (
                len({a for a, _ in members}),
                name,
                types.most_common(1)[0][0],
                english.most_common(1)[0][0] if english else None,
                tuple(ranked),
                tuple(members),
            )
        )
    built.sort(key=lambda b: (-b[0], b[1]))
    return [
        Actor(id=f"a{n}", type=t, name=name, name_en=en, names=names, members=members, articles=count)
        for n, (count, name, t, en, names, members) in enumerate(built, 1)
    ]


def actor_of(actors: Iterable[Actor]) -> dict[tuple[str, str], str]:
    """(article key, entity id) -> actor id, for looking an article's entity up in corpus views."""
    return {member: actor.id for actor in actors for member in actor.members}
