"""Articles that state a succession ("VKSND khu vực 2 ... được thành lập trên cơ sở VKSND huyện A và huyện
B", "(trước đây là ...)", "(nay là ...)", "... được tổ chức lại thành ...") give predecessor -> successor
links; sentences that only name units side by side give none. Sentences written for these tests."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from pipeline.nlp import Context, annotate
from pipeline.nlp.units_table import unit_id
from pipeline.research.succession import Mention, links_in_text, succession_links
from pipeline.text import normalise_text


def links(sentence: str, owner: str | None = None) -> set[tuple[str, str, str]]:
    text = normalise_text(sentence)
    found = annotate(text, Context(published=date(2025, 7, 20), owner=owner)).entities
    mentions = [Mention(e.start, e.end, e.attrs["unit_id"], e.value, e.attrs.get("kind"), e.attrs.get("province"),
                        e.attrs.get("level")) for e in found if e.type == "UNIT"]
    return {(p, s, how) for p, s, _a, _b, how in
            ((x.predecessor, x.successor, x.start, x.end, x.phrasing) for x in links_in_text(text, mentions))}


def vks(place: str, province: str | None = None, level: str = "huyện") -> str:
    return unit_id(f"Viện kiểm sát nhân dân {place}", province, level)


def toa(place: str, province: str | None = None, level: str = "huyện") -> str:
    return unit_id(f"Tòa án nhân dân {place}", province, level)


KV2_GIA_LAI = vks("khu vực 2 tỉnh Gia Lai", "Gia Lai", "khu vực")


@pytest.mark.parametrize("sentence, expected", [
    # successor first, "được thành lập trên cơ sở (sắp xếp)" and a list joined by "và"
    ("Viện kiểm sát nhân dân khu vực 2 - Gia Lai được thành lập trên cơ sở sắp xếp Viện kiểm sát nhân dân "
     "huyện Chư Păh và Viện kiểm sát nhân dân huyện Ia Grai, bắt đầu làm việc tại trụ sở mới.",
     {(vks("huyện Chư Păh"), KV2_GIA_LAI, "formed_from"), (vks("huyện Ia Grai"), KV2_GIA_LAI, "formed_from")}),
    # the verb before the successor, abbreviations, a comma list of three
    ("Quyết định thành lập VKSND khu vực 5 - Đồng Tháp trên cơ sở VKSND huyện Cái Bè, VKSND huyện Cai Lậy và "
     "VKSND thị xã Cai Lậy đã được trao tại buổi lễ.",
     {(vks("huyện Cái Bè"), vks("khu vực 5 tỉnh Đồng Tháp", level="khu vực"), "formed_from"),
      (vks("huyện Cai Lậy"), vks("khu vực 5 tỉnh Đồng Tháp", level="khu vực"), "formed_from"),
      (vks("thị xã Cai Lậy"), vks("khu vực 5 tỉnh Đồng Tháp", level="khu vực"), "formed_from")}),
    # one grammar span holding three districts: "VKSND huyện A, B và C"
    ("Viện kiểm sát nhân dân khu vực 4 tỉnh Nghệ An được hình thành trên cơ sở hợp nhất VKSND huyện Nghi Lộc, "
     "Hưng Nguyên và Nam Đàn.",
     {(vks(f"huyện {d}"), vks("khu vực 4 tỉnh Nghệ An", level="khu vực"), "formed_from")
      for d in ("Nghi Lộc", "Hưng Nguyên", "Nam Đàn")}),
    # a former name in brackets
    ("Sáng 14/7, VKSND khu vực 1 - Lâm Đồng (trước đây là VKSND thành phố Đà Lạt) tổ chức hội nghị triển khai "
     "nhiệm vụ.",
     {(vks("thành phố Đà Lạt"), vks("khu vực 1 tỉnh Lâm Đồng", level="khu vực"), "formerly")}),
    # the present name in brackets, successor last
    ("Vụ án do Tòa án nhân dân huyện Krông Pắc (nay là Tòa án nhân dân khu vực 7 - Đắk Lắk) thụ lý từ năm 2024.",
     {(toa("huyện Krông Pắc"), toa("khu vực 7 tỉnh Đắk Lắk", level="khu vực"), "now")}),
    ("Hồ sơ của VKSND huyện Mộc Châu, nay thuộc VKSND khu vực 3 - Sơn La, đã được bàn giao đầy đủ.",
     {(vks("huyện Mộc Châu"), vks("khu vực 3 tỉnh Sơn La", level="khu vực"), "now")}),
    # "được tổ chức lại thành" after a list
    ("Từ ngày 01/7/2025, VKSND huyện Ninh Hải, VKSND huyện Thuận Bắc được tổ chức lại thành VKSND khu vực 7 - "
     "Khánh Hòa.",
     {(vks("huyện Ninh Hải"), vks("khu vực 7 tỉnh Khánh Hòa", level="khu vực"), "became"),
      (vks("huyện Thuận Bắc"), vks("khu vực 7 tỉnh Khánh Hòa", level="khu vực"), "became")}),
    # "hợp nhất P1 và P2 thành S": the verb before the list
    ("Hội nghị công bố quyết định hợp nhất TAND huyện Bác Ái và TAND huyện Ninh Sơn thành TAND khu vực 9 - "
     "Khánh Hòa.",
     {(toa("huyện Bác Ái"), toa("khu vực 9 tỉnh Khánh Hòa", level="khu vực"), "became"),
      (toa("huyện Ninh Sơn"), toa("khu vực 9 tỉnh Khánh Hòa", level="khu vực"), "became")}),
    # a rename with a year in between (a chain link before the reform)
    ("Năm 2000 đơn vị đổi tên thành VKSND thị xã Cam Ranh, đến năm 2010 trở thành VKSND thành phố Cam Ranh.",
     {(vks("thị xã Cam Ranh"), vks("thành phố Cam Ranh"), "became")}),
    # a title's unit before the successor is no list ("Viện trưởng VKSND tối cao, VKSND khu vực 3 ...")
    ("Theo quyết định của Viện trưởng VKSND tối cao, VKSND khu vực 3 - Sơn La được thành lập trên cơ sở sắp xếp "
     "lại VKSND huyện Mộc Châu và VKSND huyện Vân Hồ.",
     {(vks(f"huyện {d}"), vks("khu vực 3 tỉnh Sơn La", level="khu vực"), "formed_from")
      for d in ("Mộc Châu", "Vân Hồ")}),
    # a merged province's procuracy
    ("VKSND tỉnh Lào Cai được thành lập trên cơ sở hợp nhất VKSND tỉnh Lào Cai và VKSND tỉnh Yên Bái.",
     {(vks("tỉnh Yên Bái", level="tỉnh"), vks("tỉnh Lào Cai", level="tỉnh"), "formed_from")}),
])
def test_stated_successions(sentence, expected):
    assert links(sentence) == expected


@pytest.mark.parametrize("sentence", [
    # units side by side, a person moving from one to the other, a plan based on guidance
    "VKSND huyện Vạn Ninh, VKSND huyện Cam Lâm và VKSND khu vực 3 - Khánh Hòa dự hội nghị.",
    "Đồng chí Trần Văn B, nguyên Viện trưởng VKSND huyện Mộc Châu, giữ chức Viện trưởng VKSND khu vực 3 - Sơn La.",
    "VKSND khu vực 3 - Sơn La xây dựng kế hoạch trên cơ sở hướng dẫn của VKSND tỉnh Sơn La.",
    # different kinds: a court is never a procuracy's successor
    "Tòa án nhân dân khu vực 2 - Gia Lai được thành lập trên cơ sở Viện kiểm sát nhân dân huyện Chư Păh.",
    # two successors at once: which took which is not said
    "VKSND khu vực 1 - Sơn La và VKSND khu vực 2 - Sơn La được thành lập trên cơ sở VKSND huyện Mộc Châu.",
    "VKSND khu vực 1 - Sơn La, VKSND khu vực 2 - Sơn La được thành lập trên cơ sở VKSND huyện Mộc Châu.",
    # a unit without a place cannot be linked
    "VKSND huyện (nay là VKSND khu vực 2) tiếp tục giải quyết vụ án.",
])
def test_no_link_without_a_succession_statement(sentence):
    assert links(sentence) == set()


def test_succession_links_over_tables_keep_the_article_as_evidence():
    text = normalise_text("VKSND khu vực 6 - Quảng Ngãi (trước đây là VKSND huyện Sơn Tịnh) làm việc với UBND xã.")
    found = [e for e in annotate(text, Context()).entities if e.type == "UNIT"]
    entities = pd.DataFrame([{"article_id": "a-1", "type": "UNIT", "text": e.text, "value": e.value,
                              "start": e.start, "end": e.end, "attrs": json.dumps(e.attrs)} for e in found])
    articles = pd.DataFrame([{"article_id": "a-1", "text": text}, {"article_id": "a-2", "text": None}])
    out = succession_links(articles, entities)
    assert out.to_dict("records") == [{
        "predecessor": vks("huyện Sơn Tịnh"), "successor": vks("khu vực 6 tỉnh Quảng Ngãi", level="khu vực"),
        "article_id": "a-1", "evidence": "VKSND khu vực 6 - Quảng Ngãi (trước đây là VKSND huyện Sơn Tịnh",
        "phrasing": "formerly"}]
    assert succession_links(articles, entities.iloc[0:0]).empty


def test_successor_last_in_a_list_is_not_linked():
    assert links("VKSND huyện Mộc Châu được tổ chức lại thành VKSND khu vực 1 - Sơn La và VKSND khu vực 2 - Sơn La.") \
        == set()
