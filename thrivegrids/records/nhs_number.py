"""NHS numbers: ten digits, the last a Modulus 11 check digit over the first nine.

Weights 10 down to 2 on the first nine digits; the check digit is 11 minus the remainder of the
weighted sum divided by 11, where 11 becomes 0 and 10 means the nine digits can never be a number.
"""

WEIGHTS = range(10, 1, -1)


def normalise(text: str) -> str:
    """The digits alone: people write NHS numbers as 943 476 5919 or 943-476-5919."""
    return "".join(ch for ch in text if ch not in " -")


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can start with them."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def is_valid(text: str) -> bool:
    number = normalise(text)
    if len(number) != 10 or not (number.isascii() and number.isdigit()):
        return False
    return check_digit(number[:9]) == int(number[9])


def formatted(number: str) -> str:
    """3-3-4 groups, as the NHS writes them: 943 476 5919."""
    number = normalise(number)
    return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 10 else number
