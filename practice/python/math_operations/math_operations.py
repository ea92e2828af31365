"""Small integer algorithms. Replace every TODO so the tests pass."""


def factorial(n):
    """Return n! for n >= 0; raise ValueError for negative n."""
    # TODO: implement
    raise NotImplementedError("factorial")


def fibonacci(n):
    """Return the n-th Fibonacci number (fibonacci(0) == 0, fibonacci(1) == 1).

    Must stay fast for n = 90. Raise ValueError for negative n.
    """
    # TODO: implement iteratively
    raise NotImplementedError("fibonacci")


def is_prime(n):
    """Return True when n is a prime number."""
    # TODO: implement (numbers below 2 are not prime)
    raise NotImplementedError("is_prime")


def gcd(a, b):
    """Return the greatest common divisor of a and b, never negative; gcd(0, 0) == 0."""
    # TODO: implement Euclid's algorithm
    raise NotImplementedError("gcd")
