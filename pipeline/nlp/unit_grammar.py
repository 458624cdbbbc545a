"""The vocabulary of the UNIT grammar: what a unit read from the text is (``Unit``), and the regexes of the
pieces that may follow a head (a level, "khu vực N", "cùng cấp", a collective, a list, a parent ...).

The grammar itself is ``unit_parser.py`` (the core: places, lists, parents, the scan) with the readers of
each kind of head in ``unit_parts.py`` (bodies named by their type and place) and ``unit_departments.py``
(units inside another).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .unit_text import END, SP

# --------------------------------------------------------------------------------------------------------
# pieces of the grammar after a head

SUPREME = re.compile(SP + r"(?i:tối" + SP + r"cao)" + END + r"|[ \t]*TC" + END)
HIGH = re.compile(SP + r"(?i:cấp" + SP + r"cao)" + END)
HIGH_AT = re.compile(SP + r"(?:tại|ở)" + SP)
HIGH_NUM = re.compile(r"[ \t]*([123])" + END)
HIGH_PLACES = {"hà nội": "Hà Nội", "đà nẵng": "Đà Nẵng", "hồ chí minh": "thành phố Hồ Chí Minh"}
HIGH_BY_NUM = {"1": "Hà Nội", "2": "Đà Nẵng", "3": "thành phố Hồ Chí Minh"}
AREA = re.compile(SP + r"(?i:khu" + SP + r"vực)" + SP + r"(\d+)" + END)
AREA_PROVINCE_SEP = re.compile(r"[ \t]*[-,–][ \t]*|" + SP)
SAME_LEVEL = re.compile(SP + r"(?i:cùng" + SP + r"cấp)" + END)
# "hai cấp", "các cấp", "cấp huyện" ...: many units or none in particular
COLLECTIVE = re.compile(
    SP + r"(?i:(?:hai|2|ba|3|các|cùng|mọi)" + SP + r"cấp|cấp" + SP + r"(?:tỉnh|huyện|xã|trên|dưới|cơ" + SP
    + r"sở|có" + SP + r"thẩm" + SP + r"quyền|trung" + SP + r"ương)|các" + SP + r"(?:tỉnh|huyện|quận|xã|"
    + r"phường|địa|đơn|nước|thành" + SP + r"phố|thị)|địa" + SP + r"phương|những|nơi|đó|này|khác|trên" + SP
    + r"địa" + SP + r"bàn|trong" + SP + r"tỉnh|trong" + SP + r"cả" + SP + r"nước|toàn" + SP + r"quốc)"
    + END)
# "VKSND các tỉnh, thành phố: Hà Nội, Hải Phòng ...": the list names the units
PLURAL_LIST = re.compile(SP + r"(?i:các" + SP + r"(?P<pl>tỉnh|huyện|xã|phường))(?:[ \t]*,[ \t]*(?i:thành" + SP
                          + r"phố|thị" + SP + r"xã|quận|thị" + SP + r"trấn|phường))*(?:[ \t]+(?:như|là|gồm))?"
                          + r"[ \t]*:?[ \t]*(?=[^\W\d_])")
# "(nguồn: Báo Bảo vệ pháp luật)", "Theo: Tạp chí Kiểm sát": a credit line, not a mention of the unit
SOURCE_BEFORE = re.compile(r"(?i:(?<![^\W_])(?:nguồn|theo|ảnh)[ \t]*:[ \t]*)$")
PLURAL_BEFORE = re.compile(r"(?i:(?<![^\W_])(?:các|những|mọi|nhiều|(?<!thứ )(?<!số )(?<![/.,\d])\d{1,3}|hai|ba|"
                            r"bốn|sáu|bảy|tám|chín|mười)[ \t]+)$")
ABBR_PAREN = re.compile(r"[ \t]*\((?:[A-ZĐ]{2,8}|[A-ZĐ][a-zđ]?[A-ZĐ]{1,6})\)")
MILITARY_TAIL = re.compile(
    SP + r"(?:(?i:trung" + SP + r"ương)|(?i:khu" + SP + r"vực)(?:" + SP + r"\d+)?(?:(?:" + SP + r"|[ \t]*/[ \t]*)"
    + r"(?:Quân" + SP + r"khu|Quân" + SP + r"đoàn|Quân" + SP + r"chủng)" + SP + r"[^\W_]+)?|(?:Quân" + SP
    + r"khu|Quân" + SP + r"đoàn)" + SP + r"\d+|Quân" + SP + r"chủng" + SP + r"[A-ZĐ][^\W_]*(?:" + SP
    + r"[A-ZĐ][^\W_]*)*|Thủ" + SP + r"đô" + SP + r"Hà" + SP + r"Nội)" + END)
MILITARY_NAME = re.compile(SP + r"(?:\d+|[A-ZĐ][^\W_]*(?:[ \t]*-[ \t]*|" + SP + r")?(?:[A-ZĐ][^\W_]*)?)" + END)
NUMBERS = re.compile(r"[ \t]+(\d+(?:[ \t]*(?:,|và)[ \t]*\d+(?![\d/.]))*)(?![^\W_]|[/.]\d)")
ROMAN = re.compile(r"[ \t]+([IVX]+)" + END)
SHARED_SEP = re.compile(r"[ \t]*(?:,|-|–|và)[ \t]*(?:và[ \t]+)?")
PARENT_SEP = re.compile(r"[ \t]*,[ \t]*|[ \t]*[-–][ \t]*|" + SP)
PAREN = re.compile(r"[ \t]*\([^()\n]{1,40}\)")
SPP_SEAT = re.compile(SP + r"(?:tại|ở)" + SP + r"(?:phía" + SP + r"(?:Nam|Bắc)|miền" + SP
                       + r"(?:Nam|Trung|Bắc))" + END)
BLOC = re.compile(SP + r"(?:[Kk]hối)" + END)
SECTOR = re.compile(SP + r"ngành" + SP + r"(?:Kiểm" + SP + r"sát(?:" + SP + r"nhân" + SP + r"dân)?|Tòa"
                     + SP + r"án(?:" + SP + r"nhân" + SP + r"dân)?|Tư" + SP + r"pháp|Công" + SP + r"an)" + END,
                     re.I)
FUSED_ROLE = re.compile(r"(?i:(?<![^\W_])chánh[ \t]+)$")  # "Chánh Văn phòng", "Chánh Thanh tra": a person
HEAD_OF = re.compile(r"(?i:(?<![^\W_])trưởng[ \t]+)$")  # "Trưởng phòng ...", "Trưởng ban ..."
TITLE_BEFORE = re.compile(r"(?i:(?<![^\W_])(?:trưởng|thư|nhiệm|tịch|đốc|phó|tướng)[ \t]+)$")
ROLE_AFTER = re.compile(r"[ \t]+viên" + END)  # "Tỉnh ủy viên", "Đảng ủy viên": a person
NAME_WORD = re.compile(r"[ \t]+([^\W_]+(?:-[^\W_]+)*)")
CLAUSE_END = re.compile(r"[.;:!?()\n“”\"]")
NEEDS_PARENT = ("Viện kiểm sát nhân dân", "Tòa án nhân dân")


# --------------------------------------------------------------------------------------------------------
# what is read

@dataclass
class Unit:
    start: int
    end: int
    value: str
    kind: str
    level: str | None = None
    place: str | None = None  # "tỉnh Khánh Hòa"
    province: str | None = None
    collective: bool = False  # "VKSND hai cấp": read so that its span is consumed, but not a unit
    needs_parent: bool = False  # "VKSND" alone: a parent only with a place, never a unit on its own
    bracketed: bool = False  # a parent written in brackets after its department: also a mention
    more: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # list items: value, place, prov
