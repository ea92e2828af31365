package wordcount

import (
	"reflect"
	"testing"
)

func TestWordCountSimple(t *testing.T) {
	got := WordCount("one two two")
	want := map[string]int{"one": 1, "two": 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WordCount(%q) = %v, want %v", "one two two", got, want)
	}
}

func TestWordCountIgnoresCase(t *testing.T) {
	got := WordCount("Go go GO")
	want := map[string]int{"go": 3}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WordCount(%q) = %v, want %v", "Go go GO", got, want)
	}
}

func TestWordCountPunctuation(t *testing.T) {
	got := WordCount("hello, world! hello... (world) 42")
	want := map[string]int{"hello": 2, "world": 2, "42": 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestWordCountApostrophes(t *testing.T) {
	got := WordCount("don't stop, 'cause we can't")
	want := map[string]int{"don't": 1, "stop": 1, "cause": 1, "we": 1, "can't": 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestWordCountEmpty(t *testing.T) {
	got := WordCount(" ,;! ")
	if got == nil || len(got) != 0 {
		t.Errorf("WordCount of a text without words = %#v, want an empty map", got)
	}
}

func TestTopWord(t *testing.T) {
	word, count := TopWord("a b b c b a")
	if word != "b" || count != 3 {
		t.Errorf("TopWord = (%q, %d), want (%q, %d)", word, count, "b", 3)
	}
}

func TestTopWordTie(t *testing.T) {
	word, count := TopWord("pear apple Pear apple")
	if word != "apple" || count != 2 {
		t.Errorf("TopWord = (%q, %d), want (%q, %d)", word, count, "apple", 2)
	}
}

func TestTopWordNoWords(t *testing.T) {
	word, count := TopWord("...")
	if word != "" || count != 0 {
		t.Errorf("TopWord = (%q, %d), want (%q, %d)", word, count, "", 0)
	}
}
