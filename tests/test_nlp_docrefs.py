"""DOCREF: the three number grammars, bare "type word + number" references, repairs and what is no document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.base import Context
from pipeline.nlp.docrefs import extract
from pipeline.text import normalise_text

CTX = Context()


def values(text: str) -> list[str]:
    return [e.value for e in extract(normalise_text(text), CTX, [])]


def one(text: str):
    found = extract(normalise_text(text), CTX, [])
    assert len(found) == 1, [e.value for e in found]
    return found[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        # normative: SEQ/YEAR/CODE-ISSUER, National Assembly numbers, joint documents
        ("Thực hiện Nghị định số 45/2023/NĐ-CP của Chính phủ.", ["45/2023/NĐ-CP"]),
        ("Luật số 15/2022/QH15 có hiệu lực.", ["15/2022/QH15"]),
        ("theo Nghị quyết 07/2021/UBTVQH15 của Ủy ban Thường vụ Quốc hội", ["07/2021/UBTVQH15"]),
        ("Thông tư liên tịch số 03/2019/TTLT-VKSNDTC-TANDTC-BCA", ["03/2019/TTLT-VKSNDTC-TANDTC-BCA"]),
        ("Thông tư liên tịch số 04/2016/TTLT-BCA-BNN&PTNT", ["04/2016/TTLT-BCA-BNN&PTNT"]),
        ("Bản án số 31/2023/HS-PT của Tòa án", ["31/2023/HS-PT"]),
        # Party: SEQ-CODE/ISSUER
        ("quán triệt Chỉ thị số 12-CT/TW của Bộ Chính trị", ["12-CT/TW"]),
        ("Hướng dẫn số 40-HD/VPTW và Nghị quyết số 08-NQ/TU", ["40-HD/VPTW", "08-NQ/TU"]),
        ("Chương trình số 22-CTr/HU của Huyện ủy", ["22-CTr/HU"]),
        ("Quy định số 15-QĐi/TW", ["15-QĐi/TW"]),
        # administrative: SEQ/SYMBOL(-SYMBOL)*
        ("Công văn số 512/UBND-TH ngày 02/3/2022", ["512/UBND-TH"]),
        ("Thông báo số 77/TB-VKS-HS về kết quả", ["77/TB-VKS-HS"]),
        ("Quyết định số 009/QĐ-VKS", ["009/QĐ-VKS"]),  # zero padding kept
        ("Tờ trình số 14/TTr-VKS", ["14/TTr-VKS"]),
        ("Quyết định số 88/QĐ-TTg của Thủ tướng", ["88/QĐ-TTg"]),
        ("Công văn 731/VKSTC-V15", ["731/VKSTC-V15"]),
    ],
)
def test_number_grammars(text, expected):
    assert values(text) == expected


def test_spaces_inside_a_number_are_removed():
    assert values("ban hành Kiến nghị số 45/ KSTHA-KN và Kế hoạch số 09- KH/ĐTN") == ["45/KSTHA-KN", "09-KH/ĐTN"]


def test_a_number_after_so_may_have_no_slash():
    assert values("Sắc lệnh số 33-SL ngày 13/9/1945") == ["33-SL"]


def test_codes_are_upper_case_except_the_fixed_mixed_case_ones():
    assert values("Quyết định số 7/qđ-Vks và Tờ trình số 8/TTr-vks") == ["7/QĐ-VKS", "8/TTr-VKS"]


def test_truncated_normative_number_is_repaired_from_its_type_word():
    e = one("NHỮNG ĐIỂM MỚI CỦA NGHỊ ĐỊNH 55/2021/CP NGÀY 24/5/2021")
    assert e.value == "55/2021/NĐ-CP"
    assert e.text == "55/2021/CP"
    assert e.attrs["code"] == "NĐ" and e.attrs["issuers"] == ["CP"]
    # a complete number is left alone, and no code is invented for a National Assembly number
    assert values("Thông tư 11/2020/TT-BCA") == ["11/2020/TT-BCA"]
    assert values("Luật 27/2012/QH13") == ["27/2012/QH13"]


def test_attrs_and_issue_date():
    e = one("Kế hoạch số 31/KH-VKSTC ngày 15 tháng 4 năm 2022 của Viện trưởng")
    assert e.attrs == {"doc_type": "Kế hoạch", "seq": "31", "year": None, "issuers": ["VKSTC"], "code": "KH",
                       "issue_date": "2022-04-15"}
    assert e.method == "grammar"
    n = one("Nghị định 71/2019/NĐ-CP ngày 30/8/2019")
    assert n.attrs["year"] == 2019 and n.attrs["doc_type"] == "Nghị định" and n.attrs["issue_date"] == "2019-08-30"


def test_same_day_takes_the_issue_date_of_the_number_before():
    found = extract("Quyết định số 70/QĐ-VKS ngày 03/4/2023 và Quyết định số 71/QĐ-VKS cùng ngày", CTX, [])
    assert [e.attrs.get("issue_date") for e in found] == ["2023-04-03", "2023-04-03"]


def test_the_span_is_the_number_so_the_following_date_stays_free():
    text = "Công văn số 512/UBND-TH ngày 02/3/2022"
    e = one(text)
    assert text[e.start:e.end] == "512/UBND-TH"


def test_listed_numbers_share_the_symbol():
    assert sorted(values("công bố Quyết định số 140, 141/QĐ-VKSTC")) == ["140/QĐ-VKSTC", "141/QĐ-VKSTC"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("tiếp tục thực hiện Chỉ thị 03 của Viện trưởng", ["Chỉ thị 03"]),
        ("theo tinh thần Nghị quyết số 18 của Trung ương", ["Nghị quyết 18"]),
        ("Thực hiện kế hoạch số 04 ngày 10/01/2019 của Ban Chấp hành", ["Kế hoạch 04"]),
        ("triển khai đề án 125 của tỉnh", ["Đề án 125"]),
        ("Thông tư liên tịch số 11 nêu rõ", ["Thông tư liên tịch 11"]),
        ("các Quyết định đình chỉ thi hành án số 17, 18 cùng ngày", ["Quyết định 17", "Quyết định 18"]),
        ("quán triệt các Nghị quyết 18, 19 và 21 của Trung ương", ["Nghị quyết 18", "Nghị quyết 19", "Nghị quyết 21"]),
    ],
)
def test_bare_type_word_and_number(text, expected):
    assert values(text) == expected


def test_bare_reference_to_a_document_cited_in_full_gives_no_extra_value():
    text = ("Quyết định 87 đã quy định rõ. Theo Quyết định số 87/QĐ-VKSTC-VP ngày 01/3/2021, "
            "điểm b khoản 1 Điều 5 Quyết định 87 ...; Chỉ thị số 09 và Chỉ thị số 9-CT/TW; Nghị quyết 31 và "
            "Luật số 31/2024/QH15.")
    assert sorted(values(text)) == ["31/2024/QH15", "87/QĐ-VKSTC-VP", "9-CT/TW"]


def test_a_bare_number_of_another_type_is_a_different_document():
    assert sorted(values("Kế hoạch số 12/KH-VKS và Chỉ thị 12 của Viện trưởng")) == ["12/KH-VKS", "Chỉ thị 12"]


def test_regulation_named_by_the_decision_that_issued_it():
    text = "Quy chế ban hành kèm theo Quyết định số 44/2007/QĐ-VKSTC (gọi tắt là Quy chế 44)"
    assert values(text) == ["44/2007/QĐ-VKSTC"]


@pytest.mark.parametrize(
    "text",
    [
        "Hiến pháp năm 2013 và Nghị quyết Trung ương 4 khóa XII",
        "vụ án số 12 và hồ sơ số 45",
        "thời hạn kháng nghị 15 ngày kể từ khi tuyên án",
        "ra quyết định khởi tố 25 bị can",
        "Quyết định 2, 3 bị can bị tạm giam",
        "phổ biến pháp luật 6 tháng cuối năm",
        "Kế hoạch 2024 của đơn vị",
        "theo mẫu Quyết định kháng nghị số 12 ban hành kèm theo",
        "hướng dẫn 20 kiểm sát viên trẻ",
        "1/ VKSND tỉnh chủ trì; 2/ Công an tỉnh phối hợp",
        "VKSND khu vực 3 - Khánh Hòa và VKSQS khu vực 41/Quân khu 5",
        "Giấy chứng nhận số B12345/A16 và tổng đài 24/7",
        "Chương trình 135 về giảm nghèo",
    ],
)
def test_not_document_numbers(text):
    assert values(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_spans_point_at_the_text(text):
    for e in extract(text, CTX, []):
        assert text[e.start:e.end] == e.text
        assert e.type == "DOCREF" and e.value


FRAGMENTS = ["Quyết định số ", "12", "/", "-", "QĐ", "VKS", "2024", "NĐ", "CP", " ", ", ", "và ", "số ", "Chỉ thị ",
             "05", "CT/TW", "ngày ", "17/11/2020", "kế hoạch ", "cùng ngày", "\n", "Nghị định ", "mẫu ", "QyĐ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join))
def test_genre_like_text_keeps_spans_and_values_have_no_spaces(text):
    for e in extract(text, CTX, []):
        assert text[e.start:e.end] == e.text
        if e.method == "grammar":
            assert " " not in e.value


@pytest.mark.parametrize(
    "text, expected",
    [
        # symbols joined by spaced hyphens or en dashes (the dash is normalised to "-")
        ("theo Nghị quyết số 31/2022/NQ – HĐND của tỉnh Lạng Sơn", ["31/2022/NQ-HĐND"]),
        ("ban hành Quyết định số 212/QĐ - VKS - TC ngày 4/3/2025", ["212/QĐ-VKS-TC"]),
        ("thực hiện Kết luận số 21 - KL/TW của Trung ương", ["21-KL/TW"]),
        # a parenthesised part after the symbol, with or without a space before it
        ("Thông báo số 19/TB-VKS(P7) về vụ án", ["19/TB-VKS(P7)"]),
        ("Công văn số 204/VKS (VP) ngày 2/6/2024", ["204/VKS(VP)"]),
        # a letter inside the number
        ("Quyết định số 331A/QĐ-UBND ngày 9/9/2022", ["331A/QĐ-UBND"]),
        ("Kế hoạch 07B/KH-VKS-VP của Viện trưởng", ["07B/KH-VKS-VP"]),
        # a stray space before the slash, right after "số"
        ("Quyết định số 902 /QĐ-CTUBND của Chủ tịch", ["902/QĐ-CTUBND"]),
        # a type word before a number/year with no symbol
        ("theo Nghị định 62/2015 và Thông tư 13/2019 đã hết hiệu lực", ["Nghị định 62/2015", "Thông tư 13/2019"]),
        ("thực hiện Nghị quyết số 82/2023 về giám sát", ["Nghị quyết 82/2023"]),
        # an abbreviated type word before a bare number or number/year: the type word is written out
        ("áp dụng TTLT 09/2011 và NQ 41/2017 trong xử lý", ["Thông tư liên tịch 09/2011", "Nghị quyết 41/2017"]),
        ("căn cứ QĐ 345 của Viện trưởng và CT 07 của Chủ tịch", ["Quyết định 345", "Chỉ thị 07"]),
        ("thực hiện KH 27/2025 của Viện kiểm sát", ["Kế hoạch 27/2025"]),
        # a court's own code that begins like a type code is not "repaired"
        ("Quyết định số 17/2024/QĐST-DS của Tòa án", ["17/2024/QĐST-DS"]),
    ],
)
def test_shapes_portals_write(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hai bên ký Hợp đồng số 14/2024/HĐ-DV ngày 3/2/2024.",  # a contract
        "theo hợp đồng mua bán số 08/2023/HĐMB",
        "chuyển tiền vào tài khoản số 1903 5566 7788 tại ngân hàng",  # an account
        "Thụ lý số 61/2024/TLST-HS ngày 2/4/2024",  # a case file
        "Hồ sơ số 15/2023 được chuyển đến",
        "liên hệ điện thoại số 0263.3822.145",  # a phone
        "xe mang biển kiểm soát 51F-247.09 và biển số 29A-3318",  # plates
        "Có 14 /20 đơn vị hoàn thành chỉ tiêu.",  # a ratio, not "số"
        "Quyết định 2024 là năm bản lề",  # a year
    ],
)
def test_numbers_that_are_no_document(text):
    assert values(text) == []


def test_a_bare_number_year_repeating_a_full_reference_adds_nothing():
    assert values("Nghị định số 41/2022/NĐ-CP và Nghị định 41/2022 nói trên") == ["41/2022/NĐ-CP"]
    assert values("Nghị định số 41/2022/NĐ-CP và Nghị định 41/2021") == ["41/2022/NĐ-CP", "Nghị định 41/2021"]
