"""PERSON: named people ("đồng chí Nguyễn Huy Tiến, Phó Viện trưởng ...", bylines, photo credits).

One pass over runs of capitalised syllables. A run is a person when it is a Vietnamese full name (a family
name from the lexicon, or "Thị"/"Văn" in the middle, and 2-4 syllables: "Nguyễn Văn A", "Trần Văn T."), or
when a title or honorific stands right before it ("đồng chí", "ông", "Đại tá", "bị cáo") or a position right
after it (", Viện trưởng ..."): that catches foreign names and rare family names. Runs that are places or
named after a person ("tỉnh Lâm Đồng", "thành phố Hồ Chí Minh", "Trường THCS Nguyễn Du", "đường Lê Lợi") are
left out, and a place glued in front of a name ("VKSND tỉnh Quảng Trị Nguyễn Văn A") is split off. Bylines
(the last short lines: "Phan Thoa", "Võ Hạnh - Quốc Bảo", "Tác giả: Thu Trang - VKSND huyện X") and photo
credits ("(Ảnh: Minh Quân)") are persons without a family-name cue. Initials alone, lone given names and
handles are not persons.
"""

from __future__ import annotations

import re

from .base import Context, Entity

_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LO = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

# ---------------------------------------------------------------------------------------------------------
# Lexicons (general facts of the language and the administration)

# Vietnamese family names, with the common ones of ethnic minorities. Left out: "Văn" (a middle name far more
# often), "Ông"/"Bà" (honorifics), "Quang", "Hùng", "Sơn" ... (given names far more often).
_FAMILY = frozenset(
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Đinh", "Lâm", "Phùng", "Mai", "Tô", "Tạ", "Hà", "Lưu", "Lương", "Cao", "Châu", "Thái", "Quách", "Kiều", "Khổng", "Khúc", "Kim", "La", "Lạc", "Lại", "Lã", "Lò", "Lục", "Lữ", "Mạc", "Mã", "Nghiêm", "Ninh", "Nông", "Phí", "Quan", "Sầm", "Thạch", "Thân", "Tiêu", "Tăng", "Tôn", "Tống", "Triệu", "Từ", "Ung", "Viên", "Vi", "Yên", "Âu", "Bạch", "Bế", "Cù", "Cầm", "Chu", "Chúc", "Diệp", "Doãn", "Đàm", "Đàng", "Đậu", "Đồng", "Giang", "Giáp", "Hầu", "Hứa", "Hàn", "Kha", "Khương", "Khấu", "Khuất", "Lường", "Mẫn", "Mấu", "Mông", "Mùa", "Nhữ", "Sái", "Tào", "Thào", "Thiều", "Tiết", "Trà", "Trình", "Trưng", "Vàng", "Văng", "Vưu", "Xa", "Ân", "Cấn", "Chế", "Chiêm", "Đái", "Đoạn", "Điêu", "Giàng", "Kiềng", "Lầu", "Mè", "Nhan", "Ôn", "Phù", "Sùng", "Thòng", "Tòng", "Ưng", "Vòng", "Biện", "Lò", "Lù", "Hoàng", "Cà", "Quàng", "Lỡ", "Ma", "Mạc", "Ngân", "Ông"]
) - {"Ông"}
# family names that are also common words or place names: two syllables after them need a title
_WEAK_FAMILY = frozenset(
    ["Giang", "Kim", "Yên", "Hà", "Mai", "Thái", "Lâm", "Cao", "Ninh", "Đồng", "Châu", "Quan", "Viên", "Tiêu", "Từ", "Ân", "Trà", "Xa", "Văng", "Thạch", "Ma", "Ngân", "Phù"]
)

# the sexagenary cycle names lunar years ("Tết Nhâm Dần"); some stems are family names too
_STEMS = frozenset(["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"])
_BRANCHES = frozenset(["Tý", "Sửu", "Dần", "Mão", "Mẹo", "Thìn", "Tỵ", "Tị", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"])

# titles and honorifics that stand right before a name (lowercase forms; matched case-insensitively)
_TITLES = (
    "đồng chí", "các đồng chí", "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "thầy", "cháu", "ngài",
    "viện trưởng", "phó viện trưởng", "kiểm sát viên", "kiểm tra viên", "chánh án", "phó chánh án", "thẩm phán",
    "hội thẩm", "thư ký", "điều tra viên", "chấp hành viên", "thẩm tra viên", "chủ tịch", "phó chủ tịch",
    "bí thư", "phó bí thư", "giám đốc", "phó giám đốc", "trưởng phòng", "phó trưởng phòng", "chánh văn phòng",
    "chánh thanh tra", "vụ trưởng", "phó vụ trưởng", "cục trưởng", "hiệu trưởng", "thủ trưởng", "bộ trưởng",
    "thứ trưởng", "thủ tướng", "phó thủ tướng", "tổng bí thư", "chủ nhiệm", "trưởng ban", "phó trưởng ban",
    "trưởng đoàn", "giám thị", "đại tướng", "thượng tướng", "trung tướng", "thiếu tướng", "đại tá", "thượng tá",
    "trung tá", "thiếu tá", "đại úy", "thượng úy", "trung úy", "thiếu úy", "tiến sĩ", "thạc sĩ", "giáo sư",
    "phó giáo sư", "ts.", "ths.", "pgs.ts", "pgs.ts.", "gs.ts", "gs.ts.", "pgs.", "gs.", "luật sư", "ls.",
    "bị cáo", "bị can", "bị hại", "người bị hại", "nguyên đơn", "bị đơn", "đương sự", "phạm nhân", "bị án",
    "nạn nhân", "nghi phạm", "học sinh", "sinh viên", "phóng viên", "nhà báo", "tác giả", "nghệ sĩ", "liệt sĩ",
    "kiểm sát viên cao cấp", "kiểm sát viên trung cấp", "kiểm sát viên sơ cấp", "tổng thanh tra", "chủ tịch nước",
    "phó chủ tịch nước", "chủ tịch quốc hội", "phó chủ tịch quốc hội", "vận động viên", "trưởng công an",
)
# honorifics that may be glued to a name at the start of a sentence ("Ông Nguyễn Văn A")
_TITLE_WORDS = frozenset(["ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "thầy", "cháu", "ngài"])
# words after a name that start a position ("Nguyễn Văn A, Viện trưởng VKSND huyện X")
_POSITIONS = (
    "Viện trưởng", "Phó Viện trưởng", "Phó viện trưởng", "Kiểm sát viên", "KSV", "Kiểm tra viên", "Chánh án",
    "Phó Chánh án", "Thẩm phán", "Thư ký", "Điều tra viên", "Chấp hành viên", "Chủ tịch", "Phó Chủ tịch",
    "Phó chủ tịch", "Bí thư", "Phó Bí thư", "Phó bí thư", "Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Trưởng Phòng",
    "Phó Trưởng phòng", "Phó Trưởng Phòng", "Phó trưởng phòng", "Chánh Văn phòng", "Chánh văn phòng",
    "Phó Chánh Văn phòng", "Chánh Thanh tra", "Phó Chánh Thanh tra", "Vụ trưởng", "Phó Vụ trưởng", "Cục trưởng",
    "Phó Cục trưởng", "Hiệu trưởng", "Phó Hiệu trưởng", "Thủ trưởng", "Phó Thủ trưởng", "Bộ trưởng", "Thứ trưởng",
    "Thủ tướng", "Phó Thủ tướng", "Tổng Bí thư", "Chủ nhiệm", "Phó Chủ nhiệm", "Trưởng ban", "Phó Trưởng ban",
    "Trưởng Ban", "Phó trưởng ban", "Trưởng đoàn", "Phó trưởng đoàn", "Giám thị", "Ủy viên", "Tỉnh ủy viên",
    "Thành ủy viên", "Huyện ủy viên", "Đảng ủy viên", "nguyên", "Nguyên", "Tư lệnh", "Chính ủy", "Tổng Thư ký",
    "Tổng Thanh tra", "đại diện", "Đại diện", "Trưởng", "Phó", "Chuyên viên", "chuyên viên", "Kiểm sát viên cao cấp",
    "Kiểm sát viên trung cấp", "Kiểm sát viên sơ cấp", "Phóng viên", "phóng viên", "cán bộ", "Cán bộ",
    "Chi hội trưởng", "Tổ trưởng", "Đội trưởng", "Trưởng Công an", "Trưởng khoa", "Phó Trưởng khoa",
)
# places: provinces and cities (old and new), and districts that begin with a family name
_PLACES = frozenset(
    """Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế|An Giang|Bà Rịa|Vũng Tàu|Bắc Giang|Bắc Kạn|Bạc Liêu|
    Bắc Ninh|Bến Tre|Bình Định|Bình Dương|Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Đắk Lắk|Đắk Nông|Điện Biên|
    Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|Hà Nam|Hà Tĩnh|Hải Dương|Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|
    Kiên Giang|Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|
    Phú Yên|Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|
    Thanh Hóa|Thừa Thiên Huế|Thừa Thiên|Tiền Giang|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái|Hoàng Sa|
    Trường Sa|Phan Thiết|Phan Rang|Cao Lãnh|Đồng Hới|Đồng Xoài|Lý Sơn|Lâm Hà|Đinh Quán|Trần Văn Thời|Hoàng Mai|
    Lê Chân|Vũ Thư|Mai Sơn|Cao Phong|Lương Sơn|Kim Sơn|Kim Bảng|Hà Đông|Hà Tiên|Hà Trung|Hà Quảng|Hà Hòa|
    Châu Thành|Châu Đốc|Châu Phú|Châu Đức|Ninh Hòa|Ninh Hải|Ninh Phước|Ninh Sơn|Ninh Giang|Ninh Kiều|Lục Nam|
    Lục Ngạn|Lục Yên|Thạch Thất|Thạch Hà|Thạch Thành|Triệu Sơn|Triệu Phong|Lạc Dương|Lạc Sơn|Lạc Thủy|Hoàng Su Phì|
    Bạch Long Vĩ|Đàm Hà|Lương Tài|Đồng Hỷ|Đồng Văn|Đồng Phú|Đồng Xuân|Đồng Hới|Mai Châu|Phù Cát|Phù Mỹ|Phù Ninh|
    Phù Yên|Lý Nhân|Kim Động|Kim Thành|Kim Bôi|Kim Môn|Thái Thụy|Thái Hòa|Hoàng Hóa|Tô Hiệu|Cao Lộc|Cao Bình|
    Tân An|Hồ Tràm|Lâm Thao|Lâm Bình|Đông Anh|Nhà Bè|Hóc Môn|Củ Chi|Cần Giờ|Bình Chánh|Thủ Đức|Gò Vấp|Tân Bình|
    Đống Đa|Ba Đình|Hoàn Kiếm|Cầu Giấy|Thanh Xuân|Long Biên|Tây Hồ|Hai Bà Trưng|Lào|Việt Nam|Trung Quốc|Hàn Quốc|
    Nhật Bản|Thái Lan|Campuchia|Cam-pu-chia|Ô-xtrây-li-a|Hoa Kỳ|Liên Xô|Quân khu|Khăm Muộn|Xê Kông|Hồ Gươm|
    Đông Nam Á|Châu Á|Châu Âu|Hồ Tây|Bạch Đằng|Bạch Mai|Vũ Quang|Cao Đài|Mê Kông|Mê Công|Cửu Long|Tây Nguyên|Bắc Bộ|Nam Bộ|Trung Bộ|Đông Dương""".replace(
        "\n", ""
    ).replace("    ", "").split("|")
)
# things named after people and small places: a name right after them is never a person
_NAMED_AFTER = re.compile(
    r"(?:^|[^\w])(?:số\s+\d+\w*(?:/\d+\w*)*|(?:Trường|Học viện)\s+[A-ZĐ][^\s,;.()]*(?:\s+[^\s,;.()]+){0,3}|xã|Xã|phường|Phường|thị trấn|Thị trấn|thôn|ấp|xóm|bản|buôn|làng|"
    r"khu phố|tổ dân phố|khóm|đường|Đường|phố|Phố|ngõ|ngách|hẻm|kiệt|đại lộ|Đại lộ|quốc lộ|cầu|Cầu|chợ|Chợ|"
    r"sông|Sông|núi|Núi|đảo|Đảo|hồ|Hồ|đèo|vịnh|cảng|sân bay|Trường|trường|THCS|THPT|PTDTNT|PTDTBT|Tiểu học|"
    r"tiểu học|Trung học cơ sở|Trung học phổ thông|trung học cơ sở|trung học phổ thông|Mầm non|mầm non|"
    r"Mẫu giáo|mẫu giáo|Bệnh viện|bệnh viện|Công ty|công ty|Cty|Tập đoàn|tập đoàn|Doanh nghiệp|doanh nghiệp|"
    r"DNTN|HTX|TNHH|Cổ phần|cổ phần|MTV|Nhà văn hóa|Bảo tàng|bảo tàng|Lăng|lăng|Quảng trường|quảng trường|Công viên|công viên|"
    r"Học viện|Đại học|đại học|Cộng sản|Cộng Sản|Quân khu|quân khu|Quân đoàn|Đồn|Trại giam|trại giam|tàu|"
    r"Tàu|giải|Giải|Giải thưởng|Quỹ|quỹ|Nhà máy|nhà máy|Khu công nghiệp|khu công nghiệp|Khu đô thị|"
    r"khu đô thị|Chung cư|chung cư|tòa nhà|Tòa nhà|Thủy điện|thủy điện|Đoàn TNCS|TNCS|Khu di tích|khu di tích|"
    r"Đình|đình|Chùa|chùa|Đền|đền|Nhà thờ|nhà thờ|Kênh|kênh|Rạch|rạch|Bến|bến)\s*$"
)
# province/district levels and prepositions of place: a two-syllable run after them is a place
# ("huyện Lâm Hà", "trú tại Hoàng Mai"), a longer one a name ("Viện trưởng VKSND tỉnh Trần Văn A")
_LEVEL_BEFORE = re.compile(
    r"(?:^|[^\w])(?:tỉnh|Tỉnh|huyện|Huyện|quận|Quận|thị xã|Thị xã|thành phố|Thành phố|TP\.?|Tp\.?|TX\.?|"
    r"khu vực|Khu vực|miền|Miền|vùng|Vùng|trú tại|tại|ở|về|thuộc|qua|đến|từ|trên địa bàn|địa bàn|Thành ủy|"
    r"Tỉnh ủy|Huyện ủy|Quận ủy|Thị ủy|UBND|HĐND|VKSND|VKS|TAND|MTTQ|Công an|CA|Cục THADS|Chi cục THADS)\s*$"
)
# "Hồ Chí Minh" is the person only after these
_HCM_PERSON = re.compile(
    r"(?:Chủ tịch|chủ tịch|Bác|bác|tư tưởng|Tư tưởng|đạo đức|Đạo đức|phong cách|Phong cách|gương|Di chúc|"
    r"di chúc|Lãnh tụ|lãnh tụ|Người|đồng chí|Hồ Chủ tịch|Tấm gương|tấm gương|lời dạy của|Lời dạy của|"
    r"Cụ|cụ|Nguyễn Ái Quốc|\(|“|\")\s*$"
)
# words of units, documents and events that are never part of a personal name
_NOT_NAME = frozenset(
    ["Viện", "Kiểm", "Tòa", "Đảng", "Ủy", "Sở", "Phòng", "Cục", "Bộ", "Tỉnh", "Huyện", "Quận", "Phường", "Trại", "Luật", "Nghị", "Điều", "Khoản", "Mục", "Đội", "Ngành", "Cụm", "Khối", "Lễ", "Ngày", "Tháng", "Tết", "Nhà", "Nước", "Xã", "Khu", "Vùng", "Miền", "Tổng", "Ương", "Pháp", "Sự", "Án", "Tạp", "Đài", "Sát", "Dục", "Báo", "Hội", "Ban", "Cộng", "Chủ", "Học", "Giấy", "Cờ", "Phó", "Trưởng", "Bí", "Thủ", "Giám", "Thẩm", "Tỉnh-ủy", "Huân", "Huy-chương", "Kế", "Thông-báo", "Tờ", "Văn-bản"]
)
# capitalised words with the following lowercase word: a run ending like this is a unit or a term, not a name
_COMPOUND = frozenset(
    """thanh niên|thanh tra|đại biểu|đại hội|đại học|đại diện|kiểm sát|kiểm tra|kiểm toán|công an|công tác|công đoàn|
    công tố|công chức|công dân|chủ tịch|chủ nhiệm|giám đốc|giám sát|giám định|luật sư|nhân dân|hội đồng|hội nghị|
    hội thảo|phụ nữ|chính trị|tư pháp|quốc hội|quốc phòng|biên phòng|thi hành|thi đua|văn phòng|văn hóa|văn bản|
    pháp chế|tổ chức|hành chính|kinh tế|xã hội|trung tâm|bảo vệ|hình sự|dân sự|cảnh sát|điều tra|thường trực|
    thường vụ|tuyên giáo|dân vận|nội chính|khoa học|nghị quyết|quyết định|thông tư|nghị định|hiến pháp|chỉ thị|
    kế hoạch|báo cáo|hướng dẫn|cựu chiến|an ninh|tòa án|viện kiểm|ủy ban|mặt trận|liên đoàn|trại giam|trung ương|
    trung tướng|thượng tướng|đại tá|thượng tá|trung tá|thiếu tá|thiếu tướng|đại tướng|tiến sĩ|thạc sĩ|giáo sư|
    nhà nước|chi bộ|chi đoàn|đảng bộ|đảng ủy|ban chấp|bí thư|phó bí|sinh viên|học sinh|lao động|thương binh|
    liệt sĩ|cách mạng|phòng chống|an toàn|giao thông|môi trường|tài nguyên|tài chính|nông nghiệp|nông thôn|
    y tế|giáo dục|đào tạo|thể thao|du lịch|thông tin|truyền thông|bưu điện|ngân hàng|bảo hiểm|quân đội|quân sự|
    dân tộc|tôn giáo|tín ngưỡng|gia đình|trẻ em|người cao|cao tuổi|cao cấp|trung cấp|sơ cấp|tổng cục|quân khu|
    quân đoàn|hải quân|không quân|phòng không|biên giới|hải đảo|hải quan|kho bạc|thuế vụ|tiếp công|tiếp dân|
    công nghệ|kỹ thuật|sự nghiệp|phát triển|hợp tác|tương trợ|quan hệ|đối ngoại|thi hành|nhân chứng|xét xử|
    phiên tòa|lưu động|trực tuyến|khu vực|cấp cao|tối cao|liên ngành|hòa giải|khiếu nại|tố cáo|tố giác|cơ sở|cơ quan|trung học|tiểu học|mầm non""".replace(
        "\n", ""
    ).replace("    ", "").split("|")
)

_SYL = rf"[{_UP}][{_LO}]*(?:-[{_LO}]+)*"  # Lao names: "Xay-xa-na"
# a run of capitalised syllables on one line; an initial ("K.Duy") may start it
_RUN_RE = re.compile(rf"(?<![\w.@/#&\-'’])(?:[{_UP}]\.\s?)?{_SYL}(?![\w@])(?:[ ]{_SYL}(?![\w@]))*")
_SYL_RE = re.compile(rf"[{_UP}][{_LO}]*(?:-[{_LO}]+)*|[{_UP}]\.")
_TITLE_RE = re.compile(
    r"(?:^|[^\w.])(" + "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True)) + r")\s*:?\s*$",
    re.IGNORECASE,
)
_POSITION_RE = re.compile(
    r"\s*(?:,|-|–|\(|:)\s*(?:" + "|".join(re.escape(p) for p in sorted(_POSITIONS, key=len, reverse=True)) + r")(?!\w)"
)
# positions specific enough to make the run before them a name, even without a family name
_STRONG_POSITIONS = tuple(p for p in _POSITIONS if p[0].isupper() and p not in ("Trưởng", "Phó", "Nguyên", "Đại diện",
                                                                                  "Cán bộ", "Chuyên viên", "Phóng viên"))
_STRONG_POSITION_RE = re.compile(
    r"\s*(?:,|-|–)\s*(?:nguyên\s+)?(?:" + "|".join(re.escape(p) for p in sorted(_STRONG_POSITIONS, key=len, reverse=True))
    + r")(?!\w)"
)
_POSITION_HEAD_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(_POSITIONS, key=len, reverse=True)) + r")(?!\w)"
)
# where a position written after a name ends: punctuation, the next person, or the verb of the sentence
_POSITION_END_RE = re.compile(
    r"\s*(?:[,;.:\n()“\"]|$)|\s+(?:và|cùng|đồng chí|ông|bà|cho|phát|chủ|dự|trao|tặng|đã|đang|sẽ|làm|nhấn|đề|yêu|"
    r"khẳng|được|là|có|với|tham|báo|trình|công|ký|đọc|gửi|chúc|đến|tới|thăm|tiếp|kiểm|trực|nêu|giới|quán|"
    r"triển|lưu|ghi|đánh|biểu|cảm|thay|bày|điều|hướng|chỉ|nghe|tổ|tuyên|bế|khai|phổ|xét|truy|ban|bị|vì|"
    r"về|tại|trong|theo|để|khi|nhưng|vừa|cũng|luôn|còn)(?!\w)"
)
# a byline/credit name: 2-4 syllables, title-case or upper-case, or an initial and a name ("K.Duy")
_CAPS_SYL = rf"[{_UP}][{_UP}{_LO}]*(?:-[{_UP}{_LO}]+)*"
_BYLINE_NAME = rf"(?:[{_UP}]\.\s?{_CAPS_SYL}|{_CAPS_SYL}(?:[ ]{_CAPS_SYL}){{1,3}})"
_BYLINE_TITLE = r"(?:(?:Bác|Ông|Bà|Anh|Chị|Cô|Chú|Đồng chí|TS\.|ThS\.|PGS\.\s?TS\.?|GS\.\s?TS\.?|Luật sư|LS\.)\s+)?"
_BYLINE_RE = re.compile(
    rf"^[ \t*]*(?:(?:Tác giả|Bài|Tin|Ảnh|Tin, ảnh|Tin và ảnh|Bài và ảnh|Bài, ảnh|Nhóm PV|PV|Thực hiện|Ghi chép|"
    rf"Người viết|Nhóm phóng viên)\s*:\s*)?{_BYLINE_TITLE}"
    rf"({_BYLINE_NAME})(?:\s*[-–,&]\s*{_BYLINE_TITLE}({_BYLINE_NAME}))?(?:\s*[-–(|/]\s*.*)?\s*$"
)
# a byline under the title: "Hải Yến (VKSQS khu vực 41)| 05/03/2023"
_TOP_BYLINE_RE = re.compile(rf"^[ \t*]*{_BYLINE_TITLE}({_BYLINE_NAME})\s*(?:\([^()\n]{{2,80}}\)\s*)?\|")
# an initial and a name alone on a line ("K.Duy"): a byline wherever it stands
_INITIAL_LINE_RE = re.compile(rf"^[ \t*]*([{_UP}]\.\s?{_CAPS_SYL})[ \t]*$", re.MULTILINE)
_CREDIT_RE = re.compile(
    rf"(?:\(|\b)(?:Ảnh|ẢNH|Nguồn ảnh|Tin, ảnh|Tin và ảnh|Bài và ảnh|Bài, ảnh|Clip|Video)\s*:\s*({_BYLINE_NAME})"
    rf"(?=\s*(?:\)|$|\n|-|–|,|\.\s|\.$))",
    re.MULTILINE,
)
# closing lines that are not the byline but may follow it (source, unit, link, photo heading)
_LINE_SKIP_RE = re.compile(
    r"^\s*(?:Theo\b|Nguồn\b|\(?Nguồn|https?://|www\.|VKSND|VKS\b|Viện|Phòng|Văn phòng|Chi đoàn|Chi bộ|Tòa|TAND|"
    r"Công an|Ban\b|Tổ\b|Nhóm\b|Bộ phận|Trang\b|Cổng\b|Tags?\b|Từ khóa|Một số hình ảnh|Hình ảnh|Ảnh\b|\(Ảnh|Tin liên quan|Bài liên quan|\W*$)",
)


# letters Vietnamese does not use: a byline with them is left-over page chrome ("Facebook Twitter")
_FOREIGN_LETTERS = re.compile(r"[fjwzFJWZ]")
_VOWELS = frozenset("AĂÂEÊIOÔƠUƯYÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")
_PERIOD_ENDS_SENTENCE = re.compile(rf"\s*(?:$|\n|[{_UP}])")


def _is_family(word: str) -> bool:
    return word in _FAMILY


def _syllables(run: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _SYL_RE.finditer(run)]


def _name_ok(words: list[str], cue: bool) -> bool:
    """Whether these capitalised syllables (family name first, when known) can be a person's full name."""
    n = len(words)
    if n < 2 or n > 5:
        return False
    if any(w in _NOT_NAME for w in words[1:]):
        return False
    if words[0] in _NOT_NAME and not _is_family(words[0]):
        return False
    if any(w.endswith(".") for w in words[:-1]) or any("." in w for w in words[1:-1]):
        return False
    if " ".join(words) in _PLACES:
        return False
    if n == 2 and words[0] in _STEMS and words[1] in _BRANCHES:
        return False  # a lunar year: "Tết Đinh Dậu", "Xuân Giáp Thìn"
    if not cue and (" ".join(words[:3]) in _PLACES or " ".join(words[:2]) in _PLACES):
        return False
    if _is_family(words[0]):
        if n == 5 and not cue and "Thị" not in words and "Văn" not in words:
            return False
        return cue or n > 2 or words[0] not in _WEAK_FAMILY
    if n <= 4 and words[1] in ("Thị", "Văn") and len(words[-1]) > 1:
        return True
    # with a title: foreign names, and Ê Đê/Gia Rai names opened by "Y" ("Y Ngông Niê Kđăm")
    return cue and n <= 4 and all(len(w) > 1 or (k == 0 and w == "Y") for k, w in enumerate(words))


def _cue_before(text: str, start: int) -> str | None:
    """The title or honorific right before ``start`` on the same line ("đồng chí", "Đại tá", "bị cáo")."""
    line_start = text.rfind("\n", 0, start) + 1
    m = _TITLE_RE.search(text, max(line_start, start - 40), start)
    return m.group(1) if m else None


def _position(text: str, start: int, end: int) -> str | None:
    """The position written around a name: after it (", Viện trưởng VKSND huyện X") or before it
    ("Viện trưởng VKSND tối cao Lê Minh Trí")."""
    if _POSITION_RE.match(text, end):
        head = _POSITION_HEAD_RE.search(text, end, end + 60)
        if head:
            stop = _POSITION_END_RE.search(text, head.end(), head.end() + 160)
            stop_at = stop.start() if stop else min(len(text), head.end() + 160)
            return text[head.start():stop_at].strip() or None
    line_start = max(text.rfind("\n", 0, start) + 1, start - 100)
    segment = text[line_start:start]
    cut = max(segment.rfind(c) for c in ",;:.()“\"-–")
    segment_start = line_start + cut + 1
    head = _POSITION_HEAD_RE.search(text, segment_start, start)
    if head:
        position = text[head.start():start].strip()
        return position if len(position.split()) >= 2 or head.group()[0].isupper() else None
    return None


def _unit_spans(found: list[Entity]) -> list[tuple[int, int]]:
    return sorted((e.start, e.end) for e in found if e.type == "UNIT")


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a unit's name goes on around the name ("Trường Chính trị Lê Duẩn tỉnh X")."""
    return any(s < start and end < e for s, e in spans)


def _candidates(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, title) of every name found in capitalised runs."""
    out: list[tuple[int, int, str | None]] = []
    for m in _RUN_RE.finditer(text):
        syl = _syllables(m.group(), m.start())
        if len(syl) < 2:
            continue
        words = [w for w, _, _ in syl]
        i = 0
        title = None
        # an honorific glued to the run at the start of a sentence: "Ông Nguyễn Văn A"
        while i < len(words) - 2 and words[i].casefold() in _TITLE_WORDS and _is_family(words[i + 1]):
            title = words[i]
            i += 1
        if i == 0:
            before = text[max(0, syl[0][1] - 40):syl[0][1]]
            if _NAMED_AFTER.search(before):
                continue
            i = _name_start(words, before)
            if i < 0:
                continue
            if i > 0 and _NAMED_AFTER.search(before + text[syl[0][1]:syl[i][1]]):
                continue  # "Đường Lê Lợi", "Trường Tiểu học Lê Văn Tám"
        name = words[i:]
        # a unit or position word glued after the name ends it: "Nguyễn Văn A Phó Viện trưởng"
        cut = next((j for j in range(1, len(name)) if name[j] in _NOT_NAME), None)
        if cut is not None:
            name = name[:cut]
        start, end = syl[i][1], syl[i + len(name) - 1][2]
        # a run ending in a common compound ("Đoàn Thanh niên", "Đoàn Cơ sở"): drop its last word
        nxt = re.match(rf"[ ]([{_LO}]+)", text[end:end + 20])
        if cut is None and nxt and f"{name[-1]} {nxt.group(1)}".casefold() in _COMPOUND:
            name = name[:-1]
            end = syl[i + len(name) - 1][2] if name else start
        if len(name) < 2:
            continue
        joined = " ".join(name)
        cue = title or _cue_before(text, start)
        if joined == "Hồ Chí Minh":
            if _HCM_PERSON.search(text[max(0, start - 40):start]):
                out.append((start, end, cue))
            continue
        after_level = not title and i == 0 and _LEVEL_BEFORE.search(text[max(0, start - 40):start])
        if after_level and (len(name) < 3 or not _is_family(name[0])):
            continue  # "huyện Lâm Hà", "trú tại Hoàng Mai"; but "VKSND tỉnh Trần Văn A" is a name
        if not _name_ok(name, bool(cue) or bool(_STRONG_POSITION_RE.match(text, end))):
            continue
        # an anonymised name keeps its period ("Trần Văn T.")
        if len(name[-1]) == 1 and text[end:end + 1] == ".":
            end += 1
        out.append((start, end, cue))
    return out


def _name_start(words: list[str], before: str) -> int:
    """Where the name starts in a run: 0, or after a place glued in front ("Quảng Trị Nguyễn Văn A"); -1: none."""
    n = len(words)
    for k in (3, 2, 1):  # a known place first
        if k <= n - 2 and " ".join(words[:k]) in _PLACES and _is_family(words[k]):
            return k
    if _is_family(words[0]) and n <= 4 and (n >= 3 or not _LEVEL_BEFORE.search(before)):
        return 0  # also "VKSND tỉnh Trần Văn Khải": the province is left out, the run is the name
    if n > 2 and (n > 4 or not _is_family(words[0]) or _LEVEL_BEFORE.search(before)):
        for k in (2, 1, 3):  # an unknown place of 1-3 syllables
            if k <= n - 2 and _is_family(words[k]) and words[k] not in _WEAK_FAMILY:
                return k
    return 0 if n <= 5 else -1


def _bylines(text: str) -> list[tuple[int, int]]:
    """Names in bylines (the last short lines, a "Name (unit)| date" line under the title) and photo credits."""
    out: list[tuple[int, int]] = []
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    tried = 0
    for line in reversed(lines[-5:]):
        body = line.group()
        if len(body.strip()) > 90:
            break
        if _LINE_SKIP_RE.match(body):
            continue
        m = _BYLINE_RE.match(body)
        if m:
            out.extend((line.start() + m.start(g), line.start() + m.end(g))
                       for g in (1, 2) if m.group(g) and _byline_name_ok(m.group(g)))
            break
        tried += 1
        if tried >= 2:
            break
    for line in lines[1:4]:
        m = _TOP_BYLINE_RE.match(line.group())
        if m and _byline_name_ok(m.group(1)):
            out.append((line.start() + m.start(1), line.start() + m.end(1)))
    for rx in (_INITIAL_LINE_RE, _CREDIT_RE):
        out.extend((m.start(1), m.end(1)) for m in rx.finditer(text) if _byline_name_ok(m.group(1)))
    return out


def _byline_name_ok(name: str) -> bool:
    """A byline's name: two words at least, no lone initials ("P.V", "H. P"), not a place or a unit."""
    words = name.replace(".", ". ").split()
    if len(words) < 2 or words[-1].endswith(".") or len(words[-1]) < 2:
        return False
    if any(len(w) == 1 for w in words):
        return False
    if _FOREIGN_LETTERS.search(name):
        return False  # not Vietnamese ("Facebook Twitter" left over from a share bar)
    titled = [w[0] + w[1:].lower() for w in words]
    if any(w in _NOT_NAME for w in titled) or " ".join(titled) in _PLACES:
        return False
    if any(w.isupper() and len(w) > 1 and not w.endswith(".") for w in words) and not name.isupper():
        return False  # an acronym beside a name: "BTV Khu"
    return not (name.isupper() and not any(c in _VOWELS for c in name))


def extract(text: str, context: Context, found: list[Entity]) -> list[Entity]:
    """PERSON entities of ``text`` (already normalised)."""
    units = _unit_spans(found)
    out: list[Entity] = []
    taken: list[tuple[int, int]] = []
    candidates = _candidates(text)
    plain = {text[s:e] for s, e, _ in candidates if not text[s:e].endswith(".")}
    for start, end, cue in candidates:
        # "Nguyễn Văn A." closing a sentence is the "Nguyễn Văn A" written elsewhere without a period
        if text[end - 1] == "." and text[start:end - 1] in plain and _PERIOD_ENDS_SENTENCE.match(text, end):
            end -= 1
        if units and _inside(units, start, end) and not cue:
            continue
        taken.append((start, end))
        attrs: dict[str, str] = {}
        if cue:
            attrs["title"] = cue
        position = _position(text, start, end)
        if position:
            attrs["position"] = position
        out.append(Entity("PERSON", text[start:end], text[start:end], start, end, method="grammar", attrs=attrs))
    for start, end in _bylines(text):
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        out.append(Entity("PERSON", text[start:end], text[start:end], start, end, method="byline"))
    return out
