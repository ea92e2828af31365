use inventory::{Inventory, InventoryError};

fn stocked() -> Inventory {
    let mut shop = Inventory::new();
    shop.add("pear", 4, 50);
    shop.add("apple", 10, 30);
    shop
}

#[test]
fn a_new_inventory_is_empty() {
    let shop = Inventory::new();
    assert_eq!(shop.quantity("apple"), 0);
    assert_eq!(shop.total_value_cents(), 0);
    assert!(shop.names().is_empty());
}

#[test]
fn adding_again_adds_up_and_takes_the_latest_price() {
    let mut shop = stocked();
    shop.add("apple", 5, 40);
    assert_eq!(shop.quantity("apple"), 15);
    assert_eq!(shop.total_value_cents(), 15 * 40 + 4 * 50);
}

#[test]
fn names_are_sorted() {
    assert_eq!(stocked().names(), vec!["apple".to_string(), "pear".to_string()]);
}

#[test]
fn removing_returns_what_is_left() {
    let mut shop = stocked();
    assert_eq!(shop.remove("apple", 3), Ok(7));
    assert_eq!(shop.quantity("apple"), 7);
}

#[test]
fn removing_everything_forgets_the_item() {
    let mut shop = stocked();
    assert_eq!(shop.remove("pear", 4), Ok(0));
    assert_eq!(shop.names(), vec!["apple".to_string()]);
    assert_eq!(shop.remove("pear", 1), Err(InventoryError::UnknownItem("pear".to_string())));
}

#[test]
fn removing_too_many_changes_nothing() {
    let mut shop = stocked();
    let wanted = shop.remove("pear", 5);
    let expected = InventoryError::NotEnough { item: "pear".to_string(), wanted: 5, available: 4 };
    assert_eq!(wanted, Err(expected));
    assert_eq!(shop.quantity("pear"), 4);
}

#[test]
fn unknown_items_cannot_be_removed() {
    let mut shop = stocked();
    assert_eq!(shop.remove("plum", 1), Err(InventoryError::UnknownItem("plum".to_string())));
}
