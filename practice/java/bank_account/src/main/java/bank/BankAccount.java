package bank;

/** An account holding a balance in cents. */
public class BankAccount {
    // TODO: keep the balance and whether the account is open.

    /** Opens the account with a zero balance; opening an open account throws IllegalStateException. */
    public void open() {
        // TODO: open the account.
        throw new UnsupportedOperationException("open is not written yet");
    }

    /** Closes the account; closing a closed account throws IllegalStateException. */
    public void close() {
        // TODO: close the account.
        throw new UnsupportedOperationException("close is not written yet");
    }

    /** The balance; a closed account throws IllegalStateException("account closed"). */
    public long balance() {
        // TODO: check the account is open, then return the balance.
        throw new UnsupportedOperationException("balance is not written yet");
    }

    /** Adds {@code cents} (positive, else IllegalArgumentException) to an open account. */
    public void deposit(long cents) {
        // TODO: validate and add.
        throw new UnsupportedOperationException("deposit is not written yet");
    }

    /** Takes {@code cents} (positive, at most the balance, else IllegalArgumentException) from an open account. */
    public void withdraw(long cents) {
        // TODO: validate and subtract.
        throw new UnsupportedOperationException("withdraw is not written yet");
    }
}
