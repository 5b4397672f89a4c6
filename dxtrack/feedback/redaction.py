"""Personal data out of a text before it is published: e-mail addresses, telephone numbers,
ID numbers (citizen ID, passport, tax code of a person) and personal names after a title.

This is a proposal a person reviews (the publish step shows it), not a guarantee: a name
written without a title ("Nguyễn Văn An nói…") is only caught when it is the sender's own.

>>> redact("Liên hệ chị Trần Thị Bích qua 0912 345 678 hoặc bich.tran@congty.vn")
'Liên hệ chị [họ tên] qua [số điện thoại] hoặc [e-mail]'
>>> redact("CCCD số 074190001234, cấp ngày 05/02/2021")
'CCCD số [số định danh], cấp ngày 05/02/2021'
"""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Vietnamese numbers: 0 or +84 then 9–10 digits, in groups separated by spaces, dots or dashes.
PHONE = re.compile(r"(?<![\d/])(?:\+84|0)(?:[\s.-]?\d){8,10}(?![\d/])")
# 12-digit citizen IDs, 9-digit old ID cards, passports (a letter and 7 digits).
ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{9}|[A-Z]\d{7,8})(?!\d)")
# Latin letters with Vietnamese diacritics, upper and lower case apart (a range such as À-Ỹ
# would mix both cases).
_LETTERS = [chr(code) for code in range(0x41, 0x1EFA) if chr(code).isalpha()]
_UPPER = "".join(letter for letter in _LETTERS if letter.isupper())
_LOWER = "".join(letter for letter in _LETTERS if letter.islower())
_WORD = rf"[{_UPPER}][{_LOWER}]+"
TITLES = (
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "Ông", "Bà", "Anh", "Chị", "Cô", "Chú", "Bác",
    "Mr", "Mrs", "Ms",
)
NAME_AFTER_TITLE = re.compile(rf"(?<!\w)({'|'.join(TITLES)})\.?\s+({_WORD}(?:\s+{_WORD}){{0,3}})")

PLACEHOLDERS = {"email": "[e-mail]", "phone": "[số điện thoại]", "id": "[số định danh]", "name": "[họ tên]"}


def redact(text: str, *, names: tuple[str, ...] = ()) -> str:
    """`text` with personal data replaced; `names` are known names (the sender's) to remove too."""
    text = EMAIL.sub(PLACEHOLDERS["email"], text)
    text = PHONE.sub(PLACEHOLDERS["phone"], text)
    text = ID_NUMBER.sub(PLACEHOLDERS["id"], text)
    text = NAME_AFTER_TITLE.sub(lambda match: f"{match.group(1)} {PLACEHOLDERS['name']}", text)
    for name in sorted((name.strip() for name in names if name and len(name.strip()) > 3), key=len, reverse=True):
        text = re.sub(re.escape(name), PLACEHOLDERS["name"], text, flags=re.IGNORECASE)
    return text
