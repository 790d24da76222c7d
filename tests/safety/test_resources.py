"""Help resources by region, with an international fallback and honest verification notes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from closeknit.errors import CloseknitError, ContentError
from closeknit.safety import REGIONS, help_resources, load_resources, load_resources_from


def test_the_promised_regions_are_supported() -> None:
    assert {"US", "GB", "IE", "AU", "CA", "NZ", "DE", "IN"} <= set(REGIONS)
    assert "INT" not in REGIONS


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_has_an_emergency_number_first_and_help_for_every_concern(region: str) -> None:
    found = help_resources(region)
    assert found[0].emergency
    assert found[0].region == region
    for concern in ("fear", "control", "violence", "self_harm"):
        assert [r for r in help_resources(region, [concern]) if not r.emergency]


def test_every_resource_says_when_and_how_it_was_verified() -> None:
    for resource in load_resources():
        assert isinstance(resource.last_verified, datetime.date)
        assert resource.last_verified == datetime.date(2026, 11, 21)
        assert "check before relying" in resource.verified_how


def test_the_well_known_lines_are_listed() -> None:
    contacts = {r.id: r.contact for r in load_resources()}
    assert "988" in contacts["us_988"]
    assert "1-800-799-7233" in contacts["us_ndvh"]
    assert "116 123" in contacts["gb_samaritans"]
    assert "0808 2000 247" in contacts["gb_domestic_abuse"]
    assert "13 11 14" in contacts["au_lifeline"]
    assert "1737" in contacts["nz_1737"]


def test_concerns_filter_the_region_s_resources() -> None:
    names = [r.id for r in help_resources("GB", ["self_harm"])]
    assert names[0] == "gb_emergency"
    assert "gb_samaritans" in names
    assert "gb_domestic_abuse" not in names


@pytest.mark.parametrize("region", [None, "", "ZZ", "atlantis"])
def test_an_unknown_or_missing_region_gets_the_international_fallback(region: str | None) -> None:
    found = help_resources(region, ["violence"])
    assert found
    assert {r.region for r in found} == {"INT"}
    assert found[0].emergency


def test_region_codes_are_case_insensitive_and_uk_means_gb() -> None:
    assert help_resources("uk") == help_resources("GB")
    assert help_resources(" us ") == help_resources("US")


def test_an_unknown_concern_is_an_error_naming_the_allowed_ones() -> None:
    with pytest.raises(
        CloseknitError, match=r"unknown safety concern\(s\) sadness: use fear, control"
    ):
        help_resources("US", ["sadness"])


def test_a_broken_resources_file_names_the_file_and_the_id(tmp_path: Path) -> None:
    path = tmp_path / "resources.toml"
    path.write_text(
        '[[resource]]\nid = "x_line"\nregion = "INT"\nname = "X"\ndescription = "D"\n'
        'contact = "Call 1"\nconcerns = ["sadness"]\nlast_verified = 2026-11-21\n'
        'verified_how = "guess"\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"resources\.toml: resource 'x_line': 'concerns'"):
        load_resources_from(path)


def test_a_resource_without_a_date_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "resources.toml"
    path.write_text(
        '[[resource]]\nid = "x_line"\nregion = "INT"\nname = "X"\ndescription = "D"\n'
        'contact = "Call 1"\nconcerns = ["fear"]\nverified_how = "guess"\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"resource 'x_line': 'last_verified' must be a date"):
        load_resources_from(path)
