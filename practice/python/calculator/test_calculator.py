import pytest

from calculator import add, divide, multiply, subtract


def test_add_integers():
    assert add(2, 3) == 5


def test_add_negative_and_float():
    assert add(-1.5, 0.25) == pytest.approx(-1.25)


def test_subtract():
    assert subtract(10, 4) == 6
    assert subtract(4, 10) == -6


def test_multiply():
    assert multiply(6, 7) == 42
    assert multiply(-3, 0.5) == pytest.approx(-1.5)


def test_divide():
    assert divide(9, 3) == 3
    assert divide(1, 4) == pytest.approx(0.25)


def test_divide_by_zero_raises_value_error():
    with pytest.raises(ValueError, match="Cannot divide by zero"):
        divide(1, 0)
