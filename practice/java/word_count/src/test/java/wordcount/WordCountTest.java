package wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WordCountTest {
    @Test
    void countsRepeatedWords() {
        assertEquals(Map.of("one", 1, "fish", 4, "two", 1, "red", 1, "blue", 1),
                WordCount.count("one fish two fish red fish blue fish"));
    }

    @Test
    void ignoresCaseAndPunctuation() {
        assertEquals(Map.of("go", 3, "stop", 1), WordCount.count("Go, go! GO... stop?"));
    }

    @Test
    void keepsApostrophesInsideWords() {
        assertEquals(Map.of("don't", 2, "panic", 1), WordCount.count("Don't panic, don't."));
    }

    @Test
    void countsNumbersAsWords() {
        assertEquals(Map.of("1", 1, "2", 2, "testing", 1), WordCount.count("testing, 1, 2 2"));
    }

    @Test
    void emptyTextHasNoWords() {
        assertEquals(Map.of(), WordCount.count("  ... "));
    }

    @Test
    void findsTheMostFrequentWord() {
        assertEquals("fish", WordCount.mostFrequent("one fish two fish"));
        assertEquals("a", WordCount.mostFrequent("b a"), "ties go to the alphabetically first");
        assertNull(WordCount.mostFrequent(""));
    }
}
