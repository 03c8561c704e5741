"""NHS numbers: the Modulus 11 check digit, as property tests."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thrivegrids.records import nhs_number

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def valid_numbers():
    return nine_digits.filter(lambda d: nhs_number.check_digit(d) is not None).map(
        lambda d: d + str(nhs_number.check_digit(d))
    )


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_known_good_numbers_are_valid(number):
    assert nhs_number.is_valid(number)


@pytest.mark.parametrize("number", ["9434765918", "943476591", "94347659190", "943476591X", ""])
def test_known_bad_numbers_are_not(number):
    assert not nhs_number.is_valid(number)


@given(valid_numbers())
def test_a_number_with_its_check_digit_is_valid(number):
    assert nhs_number.is_valid(number)


@given(valid_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_any_single_changed_digit_is_caught(number, position, shift):
    digits = list(number)
    digits[position] = str((int(digits[position]) + shift) % 10)

    assert not nhs_number.is_valid("".join(digits))


@given(valid_numbers(), st.integers(0, 8))
def test_swapping_two_different_neighbouring_digits_is_caught(number, position):
    digits = list(number)
    if digits[position] == digits[position + 1]:
        return
    digits[position], digits[position + 1] = digits[position + 1], digits[position]

    assert not nhs_number.is_valid("".join(digits))


@given(nine_digits)
def test_nine_digits_whose_check_would_be_ten_start_no_valid_number(first_nine):
    if nhs_number.check_digit(first_nine) is None:
        assert not any(nhs_number.is_valid(first_nine + str(d)) for d in range(10))
    else:
        assert sum(nhs_number.is_valid(first_nine + str(d)) for d in range(10)) == 1


@given(st.text(max_size=14))
def test_anything_that_is_not_ten_digits_is_invalid(text):
    digits = nhs_number.normalise(text)
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
        assert not nhs_number.is_valid(text)


@given(valid_numbers())
def test_formatting_groups_three_three_four_and_reads_back(number):
    shown = nhs_number.formatted(number)

    assert [len(group) for group in shown.split(" ")] == [3, 3, 4]
    assert nhs_number.is_valid(shown) and nhs_number.normalise(shown) == number
