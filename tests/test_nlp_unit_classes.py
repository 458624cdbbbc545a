"""UNIT on every class ENTITIES.md calls a unit, in sentences written for these tests.

One or more sentences per class, with provinces, departments, years and 2025 names chosen so that no
single record teaches them: the grammar has to read the structure (head + specifier + parent or place).
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.nlp import Context, extract_entities
from pipeline.text import normalise_text

PROVINCE = "Viện kiểm sát nhân dân tỉnh Điện Biên"


def units(text: str, owner: str | None = PROVINCE, published: date = date(2025, 9, 15)) -> list[str]:
    ents = extract_entities(normalise_text(text), Context(published=published, site="t", owner=owner))
    return [e.value for e in ents if e.type == "UNIT"]


CASES = [
    # procuracies of every level and kind
    ("procuracy, supreme", "Đoàn công tác của VKSNDTC làm việc tại tỉnh.", ["Viện kiểm sát nhân dân tối cao"]),
    ("procuracy, high", "VKSND cấp cao tại Hà Nội kháng nghị giám đốc thẩm.",
     ["Viện kiểm sát nhân dân cấp cao tại Hà Nội"]),
    ("procuracy, provincial", "Viện KSND tỉnh Lai Châu tổ chức hội nghị.", ["Viện kiểm sát nhân dân tỉnh Lai Châu"]),
    ("procuracy, district", "VKSND huyện Mường Nhé phối hợp kiểm tra.", ["Viện kiểm sát nhân dân huyện Mường Nhé"]),
    ("procuracy, regional 2025", "VKSND khu vực 5 - Tuyên Quang nhận bàn giao hồ sơ.",
     ["Viện kiểm sát nhân dân khu vực 5 tỉnh Tuyên Quang"]),
    ("procuracy, military", "Viện kiểm sát quân sự Quân khu 9 ký kết quy chế.", ["Viện kiểm sát quân sự Quân khu 9"]),
    ("procuracy, department", "Phòng 3 VKSND tỉnh Sơn La báo cáo kết quả.",
     ["Phòng 3 Viện kiểm sát nhân dân tỉnh Sơn La"]),
    ("procuracy, supreme department", "Vụ 7 VKSND tối cao hướng dẫn nghiệp vụ.",
     ["Vụ 7 Viện kiểm sát nhân dân tối cao"]),
    ("procuracy, Viện N of the supreme procuracy", "Viện 4 VKSND tối cao tổ chức tập huấn.",
     ["Viện 4 Viện kiểm sát nhân dân tối cao"]),
    ("procuracy, older appellate name", "Viện phúc thẩm 3 VKSND tối cao giải quyết đơn đề nghị.",
     ["Viện phúc thẩm 3 Viện kiểm sát nhân dân tối cao"]),
    ("procuracy, department seated in a city", "Viện Kiểm sát án hình sự tại Đà Nẵng thuộc VKSND tối cao báo cáo.",
     ["Viện Kiểm sát án hình sự tại Đà Nẵng Viện kiểm sát nhân dân tối cao"]),
    ("procuracy, older appellate name with its seat", "Viện phúc thẩm 1 VKSND tối cao tại Hà Nội thụ lý.",
     ["Viện phúc thẩm 1 Viện kiểm sát nhân dân tối cao tại Hà Nội"]),
    # courts
    ("court, district", "TAND thị xã Nghĩa Lộ xét xử sơ thẩm.", ["Tòa án nhân dân thị xã Nghĩa Lộ"]),
    ("court, older appellate court", "Tòa phúc thẩm TAND tối cao tại Đà Nẵng xử phúc thẩm.",
     ["Tòa phúc thẩm Tòa án nhân dân tối cao tại Đà Nẵng"]),
    ("court, chamber", "Tòa Hình sự TAND tỉnh Quảng Bình mở phiên tòa.",
     ["Tòa Hình sự Tòa án nhân dân tỉnh Quảng Bình"]),
    # police and investigation bodies
    ("police, investigation", "Cơ quan CSĐT Công an huyện Tuần Giáo khởi tố vụ án.",
     ["Cơ quan Cảnh sát điều tra Công an huyện Tuần Giáo"]),
    ("police, team", "Đội Cảnh sát kinh tế Công an huyện Điện Biên Đông phát hiện sai phạm.",
     ["Đội Cảnh sát kinh tế Công an huyện Điện Biên Đông"]),
    ("police, department of a ministry", "Cục Cảnh sát giao thông Bộ Công an chỉ đạo.",
     ["Cục Cảnh sát giao thông Bộ Công an"]),
    # judgment enforcement
    ("enforcement", "Chi cục THADS huyện Mường Ảng tổ chức cưỡng chế.",
     ["Chi cục Thi hành án dân sự huyện Mường Ảng"]),
    # detention facilities
    ("detention", "Kiểm sát trực tiếp tại Nhà tạm giữ Công an huyện Nậm Pồ.",
     ["Nhà tạm giữ Công an huyện Nậm Pồ"]),
    # people's committees and councils and their departments
    ("government, committee", "UBND tỉnh Lạng Sơn ban hành kế hoạch.", ["Ủy ban nhân dân tỉnh Lạng Sơn"]),
    ("government, department", "Sở Tài nguyên và Môi trường tỉnh Hà Nam cung cấp hồ sơ.",
     ["Sở Tài nguyên và Môi trường tỉnh Hà Nam"]),
    ("government, unlisted department", "Phòng Văn hóa - Xã hội xã Mường Phăng phối hợp tuyên truyền.",
     ["Phòng Văn hóa - Xã hội xã Mường Phăng"]),
    ("government, board", "Ban Dân tộc tỉnh Kon Tum đề xuất chính sách.", ["Ban Dân tộc tỉnh Kon Tum"]),
    # ministries and their departments
    ("ministry department", "Vụ Pháp luật quốc tế Bộ Tư pháp góp ý dự thảo.",
     ["Vụ Pháp luật quốc tế Bộ Tư pháp"]),
    ("ministry department alone", "Ý kiến của Cục Kiểm tra văn bản quy phạm pháp luật; đại diện dự họp.",
     ["Cục Kiểm tra văn bản quy phạm pháp luật"]),
    # Party bodies
    ("party, committee", "Ban Thường vụ Tỉnh ủy Hà Giang làm việc với Đảng ủy VKSND tỉnh Hà Giang.",
     ["Ban Thường vụ Tỉnh ủy Hà Giang", "Đảng ủy Viện kiểm sát nhân dân tỉnh Hà Giang"]),
    ("party, cell", "Chi bộ Phòng 9 VKSND tỉnh Bình Định họp chuyên đề.",
     ["Chi bộ Phòng 9 Viện kiểm sát nhân dân tỉnh Bình Định"]),
    ("party, internal affairs", "Ban Nội chính Tỉnh ủy Phú Yên kiểm tra.", ["Ban Nội chính Tỉnh ủy Phú Yên"]),
    # mass organisations
    ("mass, union", "Công đoàn VKSND tỉnh Bạc Liêu trao quà.", ["Công đoàn Viện kiểm sát nhân dân tỉnh Bạc Liêu"]),
    ("mass, women's committee", "Ban nữ công Công đoàn VKSND tỉnh Sóc Trăng tổ chức tọa đàm.",
     ["Ban nữ công Công đoàn Viện kiểm sát nhân dân tỉnh Sóc Trăng"]),
    ("mass, veterans' branch", "Chi hội Cựu chiến binh VKSND tỉnh Tây Ninh kết nạp hội viên.",
     ["Chi hội Cựu chiến binh Viện kiểm sát nhân dân tỉnh Tây Ninh"]),
    ("mass, youth branch", "Chi đoàn VKSND huyện Bình Liêu ra quân tình nguyện.",
     ["Chi đoàn Viện kiểm sát nhân dân huyện Bình Liêu"]),
    # schools and academies
    ("school", "Học sinh Trường Trung học phổ thông Lê Quý Đôn tham dự.",
     ["Trường Trung học phổ thông Lê Quý Đôn"]),
    ("school, faculty", "Khoa Luật Trường Đại học Vinh phối hợp tổ chức.", ["Khoa Luật Trường Đại học Vinh"]),
    # border guards, rangers, military
    ("border guard", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Kiên Giang bàn giao đối tượng.",
     ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh Kiên Giang"]),
    ("rangers", "Hạt Kiểm lâm huyện Tủa Chùa lập biên bản.", ["Hạt Kiểm lâm huyện Tủa Chùa"]),
    ("military command", "Ban Chỉ huy Quân sự huyện Mường Chà phối hợp.", ["Ban Chỉ huy Quân sự huyện Mường Chà"]),
    # newspapers and journals
    ("newspaper", "Phóng viên Báo Công an nhân dân ghi nhận.", ["Báo Công an nhân dân"]),
    ("broadcaster", "Chương trình do Đài Phát thanh và Truyền hình Điện Biên thực hiện.",
     ["Đài Phát thanh và Truyền hình Điện Biên"]),
    ("legal aid branch, abbreviation expanded", "Trưởng Chi nhánh TGPL số 5 cùng dự.",
     ["Chi nhánh Trợ giúp pháp lý số 5"]),
    ("two units joined by và", "Phòng Tư pháp huyện Mèo Vạc và Trung tâm Y tế huyện Mèo Vạc phối hợp.",
     ["Phòng Tư pháp huyện Mèo Vạc", "Trung tâm Y tế huyện Mèo Vạc"]),
    # foreign bodies
    ("foreign procuracy", "Đoàn đại biểu Tổng Viện kiểm sát Vương quốc Campuchia sang thăm.",
     ["Tổng Viện kiểm sát Vương quốc Campuchia"]),
]


@pytest.mark.parametrize("name, text, expected", CASES, ids=[c[0] for c in CASES])
def test_each_class_of_unit(name, text, expected):
    assert units(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Trường hợp bị can bỏ trốn thì ra quyết định truy nã.",  # a common word, not a head
        "Ban hành kế hoạch thực hiện trong năm.",
        "Hội nghị được tổ chức theo hình thức trực tuyến.",
        "Viện trưởng Lò Văn Pọm chủ trì.",  # a position, the person follows
        "Năm nay có 12 VKSND cấp huyện được khen.",  # a count of units
        "Theo: Báo Điện Biên Phủ",  # a credit line names the source, not a unit acting in the text
        "Bài và ảnh: Trường Sơn",  # a byline
        "các xã An Trường A và Tân Bình",  # a head inside a place name
    ],
)
def test_what_is_not_a_unit(text):
    assert units(text, owner=None) == []


def test_a_parent_read_alone_is_folded_into_the_longer_name():
    found = units("Vụ Hợp tác quốc tế Bộ Ngoại giao và Bộ Ngoại giao")
    assert found == ["Vụ Hợp tác quốc tế Bộ Ngoại giao", "Bộ Ngoại giao"]


def test_a_leadership_board_is_not_a_unit_but_its_parent_is():
    assert units("Ban Giám thị Trại giam Nam Hà tiếp thu kết luận.") == ["Trại giam Nam Hà"]
