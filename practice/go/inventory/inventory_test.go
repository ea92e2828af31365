package inventory

import (
	"errors"
	"reflect"
	"testing"
)

func TestAddAndCount(t *testing.T) {
	inv := New()
	if err := inv.Add("apple", 3); err != nil {
		t.Fatal(err)
	}
	if err := inv.Add("apple", 2); err != nil {
		t.Fatal(err)
	}
	if got := inv.Count("apple"); got != 5 {
		t.Errorf("Count(apple) = %d, want %d", got, 5)
	}
}

func TestCountOfUnknownItemIsZero(t *testing.T) {
	if got := New().Count("kiwi"); got != 0 {
		t.Errorf("Count(kiwi) = %d, want %d", got, 0)
	}
}

func TestAddRejectsNonPositive(t *testing.T) {
	inv := New()
	if err := inv.Add("apple", 0); !errors.Is(err, ErrBadQuantity) {
		t.Errorf("Add(apple, 0) error = %v, want %v", err, ErrBadQuantity)
	}
}

func TestRemove(t *testing.T) {
	inv := New()
	_ = inv.Add("pear", 5)
	if err := inv.Remove("pear", 2); err != nil {
		t.Fatal(err)
	}
	if got := inv.Count("pear"); got != 3 {
		t.Errorf("Count(pear) = %d, want %d", got, 3)
	}
}

func TestRemoveTooMany(t *testing.T) {
	inv := New()
	_ = inv.Add("pear", 1)
	if err := inv.Remove("pear", 2); !errors.Is(err, ErrNotEnough) {
		t.Errorf("Remove(pear, 2) error = %v, want %v", err, ErrNotEnough)
	}
	if got := inv.Count("pear"); got != 1 {
		t.Errorf("Count(pear) = %d after a refused removal, want %d", got, 1)
	}
}

func TestRemoveUnknown(t *testing.T) {
	if err := New().Remove("kiwi", 1); !errors.Is(err, ErrUnknownItem) {
		t.Errorf("Remove(kiwi, 1) error = %v, want %v", err, ErrUnknownItem)
	}
}

func TestNamesSortedAndForgetsEmptyItems(t *testing.T) {
	inv := New()
	for _, name := range []string{"pear", "apple", "fig"} {
		_ = inv.Add(name, 2)
	}
	if got, want := inv.Names(), []string{"apple", "fig", "pear"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	_ = inv.Remove("fig", 2)
	if got, want := inv.Names(), []string{"apple", "pear"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v after removing every fig, want %v", got, want)
	}
}
