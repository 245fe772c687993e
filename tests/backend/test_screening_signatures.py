"""What screening compares: narrative signatures (LSH over word shingles) and address keys."""

from __future__ import annotations

import pytest

from backend.delivery_address import delivery_address_key
from backend.narratives import BANDS, MIN_SHINGLES, shingles, signature, similarity

STORY = (
    "The space heater's power cord melted near the plug and sparked, then the rug under "
    "the desk caught fire and the wall behind it was scorched black"
)


def shared_bands(first: str, second: str) -> int:
    return len(set(signature(first).bands) & set(signature(second).bands))


def test_shingles_are_three_word_runs_ignoring_case_and_punctuation():
    assert shingles("The cord MELTED, then sparked!") == {
        "the cord melted",
        "cord melted then",
        "melted then sparked",
    }


def test_similarity_is_shared_shingles_over_all_shingles():
    assert similarity(shingles(STORY), shingles(STORY.upper())) == 1.0
    assert similarity(shingles("a b c d"), shingles("a b c e")) == pytest.approx(1 / 3)
    assert similarity(frozenset(), shingles(STORY)) == 0.0


def test_the_same_story_in_other_case_and_punctuation_has_the_same_signature():
    assert signature(STORY).bands == signature(STORY.lower().replace(",", "")).bands
    assert len(signature(STORY).bands) == BANDS


def test_a_nearly_identical_story_shares_buckets_and_an_unrelated_one_does_not():
    retold = STORY.replace("black", "badly")  # one word changed out of 28
    unrelated = (
        "My kettle leaked boiling water across the kitchen counter while I was making tea "
        "and it soaked the toaster and ruined the cookbooks on the shelf"
    )

    assert similarity(shingles(STORY), shingles(retold)) >= 0.8
    assert shared_bands(STORY, retold) >= 1
    assert shared_bands(STORY, unrelated) == 0


def test_short_narratives_are_not_signed_so_common_phrases_never_match():
    short = "the heater's cord melted and sparked scorched rug and wall burn on right hand"

    assert len(shingles(short)) < MIN_SHINGLES
    assert signature(short).bands == ()


def test_buckets_fit_the_stored_column():
    assert all(len(bucket) <= 32 for _, bucket in signature(STORY).bands)


@pytest.mark.parametrize(
    "typed",
    [
        "12 Main Street, Apt. 4, Portland OR 97201",
        "12 main st apt 4 portland or 97201",
        "12  MAIN ST.  #4  Portland, OR 97201",
        "12 Main Street, Apartment 4, Portland, OR 97201",
    ],
)
def test_one_place_typed_several_ways_has_one_key(typed):
    assert delivery_address_key(typed) == "12 main st unit 4 portland or 97201"


def test_different_units_and_accents_are_handled():
    assert delivery_address_key("12 Main St Apt 4") != delivery_address_key("12 Main St Apt 5")
    assert delivery_address_key("5 Straße Café") == delivery_address_key("5 strasse cafe")
    assert delivery_address_key(None) is None
    assert delivery_address_key("  ,, ") is None
    assert len(delivery_address_key("x " * 400)) == 255
