//! How much of their storage a person uses, and of what quota.

use crate::{api, format};
use leptos::{prelude::*, task::spawn_local};

/// "1.2 GB used of 5.0 GB", or "1.2 GB used" without a quota; a bar when there is one.
pub fn usage_text(used: u64, quota: Option<u64>) -> String {
    match quota {
        Some(quota) => format!("{} used of {}", format::bytes(used), format::bytes(quota)),
        None => format!("{} used", format::bytes(used)),
    }
}

/// The signed-in person's storage, read when shown.
#[component]
pub fn StorageUsage() -> impl IntoView {
    let me = RwSignal::new(None::<keepsake_api::Me>);
    spawn_local(async move {
        if let Ok(found) = api::me().await {
            me.set(found);
        }
    });
    view! {
        {move || me.get().map(|m| {
            let near = m.quota_bytes.is_some_and(|q| m.used_bytes.saturating_mul(10) >= q.saturating_mul(9));
            view! {
                <p class="storage" class:warning=near data-used=m.used_bytes.to_string()>
                    {usage_text(m.used_bytes, m.quota_bytes)}
                    {m.quota_bytes.map(|q| view! {
                        <meter min="0" max=q.to_string() value=m.used_bytes.to_string() aria-label="Storage used"></meter>
                    })}
                </p>
            }
        })}
    }
}
