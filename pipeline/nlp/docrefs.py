"""DOCREF: references to documents that carry a number (ENTITIES.md, DOCREF).

Three number grammars are recognised on the text, in one combined pass:

* normative ``SEQ/YEAR/(QH|UBTVQH)TERM`` or ``SEQ/YEAR/CODE(-ISSUER)*`` (``118/2024/NĐ-CP``, ``82/2025/QH15``);
* Party ``SEQ-CODE/ISSUER(-ISSUER)*`` (``05-CT/TW``) and, after "số", ``SEQ-SYMBOL(-SYMBOL)*`` (``12-SL``);
* administrative ``SEQ/SYMBOL(-SYMBOL)*`` (``3646/UBND-NC``, ``183/TB-VKS-DS``).

A type word followed by a bare number ("Chỉ thị 05", "kế hoạch số 01") is a reference too, valued as
"type word + number", unless the article cites the same document (same type, same number) in full.
The span of a full reference is the number alone, so a following "ngày 17/11/2020" stays a date; the span
of a bare reference runs from its type word to its number (its value is made of both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import Context, Entity

# type word (lower case) -> (canonical spelling, type codes its numbers carry)
# Codes: Nghị định 30/2020/NĐ-CP appendix, legal documents (NĐ TT TTLT NQLT VBHN) and what portals use.
TYPE_WORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nghị định": ("Nghị định", ("NĐ",)),
    "nghị quyết liên tịch": ("Nghị quyết liên tịch", ("NQLT",)),
    "nghị quyết": ("Nghị quyết", ("NQ",)),
    "quyết định": ("Quyết định", ("QĐ",)),
    "chỉ thị": ("Chỉ thị", ("CT",)),
    "thông tư liên tịch": ("Thông tư liên tịch", ("TTLT",)),
    "thông tư": ("Thông tư", ("TT",)),
    "thông tri": ("Thông tri", ("TT",)),
    "quy chế phối hợp": ("Quy chế phối hợp", ("QCPH", "QC")),
    "quy chế": ("Quy chế", ("QC",)),
    "quy định": ("Quy định", ("QyĐ", "QĐ")),  # Party regulations are numbered "-QĐ/TW"
    "thông cáo": ("Thông cáo", ("TC",)),
    "thông báo": ("Thông báo", ("TB",)),
    "hướng dẫn": ("Hướng dẫn", ("HD",)),
    "chương trình": ("Chương trình", ("CTr",)),
    "kế hoạch": ("Kế hoạch", ("KH",)),
    "phương án": ("Phương án", ("PA",)),
    "đề án": ("Đề án", ("ĐA",)),
    "dự án": ("Dự án", ("DA",)),
    "báo cáo": ("Báo cáo", ("BC",)),
    "biên bản": ("Biên bản", ("BB",)),
    "tờ trình": ("Tờ trình", ("TTr",)),
    "công điện": ("Công điện", ("CĐ",)),
    "bản ghi nhớ": ("Bản ghi nhớ", ("BGN",)),
    "bản thỏa thuận": ("Bản thỏa thuận", ("BTT",)),
    "giấy ủy quyền": ("Giấy ủy quyền", ("GUQ",)),
    "giấy mời": ("Giấy mời", ("GM",)),
    "giấy giới thiệu": ("Giấy giới thiệu", ("GGT",)),
    "giấy nghỉ phép": ("Giấy nghỉ phép", ("GNP",)),
    "phiếu gửi": ("Phiếu gửi", ("PG",)),
    "phiếu chuyển": ("Phiếu chuyển", ("PC",)),
    "phiếu báo": ("Phiếu báo", ("PB",)),
    "công văn": ("Công văn", ("CV",)),
    "kết luận": ("Kết luận", ("KL",)),
    "kháng nghị": ("Kháng nghị", ("KN",)),
    "kiến nghị": ("Kiến nghị", ("KN",)),
    "văn bản hợp nhất": ("Văn bản hợp nhất", ("VBHN",)),
    "văn bản": ("Văn bản", ()),
    "cáo trạng": ("Cáo trạng", ()),
    "bản án": ("Bản án", ()),
    "bộ luật": ("Bộ luật", ("QH",)),
    "luật": ("Luật", ("QH",)),
    "pháp lệnh": ("Pháp lệnh", ("UBTVQH",)),
    "sắc lệnh": ("Sắc lệnh", ("SL",)),
    "sắc luật": ("Sắc luật", ("SL",)),
    "lệnh": ("Lệnh", ()),
}
# bare "type word + number" needs "số" for these: the word is too common in running text ("pháp luật 6 tháng")
_NEEDS_SO = {"luật", "bộ luật", "lệnh", "văn bản", "kháng nghị", "kiến nghị", "dự án", "báo cáo",
             "chương trình", "phương án"}
# "Quy chế 59" usually names the regulation a decision of the same number promulgated
_ALSO_BY_DECISION = {"quy chế", "quy định", "quy chế phối hợp"}

# codes that name the kind of document (the first symbol after the year / sequence)
TYPE_CODES = {
    "NQ", "QĐ", "CT", "QC", "QYĐ", "TC", "TB", "HD", "CTR", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTR", "HĐ", "CĐ",
    "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "NĐ", "TT", "TTLT", "NQLT", "VBHN", "CV", "KN",
    "KL", "QĐI", "QCPH", "LN",
}
# the fixed mixed-case codes; every other symbol is written upper-case
_MIXED = {c.upper(): c for c in ("QyĐ", "CTr", "TTr", "TrS", "TTg", "QĐi")}
# code -> type word, for a number cited without its type word
_CODE_TYPE = {
    "NĐ": "Nghị định", "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch", "NQLT": "Nghị quyết liên tịch", "QC": "Quy chế", "QYĐ": "Quy định",
    "QĐI": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTR": "Chương trình",
    "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản",
    "TTR": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện", "CV": "Công văn", "KL": "Kết luận",
    "KN": "Kháng nghị", "VBHN": "Văn bản hợp nhất", "QCPH": "Quy chế phối hợp",
}

# abbreviated type words written before a number with no symbol ("QĐ 77", "TTLT 02/2018"); upper case only,
# so that they never read a word of running text
ABBREVIATED_TYPES = {
    "NĐ": "nghị định", "NQ": "nghị quyết", "NQLT": "nghị quyết liên tịch", "QĐ": "quyết định", "CT": "chỉ thị",
    "TT": "thông tư", "TTLT": "thông tư liên tịch", "KH": "kế hoạch", "HD": "hướng dẫn", "TB": "thông báo",
    "KL": "kết luận", "CV": "công văn",
}
# numbers that identify no document: contracts, accounts, case files, phones, plates, identity cards
_NOT_A_DOCUMENT = re.compile(
    r"(?<!\w)(?:hợp[ ]+đồng|tài[ ]+khoản|thụ[ ]+lý|hồ[ ]+sơ|điện[ ]+thoại|đt|biển[ ]+(?:số|kiểm[ ]+soát)|mã[ ]+số|"
    r"căn[ ]+cước|cccd|cmnd|hộ[ ]+chiếu|hóa[ ]+đơn|vận[ ]+đơn|fax|hotline)"
    r"(?:[ ]+[^\W\d]\w*){0,3}?[ ]*(?:số)?[ ]*:?[ ]*$",
    re.I,
)
# a bare number may carry its year ("Nghị định 45/2019"): still no symbol, so the type word is the value
_NUM = r"\d{1,5}(?:/(?:19|20)\d\d)?"

_FIRST = "".join(sorted({w[0] for w in TYPE_WORDS} | {w[0].upper() for w in TYPE_WORDS}))
_TYPE_ALT = "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True))
# a symbol: a capital first letter, then letters, digits, "&"; it must end at a word end ("41/Quân" is no symbol)
_SYM = r"[A-ZĐ][A-Za-zĐđ0-9&]*(?![\w&])"
_SYMI = r"[A-ZĐa-zđ][A-Za-zĐđ0-9&]*(?![\w&])"  # inside a chain, after the first symbol
# a sequence number may carry one capital letter ("18A/QĐ-UBND"): documents issued between two numbers
_SEQ = r"(?:(?<=[Ss]ố)|(?<![\w/.,-]))\d{1,5}(?:[A-ZĐ](?=[/-]))?"
# A separator may be followed by one stray space ("124/ KSTHADS-KN", "15- KH/ĐTN"). A spaced dash (" - ",
# an en dash after normalisation) joins symbols only when an upper-case code follows ("NQ - HĐTP",
# "QĐ - VKS - VP"): otherwise " - " is prose punctuation ("khu vực 2 - Khánh Hòa").
_DASH = r"(?:-[ ]?|[ ]+-[ ]+(?=[A-ZĐ][A-ZĐ0-9&]*[A-ZĐ0-9](?![\w&])))"
# a bracketed part at the end of a symbol ("33/TB-VKS(P3)"): short, upper-case letters and digits only
_BRACKET = r"(?:[ ]?\((?P<{}>[A-ZĐ0-9][A-ZĐ0-9&.-]{{0,7}})\)(?!\w))?"
_FULL = re.compile(
    rf"""
    (?=\d)  # every number starts with a digit: a cheap test before the alternatives
    (?: (?P<norm>{_SEQ}(?P<nsb>[ ]?)/[ ]?(?P<year>(?:19|20)\d\d)/[ ]?(?P<ntail>{_SYM}(?:{_DASH}{_SYMI})*){_BRACKET.format("nb")})
    | (?P<party>{_SEQ}{_DASH}(?P<pcode>{_SYM})/[ ]?(?P<ptail>{_SYM}(?:{_DASH}{_SYMI})*){_BRACKET.format("pb")})
    | (?P<adm>{_SEQ}(?P<asb>[ ]?)/(?P<sp>[ ]?)(?P<atail>{_SYM}(?:{_DASH}{_SYMI})*){_BRACKET.format("ab")})
    | (?P<dash>{_SEQ}-(?P<dtail>{_SYM}(?:-{_SYMI})*))
    | (?P<low>(?<=[Ss]ố[ ])\d{{1,5}}/(?P<ltail>[a-zđ][a-zđ0-9&]*(?:-{_SYMI})+))  # "số 7/qđ-vks", typed lower-case
    )""",
    re.X,
)
_BARE = re.compile(
    rf"""
    (?<![\w])(?=[{_FIRST}])(?P<type>{_TYPE_ALT})
    (?P<desc>(?:[ ]+(?!(?:{_TYPE_ALT}|số)(?!\w))[^\W\d]\w*){{0,8}}?)
    (?P<so>[ ]+số)?[ ]*(?::[ ]*)?
    (?P<nums>{_NUM}(?:[ ]*(?:,|và)[ ]*{_NUM}(?![\w/-]))*)
    (?![\w/.,-]?\d)(?![ ]?[/-][ ]?[A-Za-zĐđ0-9])(?!\w)(?![ ]?%)
    """,
    re.X | re.I,
)
_ABBR_BARE = re.compile(
    rf"(?<![\w/&-])(?P<type>{'|'.join(sorted(ABBREVIATED_TYPES, key=len, reverse=True))})"
    rf"(?P<so>[ ]+số)?[ ]*(?P<nums>{_NUM})(?![\w/.,-]?\d)(?![ ]?[/-][ ]?[A-Za-zĐđ0-9])(?!\w)(?![ ]?%)"
)
# what follows a bare number and makes it a count, not a document number ("kháng nghị 15 ngày", "Quyết định
# 20 bị can"): units of time and the people, cases and things counted in this genre
_COUNT_AFTER = re.compile(
    r"[ ]+(?:vụ|việc|người|bị[ ]+(?:can|cáo|hại|án)|năm(?![ ]+(?:19|20)\d\d)|tháng|ngày|tuần|giờ|phút|lần|đơn|"
    r"hồ[ ]+sơ|tin|cuộc|đợt|bản[ ]+án|văn[ ]+bản|trường[ ]+hợp|đối[ ]+tượng|phạm[ ]+nhân|cán[ ]+bộ|"
    r"công[ ]+(?:chức|dân|văn)|đồng|triệu|tỷ|nghìn|ngàn|điểm|chỉ[ ]+tiêu|nội[ ]+dung|kiến[ ]+nghị|trang|"
    r"điều|khoản|học[ ]+(?:sinh|viên)|lượt|tập[ ]+thể|đảng[ ]+viên|thành[ ]+viên|cơ[ ]+(?:quan|sở)|"
    r"phiên[ ]+tòa|bài|kiểm[ ]+(?:sát|tra)[ ]+viên|thẩm[ ]+phán|cá[ ]+nhân|nhiệm[ ]+vụ|vấn[ ]+đề|"
    r"giải[ ]+pháp|mục[ ]+tiêu|biện[ ]+pháp|lĩnh[ ]+vực|đoàn|xã|phường|huyện|tỉnh|phòng|hộ|em|nhóm|tổ|"
    r"lớp|chương|quyết[ ]+định|tiêu[ ]+chí|cháu|thí[ ]+sinh|đại[ ]+biểu|km|m|ha|kg|%)(?!\w)",
    re.I,
)
# lower-case type words that are also verbs ("hướng dẫn 12 ...", "kết luận 3 ..."): without "số", the
# number must end the phrase or be followed by what follows a document's name
_VERBISH = {"hướng dẫn", "kết luận", "thông báo", "quyết định", "quy định", "chỉ thị", "báo cáo", "kiến nghị",
            "kháng nghị", "tờ trình"}
_DOC_FOLLOW = re.compile(r"[ ]*(?:[,.;:)”\"\n]|$|(?:của|về|ngày|năm|và|được|đã|do|tại|thì|là|này|nêu|quy)(?!\w))",
                         re.I)
_TYPE_BEFORE = re.compile(rf"(?<!\w)({_TYPE_ALT})(?!\w)", re.I)
_GAP_OK = re.compile(r"[^.;:!?\n()\[\]“”\"]*")
_FORM_BEFORE = re.compile(rf"(?<!\w)mẫu(?:[ ]+(?:{_TYPE_ALT}))*[ ]+$", re.I)
_DASH_LEAD = re.compile(rf"(?:{_TYPE_ALT})[ ]+(?:số[ ]*)?$", re.I)
_SO_LIST_BEFORE = re.compile(r"số[ ]+((?:\d{1,5}[ ]*(?:,|và)[ ]*)+)$")
_ISSUE = re.compile(
    r"[ ]*,?[ ]*(?:(?:được[ ]+)?ban[ ]+hành[ ]+)?(?P<same>cùng[ ]+)?ngày"
    r"(?:[ ]+(?P<d>\d{1,2})(?:[ ]*[/.-][ ]*|[ ]+tháng[ ]+)(?P<m>\d{1,2})"
    r"(?:[ ]*[/.-][ ]*|[ ]+năm[ ]+)(?P<y>(?:19|20)\d\d))?",
    re.I,
)


@dataclass
class _Ref:
    start: int
    end: int
    value: str
    attrs: dict


def _symbol(token: str) -> str:
    """A code in its canonical case: the fixed mixed-case codes kept, all others upper-case."""
    up = token.upper()
    return _MIXED.get(up, up)


def _split(tail: str) -> list[str]:
    return [_symbol(p) for p in tail.replace(" ", "").split("-") if p]


def _bracket(m: re.Match) -> str:
    """The bracketed end of a symbol, as written without the space before it ("VKS (P3)" -> "(P3)")."""
    for name in ("nb", "pb", "ab"):
        if m.group(name):
            return f"({m.group(name)})"
    return ""


def _type_before(text: str, start: int, max_words: int = 6) -> tuple[str | None, str | None]:
    """The type word governing the number at ``start`` (nearest before it in the same clause)."""
    window = text[max(0, start - 90):start]
    best = None
    for m in _TYPE_BEFORE.finditer(window):
        best = m
    if best is None:
        return None, None
    gap = window[best.end():]
    if not _GAP_OK.fullmatch(gap) or len(gap.split()) > max_words:
        return None, None
    key = best.group(1).lower()
    return key, TYPE_WORDS[key][0]


def _issue_date(text: str, end: int, previous: str | None) -> str | None:
    m = _ISSUE.match(text, end)
    if not m:
        return None
    if m.group("same") and not m.group("d"):
        return previous  # "Quyết định số 59/QĐ-VKSKH cùng ngày": the date of the one before
    if not m.group("d"):
        return None
    d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    try:
        from datetime import date

        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _full_refs(text: str) -> list[_Ref]:
    refs: list[_Ref] = []
    last_issue: str | None = None
    for m in _FULL.finditer(text):
        if (m.group("nsb") or m.group("asb")) and not re.search(r"số[ ]*$", text[max(0, m.start() - 5):m.start()],
                                                               re.I):
            continue  # "12 /QĐ-UBND": a space before the slash is a typing slip only right after "số"
        if (m.group("adm") is not None and m.group("sp") and "-" not in m.group("atail")
                and not re.search(r"số[ ]*$", text[max(0, m.start() - 5):m.start()], re.I)):
            continue  # "1/ VKSND tỉnh ..." is a list item; a spaced symbol needs a chain or a "số" before it
        if _NOT_A_DOCUMENT.search(text, max(0, m.start() - 60), m.start()):
            continue
        key, doc_type = _type_before(text, m.start())
        if m.group("dash") is not None and not (key and _DASH_LEAD.search(text, max(0, m.start() - 30), m.start())):
            continue  # "SEQ-SYMBOL" alone ("Covid-19" reversed, "F-16") is a number only right after its type word
        seq = re.match(r"\d+[A-ZĐ]?", m.group()).group()
        year = None
        if m.group("norm") is not None:
            year = int(m.group("year"))
            parts = _split(m.group("ntail"))
            if re.fullmatch(r"(?:UBTV)?QH\d*", parts[0]):
                code, issuers = None, parts
            else:
                if (parts[0] not in TYPE_CODES and key and TYPE_WORDS[key][1]
                        and TYPE_WORDS[key][1][0] not in ("QH", "UBTVQH")
                        and not parts[0].startswith(TYPE_WORDS[key][1][0].upper())):  # "QĐST": a court's code
                    # a truncated number ("Nghị định 118/2024/CP"): the type word gives the missing code
                    parts.insert(0, TYPE_WORDS[key][1][0])
                code, issuers = (parts[0], parts[1:]) if parts[0].upper() in TYPE_CODES else (None, parts)
            if parts[0] == "HĐ":
                continue  # HĐ is the code of a contract: no document (ENTITIES.md, DOCREF)
            value = f"{seq}/{year}/" + "-".join(parts)
        elif m.group("party") is not None:
            code = _symbol(m.group("pcode"))
            issuers = _split(m.group("ptail"))
            value = f"{seq}-{code}/" + "-".join(issuers)
        elif m.group("adm") is not None or m.group("low") is not None:
            parts = _split(m.group("atail") or m.group("ltail"))
            if parts[0].upper() in TYPE_CODES:
                code, issuers = parts[0], parts[1:]
            elif parts[-1].upper() in TYPE_CODES:
                code, issuers = parts[-1], parts[:-1]
            else:
                code, issuers = None, parts
            value = f"{seq}/" + "-".join(parts)
        else:
            parts = _split(m.group("dtail"))
            code, issuers = None, parts
            value = f"{seq}-" + "-".join(parts)
        value += _bracket(m)
        if doc_type is None and code:
            doc_type = _CODE_TYPE.get(code.upper())
        issue = _issue_date(text, m.end(), last_issue)
        last_issue = issue or last_issue
        attrs = {"doc_type": doc_type, "seq": seq, "year": year, "issuers": issuers, "code": code}
        if issue:
            attrs["issue_date"] = issue
        end = m.end()
        refs.append(_Ref(m.start(), end, value, attrs))
        # "Quyết định số 245, 246/QĐ-VKSTC": the listed numbers share the symbol
        lst = _SO_LIST_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if lst:
            tail = value[len(seq):]
            for n in re.finditer(r"\d+", lst.group(1)):
                refs.append(_Ref(lst.start(1) + n.start(), lst.start(1) + n.end(), n.group() + tail,
                                 dict(attrs, seq=n.group())))
    return refs


def _compatible(type_key: str, seq: int, full: _Ref, year: int | None = None) -> bool:
    """Is the full reference ``full`` the document a bare "type word + seq" points at?"""
    if not full.attrs["seq"].isdigit() or int(full.attrs["seq"]) != seq:
        return False
    if year is not None and full.attrs.get("year") not in (None, year):
        return False
    doc_type = (full.attrs.get("doc_type") or "").lower()
    codes = {c.upper() for c in TYPE_WORDS[type_key][1]}
    if type_key in _ALSO_BY_DECISION:
        codes.add("QĐ")
    if doc_type == type_key or (full.attrs.get("code") or "").upper() in codes:
        return True
    issuers = full.attrs.get("issuers") or []
    # a law or resolution of the National Assembly is numbered SEQ/YEAR/QHnn
    return bool(issuers) and re.fullmatch(r"(?:UBTV)?QH\d*", issuers[0]) is not None and type_key in (
        "luật", "bộ luật", "nghị quyết", "pháp lệnh")


def _bare_ref(text: str, m: re.Match, n: re.Match, key: str, word: str, full: list[_Ref], first: bool,
              last: bool, end_of_match: int) -> _Ref | None:
    """One "type word + number[/year]" reference, unless the article cites the same document in full."""
    seq, _, year = n.group().partition("/")
    if any(_compatible(key, int(seq), f, int(year) if year else None) for f in full):
        return None
    base = m.start("nums")
    start, end = (m.start(), base + n.end()) if first else (base + n.start(), base + n.end())
    attrs = {"doc_type": TYPE_WORDS[key][0], "seq": seq, "year": int(year) if year else None, "issuers": [],
             "code": (TYPE_WORDS[key][1] or (None,))[0]}
    if last:
        issue = _issue_date(text, end_of_match, None)
        if issue:
            attrs["issue_date"] = issue
    return _Ref(start, end, f"{word} {n.group()}", attrs)


def _bare_refs(text: str, full: list[_Ref]) -> list[_Ref]:
    refs: list[_Ref] = []
    for m in _BARE.finditer(text):
        key = m.group("type").lower()
        so = m.group("so") is not None
        if (m.group("desc") or key in _NEEDS_SO) and not so:
            continue
        if _FORM_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "Mẫu Quyết định số 29" is a form, not a document
        nums = list(re.finditer(_NUM, m.group("nums")))
        if not so and _COUNT_AFTER.match(text, m.end()):
            continue
        if not so and key in _VERBISH and m.group("type")[0].islower() and not _DOC_FOLLOW.match(text, m.end()):
            continue
        if not so and any(re.fullmatch(r"(?:19|20)\d\d", n.group()) for n in nums):
            continue  # "Kế hoạch 2024": a year, not a number
        written = m.group("type")
        word = written[0].upper() + written[1:]
        for n in nums:
            ref = _bare_ref(text, m, n, key, word, full, n is nums[0], n is nums[-1], m.end())
            if ref:
                refs.append(ref)
    for m in _ABBR_BARE.finditer(text):
        if not m.group("so") and _COUNT_AFTER.match(text, m.end()):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", m.group("nums")):
            continue
        key = ABBREVIATED_TYPES[m.group("type")]
        n = re.match(_NUM, m.group("nums"))
        # the type word is written out in the value ("TTLT 02/2018" -> "Thông tư liên tịch 02/2018")
        ref = _bare_ref(text, m, n, key, TYPE_WORDS[key][0], full, True, True, m.end())
        if ref:
            ref.start, ref.end = m.start(), m.end()
            refs.append(ref)
    return refs


def extract(text: str, context: Context, found: list[Entity]) -> list[Entity]:
    """Every DOCREF of ``text``: full numbers by grammar, bare "type word + number" references by lexicon."""
    full = _full_refs(text)
    bare = _bare_refs(text, full)
    out = [Entity("DOCREF", text[r.start:r.end], r.value, r.start, r.end, method="grammar", attrs=r.attrs)
           for r in full]
    out += [Entity("DOCREF", text[r.start:r.end], r.value, r.start, r.end, method="lexicon", attrs=r.attrs)
            for r in bare]
    out.sort(key=lambda e: (e.start, e.end))
    return out
