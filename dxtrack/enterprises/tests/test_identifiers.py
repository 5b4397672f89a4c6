"""Tax codes against python-stdnum's own test vectors, and the messages for each bad case."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dxtrack.enterprises.identifiers import (
    IdentifierType,
    identifier_clean,
    identifier_masked,
    tax_code_clean,
)

VALID = [
    line.strip() for line in (Path(__file__).parent / "data" / "stdnum-vn-mst-valid.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def test_the_vector_file_is_complete():
    assert len(VALID) == 161  # every number of the doctest list


@pytest.mark.parametrize("code", VALID)
def test_every_valid_code_of_python_stdnum_is_accepted(code):
    compact = tax_code_clean(code)
    assert compact.isdigit() and len(compact) in (10, 13)


@pytest.mark.parametrize(
    ("code", "words_vi", "words_en"),
    [
        ("0100233480", "chữ số kiểm tra", "check digit"),  # stdnum: InvalidChecksum
        ("0314409058-000", "000", "000"),  # InvalidComponent: branch 000
        ("0100000008", "3 đến 9", "3 to 9"),  # InvalidComponent: digits 3-9 all zero
        ("12345", "5 chữ số", "5 digits"),  # InvalidLength
        ("VV34567890", "chỉ được có chữ số", "only digits"),  # InvalidFormat
        ("079203001234", "hộ kinh doanh", "household businesses only"),  # a personal ID where an MST is required
    ],
)
def test_each_bad_tax_code_is_refused_with_its_reason_in_both_languages(code, words_vi, words_en):
    with pytest.raises(ValidationError) as refused:
        tax_code_clean(code)
    assert code in refused.value.messages[0] and words_vi in refused.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as refused_en:
        tax_code_clean(code)
    assert words_en in refused_en.value.messages[0]


def test_hand_computed_check_digit():
    # 0,1,0,0,1,0,9,1,0 · (31,29,23,19,17,13,7,5,3) = 29 + 17 + 63 + 5 = 114; 114 mod 11 = 4; 10 − 4 = 6.
    assert tax_code_clean("0100109106") == "0100109106"
    with pytest.raises(ValidationError):
        tax_code_clean("0100109107")


def test_a_household_business_may_use_a_personal_id_and_others_may_not():
    assert identifier_clean("079203001234", household=True) == (IdentifierType.PERSONAL_ID, "079203001234")
    assert identifier_clean("0100109106", household=True) == (IdentifierType.TAX_CODE, "0100109106")
    with pytest.raises(ValidationError):
        identifier_clean("079203001234", household=False)
    with pytest.raises(ValidationError):
        identifier_clean("07920300123", household=True)  # 11 digits: neither


def test_a_personal_id_is_masked_and_a_tax_code_is_not():
    assert identifier_masked(IdentifierType.PERSONAL_ID, "079203001234") == "079*******34"
    assert identifier_masked(IdentifierType.TAX_CODE, "0314409058002") == "0314409058-002"
