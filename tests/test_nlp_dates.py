"""DATE: written forms, lists and ranges, year resolution, and what is no date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp import dates, docrefs
from pipeline.nlp.base import Context
from pipeline.text import normalise_text


def run(text: str, published: date | None = date(2023, 5, 10)):
    text = normalise_text(text)
    ctx = Context(published=published)
    found = docrefs.extract(text, ctx, [])
    return dates.extract(text, ctx, found)


def values(text: str, published: date | None = date(2023, 5, 10)) -> list[str]:
    return [e.value for e in run(text, published)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ngày 07/02/2022, đoàn công tác làm việc.", ["2022-02-07"]),  # day-first
        ("Ngày 19-8-1945 và 2.9.1945", ["1945-08-19", "1945-09-02"]),
        ("vào ngày 15 tháng 10 năm 2021", ["2021-10-15"]),
        ("Hà Nội, ngày 15 tháng 10, năm 2021", ["2021-10-15"]),
        ("từ tháng 6/2022 và tháng 8 năm 2021", ["2022-06", "2021-08"]),
        ("đầu tháng 3-2019", ["2019-03"]),
        ("từ tháng 7 đến tháng 9/2022", ["2022-07", "2022-09"]),
        ("thành lập ngày 6/10/1961.", ["1961-10-06"]),
        ("Đoàn kiểm sát từ ngày 03/10/2022 đến ngày 14/4/2023.", ["2022-10-03", "2023-04-14"]),
        ("Trong hai ngày 21-22/4/2023, hội thi diễn ra.", ["2023-04-21", "2023-04-22"]),
        ("các ngày 3, 4 và 5/5/2023", ["2023-05-03", "2023-05-04", "2023-05-05"]),
        ("ngày 8 và 9 tháng 5 năm 2023", ["2023-05-08", "2023-05-09"]),
        ("Kỷ niệm ngày thành lập (15/8/1950 - 15/8/2020)", ["1950-08-15", "2020-08-15"]),
    ],
)
def test_written_forms(text, expected):
    assert values(text) == expected


def test_granularity_and_inferred_flags():
    a, b = run("Sáng 08/5, hội nghị tổng kết; tháng 4/2023 đơn vị đã sơ kết.")
    assert (a.value, a.attrs) == ("2023-05-08", {"granularity": "day", "year_inferred": True})
    assert (b.value, b.attrs) == ("2023-04", {"granularity": "month", "year_inferred": False})
    assert a.method == "grammar"


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("Sáng 08/5, Viện KSND tỉnh tổ chức hội nghị.", date(2023, 5, 10), ["2023-05-08"]),
        # nearest the publication date: late December read in early January belongs to the year before
        ("Chiều 29/12, đơn vị tổng kết.", date(2024, 1, 3), ["2023-12-29"]),
        ("Ngày 02/01, đơn vị ra quân.", date(2023, 12, 30), ["2024-01-02"]),
        # never more than a week after publication unless planned
        ("Ngày 25/5, đơn vị tổ chức hội thi.", date(2023, 5, 10), ["2022-05-25"]),
        ("Hội thi sẽ diễn ra vào ngày 25/5.", date(2023, 5, 10), ["2023-05-25"]),
        ("Thời hạn nộp bài trước ngày 30/6.", date(2023, 5, 10), ["2023-06-30"]),
        # a year stated earlier in the sentence wins
        ("Ngày 04/3/2019 khởi tố vụ án, ngày 10/3 bắt tạm giam bị can.", date(2023, 5, 10),
         ["2019-03-04", "2019-03-10"]),
        ("Năm 2018, ngày 12/7 bị cáo chiếm đoạt tài sản.", date(2023, 5, 10), ["2018-07-12"]),
        # ... but the year of a law is no time of the sentence
        ("Theo Luật Tổ chức Viện kiểm sát nhân dân năm 2014, sáng 08/5 đơn vị tuyên truyền.", date(2023, 5, 10),
         ["2023-05-08"]),
        # in a range the other end's year
        ("Từ 28/12 đến 04/01/2022, đoàn làm việc.", date(2023, 5, 10), ["2021-12-28", "2022-01-04"]),
        ("Từ ngày 27/12/2021 đến ngày 04/01, đoàn làm việc.", date(2023, 5, 10), ["2021-12-27", "2022-01-04"]),
        ("ngày 30/4/2021 và 1/5", date(2023, 5, 10), ["2021-04-30", "2021-05-01"]),
        ("Ngày 12 và 13/4, hội nghị diễn ra.", date(2023, 5, 10), ["2023-04-12", "2023-04-13"]),
    ],
)
def test_year_resolution(text, published, expected):
    assert values(text, published) == expected


def test_without_publication_date_a_day_without_year_is_not_emitted():
    assert values("Sáng 08/5, hội nghị; ngày 9/5/2023 tổng kết.", published=None) == ["2023-05-09"]


def test_month_without_year_counts_only_when_the_sentence_states_the_year():
    assert values("Ngày 12/6/2022, đơn vị kiểm sát định kỳ tháng 6 tại trại giam.") == ["2022-06-12", "2022-06"]
    assert values("Đơn vị kiểm sát định kỳ tháng 6 tại trại giam.") == []


def test_named_day_in_brackets():
    assert values("Hưởng ứng Ngày Quốc tế Phụ nữ (08/3), đơn vị tổ chức gặp mặt.", date(2023, 3, 9)) == [
        "2023-03-08"]


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2020, nhiệm kỳ 2020-2025, khóa XI, quý III/2022, 6 tháng đầu năm 2022.",
        "Lúc 08 giờ 30 phút, tỷ số 2-1, đạt 9/10 chỉ tiêu, giảm từ 1/3 đến 1/2 mức phạt.",
        "bị xử phạt 18 tháng tù, số tiền 1.500.000 đồng, tỷ lệ 12,5%",
        "kể từ đó, ngày 10/5 hằng năm trở thành ngày truyền thống",
        "Ngày 31/02/2023 không có thật, ngày 30/13/2022 cũng không",
        "Thông tư số 05/2022/TT-BTP và Nghị quyết 03/2023/NQ-HĐTP",
        "Ghi chú 12-13/14 và 3/25/2021 10:12:05 AM",
    ],
)
def test_not_dates(text):
    assert values(text) == []


def test_a_cue_before_a_list_is_needed_or_only_the_last_number_is_a_date():
    assert values("VKSND khu vực 4, 29/12/2022, tổ chức hội nghị; lúc 10:15, 02/01/2023") == [
        "2022-12-29", "2023-01-02"]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31))))
def test_never_raises_and_spans_point_at_the_text(text, published):
    ctx = Context(published=published)
    for e in dates.extract(text, ctx, docrefs.extract(text, ctx, [])):
        assert text[e.start:e.end] == e.text
        assert e.attrs["granularity"] in ("day", "month")
        date.fromisoformat(e.value if e.attrs["granularity"] == "day" else e.value + "-01")


FRAGMENTS = ["ngày ", "Sáng ", "12", "/", "-", ".", "6", "2024", " tháng ", " năm ", ", ", " và ", " đến ",
             "từ ", "31", "02", "13", "sẽ ", "hằng năm", "(", ")", "Quyết định số ", "QĐ-VKS", "\n", "1960"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join),
       st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31))))
def test_genre_like_text_gives_valid_dates_outside_document_numbers(text, published):
    ctx = Context(published=published)
    refs = docrefs.extract(text, ctx, [])
    for e in dates.extract(text, ctx, refs):
        assert text[e.start:e.end] == e.text
        assert not any(r.start < e.end and e.start < r.end for r in refs)
        if e.attrs["granularity"] == "day":
            date.fromisoformat(e.value)
        if published is None:  # with no publication date every year comes from the text (a range may cross
            year = int(e.value[:4])  # into the next year)
            assert any(str(y) in text for y in (year - 1, year, year + 1))
