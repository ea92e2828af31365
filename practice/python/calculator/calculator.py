"""A four-function calculator. Replace every TODO so the tests pass."""


def add(a, b):
    """Return a + b."""
    # TODO: implement
    raise NotImplementedError("add")


def subtract(a, b):
    """Return a - b."""
    # TODO: implement
    raise NotImplementedError("subtract")


def multiply(a, b):
    """Return a * b."""
    # TODO: implement
    raise NotImplementedError("multiply")


def divide(a, b):
    """Return a / b.

    Raises ValueError("Cannot divide by zero") when b is 0.
    """
    # TODO: implement, including the division-by-zero check
    raise NotImplementedError("divide")
