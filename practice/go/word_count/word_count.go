// Package wordcount counts the words of a text.
package wordcount

// WordCount counts each word of text. Words are letters, digits and apostrophes inside a word
// ("don't"); everything else separates them. Counting ignores case: keys are lower case.
// An empty text gives an empty map, never nil.
func WordCount(text string) map[string]int {
	// TODO: split text into words, lower-case them and count them.
	return nil
}

// TopWord returns the most frequent word of text and its count. On a tie the word that sorts
// first wins. A text without words gives "" and 0.
func TopWord(text string) (string, int) {
	// TODO: use WordCount and pick the most frequent word.
	return "", -1
}
