"""The registry of known procuracy portals: loads, validates, looks hosts up."""

from __future__ import annotations

import pytest

from pipeline.errors import ProfileError
from pipeline.sites import presets
from pipeline.sites.registry import bare_host, load_registry, lookup


def test_bundled_registry_covers_the_known_portals():
    entries = load_registry()
    hosts = {e.host for e in entries}
    assert {"vkskh.gov.vn", "vksdaklak.gov.vn", "vksndtc.gov.vn", "kiemsat.vn", "dongthap.gov.vn"} <= hosts
    assert len(entries) >= 50
    assert {e.family for e in entries} <= set(presets())
    assert all(e.owner is None or e.owner.startswith("Viện kiểm sát nhân dân ") for e in entries)


@pytest.mark.parametrize("query, owner", [
    ("vksdaklak.gov.vn", "Viện kiểm sát nhân dân tỉnh Đắk Lắk"),
    ("https://www.vksdaklak.gov.vn/vi/news/", "Viện kiểm sát nhân dân tỉnh Đắk Lắk"),
    ("http://VKSKH.gov.vn:443/", "Viện kiểm sát nhân dân tỉnh Khánh Hòa"),
    ("vkscapcaohcm.gov.vn", "Viện kiểm sát nhân dân cấp cao tại Thành phố Hồ Chí Minh"),
    ("vksndtc.gov.vn", "Viện kiểm sát nhân dân tối cao"),
    ("https://dongthap.gov.vn/web/vksnd/tin-tuc", "Viện kiểm sát nhân dân tỉnh Đồng Tháp"),
])
def test_lookup_by_host_or_url(query, owner):
    assert lookup(query).owner == owner


def test_press_and_schools_have_no_owner_and_unknown_hosts_none():
    assert lookup("baovephapluat.vn").owner is None
    assert lookup("tks.edu.vn").owner is None
    assert lookup("example.org") is None


def test_bare_host():
    assert bare_host("https://www.X.gov.vn:8443/a") == "x.gov.vn"
    assert bare_host("www.x.gov.vn") == "x.gov.vn"


@pytest.mark.parametrize("text, message", [
    ('[[portal]]\nname = "a"\nfamily = "nukeviet"\n', "portal #1: host is required"),
    ('[[portal]]\nhost = "a.vn"\nname = "a"\nfamily = "typo3"\n', "family 'typo3' is not a preset"),
    ('[[portal]]\nhost = "www.a.vn"\nname = "a"\nfamily = "asp"\n', "without 'www.'"),
    ('[[portal]]\nhost = "a.vn"\nname = "A b"\nfamily = "asp"\n', "name 'A b' must be"),
    ('[[portal]]\nhost = "a.vn"\nname = "a"\nfamily = "asp"\ncolour = 1\n', "unknown keys ['colour']"),
    ('[[portal]]\nhost = "a.vn"\nname = "a"\nfamily = "asp"\n[[portal]]\nhost = "a.vn"\nname = "b"\nfamily = "asp"\n',
     "host 'a.vn' appears twice"),
    ("portal = [", "not valid TOML"),
])
def test_invalid_registry_names_file_and_field(tmp_path, text, message):
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_registry(path)
    assert message in str(err.value) and str(path) in str(err.value)
