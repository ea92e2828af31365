"""A bank account that never lets its balance go wrong. Replace every TODO so the tests pass."""


class InsufficientFundsError(Exception):
    """Raised when a withdrawal or transfer exceeds the balance."""


class BankAccount:
    """An account with an owner, a balance and a history of (kind, amount) tuples."""

    def __init__(self, owner, balance=0):
        # TODO: validate owner (non-empty str) and balance (number >= 0), store them, start an empty history
        raise NotImplementedError("BankAccount.__init__")

    @property
    def balance(self):
        """Current balance (read-only)."""
        # TODO: implement
        raise NotImplementedError("balance")

    def deposit(self, amount):
        """Add a positive amount; return the new balance."""
        # TODO: implement, record ("deposit", amount) in history
        raise NotImplementedError("deposit")

    def withdraw(self, amount):
        """Remove a positive amount; raise InsufficientFundsError if it exceeds the balance."""
        # TODO: implement, record ("withdraw", amount) in history
        raise NotImplementedError("withdraw")

    def transfer(self, other, amount):
        """Move amount to other; both accounts stay unchanged when the transfer fails."""
        # TODO: implement, record ("transfer_out", amount) here and ("transfer_in", amount) in other
        raise NotImplementedError("transfer")
