import pytest

from bank_account import BankAccount, InsufficientFundsError


def test_new_account_has_opening_balance_and_empty_history():
    account = BankAccount("ada", 100)
    assert account.balance == 100
    assert account.history == []
    assert BankAccount("bob").balance == 0


def test_invalid_opening_values_are_rejected():
    for owner, balance in [("", 0), (None, 0), ("ada", -1), ("ada", "5")]:
        with pytest.raises(ValueError):
            BankAccount(owner, balance)


def test_deposit_returns_new_balance_and_records_history():
    account = BankAccount("ada", 10)
    assert account.deposit(15) == 25
    assert account.balance == 25
    assert account.history == [("deposit", 15)]


def test_deposit_rejects_invalid_amounts():
    account = BankAccount("ada", 10)
    for amount in [0, -5, "10", True, None]:
        with pytest.raises(ValueError):
            account.deposit(amount)
    assert account.balance == 10
    assert account.history == []


def test_withdraw():
    account = BankAccount("ada", 50)
    assert account.withdraw(20) == 30
    assert account.history == [("withdraw", 20)]


def test_overdraw_raises_and_changes_nothing():
    account = BankAccount("ada", 50)
    with pytest.raises(InsufficientFundsError):
        account.withdraw(50.01)
    assert account.balance == 50
    assert account.history == []


def test_transfer_moves_money_and_records_both_sides():
    ada, bob = BankAccount("ada", 100), BankAccount("bob", 5)
    ada.transfer(bob, 40)
    assert (ada.balance, bob.balance) == (60, 45)
    assert ada.history == [("transfer_out", 40)]
    assert bob.history == [("transfer_in", 40)]


def test_failed_transfer_is_all_or_nothing():
    ada, bob = BankAccount("ada", 10), BankAccount("bob", 5)
    with pytest.raises(InsufficientFundsError):
        ada.transfer(bob, 11)
    with pytest.raises(ValueError):
        ada.transfer(bob, -1)
    assert (ada.balance, bob.balance) == (10, 5)
    assert ada.history == [] and bob.history == []


def test_transfer_to_same_account_is_rejected():
    ada = BankAccount("ada", 10)
    with pytest.raises(ValueError):
        ada.transfer(ada, 5)
