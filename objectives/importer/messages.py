"""Every warning the importer can give, in one place.

Each constant is an English msgid with ``%(name)s`` placeholders, marked with ``gettext_noop`` so that
Django's ``makemessages`` (which passes ``--keyword=gettext_noop`` to xgettext) extracts it into the
catalogues; the Vietnamese text comes from ``locale/vi/LC_MESSAGES/django.po``. The parser stays pure
Python: it never formats a constant itself but calls ``render(msg.X, **params)``, which translates the
msgid with the current translator and then fills in the placeholders. Without Django the translator is
the built-in Vietnamese dictionary below, so the parser's output is Vietnamese, exactly as the UI's
default language shows it; ``objectives.apps.ObjectivesConfig.ready`` installs Django's gettext instead,
which follows the active language. Keep ``VIETNAMESE`` identical to the vi catalogue.
"""

from collections.abc import Callable


def gettext_noop(message: str) -> str:
    """Mark a msgid for extraction by xgettext/makemessages; translation happens later, in ``render``."""
    return message


LEGACY_ENCODING = gettext_noop(
    "The text was typed in the %(encoding)s encoding and has been converted to Unicode; "
    "please check the Vietnamese diacritics."
)
NO_DIACRITICS = gettext_noop(
    "The text has no Vietnamese diacritics; the content is kept as in the original, "
    "and the diacritics must be added before the decision is issued."
)
PARTIAL_DIACRITICS = gettext_noop(
    "Some lines have lost their Vietnamese diacritics or have misrecognised characters "
    "(lines %(lines)s); please compare them with the original."
)
OCR_DIGIT = gettext_noop(
    "Line %(line)s: “%(found)s” was read as the digit “%(fixed)s” (a character recognition error); please check it."
)
NUMBER_MISMATCH = gettext_noop(
    "The decision number in the header (%(header)s) differs from the number in the appendix (%(appendix)s)."
)
SYMBOL_MISMATCH = gettext_noop(
    "The decision symbol in the header (%(header)s) differs from the symbol in the appendix (%(appendix)s)."
)
DATE_MISMATCH = gettext_noop(
    "The date of issue in the header (%(header)s) differs from the date in the appendix (%(appendix)s)."
)
NUMBER_ONLY_IN_APPENDIX = gettext_noop(
    "No decision number was found in the header; the appendix gives the number %(appendix)s."
)
MISSING_AGENCY = gettext_noop("No issuing agency name was found at the top of the text.")
MISSING_NUMBER = gettext_noop("No decision number and symbol were found (the line “Số: .../QĐ-...”).")
MISSING_DATE = gettext_noop("No place and date of issue were found (the line “..., ngày ... tháng ... năm ...”).")
INVALID_DATE = gettext_noop("The date of issue “%(text)s” is not a valid date.")
BLANK_DATE = gettext_noop("The date of issue has not been filled in (“%(text)s”).")
MISSING_DOC_TYPE = gettext_noop("The document type “QUYẾT ĐỊNH” was not found.")
MISSING_ARTICLES = gettext_noop("No articles of the decision were found (“Điều 1.”, “Điều 2.”, ...).")
ARTICLE_NUMBERING = gettext_noop(
    "The articles are not numbered consecutively: Article %(previous)s is followed by Article %(number)s."
)
OBJECTIVE_NUMBERING = gettext_noop(
    "The objectives are not numbered consecutively: item %(previous)s is followed by item %(number)s."
)
OBJECTIVE_WITHOUT_NUMBER = gettext_noop("Line %(line)s: the objective has no number.")
MISSING_OBJECTIVES = gettext_noop("No quality objectives were found in the text.")
MISSING_SIGNER = gettext_noop("No signature block (position and name of the signer) was found.")
MISSING_SIGNER_NAME = gettext_noop("The signer's name was not found.")
SIGNER_MISSING_KT = gettext_noop(
    "The signature block gives the deputy position “%(title)s” under “%(authority)s” "
    "but lacks “KT.”; a deputy signing on behalf of the head must write "
    "“KT. %(authority)s”."
)
SIGNER_DEPUTY_WITHOUT_KT = gettext_noop(
    "The signature block gives the deputy position “%(title)s” but lacks “KT.” and the head's position."
)
SECOND_SIGNER_DIFFERS = gettext_noop(
    "The signature block at the end of the appendix differs from the signature block of the decision."
)
MULTIPLE_APPENDICES = gettext_noop("The text has several appendices; only the title of the first appendix is used.")
UNKNOWN_COLUMN = gettext_noop(
    "The objectives table has an unrecognised column “%(column)s”; its content is left among the unrecognised lines."
)
APPROXIMATE_LANDMARKS = gettext_noop(
    "Some landmarks were recognised approximately (the text looks like a character "
    "recognition scan): %(landmarks)s. Please check them against the original."
)
YEAR_FROM_APPENDIX = gettext_noop(
    "The date of issue could not be read; the year %(year)s was taken from the title of the appendix."
)
NO_OBJECTIVES_HELP = gettext_noop(
    "No quality objective was found, so nothing would be measured. The objectives "
    "must be a numbered or bulleted list (“1.”, “a)”, “-”, “Mục tiêu 1:”) or a table "
    "with a “Mục tiêu” or “Chỉ tiêu” column, after “Điều 1” or under a title such as "
    "“MỤC TIÊU CHẤT LƯỢNG”. Check the text, or save what was found and add the "
    "objectives by hand."
)
PAGE_FURNITURE = gettext_noop("Page numbers and page headers repeated by a PDF copy were left out (lines %(lines)s).")
DOCX_DAMAGED = gettext_noop("This Word file is damaged or not a .docx document.")
DOCX_NOT_WORD = gettext_noop("This file is not a Word (.docx) document.")
DOCX_TOO_LARGE = gettext_noop(
    "The Word file unpacks to more than 16 MB, far more than a decision; it was not "
    "read. Save the decision on its own as .docx, or copy its text and paste it."
)
DOCX_DOCTYPE = gettext_noop(
    "The Word file contains an XML document type declaration, which Word never writes; "
    "it was not read. Open it in Word and save it again as .docx, or paste its text."
)
DOCX_TEXT_TOO_LONG = gettext_noop(
    "The Word file holds more than %(n)s characters of text, too long to be one decision; it was not read."
)

# The Vietnamese translations, word for word those of the vi catalogue: the output without Django.
VIETNAMESE: dict[str, str] = {
    LEGACY_ENCODING: (
        "Văn bản được gõ bằng bảng mã %(encoding)s và đã được chuyển sang Unicode; hãy kiểm tra lại dấu tiếng Việt."
    ),
    NO_DIACRITICS: (
        "Văn bản không có dấu tiếng Việt; nội dung được giữ nguyên như bản gốc, cần bổ sung dấu trước khi ban hành."
    ),
    PARTIAL_DIACRITICS: (
        "Một số dòng bị mất dấu tiếng Việt hoặc nhận dạng ký tự sai (dòng %(lines)s); hãy đối chiếu với bản gốc."
    ),
    OCR_DIGIT: "Dòng %(line)s: đã đọc “%(found)s” thành số “%(fixed)s” (lỗi nhận dạng ký tự); hãy kiểm tra lại.",
    NUMBER_MISMATCH: "Số quyết định ở phần đầu (%(header)s) khác với số trong phụ lục (%(appendix)s).",
    SYMBOL_MISMATCH: "Ký hiệu quyết định ở phần đầu (%(header)s) khác với ký hiệu trong phụ lục (%(appendix)s).",
    DATE_MISMATCH: "Ngày ban hành ở phần đầu (%(header)s) khác với ngày trong phụ lục (%(appendix)s).",
    NUMBER_ONLY_IN_APPENDIX: "Không tìm thấy số quyết định ở phần đầu; phụ lục ghi số %(appendix)s.",
    MISSING_AGENCY: "Không tìm thấy tên cơ quan ban hành ở phần đầu văn bản.",
    MISSING_NUMBER: "Không tìm thấy số, ký hiệu quyết định (dòng “Số: .../QĐ-...”).",
    MISSING_DATE: "Không tìm thấy địa danh, ngày ban hành (dòng “..., ngày ... tháng ... năm ...”).",
    INVALID_DATE: "Ngày ban hành “%(text)s” không hợp lệ.",
    BLANK_DATE: "Ngày ban hành chưa được điền (“%(text)s”).",
    MISSING_DOC_TYPE: "Không tìm thấy tên loại văn bản “QUYẾT ĐỊNH”.",
    MISSING_ARTICLES: "Không tìm thấy các điều của quyết định (“Điều 1.”, “Điều 2.”, ...).",
    ARTICLE_NUMBERING: "Số điều không liên tục: sau Điều %(previous)s là Điều %(number)s.",
    OBJECTIVE_NUMBERING: "Số thứ tự mục tiêu không liên tục: sau mục %(previous)s là mục %(number)s.",
    OBJECTIVE_WITHOUT_NUMBER: "Dòng %(line)s: mục tiêu không có số thứ tự.",
    MISSING_OBJECTIVES: "Không tìm thấy mục tiêu chất lượng nào trong văn bản.",
    MISSING_SIGNER: "Không tìm thấy khối chữ ký (chức vụ, họ tên người ký).",
    MISSING_SIGNER_NAME: "Không tìm thấy họ tên người ký.",
    SIGNER_MISSING_KT: (
        "Khối chữ ký ghi chức vụ cấp phó “%(title)s” dưới “%(authority)s” nhưng thiếu “KT.”; "
        "cấp phó ký thay cấp trưởng phải ghi “KT. %(authority)s”."
    ),
    SIGNER_DEPUTY_WITHOUT_KT: "Khối chữ ký ghi chức vụ cấp phó “%(title)s” nhưng thiếu “KT.” và chức vụ cấp trưởng.",
    SECOND_SIGNER_DIFFERS: "Khối chữ ký cuối phụ lục khác với khối chữ ký của quyết định.",
    MULTIPLE_APPENDICES: "Văn bản có nhiều phụ lục; chỉ tiêu đề phụ lục đầu tiên được lấy.",
    UNKNOWN_COLUMN: (
        "Bảng mục tiêu có cột “%(column)s” không xác định; nội dung cột này được để ở phần chưa nhận dạng."
    ),
    APPROXIMATE_LANDMARKS: (
        "Một số mốc văn bản được nhận ra gần đúng (văn bản giống bản quét nhận dạng ký tự): "
        "%(landmarks)s. Hãy đối chiếu với bản gốc."
    ),
    YEAR_FROM_APPENDIX: "Không đọc được ngày ban hành; năm %(year)s được lấy từ tiêu đề phụ lục.",
    NO_OBJECTIVES_HELP: (
        "Không tìm thấy mục tiêu chất lượng nào, nên sẽ không có gì để đo. Các mục tiêu cần là "
        "một danh sách đánh số hoặc gạch đầu dòng (“1.”, “a)”, “-”, “Mục tiêu 1:”) hoặc một bảng "
        "có cột “Mục tiêu” hay “Chỉ tiêu”, sau “Điều 1” hoặc dưới tiêu đề như “MỤC TIÊU CHẤT "
        "LƯỢNG”. Hãy kiểm tra văn bản, hoặc lưu phần đã đọc được rồi thêm mục tiêu bằng tay."
    ),
    PAGE_FURNITURE: "Số trang và tiêu đề trang lặp lại do sao chép từ PDF đã được bỏ qua (dòng %(lines)s).",
    DOCX_DAMAGED: "Tệp Word này bị hỏng hoặc không phải văn bản .docx.",
    DOCX_NOT_WORD: "Tệp này không phải văn bản Word (.docx).",
    DOCX_TOO_LARGE: (
        "Tệp Word khi giải nén lớn hơn 16 MB, quá lớn so với một quyết định; tệp không được đọc. "
        "Hãy lưu riêng quyết định dưới dạng .docx, hoặc sao chép nội dung rồi dán vào."
    ),
    DOCX_DOCTYPE: (
        "Tệp Word có khai báo kiểu tài liệu XML (DOCTYPE), điều Word không bao giờ tạo ra; tệp không "
        "được đọc. Hãy mở tệp bằng Word và lưu lại dưới dạng .docx, hoặc dán nội dung vào."
    ),
    DOCX_TEXT_TOO_LONG: ("Tệp Word có hơn %(n)s ký tự, quá dài so với một quyết định; tệp không được đọc."),
}


def vietnamese(message: str) -> str:
    """The built-in Vietnamese translation of a msgid (the msgid itself if it has none)."""
    return VIETNAMESE.get(message, message)


_translator: Callable[[str], str] = vietnamese


def set_translator(func: Callable[[str], str] | None) -> None:
    """Translate msgids with ``func`` from now on (``None``: back to the built-in Vietnamese dictionary)."""
    global _translator
    _translator = vietnamese if func is None else func


def get_translator() -> Callable[[str], str]:
    return _translator


def render(message: str, /, **params: object) -> str:
    """Translate ``message`` (one of the msgids above) with the current translator, then fill in ``params``."""
    text = str(_translator(message))
    return text % params if params else text
