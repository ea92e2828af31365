package wordcount;

import java.util.Map;

/** Counts the words of a text. */
public final class WordCount {
    private WordCount() {
    }

    /**
     * Each word of {@code text} with how often it occurs. Words are lower-cased runs of letters and digits;
     * an apostrophe between letters belongs to the word ("don't"), other punctuation separates words.
     */
    public static Map<String, Integer> count(String text) {
        // TODO: split the text into words and count each one (a TreeMap keeps them sorted).
        throw new UnsupportedOperationException("count is not written yet");
    }

    /** The most frequent word, the alphabetically first on a tie; empty text has none (null). */
    public static String mostFrequent(String text) {
        // TODO: use count() to find the most frequent word.
        throw new UnsupportedOperationException("mostFrequent is not written yet");
    }
}
