// Package inventory keeps counts of items in stock.
package inventory

import "errors"

var (
	// ErrBadQuantity: a quantity must be positive.
	ErrBadQuantity = errors.New("quantity must be positive")
	// ErrUnknownItem: nothing of that name is in stock.
	ErrUnknownItem = errors.New("unknown item")
	// ErrNotEnough: fewer in stock than asked for; nothing is removed.
	ErrNotEnough = errors.New("not enough in stock")
)

// Inventory counts items by name. The zero value is not usable: call New.
type Inventory struct {
	// TODO: keep the counts.
}

// New returns an empty inventory.
func New() *Inventory {
	return &Inventory{}
}

// Add puts qty more of name in stock.
func (inv *Inventory) Add(name string, qty int) error {
	// TODO
	return nil
}

// Remove takes qty of name out of stock. An item whose count reaches 0 is forgotten.
func (inv *Inventory) Remove(name string, qty int) error {
	// TODO
	return nil
}

// Count is how many of name are in stock.
func (inv *Inventory) Count(name string) int {
	// TODO
	return -1
}

// Names lists the items in stock, sorted.
func (inv *Inventory) Names() []string {
	// TODO
	return nil
}
