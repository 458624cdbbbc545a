"""The UNIT extractor (pipeline/nlp/unit_parser.py and the modules it reads) and its gazetteer, on examples
written for these tests."""

from __future__ import annotations

import importlib.util
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp import unit_parser, units_table
from pipeline.nlp.base import Context, Entity
from pipeline.text import normalise_text

KH = Context(owner="Viện kiểm sát nhân dân tỉnh Khánh Hòa")
NEWS = Context()


def values(text: str, context: Context = NEWS, found: list[Entity] | None = None) -> list[str]:
    return [e.value for e in unit_parser.extract(normalise_text(text), context, found or [])]


@pytest.mark.parametrize(
    "text, expected",
    [
        # abbreviations expanded, level words lower-case
        ("Viện KSND huyện Khánh Vĩnh ban hành kiến nghị.", ["Viện kiểm sát nhân dân huyện Khánh Vĩnh"]),
        ("VKSNDTC hướng dẫn nghiệp vụ.", ["Viện kiểm sát nhân dân tối cao"]),
        ("Viện trưởng VKSND Tối cao dự hội nghị.", ["Viện kiểm sát nhân dân tối cao"]),
        ("TANDTC ban hành án lệ.", ["Tòa án nhân dân tối cao"]),
        ("Uỷ ban nhân dân huyện Khánh Vĩnh họp.", ["Ủy ban nhân dân huyện Khánh Vĩnh"]),
        ("HĐND tỉnh Phú Yên thông qua nghị quyết.", ["Hội đồng nhân dân tỉnh Phú Yên"]),
        ("Cơ quan CSĐT Công an TP Hồ Chí Minh khởi tố vụ án.",
         ["Cơ quan Cảnh sát điều tra Công an thành phố Hồ Chí Minh"]),
        ("CQCSĐT Công an TP.HCM ra quyết định.", ["Cơ quan Cảnh sát điều tra Công an thành phố Hồ Chí Minh"]),
        ("Chi cục THADS huyện Vạn Ninh tổ chức cưỡng chế.", ["Chi cục Thi hành án dân sự huyện Vạn Ninh"]),
        ("Cục THADS tỉnh Bình Định báo cáo.", ["Cục Thi hành án dân sự tỉnh Bình Định"]),
        ("Thi hành án dân sự tỉnh Gia Lai ký quy chế.", ["Thi hành án dân sự tỉnh Gia Lai"]),
        ("Ủy ban MTTQ Việt Nam huyện Tuy Phước và MTTQ xã Phước Lộc.",
         ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện Tuy Phước", "Mặt trận Tổ quốc xã Phước Lộc"]),
        ("VKSND TX Ninh Hòa và VKSND TP. Nha Trang.",
         ["Viện kiểm sát nhân dân thị xã Ninh Hòa", "Viện kiểm sát nhân dân thành phố Nha Trang"]),
        # levels
        ("VKSND khu vực 6 - Gia Lai tiếp nhận hồ sơ.", ["Viện kiểm sát nhân dân khu vực 6 tỉnh Gia Lai"]),
        ("TAND khu vực 2 tỉnh Khánh Hòa xét xử.", ["Tòa án nhân dân khu vực 2 tỉnh Khánh Hòa"]),
        ("VKSND cấp cao tại TP HCM kháng nghị.", ["Viện kiểm sát nhân dân cấp cao tại thành phố Hồ Chí Minh"]),
        ("TAND cấp cao tại Đà Nẵng xử phúc thẩm.", ["Tòa án nhân dân cấp cao tại Đà Nẵng"]),
        ("Viện kiểm sát quân sự Quân khu 5 phối hợp.", ["Viện kiểm sát quân sự Quân khu 5"]),
        # unique bodies, also inside a person's title
        ("Thủ tướng Chính phủ giao Bộ Tư pháp chủ trì.", ["Chính phủ", "Bộ Tư pháp"]),
        ("Bộ Chính trị, Ban Bí thư và Quốc hội.", ["Bộ Chính trị", "Ban Bí thư", "Quốc hội"]),
        # units inside another, with their parent
        ("Phòng 7, Viện kiểm sát nhân dân tỉnh Quảng Bình chủ trì.",
         ["Phòng 7 Viện kiểm sát nhân dân tỉnh Quảng Bình"]),
        ("Văn phòng VKSND tỉnh Quảng Bình thông báo.", ["Văn phòng Viện kiểm sát nhân dân tỉnh Quảng Bình"]),
        ("Vụ Tổ chức cán bộ, VKSND tối cao trao quyết định.",
         ["Vụ Tổ chức cán bộ Viện kiểm sát nhân dân tối cao"]),
        ("Ban Nội chính Tỉnh ủy Phú Yên làm việc.", ["Ban Nội chính Tỉnh ủy Phú Yên"]),
        ("Ban Thường vụ Đảng ủy VKSND tỉnh Phú Yên họp.",
         ["Ban Thường vụ Đảng ủy Viện kiểm sát nhân dân tỉnh Phú Yên"]),
        ("Công đoàn cơ sở VKSND huyện Sơn Hòa trao quà.", ["Công đoàn cơ sở Viện kiểm sát nhân dân huyện Sơn Hòa"]),
        ("Đảng bộ tỉnh Phú Yên và Đảng ủy xã Hòa Mỹ Đông.", ["Đảng bộ tỉnh Phú Yên", "Đảng ủy xã Hòa Mỹ Đông"]),
        ("Đảng ủy Khối các cơ quan tỉnh Phú Yên chỉ đạo.", ["Đảng ủy Khối các cơ quan tỉnh Phú Yên"]),
        ("Phòng Tư pháp huyện Tây Hòa và Sở Tư pháp tỉnh Phú Yên.",
         ["Phòng Tư pháp huyện Tây Hòa", "Sở Tư pháp tỉnh Phú Yên"]),
        ("Trại tạm giam Công an tỉnh Phú Yên.", ["Trại tạm giam Công an tỉnh Phú Yên"]),
        ("Kiểm sát tại Trại giam Xuân Phước.", ["Trại giam Xuân Phước"]),
        # lists give one unit each
        ("VKSND huyện Đồng Xuân, Sông Hinh và thị xã Sông Cầu.",
         ["Viện kiểm sát nhân dân huyện Đồng Xuân", "Viện kiểm sát nhân dân huyện Sông Hinh",
          "Viện kiểm sát nhân dân thị xã Sông Cầu"]),
        ("Phòng 9, 10 VKSND tỉnh Phú Yên dự họp.",
         ["Phòng 9 Viện kiểm sát nhân dân tỉnh Phú Yên", "Phòng 10 Viện kiểm sát nhân dân tỉnh Phú Yên"]),
        ("Hội thi có sự góp mặt của VKSND các tỉnh: Nam Định, Thái Bình và thành phố Hải Phòng.",
         ["Viện kiểm sát nhân dân tỉnh Nam Định", "Viện kiểm sát nhân dân tỉnh Thái Bình",
          "Viện kiểm sát nhân dân thành phố Hải Phòng"]),
        # a district followed by its province is one unit
        ("VKSND huyện Tuy An, Phú Yên phối hợp.", ["Viện kiểm sát nhân dân huyện Tuy An"]),
    ],
)
def test_values(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Các VKSND cấp huyện đã hoàn thành chỉ tiêu.",
        "VKSND hai cấp tỉnh Phú Yên đạt kết quả tốt.",
        "Viện kiểm sát các cấp tăng cường kiểm sát.",
        "Ngành Kiểm sát nhân dân đạt nhiều thành tích.",
        "Đoàn công tác làm việc tại địa phương.",
        "Khối thi đua Nội chính tổng kết năm.",
        "Tòa án tuyên phạt bị cáo 3 năm tù; Viện kiểm sát đề nghị mức án.",
        "Lực lượng công an xã đã có mặt.",
        "Theo Quyết định số 12/QĐ-VKSTC và Công văn 31/UBND-NC.",
        "Tỉnh ủy viên, Phó Chủ tịch tỉnh dự họp.",
        "Có 14 VKSND cấp huyện được khen; 5 Cơ quan CSĐT Công an cấp huyện nhận kiến nghị.",
        "Xây dựng Chính phủ điện tử.",
    ],
)
def test_not_units(text):
    assert values(text) == []


def test_generic_mention_takes_the_nearest_earlier_place_of_its_level():
    text = ("VKSND huyện Cam Lâm phối hợp với Công an huyện. Sau đó, tại huyện Khánh Sơn, Công an huyện "
            "và TAND tỉnh Ninh Thuận; Công an tỉnh làm việc.")
    assert values(text, KH) == [
        "Viện kiểm sát nhân dân huyện Cam Lâm", "Công an huyện Cam Lâm", "Công an huyện Khánh Sơn",
        "Tòa án nhân dân tỉnh Ninh Thuận", "Công an tỉnh Ninh Thuận"]


def test_province_level_mention_falls_back_on_the_owner():
    assert values("VKSND tỉnh tổ chức hội nghị; Tỉnh ủy chỉ đạo.", KH) == [
        "Viện kiểm sát nhân dân tỉnh Khánh Hòa", "Tỉnh ủy Khánh Hòa"]
    # a district-level mention never takes the owner's province
    assert values("Chi cục THADS huyện phối hợp.", KH) == ["Chi cục Thi hành án dân sự huyện"]
    # the owner gives the province of a khu vực unit too
    assert values("VKSND khu vực 3 tiếp nhận hồ sơ.", KH) == ["Viện kiểm sát nhân dân khu vực 3 tỉnh Khánh Hòa"]


def test_without_owner_or_earlier_place_the_generic_form_stays():
    assert values("Viện kiểm sát nhân dân tỉnh họp.") == ["Viện kiểm sát nhân dân tỉnh"]
    # ENTITIES.md: only an earlier place resolves a mention; a place named later does not reach back
    assert values("VKSND tỉnh phát động hội thi.\n\nKiểm sát viên VKSND tỉnh Tây Ninh đạt giải.") == [
        "Viện kiểm sát nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh Tây Ninh"]


def test_a_province_named_on_its_own_counts_but_not_inside_a_persons_name():
    assert values("Tại Bình Định, VKSND tỉnh đã tổ chức hội nghị.") == ["Viện kiểm sát nhân dân tỉnh Bình Định"]
    assert values("Kiểm tra viên Phạm Ngọc Hòa Bình cho biết VKSND tỉnh đã kiến nghị.", KH) == [
        "Viện kiểm sát nhân dân tỉnh Khánh Hòa"]


def test_department_without_parent_belongs_to_the_owner_procuracy():
    assert values("Trong quý, Phòng 12 đã rà soát 30 hồ sơ án treo.", KH) == [
        "Phòng 12 Viện kiểm sát nhân dân tỉnh Khánh Hòa"]
    assert values("Trong quý, Phòng 12 đã rà soát 30 hồ sơ án treo.") == ["Phòng 12"]
    spp = Context(owner="Viện kiểm sát nhân dân tối cao")
    assert values("Vụ trưởng Vụ 10 dự họp.", spp) == ["Vụ 10 Viện kiểm sát nhân dân tối cao"]


def test_party_body_takes_the_unit_after_the_positions():
    text = "ông Đỗ Văn C, Ủy viên Ban cán sự đảng, Phó Bí thư Đảng ủy, Phó Viện trưởng VKSND cấp cao tại Hà Nội"
    assert values(text) == ["Ban cán sự đảng Viện kiểm sát nhân dân cấp cao tại Hà Nội",
                            "Đảng ủy Viện kiểm sát nhân dân cấp cao tại Hà Nội",
                            "Viện kiểm sát nhân dân cấp cao tại Hà Nội"]
    # a person between them is not a position
    assert values("Phó Bí thư Đảng ủy, ông Lê Văn B – Phó Chủ tịch UBND xã Hòa Mỹ.") == [
        "Ủy ban nhân dân xã Hòa Mỹ"]


def test_fused_positions_are_not_departments():
    assert values("Chánh Văn phòng VKSND tỉnh Phú Yên phát biểu.") == ["Viện kiểm sát nhân dân tỉnh Phú Yên"]
    assert values("Chánh Thanh tra VKSND tỉnh Phú Yên.") == ["Viện kiểm sát nhân dân tỉnh Phú Yên"]


def test_same_level_and_shared_place():
    assert values("VKSND huyện Cam Lâm phối hợp với Tòa án cùng cấp.") == [
        "Viện kiểm sát nhân dân huyện Cam Lâm", "Tòa án nhân dân huyện Cam Lâm"]
    assert values("Quy chế giữa Viện kiểm sát, Tòa án nhân dân tỉnh Phú Yên.") == [
        "Viện kiểm sát nhân dân tỉnh Phú Yên", "Tòa án nhân dân tỉnh Phú Yên"]


def test_entities_point_at_their_text_and_carry_attrs():
    text = normalise_text("Ngày 5/3, Cơ quan CSĐT Công an huyện Cam Lâm phối hợp với VKSND tỉnh.")
    ents = unit_parser.extract(text, KH, [])
    assert [text[e.start:e.end] for e in ents] == ["Cơ quan CSĐT Công an huyện Cam Lâm", "VKSND tỉnh"]
    first, second = ents
    assert first.type == "UNIT" and first.method == "grammar"
    assert first.attrs["kind"] == "police" and first.attrs["level"] == "huyện"
    assert first.attrs["place"] == "huyện Cam Lâm" and first.attrs["province"] == "Khánh Hòa"
    assert second.attrs == {"kind": "procuracy", "level": "tỉnh", "place": "tỉnh Khánh Hòa",
                            "province": "Khánh Hòa", "unit_id": "vien-kiem-sat-nhan-dan-tinh-khanh-hoa"}


def test_spans_claimed_by_earlier_extractors_are_left_alone():
    text = normalise_text("Theo Kế hoạch 05/KH-VKSND tỉnh năm nay")
    start = text.index("05/KH-VKSND")
    docref = Entity("DOCREF", "05/KH-VKSND", "05/KH-VKSND", start, start + len("05/KH-VKSND"))
    assert values(text, NEWS, [docref]) == []


def test_unit_id_needs_the_province_when_a_district_name_repeats():
    assert units_table.unit_id("Viện kiểm sát nhân dân huyện Cam Lâm", "Khánh Hòa", "huyện") == \
        "vien-kiem-sat-nhan-dan-huyen-cam-lam"
    assert units_table.unit_id("Viện kiểm sát nhân dân huyện Châu Thành", "Bến Tre", "huyện") == \
        "vien-kiem-sat-nhan-dan-huyen-chau-thanh--ben-tre"


def test_units_table_links_the_2025_merges():
    df = units_table.units_table()
    assert list(df.columns) == ["unit_id", "name", "kind", "level", "province", "valid_from", "valid_to",
                                "predecessor", "successor"]
    assert df["unit_id"].is_unique
    assert 5_000 < len(df) < 50_000
    rows = df.set_index("unit_id")
    old = rows.loc["vien-kiem-sat-nhan-dan-tinh-ninh-thuan"]
    assert old["valid_to"] == date(2025, 6, 30)
    assert old["successor"] == "vien-kiem-sat-nhan-dan-tinh-khanh-hoa"
    new = rows.loc["vien-kiem-sat-nhan-dan-tinh-khanh-hoa"]
    assert "vien-kiem-sat-nhan-dan-tinh-ninh-thuan" in new["predecessor"].split(";")
    assert new["valid_to"] is None
    # every one of the 63 provinces has its procuracy, court, police and people's committee
    for body in ("vien-kiem-sat-nhan-dan-tinh", "toa-an-nhan-dan-tinh", "cong-an-tinh", "uy-ban-nhan-dan-tinh"):
        assert rows.index.str.startswith(body).sum() >= 50
    district = rows.loc["cong-an-huyen-cam-lam"]
    assert district["province"] == "Khánh Hòa" and district["valid_to"] == date(2025, 2, 28)
    cuc = rows.loc["cuc-thi-hanh-an-dan-su-tinh-khanh-hoa"]
    assert cuc["successor"] == "thi-hanh-an-dan-su-tinh-khanh-hoa"
    assert set(df["kind"]) <= {"procuracy", "court", "police", "government", "party", "mass_org", "other"}


def test_gazetteer_file_is_what_the_build_script_writes():
    if importlib.util.find_spec("vietnamadminunits") is None:
        pytest.skip("vietnamadminunits is needed only to rebuild the gazetteer")
    from pipeline.nlp import build_gazetteer

    assert json.loads(build_gazetteer.OUT.read_text(encoding="utf-8")) == build_gazetteer.build()


# fragments of the genre, glued by hypothesis into odd texts
FRAGMENTS = ["VKSND", "Viện KSND", "huyện", "tỉnh", "Khánh Hòa", "Cam Lâm", "Công an", "Cơ quan CSĐT", "Phòng 7",
             ", ", " - ", " và ", "(", ")", "khu vực 6", "cùng cấp", "các", "TP.HCM", "Đảng ủy", "Chi bộ",
             "Bí thư", "Viện trưởng", "tối cao", "cấp cao tại", "Đà Nẵng", "\n", " ", "UBND xã", "các xã: ",
             "Tỉnh ủy", "Ban Thường vụ", "Vụ", "Tổ chức cán bộ", "Chánh", "Văn phòng", "Trưởng phòng", "THADS",
             "Nguyễn Văn A", "2024", "/QĐ-", "TAND"]
CTX = st.sampled_from([NEWS, KH, Context(owner="Viện kiểm sát nhân dân tối cao"),
                       Context(owner="Viện kiểm sát nhân dân cấp cao tại Đà Nẵng")])


def check(text: str, ctx: Context) -> None:
    for e in unit_parser.extract(text, ctx, []):
        assert text[e.start:e.end] == e.text
        assert 0 <= e.start < e.end <= len(text)
        assert e.type == "UNIT" and e.value.strip() == e.value and e.value
        assert e.attrs["unit_id"] and e.attrs["kind"] in {"procuracy", "court", "police", "government", "party",
                                                          "mass_org", "other"}


@settings(max_examples=300, deadline=None)
@given(st.text(), CTX)
def test_never_raises_on_arbitrary_text(text, ctx):
    check(text, ctx)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join), CTX)
def test_genre_like_text(text, ctx):
    check(normalise_text(text), ctx)
