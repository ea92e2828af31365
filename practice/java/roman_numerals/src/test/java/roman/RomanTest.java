package roman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RomanTest {
    @ParameterizedTest
    @CsvSource({"4, IV", "14, XIV", "1994, MCMXCIV", "3999, MMMCMXCIX"})
    void writesNumerals(int number, String numeral) {
        assertEquals(numeral, Roman.toRoman(number));
    }

    @ParameterizedTest
    @CsvSource({"XLII, 42", "CDXLIV, 444", "MMXXV, 2025"})
    void readsNumerals(String numeral, int number) {
        assertEquals(number, Roman.fromRoman(numeral));
    }

    @Test
    void roundTripsEveryNumber() {
        for (int n = 1; n <= 3999; n++) {
            assertEquals(n, Roman.fromRoman(Roman.toRoman(n)));
        }
    }

    @Test
    void refusesNumbersOutOfRange() {
        for (int number : new int[] {0, -7, 4000}) {
            assertThrows(IllegalArgumentException.class, () -> Roman.toRoman(number), "toRoman(" + number + ")");
        }
    }

    @Test
    void refusesMalformedNumerals() {
        for (String numeral : new String[] {"", "IIII", "IC", "VX", "MMMM", "xiv", "XIZ"}) {
            assertThrows(IllegalArgumentException.class, () -> Roman.fromRoman(numeral), "fromRoman(\"" + numeral + "\")");
        }
    }
}
