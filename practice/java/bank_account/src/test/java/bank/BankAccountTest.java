package bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BankAccountTest {
    private BankAccount account;

    @BeforeEach
    void openAccount() {
        account = new BankAccount();
        account.open();
    }

    @Test
    void startsEmpty() {
        assertEquals(0, account.balance());
    }

    @Test
    void depositsAndWithdraws() {
        account.deposit(500);
        account.withdraw(120);
        assertEquals(380, account.balance());
    }

    @Test
    void refusesNonPositiveAmounts() {
        assertThrows(IllegalArgumentException.class, () -> account.deposit(0));
        assertThrows(IllegalArgumentException.class, () -> account.withdraw(-5));
    }

    @Test
    void refusesOverdrafts() {
        account.deposit(100);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> account.withdraw(101));
        assertEquals("insufficient funds", error.getMessage());
        assertEquals(100, account.balance());
    }

    @Test
    void closedAccountsRefuseEverything() {
        account.close();
        IllegalStateException error = assertThrows(IllegalStateException.class, account::balance);
        assertEquals("account closed", error.getMessage());
        assertThrows(IllegalStateException.class, () -> account.deposit(1));
        assertThrows(IllegalStateException.class, account::close);
    }

    @Test
    void cannotOpenTwice() {
        assertThrows(IllegalStateException.class, account::open);
    }

    @Test
    void reopeningStartsFromZero() {
        account.deposit(70);
        account.close();
        account.open();
        assertEquals(0, account.balance());
    }
}
