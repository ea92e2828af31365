import pytest

from math_operations import factorial, fibonacci, gcd, is_prime


def test_factorial_small_values():
    assert [factorial(n) for n in range(6)] == [1, 1, 2, 6, 24, 120]


def test_factorial_large_value_is_exact():
    assert factorial(25) == 15511210043330985984000000


def test_factorial_rejects_negative():
    with pytest.raises(ValueError):
        factorial(-1)


def test_fibonacci_sequence_start():
    assert [fibonacci(n) for n in range(10)] == [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]


def test_fibonacci_large_index_is_fast_and_exact():
    assert fibonacci(90) == 2880067194370816120


def test_fibonacci_rejects_negative():
    with pytest.raises(ValueError):
        fibonacci(-5)


def test_is_prime():
    primes = [n for n in range(-3, 40) if is_prime(n)]
    assert primes == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
    assert is_prime(7919)
    assert not is_prime(7917)


def test_gcd():
    assert gcd(48, 18) == 6
    assert gcd(17, 5) == 1
    assert gcd(0, 9) == 9
    assert gcd(0, 0) == 0


def test_gcd_with_negative_numbers():
    assert gcd(-48, 18) == 6
    assert gcd(48, -18) == 6
