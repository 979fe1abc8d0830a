"""ID-card numbers, unified social credit codes and phone numbers as clerks type them."""

from datetime import date

import pytest

from fazhi_desktop.core.identifiers import (
    age_on,
    check_credit_code,
    credit_code_check_char,
    id_card_birth_date,
    id_card_check_char,
    id_card_gender,
    mask_id_card,
    mask_phone,
    normalize_id_card,
    normalize_phone,
)

STANDARD_EXAMPLE = "11010519491231002X"  # GB 11643-1999's own example
TODAY = date(2026, 3, 5)


def make_id(address: str, birth: str, sequence: str) -> str:
    first17 = address + birth + sequence
    return first17 + id_card_check_char(first17)


# --- 居民身份证号码 ---------------------------------------------------------------


def test_standard_example_passes():
    assert normalize_id_card(STANDARD_EXAMPLE, today=TODAY) == STANDARD_EXAMPLE


def test_lower_case_x_is_accepted_and_stored_upper():
    assert normalize_id_card("11010519491231002x", today=TODAY) == STANDARD_EXAMPLE


def test_spaces_and_full_width_digits_are_removed():
    assert normalize_id_card(" 110105 19491231 002x ", today=TODAY) == STANDARD_EXAMPLE
    assert normalize_id_card("１１０１０５１９４９１２３１００２Ｘ", today=TODAY) == STANDARD_EXAMPLE


def test_check_char_of_standard_example_is_x():
    assert id_card_check_char(STANDARD_EXAMPLE[:17]) == "X"


def test_wrong_check_digit_is_rejected_without_naming_the_right_one():
    """“应为 X” had the clerk change the last digit, and a typo elsewhere then passed the check."""
    with pytest.raises(ValueError, match="身份证号码有误（校验位不符），请对照证件逐位核对") as caught:
        normalize_id_card("110105194912310021", today=TODAY)
    assert "X" not in str(caught.value)


def test_check_char_needs_seventeen_digits():
    with pytest.raises(ValueError):
        id_card_check_char("1101051949123100")
    with pytest.raises(ValueError):
        id_card_check_char("11010519491231002A")


@pytest.mark.parametrize("raw", ["1101051949123100", "11010519491231002X1", "110105491231002"])
def test_wrong_length_is_rejected(raw):
    with pytest.raises(ValueError, match="应为18位"):
        normalize_id_card(raw, today=TODAY)


def test_empty_id_card_is_rejected():
    with pytest.raises(ValueError, match="不能为空"):
        normalize_id_card("   ", today=TODAY)


def test_letters_among_the_first_seventeen_are_rejected():
    with pytest.raises(ValueError, match="前17位应为数字"):
        normalize_id_card("11010519491231A02X", today=TODAY)


def test_last_character_other_than_digit_or_x_is_rejected():
    with pytest.raises(ValueError, match="最后一位应为数字或 X"):
        normalize_id_card("11010519491231002Y", today=TODAY)


def test_impossible_birth_date_is_rejected():
    with pytest.raises(ValueError, match=r"出生日期（第7至14位）不存在"):
        normalize_id_card(make_id("110105", "19491332", "002"), today=TODAY)


def test_feb_29_is_accepted_in_a_leap_year():
    number = make_id("640522", "20000229", "013")
    assert normalize_id_card(number, today=TODAY) == number
    assert id_card_birth_date(number) == date(2000, 2, 29)


def test_feb_29_is_rejected_in_a_common_year():
    with pytest.raises(ValueError, match=r"出生日期（第7至14位）不存在"):
        normalize_id_card(make_id("640522", "20230229", "013"), today=TODAY)


def test_feb_29_1900_is_rejected_because_1900_was_not_a_leap_year():
    with pytest.raises(ValueError, match="不存在"):
        normalize_id_card(make_id("640522", "19000229", "013"), today=TODAY)


def test_birth_before_1900_is_rejected():
    with pytest.raises(ValueError, match="早于1900年"):
        normalize_id_card(make_id("640522", "18991231", "013"), today=TODAY)


def test_future_birth_date_is_rejected():
    with pytest.raises(ValueError, match=r"出生日期（第7至14位）晚于今天"):
        normalize_id_card(make_id("640522", "20260306", "013"), today=TODAY)


def test_born_today_is_accepted():
    number = make_id("640522", "20260305", "013")
    assert normalize_id_card(number, today=TODAY) == number


def test_old_6404xx_address_codes_are_accepted():
    # 七营镇 residents registered before 2008 carry 固原 (6404xx) codes.
    number = make_id("640422", "19560815", "031")
    assert normalize_id_card(number, today=TODAY) == number


def test_unknown_address_code_is_not_rejected():
    number = make_id("999999", "19800101", "011")
    assert normalize_id_card(number, today=TODAY) == number


def test_gender_comes_from_the_seventeenth_digit():
    assert id_card_gender(STANDARD_EXAMPLE) == "女"
    assert id_card_gender(make_id("640522", "19800101", "011")) == "男"


def test_birth_date_is_read_from_the_number():
    assert id_card_birth_date(STANDARD_EXAMPLE) == date(1949, 12, 31)


def test_age_goes_up_on_the_birthday():
    assert age_on(STANDARD_EXAMPLE, date(2025, 12, 30)) == 75
    assert age_on(STANDARD_EXAMPLE, date(2025, 12, 31)) == 76


def test_leap_day_birthday_counts_from_march_first_in_common_years():
    number = make_id("640522", "20080229", "024")
    assert age_on(number, date(2026, 2, 28)) == 17
    assert age_on(number, date(2026, 3, 1)) == 18
    assert age_on(number, date(2028, 2, 29)) == 20


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError):
        age_on(STANDARD_EXAMPLE, date(1949, 12, 30))


def test_id_card_is_masked_as_first_six_stars_last_four():
    assert mask_id_card(STANDARD_EXAMPLE) == "110105********002X"
    assert mask_id_card("11010519491231002x") == "110105********002X"


def test_masking_other_lengths_shows_only_the_last_four_at_most():
    assert mask_id_card("110105491231002") == "***********1002"
    assert mask_id_card("12345") == "***45"
    assert mask_id_card("1") == "*"
    assert mask_id_card("") == ""
    assert mask_id_card(None) == ""


# --- 统一社会信用代码 ---------------------------------------------------------------


def test_standard_credit_code_example_passes_without_warning():
    assert check_credit_code("91350100M000100Y43") == ("91350100M000100Y43", None)


def test_credit_code_check_char_of_standard_example():
    assert credit_code_check_char("91350100M000100Y4") == "3"


def test_credit_code_is_stripped_and_upper_cased():
    assert check_credit_code("  91350100m000100y43 ") == ("91350100M000100Y43", None)


def test_credit_code_wrong_check_char_is_a_warning_not_an_error():
    code, warning = check_credit_code("91350100M000100Y44")
    assert code == "91350100M000100Y44"
    assert warning == "统一社会信用代码校验位不符，请对照证照逐位核对；早期代码可能如此"  # not “应为 3”


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_with_excluded_letters_is_rejected(letter):
    with pytest.raises(ValueError, match=f"不允许的字符：{letter}"):
        check_credit_code("91350100M000100Y4" + letter)


def test_credit_code_with_punctuation_is_rejected():
    with pytest.raises(ValueError, match="不允许的字符"):
        check_credit_code("91350100M000100Y-3")


@pytest.mark.parametrize("raw", ["91350100M000100Y4", "91350100M000100Y433"])
def test_credit_code_of_wrong_length_is_rejected(raw):
    with pytest.raises(ValueError, match="应为18位"):
        check_credit_code(raw)


def test_empty_credit_code_is_rejected():
    with pytest.raises(ValueError, match="不能为空"):
        check_credit_code("")


def test_credit_code_check_char_refuses_excluded_letters():
    with pytest.raises(ValueError):
        credit_code_check_char("91350100M000100O4")


# --- Phone numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13912345678",
        " 139 1234 5678 ",
        "139-1234-5678",
        "+8613912345678",
        "+86 139 1234 5678",
        "8613912345678",
        "0086 13912345678",
        "１３９１２３４５６７８",
    ],
)
def test_mobile_numbers_are_stored_as_eleven_digits(raw):
    assert normalize_phone(raw) == "13912345678"


def test_mobile_with_second_digit_below_three_is_rejected():
    with pytest.raises(ValueError, match="第二位应为 3-9"):
        normalize_phone("12012345678")


@pytest.mark.parametrize("raw", ["1391234567", "139123456789"])
def test_mobile_of_wrong_length_is_rejected(raw):
    with pytest.raises(ValueError, match="应为11位"):
        normalize_phone(raw)


@pytest.mark.parametrize(
    "raw",
    ["0955-1234567", "0955 1234567", "(0955)1234567", "（0955）1234567", "09551234567", "+86 955 1234567"],
)
def test_landline_forms_are_stored_with_a_dash_after_the_area_code(raw):
    assert normalize_phone(raw) == "0955-1234567"


def test_landline_with_eight_digit_number_and_three_digit_area_code():
    assert normalize_phone("010 8888 6666") == "010-88886666"
    assert normalize_phone("(021)62345678") == "021-62345678"


@pytest.mark.parametrize("raw", ["1234567", "5012345", "88886666"])
def test_landline_without_area_code_is_rejected_and_says_so(raw):
    with pytest.raises(ValueError, match="需带区号"):
        normalize_phone(raw)


@pytest.mark.parametrize("raw", ["0955-123456", "0955-123456789"])
def test_landline_with_wrong_number_length_is_rejected(raw):
    with pytest.raises(ValueError, match="7-8位"):
        normalize_phone(raw)


@pytest.mark.parametrize("raw", ["139abcd5678", "电话13912345678", "139+12345678"])
def test_phone_with_letters_or_stray_plus_is_rejected(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw)


def test_foreign_numbers_are_rejected():
    with pytest.raises(ValueError, match="国内"):
        normalize_phone("+44 20 7946 0958")


def test_empty_phone_is_rejected():
    with pytest.raises(ValueError, match="不能为空"):
        normalize_phone(" ")


def test_mobile_is_masked_as_three_stars_four():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("+86 139 1234 5678") == "139****5678"


def test_landline_is_masked_after_the_area_code():
    assert mask_phone("0955-1234567") == "0955-****4567"
    assert mask_phone("010-88886666") == "010-****6666"


def test_masking_an_invalid_phone_still_hides_it():
    assert mask_phone("12345") == "***45"
    assert mask_phone("") == ""
    assert mask_phone(None) == ""
