//! Print orders and the price list. An order's print files are blobs like any other: counted in
//! `BLOB_REFS` while the order exists, so the usual purge rules delete them after the order goes.

use super::{Store, decode, encode, tables::*};
use crate::error::AppResult;
use keepsake_api::{Address, OrderStatus, PriceList, PrintLine};
use redb::{ReadableDatabase, ReadableTable};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusRecord {
    pub status: OrderStatus,
    pub at: i64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderLineRecord {
    pub line: PrintLine,
    pub size_label: String,
    pub paper_label: String,
    pub unit_price: u64,
    pub total: u64,
    pub width: u32,
    pub height: u32,
    pub dpi: u32,
    /// The rendered print file's blob key.
    pub file: String,
    pub file_bytes: u64,
}

/// Order numbers start here, so the first order does not look like a test.
const FIRST_ORDER_NUMBER: u64 = 1001;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderRecord {
    pub id: String,
    /// What people call the order: 1001, 1002, … in the order they were placed (0 for orders placed
    /// before orders had numbers).
    #[serde(default)]
    pub number: u64,
    pub owner: u64,
    pub created_at: i64,
    pub status: OrderStatus,
    /// Every status the order has had, oldest first; the last is `status`.
    pub history: Vec<StatusRecord>,
    pub lines: Vec<OrderLineRecord>,
    pub address: Address,
    pub currency: String,
    pub subtotal: u64,
    pub shipping: u64,
    pub total: u64,
}

impl OrderRecord {
    /// The lab's latest note: the tracking number once shipped.
    pub fn tracking(&self) -> Option<&str> {
        self.history.iter().rev().find_map(|h| h.note.as_deref())
    }
}

const PRICE_LIST: &str = "price_list";

impl Store {
    /// The admin's price list, or the built-in one until they change it.
    pub fn price_list(&self) -> AppResult<PriceList> {
        let tx = self.db.begin_read()?;
        let settings = tx.open_table(SETTINGS)?;
        Ok(settings.get(PRICE_LIST)?.map(|v| decode(v.value())).transpose()?.unwrap_or_default())
    }

    pub fn set_price_list(&self, list: &PriceList) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(SETTINGS)?.insert(PRICE_LIST, encode(list)?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    /// Stores a new order; its files must already be in the blob store.
    /// Stores a new order under the next order number, which it returns.
    pub fn insert_order(&self, order: &OrderRecord) -> AppResult<u64> {
        let tx = self.db.begin_write()?;
        let number = {
            let mut counters = tx.open_table(COUNTERS)?;
            let number = counters.get("order")?.map_or(FIRST_ORDER_NUMBER, |v| v.value());
            counters.insert("order", number + 1)?;
            number
        };
        let order = OrderRecord { number, ..order.clone() };
        tx.open_table(ORDERS)?.insert(order.id.as_str(), encode(&order)?.as_slice())?;
        tx.open_table(OWNER_ORDERS)?.insert((order.owner, order.created_at, order.id.as_str()), ())?;
        super::add_blob_refs(&tx, order.lines.iter().map(|l| l.file.as_str()))?;
        tx.commit()?;
        Ok(number)
    }

    pub fn order(&self, id: &str) -> AppResult<Option<OrderRecord>> {
        let tx = self.db.begin_read()?;
        let orders = tx.open_table(ORDERS)?;
        orders.get(id)?.map(|v| decode(v.value())).transpose()
    }

    /// A person's orders, newest first.
    pub fn orders_of(&self, owner: u64) -> AppResult<Vec<OrderRecord>> {
        let tx = self.db.begin_read()?;
        let index = tx.open_table(OWNER_ORDERS)?;
        let orders = tx.open_table(ORDERS)?;
        let mut found = Vec::new();
        for entry in index.range((owner, i64::MIN, "")..=(owner, i64::MAX, "\u{10ffff}"))?.rev() {
            let (key, _) = entry?;
            if let Some(order) = orders.get(key.value().2)? {
                found.push(decode(order.value())?);
            }
        }
        Ok(found)
    }

    /// Everyone's orders, newest first: the print lab's list.
    pub fn all_orders(&self) -> AppResult<Vec<OrderRecord>> {
        let tx = self.db.begin_read()?;
        let orders = tx.open_table(ORDERS)?;
        let mut all: Vec<OrderRecord> = orders
            .iter()?
            .map(|e| e.map_err(Into::into).and_then(|(_, v)| decode(v.value())))
            .collect::<AppResult<_>>()?;
        all.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
        Ok(all)
    }

    /// Changes an order in one transaction, if it still exists: `change` may refuse.
    pub fn update_order(
        &self,
        id: &str,
        change: impl FnOnce(&mut OrderRecord) -> AppResult<()>,
    ) -> AppResult<Option<OrderRecord>> {
        let tx = self.db.begin_write()?;
        let updated = {
            let mut orders = tx.open_table(ORDERS)?;
            let Some(mut order) = orders.get(id)?.map(|v| decode::<OrderRecord>(v.value())).transpose()?
            else {
                return Ok(None);
            };
            change(&mut order)?;
            orders.insert(id, encode(&order)?.as_slice())?;
            order
        };
        tx.commit()?;
        Ok(Some(updated))
    }

    /// Deletes an order; returns the blob keys no longer referenced, for the caller to delete.
    pub fn delete_order(&self, id: &str) -> AppResult<Option<Vec<String>>> {
        let tx = self.db.begin_write()?;
        let Some(order) =
            tx.open_table(ORDERS)?.remove(id)?.map(|v| decode::<OrderRecord>(v.value())).transpose()?
        else {
            return Ok(None);
        };
        tx.open_table(OWNER_ORDERS)?.remove((order.owner, order.created_at, order.id.as_str()))?;
        let mut freed = Vec::new();
        super::release_blob_refs(&tx, order.lines.iter().map(|l| l.file.as_str()), &mut freed)?;
        tx.commit()?;
        Ok(Some(freed))
    }
}
