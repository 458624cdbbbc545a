"""LAW: provisions of codes, laws and other legal documents ("điểm a khoản 1 Điều 134 BLHS").

A provision chain is a run of ``điểm``/``khoản``/``Điều`` references joined by commas, "và", "hoặc" or
"đến" ("điểm b, điểm s khoản 1 và khoản 2 Điều 51"); points bind to the next clause, clauses to the next
article, and every article of the chain yields one value per point/clause bound to it. The law is what
follows the chain ("BLHS", "Bộ luật Hình sự năm 2015", "Nghị định số 118/2024/NĐ-CP", an alias the text
defined: "(sau đây gọi tắt là BLTTDS)"); when nothing follows, the law named nearest in the same sentence is taken
("Bộ luật Tố tụng dân sự (Điều 70)"), and without one the chain is not a LAW. "của Luật này" names a law only
inside the quoted text of a provision ("Điều 12 Luật X quy định: “... Điều 13 của Luật này ...”"); elsewhere
it is the author's loose back-reference and is left out. Values are ``[điểm X ][khoản N ]Điều M <law>`` with
the law spelled out (abbreviations expanded, official spelling from a lexicon of codes and laws) and without
its year.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .base import Context, Entity

# ---------------------------------------------------------------------------------------------------------
# Lexicons (general facts of Vietnamese legislation)

# Codes and laws in their official spelling (without "Bộ luật"/"Luật"). Matching ignores case and commas,
# so "Luật Phòng chống tham nhũng" is read as the official "Luật Phòng, chống tham nhũng".
_CODES = ("Hình sự", "Tố tụng hình sự", "Dân sự", "Tố tụng dân sự", "Lao động", "Hàng hải Việt Nam", "Hàng hải")
_LAWS = (
    "Tố tụng hành chính", "Thi hành án hình sự", "Thi hành án dân sự", "Thi hành tạm giữ, tạm giam",
    "Tổ chức Viện kiểm sát nhân dân", "Tổ chức Tòa án nhân dân", "Tổ chức cơ quan điều tra hình sự",
    "Tổ chức Quốc hội", "Tổ chức Chính phủ", "Tổ chức chính quyền địa phương", "Tổ chức Mặt trận Tổ quốc Việt Nam",
    "Phòng, chống tham nhũng", "Phòng, chống ma túy", "Phòng, chống mua bán người", "Phòng, chống bạo lực gia đình",
    "Phòng, chống rửa tiền", "Phòng, chống tác hại của rượu, bia", "Phòng, chống tác hại của thuốc lá",
    "Phòng, chống khủng bố", "Phòng, chống thiên tai", "Phòng, chống bệnh truyền nhiễm", "Phòng cháy và chữa cháy",
    "Phòng cháy, chữa cháy và cứu nạn, cứu hộ", "Thi đua, khen thưởng", "Xử lý vi phạm hành chính",
    "Trách nhiệm bồi thường của Nhà nước", "Hôn nhân và gia đình", "Đất đai", "Nhà ở", "Xây dựng",
    "Kinh doanh bất động sản", "Doanh nghiệp", "Đầu tư", "Đầu tư công", "Thương mại", "Phá sản",
    "Các tổ chức tín dụng", "Ngân hàng Nhà nước Việt Nam", "Cạnh tranh", "Bảo vệ quyền lợi người tiêu dùng",
    "Sở hữu trí tuệ", "Chuyển giao công nghệ", "Công nghệ thông tin", "Giao dịch điện tử", "An ninh mạng",
    "An toàn thông tin mạng", "Viễn thông", "Báo chí", "Xuất bản", "Tiếp cận thông tin", "Bảo vệ bí mật nhà nước",
    "Khiếu nại", "Tố cáo", "Tiếp công dân", "Thanh tra", "Kiểm toán nhà nước", "Cán bộ, công chức", "Viên chức",
    "Ban hành văn bản quy phạm pháp luật", "Phổ biến, giáo dục pháp luật", "Hòa giải ở cơ sở",
    "Hòa giải, đối thoại tại Tòa án", "Luật sư", "Công chứng", "Chứng thực", "Trợ giúp pháp lý", "Giám định tư pháp",
    "Thừa phát lại", "Đấu giá tài sản", "Đấu thầu", "Tương trợ tư pháp", "Đặc xá", "Lý lịch tư pháp", "Hộ tịch",
    "Quốc tịch Việt Nam", "Cư trú", "Căn cước", "Căn cước công dân", "Xuất cảnh, nhập cảnh của công dân Việt Nam",
    "Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam", "Công an nhân dân",
    "Cảnh sát cơ động", "Cảnh sát biển Việt Nam", "Biên phòng Việt Nam", "Quốc phòng", "Nghĩa vụ quân sự",
    "Dân quân tự vệ", "Sĩ quan Quân đội nhân dân Việt Nam", "An ninh quốc gia", "Biên giới quốc gia",
    "Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ", "Trật tự, an toàn giao thông đường bộ",
    "Giao thông đường bộ", "Đường bộ", "Giao thông đường thủy nội địa", "Đường sắt", "Hàng không dân dụng Việt Nam",
    "Bảo vệ môi trường", "Lâm nghiệp", "Thủy sản", "Đa dạng sinh học", "Tài nguyên nước", "Khoáng sản", "Trồng trọt",
    "Chăn nuôi", "Thú y", "Bảo vệ và kiểm dịch thực vật", "An toàn thực phẩm", "Dược", "Khám bệnh, chữa bệnh",
    "Bảo hiểm xã hội", "Bảo hiểm y tế", "Kinh doanh bảo hiểm", "Việc làm", "Giáo dục", "Giáo dục đại học",
    "Giáo dục nghề nghiệp", "Trẻ em", "Người cao tuổi", "Người khuyết tật", "Thanh niên", "Bình đẳng giới",
    "Tín ngưỡng, tôn giáo", "Di sản văn hóa", "Du lịch", "Quản lý thuế", "Thuế thu nhập cá nhân",
    "Thuế giá trị gia tăng", "Thuế thu nhập doanh nghiệp", "Hải quan", "Kế toán", "Ngân sách nhà nước",
    "Thực hành tiết kiệm, chống lãng phí", "Quản lý, sử dụng tài sản công", "Quy hoạch", "Quy hoạch đô thị",
    "Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân", "Hoạt động giám sát của Quốc hội và Hội đồng nhân dân",
    "Trưng cầu ý dân", "Điều ước quốc tế", "Thỏa thuận quốc tế", "Trọng tài thương mại", "Chứng khoán",
    "Quản lý ngoại thương", "Tạm giữ, tạm giam",
    "Thủ đô", "Dữ liệu", "Phòng thủ dân sự", "Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    "Hỗ trợ doanh nghiệp nhỏ và vừa", "Nuôi con nuôi", "Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng",
    "Mặt trận Tổ quốc Việt Nam", "Công đoàn", "Hợp tác xã", "Điện lực", "Tiêu chuẩn và quy chuẩn kỹ thuật",
    "Chất lượng sản phẩm, hàng hóa", "Đo lường", "Năng lượng nguyên tử", "Hóa chất", "Quảng cáo", "Điện ảnh",
    "Thể dục, thể thao", "Bảo vệ, chăm sóc và giáo dục trẻ em",
)

# Other spellings of names in the lexicon (unit acronyms inside a name, a dropped "và").
_VARIANTS = {
    "Tổ chức VKSND": "Tổ chức Viện kiểm sát nhân dân", "Tổ chức Viện KSND": "Tổ chức Viện kiểm sát nhân dân",
    "Tổ chức VKS nhân dân": "Tổ chức Viện kiểm sát nhân dân", "Tổ chức TAND": "Tổ chức Tòa án nhân dân",
    "Tổ chức CQĐT hình sự": "Tổ chức cơ quan điều tra hình sự", "Tổ chức CQĐTHS": "Tổ chức cơ quan điều tra hình sự",
    "Hôn nhân gia đình": "Hôn nhân và gia đình", "Trách nhiệm bồi thường Nhà nước": "Trách nhiệm bồi thường của Nhà nước",
    "Xử lý VPHC": "Xử lý vi phạm hành chính", "Thi hành án HS": "Thi hành án hình sự", "Thi hành án DS": "Thi hành án dân sự",
    "Phòng chống tham nhũng": "Phòng, chống tham nhũng", "Phòng chống ma túy": "Phòng, chống ma túy",
}

# Abbreviations of codes written alone ("Điều 173 BLHS").
_CODE_ABBR = {
    "BLHS": "Bộ luật Hình sự", "BLTTHS": "Bộ luật Tố tụng hình sự", "BLDS": "Bộ luật Dân sự",
    "BLTTDS": "Bộ luật Tố tụng dân sự", "BLLĐ": "Bộ luật Lao động", "BLLD": "Bộ luật Lao động",
    "BLHH": "Bộ luật Hàng hải",
}
# Abbreviated names after "Luật"/"Bộ luật" ("Luật THAHS", "Bộ luật TTHS").
_NAME_ABBR = {
    "HS": "Hình sự", "TTHS": "Tố tụng hình sự", "DS": "Dân sự", "TTDS": "Tố tụng dân sự", "TTHC": "Tố tụng hành chính",
    "THAHS": "Thi hành án hình sự", "THADS": "Thi hành án dân sự", "PCTN": "Phòng, chống tham nhũng",
    "PCMT": "Phòng, chống ma túy", "TCVKSND": "Tổ chức Viện kiểm sát nhân dân", "TCVKS": "Tổ chức Viện kiểm sát nhân dân",
    "TCTAND": "Tổ chức Tòa án nhân dân", "TCTA": "Tổ chức Tòa án nhân dân",
    "TCCQĐTHS": "Tổ chức cơ quan điều tra hình sự", "XLVPHC": "Xử lý vi phạm hành chính",
    "HNGĐ": "Hôn nhân và gia đình", "HN&GĐ": "Hôn nhân và gia đình", "HNVGĐ": "Hôn nhân và gia đình",
    "TNBTCNN": "Trách nhiệm bồi thường của Nhà nước", "TNBTNN": "Trách nhiệm bồi thường của Nhà nước",
    "THTGTG": "Thi hành tạm giữ, tạm giam", "TĐKT": "Thi đua, khen thưởng", "KNTC": "Khiếu nại, tố cáo",
    "CBCC": "Cán bộ, công chức", "BHXH": "Bảo hiểm xã hội", "BHYT": "Bảo hiểm y tế", "TGPL": "Trợ giúp pháp lý",
    "GTĐB": "Giao thông đường bộ", "TTATGTĐB": "Trật tự, an toàn giao thông đường bộ", "BVMT": "Bảo vệ môi trường",
    "ANM": "An ninh mạng", "PCCC": "Phòng cháy và chữa cháy", "NVQS": "Nghĩa vụ quân sự", "KDBĐS": "Kinh doanh bất động sản",
    "BHVBQPPL": "Ban hành văn bản quy phạm pháp luật", "PBGDPL": "Phổ biến, giáo dục pháp luật", "TTDL": "Tương trợ tư pháp",
    "TTTP": "Tương trợ tư pháp", "PCBLGĐ": "Phòng, chống bạo lực gia đình", "PCMBN": "Phòng, chống mua bán người",
}

# Documents cited by number ("Điều 4 Nghị định số 118/2024/NĐ-CP"); longest first so "Thông tư liên tịch" wins.
_NUMBERED = ("Thông tư liên tịch", "Nghị quyết liên tịch", "Văn bản hợp nhất", "Nghị định", "Thông tư",
             "Nghị quyết", "Pháp lệnh", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Hướng dẫn", "Luật")
# Documents cited by a descriptive name ("Điều 15 Quy chế công tác kiểm sát việc tạm giữ, ...").
_NAMED = ("Quy chế", "Quy định", "Điều lệ", "Công ước", "Hiệp định", "Pháp lệnh")
# Kinds whose name can settle a provision written without its law elsewhere in the sentence.
_NORMATIVE = {"Bộ luật", "Luật", "Hiến pháp", "Pháp lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _fold_key(name: str) -> str:
    return re.sub(r"[\s,]+", " ", name).strip().casefold()


def _name_pattern(name: str) -> str:
    # words separated by spaces, with an optional comma wherever the official name has one or not
    return r",?\s+".join(re.escape(w) for w in name.replace(",", " ").split())


_OFFICIAL = {}
for _n in _LAWS:
    _OFFICIAL.setdefault(("Luật", _fold_key(_n)), _n)
for _v, _n in _VARIANTS.items():
    _OFFICIAL.setdefault(("Luật", _fold_key(_v)), _n)
for _n in _CODES:
    _OFFICIAL.setdefault(("Bộ luật", _fold_key(_n)), _n)

_W = r"[^\W\d_]"  # a letter
_LAW_NAMES_RE = re.compile(
    r"(?:" + "|".join(_name_pattern(n) for n in sorted({*_LAWS, *_VARIANTS}, key=len, reverse=True)) + r")(?!"
    + _W + ")",
    re.IGNORECASE,
)
_CODE_NAMES_RE = re.compile(
    r"(?:" + "|".join(_name_pattern(n) for n in sorted(set(_CODES), key=len, reverse=True)) + r")(?!" + _W + ")",
    re.IGNORECASE,
)
_ABBR_AFTER_RE = re.compile(
    r"(?:" + "|".join(re.escape(a) for a in sorted(_NAME_ABBR, key=len, reverse=True)) + r")(?![\w&])"
)

# ---------------------------------------------------------------------------------------------------------
# Provision chains

_SEP = r"(?:\s+(?=(?:các\s+)?(?:điểm|khoản|điều)\s)|\s*,\s*|\s*;\s*(?=(?:điểm|khoản|điều)\s)|\s+(?:và|hoặc|đến|tới|cùng)\s+|\s*-\s*)"
_ITEM = r"(?:(?:các\s+)?(?:điểm|khoản|điều)\s+)?\d{1,3}[a-zđ]?(?![\w/.,]\d)"
_POINT = r"(?:(?:các\s+)?điểm\s+)?[a-zđ](?!\w)"
# a chain starts at a keyword with its number (or letter, for a point)
_CHAIN_RE = re.compile(
    r"(?<!\w)(?:(?:các\s+)?(?:khoản|điều)\s+\d{1,3}[a-zđ]?(?![\w/]|[.,]\d)|(?:các\s+)?điểm\s+[a-zđ](?!\w))"
    r"(?:" + _SEP + r"(?:" + _ITEM + r"|" + _POINT + r"))*",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"(?:(?:các\s+)?(điểm|khoản|điều)\s+)?(\d{1,3}[a-zđ]?|[a-zđ])(?!\w)", re.IGNORECASE)

# what may stand between a chain and its law
_GLUE_RE = re.compile(r"\s*,?\s*(?:(?:của|thuộc|trong)\s+)?")


@dataclass
class _Law:
    start: int
    end: int
    kind: str  # Bộ luật, Luật, Hiến pháp, Nghị định, ... or "ref:Luật" for "Luật này"
    value: str  # the name as it goes into a value ("" for an unresolved reference)


def _number_at(text: str, pos: int) -> tuple[int, str] | None:
    """A document number starting at ``pos`` ("số 91/2017/NĐ-CP", "190"): (end, canonical)."""
    m = _NUMBER_RE.match(text, pos)
    if not m:
        return None
    raw = m.group(1)
    return m.end(1), re.sub(r"\s+", "", raw)


# type codes of normative documents, to repair a number that lost its own ("Nghị định 118/2024/CP")
_TYPE_CODES = {"Nghị định": "NĐ", "Thông tư": "TT", "Thông tư liên tịch": "TTLT", "Nghị quyết": "NQ",
               "Nghị quyết liên tịch": "NQLT", "Quyết định": "QĐ", "Chỉ thị": "CT"}
_BARE_ISSUER_RE = re.compile(r"^(\d+/\d{4}/)([A-ZĐ][A-ZĐ&]*(?:-[A-ZĐ&]+)*)$")


def _repair_number(kind: str, number: str) -> str:
    code = _TYPE_CODES.get(kind)
    m = _BARE_ISSUER_RE.match(number)
    if code and m and not m.group(2).startswith(code) and not re.match(r"(?:UBTV)?QH", m.group(2)):
        return f"{m.group(1)}{code}-{m.group(2)}"
    return number


_NUMBER_RE = re.compile(
    r"\s*(?:số\s*:?\s*)?(\d+(?:\s?[/-]\s?(?:[A-ZĐ0-9][\wĐđ&]*))*(?:/\d{4})?)(?![\w/])", re.UNICODE
)


def _law_at(text: str, pos: int, docrefs: dict[int, str] | None = None) -> _Law | None:
    """The law named at ``pos`` (after a provision chain), or None. ``docrefs`` maps the start of each document
    number found by the DOCREF extractor to its canonical value."""
    m = _HEAD_RE.match(text, pos)
    if not m:
        return None
    head = m.group(1) or m.group(2)
    after = m.end()
    if head.upper() in _CODE_ABBR:
        return _Law(pos, after, "Bộ luật", _CODE_ABBR[head.upper()])
    low = head.casefold()
    if low == "hiến pháp":
        return _Law(pos, after, "Hiến pháp", "Hiến pháp")
    kind = next(k for k in _KINDS if k.casefold() == re.sub(r"\s+", " ", low))
    if re.match(r"\s+này(?!\w)", text[after:after + 6]):
        end = after + re.match(r"\s+này", text[after:]).end()
        return _Law(pos, end, "ref:" + kind, "")
    if kind in ("Bộ luật", "Luật"):
        return _statute_at(text, pos, after, kind)
    num = _number_at(text, after)
    if num and kind in _NUMBERED:
        number = num[1]
        if docrefs:
            known = next((v for start, v in docrefs.items() if after <= start < num[0]), None)
            if known and ("/" in known or "-" in known):
                number = known
        return _Law(pos, num[0], kind, f"{kind} {_repair_number(kind, number)}")
    if kind in _NAMED:
        name_end = _named_end(text, after)
        if kind == "Pháp lệnh":  # an ordinance's name is short and holds no comma ("Pháp lệnh Chi phí tố tụng")
            comma = text.find(",", after, name_end)
            name_end = comma if comma > after else name_end
        if name_end > after:
            return _Law(pos, name_end, kind, kind + text[after:name_end])
    return None


_KINDS = ("Bộ luật", "Luật", "Thông tư liên tịch", "Nghị quyết liên tịch", "Văn bản hợp nhất", "Nghị định",
          "Thông tư", "Nghị quyết", "Pháp lệnh", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Hướng dẫn",
          "Điều lệ", "Công ước", "Hiệp định", "Hiến pháp")
# Kinds are capitalised when they name a document ("Điều 5 quy định ..." is "Article 5 provides ...");
# only codes and laws are also met in lower case ("bộ luật hình sự").
_HEAD_RE = re.compile(
    r"(" + "|".join(sorted(_CODE_ABBR, key=len, reverse=True)) + r")(?![\w&])"
    r"|(" + "|".join(k.replace(" ", r"\s+") for k in _KINDS) + r"|bộ\s+luật|luật|hiến\s+pháp)(?!\w)"
)


# words that end a law's name written out freely (the year, the issuer, the verb of the sentence ...)
_NAME_STOP = _words(
    "năm số ngày của quy định thì là được đã đang sẽ có không theo tại để nhằm khi nếu mà do với trong cho hiện "
    "sửa nêu này đó trên dưới ban kèm hướng về từ đến thay gồm bao như nên vì nhưng cũng còn đều vẫn ra vào qua "
    "tới lần kỳ khóa bổ"
)
# words that open a new clause after a comma ("Luật Đất đai, đồng thời ...")
_CONNECTORS = _words("đồng nhưng song tuy cụ các những hay hoặc trừ kể sau trước riêng nhất đặc")
_SPACES_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\s*([^\W\d_][\w&]*|,|\S)")


def _statute_at(text: str, pos: int, after: int, kind: str) -> _Law | None:
    """"Bộ luật ..."/"Luật ..." at ``pos``: the lexicon's official name, an abbreviation, or the name as written."""
    m = _SPACES_RE.match(text, after)
    if not m:
        return None
    at = m.end()
    names = _CODE_NAMES_RE if kind == "Bộ luật" else _LAW_NAMES_RE
    hit = names.match(text, at)
    if hit:
        official = _OFFICIAL.get((kind, _fold_key(hit.group())))
        if official is None:  # a code's name after "Luật" or the other way round: keep as written
            official = re.sub(r"\s+", " ", hit.group())
        return _Law(pos, hit.end(), kind, f"{kind} {official}")
    abbr = _ABBR_AFTER_RE.match(text, at)
    if abbr:
        return _Law(pos, abbr.end(), kind, f"{kind} {_NAME_ABBR[abbr.group()]}")
    cut = _CUT_ABBR_RE.match(text, at)
    if cut:  # an excerpt that ends inside an abbreviation ("Luật THAH"): complete it when only one fits
        fits = {v for k, v in _NAME_ABBR.items() if k.startswith(cut.group(1))}
        if len(fits) == 1:
            return _Law(pos, cut.end(1), kind, f"{kind} {fits.pop()}")
    num = _number_at(text, after) if kind == "Luật" else None
    if num and "/" in num[1]:  # "Luật số 12/2017/QH14"
        return _Law(pos, num[0], kind, f"{kind} {num[1]}")
    # free name: a capitalised first word, then words up to a stop word or punctuation
    words: list[tuple[int, int]] = []
    i = at
    while len(words) < 12:
        w = _WORD_RE.match(text, i)
        if not w:
            break
        tok = w.group(1)
        if tok == "," and 1 <= len(words) <= 2:
            # "Luật Phòng, chống xâm hại trẻ em": a comma inside a short name, not before a new clause
            nxt = _WORD_RE.match(text, w.end())
            if nxt and nxt.group(1)[0].islower() and nxt.group(1) not in _NAME_STOP | _CONNECTORS:
                i = w.end()
                continue
            break
        if not tok[0].isalpha():
            break
        if not words and not tok[0].isupper():
            return None
        if words and tok.casefold() in _NAME_STOP:
            break
        if words and tok.isupper() and len(tok) > 1:  # an acronym after the name ("Luật Đất đai BLDS")
            break
        words.append((w.start(1), w.end(1)))
        i = w.end()
    if not words:
        return None
    if len(words) == 1 and words[0][1] - words[0][0] <= 2:
        return None
    if kind == "Luật" and text[words[0][0]:words[0][1]].casefold() == "sư":
        return None
    end = words[-1][1]
    name = re.sub(r"\s+", " ", text[at:end])
    return _Law(pos, end, kind, f"{kind} {name}")


_CUT_ABBR_RE = re.compile(r"([A-ZĐ&]{2,})\s*$")
_NAMED_STOP_RE = re.compile(r"[.;:()\[\]“”\"\n]|\s(?:ban hành|năm|số|ngày|thì|quy định|được|đã|và các|nêu trên)(?!\w)|\s\d")


def _named_end(text: str, after: int) -> int:
    """End of a descriptive document name ("Quy chế công tác kiểm sát việc tạm giữ, tạm giam, ...")."""
    if not re.match(r"\s+[^\W\d_]", text[after:after + 3]):
        return after
    window = text[after:after + 300]
    stop = _NAMED_STOP_RE.search(window)
    end = stop.start() if stop else len(window)
    name = window[:end].rstrip(" ,-")
    words = name.split()
    if len(words) > 40 or not words or (len(words) < 2 and not words[0][0].isupper()):
        return after
    return after + len(name)


# ---------------------------------------------------------------------------------------------------------
# Law mentions anywhere (for provisions written without their law) and aliases defined in the text

_MENTION_RE = re.compile(
    r"(?<![\w])(?:(" + "|".join(sorted(_CODE_ABBR, key=len, reverse=True)) + r")(?![\w&])"
    r"|(Bộ\s+luật|Luật|Hiến\s+pháp|Pháp\s+lệnh|Nghị\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Quy\s+chế)(?!\w))"
)
_ALIAS_RE = re.compile(
    r"\s*(?:năm\s+\d{4}\s*)?(?:,?\s*\(?(?:được\s+)?sửa\s+đổi,?\s+bổ\s+sung(?:\s+năm\s+\d{4})?\)?\s*)?"
    r"\(\s*(?:sau\s+đây\s+)?(?:gọi\s+)?(?:tắt\s+)?(?:là\s+)?([^()\n]{2,40}?)\s*\)",
    re.IGNORECASE,
)


def _alias_key(alias: str) -> str:
    alias = re.sub(r"\s*(?:năm\s+)?\d{4}$", "", alias.strip())
    return _fold_key(alias)


def _sentence_bounds(text: str) -> list[int]:
    """Start offsets of sentences, where a list after a colon ("sau đây:\\n- ...") stays in its sentence."""
    starts = [0]
    for m in _SENT_END_RE.finditer(text):
        starts.append(m.end())
    return starts


_SENT_END_RE = re.compile(r"(?<!\bTP)(?<!\bTS)(?<!\bThS)[.!?…]+[”\"’)]*\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])|(?<![:;,])\n+(?![-+•*]\s)")


def _mentions(text: str, aliases: dict[str, _Law]) -> list[_Law]:
    """Every law named in the text (for provisions written without one), defining aliases on the way."""
    found: list[_Law] = []
    for m in _MENTION_RE.finditer(text):
        law = _law_at(text, m.start())
        if law is None or law.kind.startswith("ref:"):
            continue
        found.append(law)
        a = _ALIAS_RE.match(text, law.end)
        if a and a.group(1)[0].isupper() and re.search(r"[A-ZĐ]{2}|\d", a.group(1)):
            aliases.setdefault(_alias_key(a.group(1)), law)
    return found


# ---------------------------------------------------------------------------------------------------------


def _provisions(chain: str) -> list[tuple[str | None, str | None, str]]:
    """(point, clause, article) triples of a chain, in order."""
    out: list[tuple[str | None, str | None, str]] = []
    points: list[str] = []
    clauses: list[tuple[str | None, str]] = []
    last = None
    for m in _TOKEN_RE.finditer(chain):
        kw = (m.group(1) or "").casefold() or last
        ident = m.group(2)
        if kw is None:
            continue
        if kw == "điểm":
            if not ident.isalpha():
                continue
            points.append(ident.lower())
        elif kw == "khoản":
            if not ident[0].isdigit():
                continue
            if points:
                clauses.extend((p, ident) for p in points)
                points = []
            else:
                clauses.append((None, ident))
        else:
            if not ident[0].isdigit():
                continue
            if clauses or points:
                out.extend((p, c, ident) for p, c in clauses)
                out.extend((p, None, ident) for p in points)
                clauses, points = [], []
            else:
                out.append((None, None, ident))
        last = kw
    return out


def extract(text: str, context: Context, found: list[Entity]) -> list[Entity]:
    """LAW entities of ``text`` (already normalised)."""
    if not _CHAIN_RE.search(text):
        return []
    aliases: dict[str, _Law] = {}
    docrefs = {e.start: e.value for e in found if e.type == "DOCREF"}
    mentions: list[_Law] | None = None
    bounds: list[int] | None = None
    out: list[Entity] = []
    for cm in _CHAIN_RE.finditer(text):
        chain = cm.group()
        if not re.search(r"điều", chain, re.IGNORECASE):
            continue
        triples = _provisions(chain)
        if not triples:
            continue
        if mentions is None:
            mentions = _mentions(text, aliases)
            bounds = _sentence_bounds(text)
        glue = _GLUE_RE.match(text, cm.end())
        law = _law_at(text, glue.end(), docrefs) if glue else None
        law_end = law.end if law else cm.end()
        method = "grammar"
        if law is None:
            law = _alias_at(text, glue.end() if glue else cm.end(), aliases)
            if law is not None:
                law_end = law.end
                method = "alias"
        if law is not None and law.kind.startswith("ref:"):
            law = _resolve_ref(text, law, mentions, bounds, cm.start())
            method = "reference"
        elif law is None:
            law = _nearest(mentions, bounds, cm.start(), cm.end())
            method = "context"
        if law is None or not law.value:
            continue
        name = law.value
        # each provision's span: from its own first token to the end of the law when the law follows it
        for point, clause, article in triples:
            value = " ".join(
                part for part in (
                    f"điểm {point}" if point else "", f"khoản {clause}" if clause else "", f"Điều {article}", name
                ) if part
            )
            start = _token_start(chain, point, clause, article) + cm.start()
            end = law_end if method in ("grammar", "alias", "reference") else cm.end()
            end = max(end, start + 1)
            out.append(Entity("LAW", text[start:end], value, start, end, method=method,
                              attrs={"article": article, "clause": clause, "point": point, "law": name}))
    return out


def _token_start(chain: str, point: str | None, clause: str | None, article: str) -> int:
    for kw, ident in (("điểm", point), ("khoản", clause), ("điều", article)):
        if ident is None:
            continue
        m = re.search(rf"(?:{kw}\s+)?(?<![\w]){re.escape(ident)}(?!\w)", chain, re.IGNORECASE)
        if m:
            return m.start()
    return 0


def _alias_at(text: str, pos: int, aliases: dict[str, _Law]) -> _Law | None:
    """A name the text defined earlier ("... (sau đây gọi tắt là BLTTDS năm 2015)", "(Luật TCVKSND)")."""
    if not aliases:
        return None
    window = text[pos:pos + 60]
    for key, law in aliases.items():
        words = key.split()
        m = re.match(r",?\s+".join(re.escape(w) for w in words) + r"(?!\w)", window, re.IGNORECASE)
        if m:
            return _Law(pos, pos + m.end(), law.kind, law.value)
    return None


def _sentence_of(bounds: list[int], pos: int) -> tuple[int, int]:
    i = bisect_right(bounds, pos) - 1
    end = bounds[i + 1] if i + 1 < len(bounds) else 10**12
    return bounds[i], end


def _nearest(mentions: list[_Law], bounds: list[int], start: int, end: int) -> _Law | None:
    """The law named in the same sentence: the nearest before the chain, else the first after it."""
    s, e = _sentence_of(bounds, start)
    before = [m for m in mentions if s <= m.start and m.end <= start and m.kind in _NORMATIVE]
    if before:
        return before[-1]
    after = [m for m in mentions if end <= m.start < e and m.kind in _NORMATIVE]
    return after[0] if after else None


def _resolve_ref(text: str, ref: _Law, mentions: list[_Law], bounds: list[int], start: int) -> _Law | None:
    """"Điều 13 của Luật này" inside the quoted text of a law ("Luật X quy định: “... Luật này ...”")."""
    kind = ref.kind[4:]
    s, _ = _sentence_of(bounds, start)
    for m in reversed(mentions):
        if m.end <= start and m.start >= s and m.kind == kind:
            if ":" in text[m.end:start]:
                return _Law(ref.start, ref.end, kind, m.value)
            return None
    return None
