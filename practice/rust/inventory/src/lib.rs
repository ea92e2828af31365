//! A shop's stock: items with a quantity and a unit price. Replace every TODO so the tests pass.

#[derive(Debug, PartialEq, Eq)]
pub enum InventoryError {
    /// The shop has never stocked this item (or sold all of it).
    UnknownItem(String),
    /// Fewer items are in stock than asked for; nothing is removed.
    NotEnough { item: String, wanted: u32, available: u32 },
}

#[derive(Default)]
pub struct Inventory {
    // TODO: keep each item's quantity and unit price
}

impl Inventory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `quantity` items; the unit price becomes `price_cents` (the latest price wins).
    pub fn add(&mut self, name: &str, quantity: u32, price_cents: u64) {
        todo!("add {quantity} x {name} at {price_cents}")
    }

    /// How many `name` are in stock (0 when none).
    pub fn quantity(&self, name: &str) -> u32 {
        todo!("quantity of {name}")
    }

    /// Takes `quantity` items out and returns how many are left; an item with none left is forgotten.
    pub fn remove(&mut self, name: &str, quantity: u32) -> Result<u32, InventoryError> {
        // TODO: UnknownItem for an item not in stock, NotEnough when too few are left
        todo!("remove {quantity} x {name}")
    }

    /// The value of everything in stock, in cents.
    pub fn total_value_cents(&self) -> u64 {
        todo!()
    }

    /// The names of the items in stock, sorted.
    pub fn names(&self) -> Vec<String> {
        todo!()
    }
}
