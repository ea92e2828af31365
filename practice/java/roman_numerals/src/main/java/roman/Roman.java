package roman;

/** Roman numerals for 1 to 3999. */
public final class Roman {
    private Roman() {
    }

    /** "MCMXCIV" for 1994; throws IllegalArgumentException outside 1..3999. */
    public static String toRoman(int number) {
        // TODO: build the numeral, largest symbols first, with the subtractive pairs (CM, XC, IV, ...).
        throw new UnsupportedOperationException("toRoman is not written yet");
    }

    /**
     * 1994 for "MCMXCIV"; throws IllegalArgumentException for anything that is not a numeral
     * {@link #toRoman} would write (empty, lower case, "IIII", "IC", ...).
     */
    public static int fromRoman(String numeral) {
        // TODO: read the numeral and reject malformed ones.
        throw new UnsupportedOperationException("fromRoman is not written yet");
    }
}
