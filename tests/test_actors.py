"""Corpus actors: which spellings across articles are one person, and which are two."""

from __future__ import annotations

import pytest

from pipeline.actors import Actor, actor_of, build_actors, same_word, vowel_variant
from pipeline.entities import name_key
from pipeline.records import Entity

# Name words the tables know as names in their own right (the gazetteer's role in build_actors).
KNOWN = frozenset(
    name_key(w) for w in ("محمد", "محمود", "جمال", "جميل", "بوتين", "حسن", "حسين", "جون", "ماري")
)


def entity(name: str, type_: str = "PER", name_en: str | None = None, eid: str = "e1") -> Entity:
    return Entity(id=eid, type=type_, name=name, name_en=name_en)


def actors_of(*items: tuple[str, Entity]) -> list[Actor]:
    return build_actors(items, known_names=KNOWN)


def grouping(actors: list[Actor]) -> set[frozenset[str]]:
    """Which articles' entities each actor gathers, order aside."""
    return {frozenset(a for a, _ in actor.members) for actor in actors}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("بوتن", "بوتين", True),
        ("ترمب", "ترامب", True),
        ("بوتين", "بوتين", False),  # the same word is no variant of itself
        ("حسن", "حسين", False),  # too short to tell a spelling from another name
        ("جمال", "جميل", False),  # a vowel that changes, not one that comes and goes
        ("كيري", "كيرين", False),  # ن is no vowel
    ],
)
def test_vowel_variants(a: str, b: str, expected: bool) -> None:
    assert vowel_variant(name_key(a), name_key(b)) is expected


def test_two_names_the_tables_list_apart_are_not_one_word() -> None:
    assert vowel_variant("محمد", "محمود")
    assert not same_word("محمد", "محمود", KNOWN)
    assert same_word("بوتن", "بوتين", KNOWN)


def test_spelling_variants_and_the_full_name_are_one_actor() -> None:
    actors = actors_of(
        ("art1", entity("بوتين", name_en="Putin")),
        ("art2", entity("بوتن")),
        ("art3", entity("فلاديمير بوتين", name_en="Vladimir Putin")),
        ("art4", entity("فلاديمير بوتين", eid="e4")),
    )
    assert len(actors) == 1
    putin = actors[0]
    assert (putin.id, putin.type, putin.name, putin.name_en, putin.articles) == (
        "a1",
        "PER",
        "فلاديمير بوتين",
        "Putin",
        4,
    )
    assert putin.names == ("فلاديمير بوتين", "بوتن", "بوتين")
    assert actor_of(actors)[("art4", "e4")] == "a1"


def test_a_surname_joins_the_one_full_name_that_ends_with_it() -> None:
    actors = actors_of(
        ("art1", entity("كيري", name_en="Kere")), ("art2", entity("جون كيري", name_en="John Kerry"))
    )
    assert grouping(actors) == {frozenset({"art1", "art2"})}
    assert actors[0].name == "جون كيري"


def test_two_people_sharing_a_surname_stay_apart_and_so_does_the_bare_surname() -> None:
    actors = actors_of(
        ("art1", entity("جون كيري")),
        ("art2", entity("ماري كيري")),
        ("art3", entity("كيري")),
    )
    assert grouping(actors) == {frozenset({"art1"}), frozenset({"art2"}), frozenset({"art3"})}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (entity("سامي الحداد"), entity("رامي الحداد")),  # one letter apart, but not a vowel
        (entity("محمود عباس"), entity("محمد عباس")),  # two given names the tables know
        # One vowel apart and unknown to KNOWN, but the English names tell Suleiman from Salman.
        (entity("سليمان", name_en="Suleiman"), entity("سلمان", name_en="Salman")),
        (entity("الأردن", "GPE"), entity("الأردن", "PER")),  # same name, different types
        (entity("حسن روحاني"), entity("حسين روحاني")),  # the differing word is too short
    ],
)
def test_different_people_are_not_merged(first: Entity, second: Entity) -> None:
    assert len(actors_of(("art1", first), ("art2", second))) == 2


def test_english_names_and_spelling_folding_join() -> None:
    actors = actors_of(
        ("art1", entity("أردوغان", name_en="Recep Tayyip Erdogan")),
        ("art2", entity("اردغان", name_en="Recep Tayyip Erdogan")),  # a spelling name_key does not fold
        ("art3", entity("إردوغان")),  # hamza seats fold
        ("art4", entity("البحر الأحمر", "LOC")),
        ("art5", entity("البحر الاحمر", "GPE")),  # GPE and LOC are one class
    )
    assert grouping(actors) == {frozenset({"art1", "art2", "art3"}), frozenset({"art4", "art5"})}
    assert next(a for a in actors if a.articles == 2).type in ("GPE", "LOC")


def test_a_one_word_english_name_does_not_join_people() -> None:
    # The resolver can take a person's English name from one word of an alias.
    actors = actors_of(
        ("art1", entity("محمد بن سلمان", name_en="Salman")),
        ("art2", entity("سلمان بن عبد العزيز", name_en="Salman")),
        ("art3", entity("مصر", "GPE", name_en="Egypt")),
        ("art4", entity("جمهورية مصر العربية", "GPE", name_en="Egypt")),  # places: one word is enough
    )
    assert grouping(actors) == {frozenset({"art1"}), frozenset({"art2"}), frozenset({"art3", "art4"})}


def test_a_fathers_or_family_name_is_no_surname() -> None:
    actors = actors_of(
        ("art1", entity("محمد بن سلمان")),
        ("art2", entity("سلمان")),
        ("art3", entity("فيصل آل سعود")),
        ("art4", entity("سعود")),
    )
    assert len(actors) == 4


def test_a_bare_surname_goes_to_a_full_name_reported_ten_times_as_often() -> None:
    trump = [(f"art{i}", entity("دونالد ترمب")) for i in range(10)]
    melania = [("m1", entity("ميلانيا ترمب"))]
    actors = actors_of(*trump, *melania, ("bare", entity("ترمب")))
    assert ("bare", "e1") in actors[0].members and actors[0].name == "دونالد ترمب"
    assert len(actors) == 2
    # Nine to one is not enough: the bare name stays apart.
    actors = actors_of(*trump[:9], *melania, ("bare", entity("ترمب")))
    assert len(actors) == 3


def test_actors_are_ordered_by_how_many_articles_mention_them() -> None:
    actors = actors_of(
        ("art1", entity("مصر", "GPE")),
        ("art1", entity("جون كيري", eid="e2")),
        ("art2", entity("جون كيري")),
        ("art2", entity("كيري", eid="e3")),  # twice in one article counts one article
    )
    assert [(a.id, a.name, a.articles, len(a.members)) for a in actors] == [
        ("a1", "جون كيري", 2, 3),
        ("a2", "مصر", 1, 1),
    ]


def test_the_default_known_names_come_from_the_gazetteer() -> None:
    actors = build_actors([("art1", entity("محمود عباس")), ("art2", entity("محمد عباس"))])
    assert len(actors) == 2
    actors = build_actors([("art1", entity("فلاديمير بوتين")), ("art2", entity("فلاديمير بوتن"))])
    assert len(actors) == 1
