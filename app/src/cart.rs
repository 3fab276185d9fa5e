//! The print cart: the photos being laid out as prints, kept while the person is signed in. The cart
//! page (`pages::prints`) edits it; the selection bar and the viewer add to it.

use crate::{
    api,
    route::{Nav, Route},
    state::Actions,
};
use keepsake_api::{Asset, AssetKind, Crop, MAX_ORDER_LINES, PrintLine, print_layout};
use leptos::{prelude::*, task::spawn_local};

#[derive(Debug, Clone, PartialEq)]
pub struct CartItem {
    pub key: u64,
    pub asset: Asset,
    pub line: PrintLine,
}

/// Prints being chosen, kept while the person is signed in.
#[derive(Clone, Copy)]
pub struct PrintCart {
    pub items: RwSignal<Vec<CartItem>>,
    next_key: StoredValue<u64>,
}

impl Default for PrintCart {
    fn default() -> Self {
        Self { items: RwSignal::new(Vec::new()), next_key: StoredValue::new(0) }
    }
}

impl PrintCart {
    /// Adds photos (videos cannot be printed) with a default print of each, then opens the cart.
    pub fn add(&self, ids: Vec<String>, actions: Actions, nav: Nav) {
        let cart = *self;
        spawn_local(async move {
            let mut skipped = 0;
            for id in ids {
                if cart.items.with_untracked(Vec::len) >= MAX_ORDER_LINES {
                    skipped += 1;
                    continue;
                }
                match api::asset(&id).await {
                    Ok(asset)
                        if asset.kind == AssetKind::Photo
                            && asset.width.is_some()
                            && asset.height.is_some() =>
                    {
                        let key = cart.next_key.get_value();
                        cart.next_key.set_value(key + 1);
                        let (w, h) = (asset.width.unwrap_or(1), asset.height.unwrap_or(1));
                        let line = PrintLine {
                            asset_id: asset.id.clone(),
                            size: String::new(),
                            paper: String::new(),
                            quantity: 1,
                            border_mm: 0,
                            caption: None,
                            orientation: print_layout::natural_orientation(w, h),
                            crop: Crop::default(),
                            low_resolution_confirmed: false,
                        };
                        cart.items.update(|items| items.push(CartItem { key, asset, line }));
                    }
                    _ => skipped += 1,
                }
            }
            if skipped > 0 {
                actions.message.set(Some(format!(
                    "{skipped} left out: only photos can be printed, up to {MAX_ORDER_LINES} in one order"
                )));
            }
            nav.go(Route::Prints);
        });
    }

    pub fn change(&self, key: u64, f: impl FnOnce(&mut PrintLine)) {
        self.items.update(|items| {
            if let Some(item) = items.iter_mut().find(|i| i.key == key) {
                f(&mut item.line);
            }
        });
    }

    pub fn lines(&self) -> Vec<PrintLine> {
        self.items.with(|items| items.iter().map(|i| i.line.clone()).collect())
    }
}
