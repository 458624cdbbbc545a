"""LAW: provisions of codes and laws, one value per provision, the law spelled out and without its year."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp import laws
from pipeline.nlp.base import Context, Entity
from pipeline.text import normalise_text


def values(text: str) -> list[str]:
    return [e.value for e in laws.extract(normalise_text(text), Context(), [])]


def test_code_abbreviation_is_spelled_out():
    assert values("Bị can bị truy tố theo khoản 2 Điều 173 BLHS.") == ["khoản 2 Điều 173 Bộ luật Hình sự"]
    assert values("Hồ sơ được trả lại theo Điều 245 BLTTHS năm 2015.") == ["Điều 245 Bộ luật Tố tụng hình sự"]
    assert values("Hợp đồng vay có lãi theo Điều 470 BLDS.") == ["Điều 470 Bộ luật Dân sự"]
    assert values("Kiểm sát viên tham gia phiên họp theo Điều 232 BLTTDS.") == ["Điều 232 Bộ luật Tố tụng dân sự"]


def test_year_and_amendment_are_dropped():
    text = "theo điểm c khoản 2 Điều 174 Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017), bị cáo"
    assert values(text) == ["điểm c khoản 2 Điều 174 Bộ luật Hình sự"]
    assert values("theo Điều 9 Luật Khiếu nại 2011 thì") == ["Điều 9 Luật Khiếu nại"]


def test_lists_give_one_value_per_provision():
    text = "Đồng chí nhắc lại khoản 2, khoản 4 Điều 107 Hiến pháp năm 2013 về chức năng của Viện kiểm sát."
    assert values(text) == ["khoản 2 Điều 107 Hiến pháp", "khoản 4 Điều 107 Hiến pháp"]
    assert values("các tội quy định tại Điều 248, 249 và 250 BLHS") == [
        "Điều 248 Bộ luật Hình sự", "Điều 249 Bộ luật Hình sự", "Điều 250 Bộ luật Hình sự"]
    assert values("áp dụng điểm i, s khoản 1 Điều 51 BLHS") == [
        "điểm i khoản 1 Điều 51 Bộ luật Hình sự", "điểm s khoản 1 Điều 51 Bộ luật Hình sự"]


def test_points_bind_to_their_clause_and_clauses_to_their_article():
    # a semicolon between provisions of one law (the style of judgments) keeps the chain going
    assert values("áp dụng điểm h, điểm x khoản 1 và khoản 2 Điều 51; Điều 65 BLHS") == [
        "điểm h khoản 1 Điều 51 Bộ luật Hình sự", "điểm x khoản 1 Điều 51 Bộ luật Hình sự",
        "khoản 2 Điều 51 Bộ luật Hình sự", "Điều 65 Bộ luật Hình sự"]
    assert values("theo điểm b, điểm d khoản 3 và khoản 5 Điều 134 BLHS") == [
        "điểm b khoản 3 Điều 134 Bộ luật Hình sự", "điểm d khoản 3 Điều 134 Bộ luật Hình sự",
        "khoản 5 Điều 134 Bộ luật Hình sự"]
    assert values("theo Điều 8 Luật Đất đai; Điều 5 Nghị định số 43/2014/NĐ-CP") == [
        "Điều 8 Luật Đất đai", "Điều 5 Nghị định 43/2014/NĐ-CP"]


def test_numbered_documents_keep_their_number_without_so():
    assert values("theo Điều 6 Nghị định số 144/2021/NĐ-CP ngày 31/12/2021 của Chính phủ") == [
        "Điều 6 Nghị định 144/2021/NĐ-CP"]
    assert values("theo khoản 1 Điều 3 Thông tư liên tịch số 01/2017/TTLT-VKSNDTC-BCA ngày") == [
        "khoản 1 Điều 3 Thông tư liên tịch 01/2017/TTLT-VKSNDTC-BCA"]
    assert values("quy định tại Điều 12 Pháp lệnh số 02/2022/UBTVQH15.") == ["Điều 12 Pháp lệnh 02/2022/UBTVQH15"]


def test_truncated_number_is_repaired_from_the_type_word():
    assert values("theo Điều 4 Nghị định 118/2024/CP ngày 20/9/2024") == ["Điều 4 Nghị định 118/2024/NĐ-CP"]
    assert values("khoản 2 Điều 5 Thông tư 07/2018/TT- BTP") == ["khoản 2 Điều 5 Thông tư 07/2018/TT-BTP"]


def test_number_found_by_the_docref_extractor_wins():
    text = normalise_text("theo Điều 9 Nghị định số 30/2020/NĐ-CP về công tác văn thư")
    start = text.index("30/")
    ref = Entity("DOCREF", "30/2020/NĐ-CP", "30/2020/NĐ-CP-X", start, start + len("30/2020/NĐ-CP"))
    assert [e.value for e in laws.extract(text, Context(), [ref])] == ["Điều 9 Nghị định 30/2020/NĐ-CP-X"]


def test_lowercase_document_words_are_verbs_not_names():
    # "Điều 3 quy định ..." is "Article 3 provides ...": the law comes from the sentence
    assert values("Điều 3 quy định nhiệm vụ của Viện kiểm sát.") == []
    assert values("Điều 18 Điều lệ Đảng quy định về kỷ luật đảng viên.") == ["Điều 18 Điều lệ Đảng"]


def test_official_spelling_of_known_laws():
    # a missing comma and an acronym inside the name are repaired from the lexicon
    assert values("theo Điều 20 Luật Phòng chống ma túy năm 2021") == ["Điều 20 Luật Phòng, chống ma túy"]
    assert values("theo Điều 41 Luật Tổ chức VKSND năm 2014") == ["Điều 41 Luật Tổ chức Viện kiểm sát nhân dân"]
    assert values("theo khoản 3 Điều 30 Luật THADS.") == ["khoản 3 Điều 30 Luật Thi hành án dân sự"]
    assert values("theo Điều 13 Luật Cán bộ, công chức năm 2008") == ["Điều 13 Luật Cán bộ, công chức"]


def test_law_named_before_the_provision_in_the_same_sentence():
    text = "Luật Thi hành án hình sự năm 2019 đã quy định rõ trình tự (Điều 22) và thủ tục (Điều 23)."
    assert values(text) == ["Điều 22 Luật Thi hành án hình sự", "Điều 23 Luật Thi hành án hình sự"]


def test_provision_without_a_law_in_its_sentence_is_not_law():
    text = "Luật Đất đai năm 2024 có nhiều điểm mới. Theo Điều 5, người sử dụng đất được bảo hộ."
    assert values(text) == []
    assert values("Luật Thi hành án dân sự năm 2008 được sửa đổi nhiều lần.") == []  # no article


def test_this_law_resolves_only_inside_the_quoted_provision():
    quoted = ("Khoản 1 Điều 9 Luật Tố cáo quy định: “Người tố cáo có quyền theo quy định tại Điều 47 "
              "của Luật này”.")
    assert values(quoted) == ["khoản 1 Điều 9 Luật Tố cáo", "Điều 47 Luật Tố cáo"]
    loose = "Theo Điều 2 Quy chế tiếp công dân thì cán bộ phải tiếp dân, trừ trường hợp tại Điều 8 Quy chế này."
    assert values(loose) == ["Điều 2 Quy chế tiếp công dân"]


def test_alias_defined_in_the_text():
    text = ("Điều 7 Bộ luật Tố tụng hình sự năm 2015 (sau đây gọi tắt là BLTTHS) quy định nguyên tắc. "
            "Quy định này được cụ thể hóa tại Điều 9 BLTTHS.")
    assert values(text) == ["Điều 7 Bộ luật Tố tụng hình sự", "Điều 9 Bộ luật Tố tụng hình sự"]


def test_clause_as_an_amount_of_money_is_not_a_provision():
    assert values("Gia đình bị cáo đã nộp khoản 5 triệu đồng để khắc phục hậu quả.") == []
    assert values("Luật sư Nguyễn Văn Hải bào chữa cho bị cáo.") == []


def test_entity_fields():
    text = normalise_text("Bị cáo bị xét xử theo điểm a khoản 1 Điều 134 BLHS năm 2015.")
    (e,) = laws.extract(text, Context(), [])
    assert e.type == "LAW" and e.method == "grammar"
    assert text[e.start:e.end] == e.text == "điểm a khoản 1 Điều 134 BLHS"
    assert e.attrs == {"article": "134", "clause": "1", "point": "a", "law": "Bộ luật Hình sự"}


FRAGMENTS = ["Điều 173", "khoản 1", "điểm a", ", ", " và ", "BLHS", "Bộ luật Hình sự", " năm 2015", "Luật ",
             "Quy chế này", " của ", "(", ")", ". ", ":", "“", "\n", "Nghị định số 118/2024/NĐ-CP", "các điều 5, 6",
             "Luật này", "Hiến pháp", "Đất đai", " Thông tư liên tịch", "(sau đây gọi là BLTTHS)", "đến"]


def check(text: str) -> list[Entity]:
    text = normalise_text(text)
    ents = laws.extract(text, Context(), [])
    for e in ents:
        assert e.type == "LAW"
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert "Điều " in e.value
    return ents


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_genre_like_text_keeps_offsets(text):
    check(text)


def test_an_ordinance_named_by_its_title():
    assert values("Theo khoản 3 Điều 2 Pháp lệnh Chi phí tố tụng, người làm chứng được trả.") == [
        "khoản 3 Điều 2 Pháp lệnh Chi phí tố tụng"]
