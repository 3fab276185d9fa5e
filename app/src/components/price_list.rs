//! The admin's price list as a form: sizes in inches with their prices, papers with their surcharges,
//! shipping and the bleed, in the currency's units. The whole list stays editable as JSON under
//! "Advanced", for what the form does not show.

use crate::api;
use keepsake_api::{Paper, PriceList, PrintSize};
use leptos::{ev, prelude::*, task::spawn_local};

const UM_PER_INCH: f64 = 25_400.0;

/// Minor units (cents) as the amount people type: `499` → `"4.99"`.
fn amount(minor: u64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

/// `"4.99"` → `499`; `None` for what is not an amount.
fn minor(text: &str) -> Option<u64> {
    let value: f64 = text.trim().parse().ok()?;
    (value.is_finite() && value >= 0.0).then(|| (value * 100.0).round() as u64)
}

fn inches(um: u32) -> String {
    let value = f64::from(um) / UM_PER_INCH;
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn micrometres(text: &str) -> Option<u32> {
    let value: f64 = text.trim().parse().ok()?;
    (value.is_finite() && value > 0.0).then(|| (value * UM_PER_INCH).round() as u32)
}

/// An id for a size or paper added in the form, from its label: "8×10 in" → "8x10-in".
fn id_from(label: &str, taken: &[String]) -> String {
    let base: String = label
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c
            } else if c == '×' {
                'x'
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = if base.is_empty() { "item".to_string() } else { base };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Gives new rows their ids before saving.
fn with_ids(mut list: PriceList) -> PriceList {
    let mut taken: Vec<String> =
        list.sizes.iter().map(|s| s.id.clone()).chain(list.papers.iter().map(|p| p.id.clone())).collect();
    for size in list.sizes.iter_mut().filter(|s| s.id.is_empty()) {
        size.id = id_from(&size.label, &taken);
        taken.push(size.id.clone());
    }
    for paper in list.papers.iter_mut().filter(|p| p.id.is_empty()) {
        paper.id = id_from(&paper.label, &taken);
        taken.push(paper.id.clone());
    }
    list
}

#[component]
pub fn PriceListEditor() -> impl IntoView {
    let list = RwSignal::new(None::<PriceList>);
    let json = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<String, String>>);
    let show = move |saved: PriceList| {
        json.set(serde_json::to_string_pretty(&saved).unwrap_or_default());
        list.set(Some(saved));
    };
    spawn_local(async move {
        if let Ok(saved) = api::price_list().await {
            show(saved);
        }
    });
    let send = move |candidate: PriceList| {
        spawn_local(async move {
            status.set(Some(match api::set_price_list(&with_ids(candidate)).await {
                Ok(saved) => {
                    show(saved);
                    Ok("Saved".into())
                }
                Err(e) => Err(e.to_string()),
            }));
        });
    };
    let save_form = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if let Some(current) = list.get_untracked() {
            send(current);
        }
    };
    let save_json = move |e: ev::SubmitEvent| {
        e.prevent_default();
        match serde_json::from_str::<PriceList>(&json.get_untracked()) {
            Ok(candidate) => send(candidate),
            Err(e) => status.set(Some(Err(format!("not a valid price list: {e}")))),
        }
    };
    let edit = move |f: &dyn Fn(&mut PriceList)| {
        list.update(|l| {
            if let Some(l) = l {
                f(l)
            }
        })
    };
    view! {
        <section class="price-list">
            <h2>"Price list"</h2>
            <Show when=move || list.with(Option::is_some) fallback=|| view! { <p class="muted">"Loading the price list…"</p> }>
                <form class="price-form" on:submit=save_form>
                    <label>"Currency (ISO code)"
                        <input maxlength="3" required prop:value=move || list.with(|l| l.as_ref().map(|l| l.currency.clone()).unwrap_or_default())
                            on:change=move |e| { let v = event_target_value(&e).trim().to_uppercase(); edit(&|l| l.currency = v.clone()) } />
                    </label>
                    <Sizes list=list />
                    <Papers list=list />
                    <div class="price-row">
                        <label>"Shipping per order"
                            <input inputmode="decimal" prop:value=move || list.with(|l| l.as_ref().map(|l| amount(l.shipping)).unwrap_or_default())
                                on:change=move |e| if let Some(v) = minor(&event_target_value(&e)) { edit(&|l| l.shipping = v) } />
                        </label>
                        <label>"Free shipping from (empty: never)"
                            <input inputmode="decimal" prop:value=move || list.with(|l| l.as_ref().and_then(|l| l.free_shipping_from).map(amount).unwrap_or_default())
                                on:change=move |e| { let v = minor(&event_target_value(&e)); edit(&|l| l.free_shipping_from = v) } />
                        </label>
                        <label>"Bleed (mm, cut off by the lab)"
                            <input inputmode="decimal" prop:value=move || list.with(|l| l.as_ref().map(|l| format!("{}", f64::from(l.bleed_um) / 1000.0)).unwrap_or_default())
                                on:change=move |e| { let mm: f64 = event_target_value(&e).trim().parse().unwrap_or(0.0); edit(&|l| l.bleed_um = (mm.clamp(0.0, 10.0) * 1000.0).round() as u32) } />
                        </label>
                    </div>
                    <button type="submit">"Save price list"</button>
                </form>
            </Show>
            {move || status.get().map(|s| match s {
                Ok(m) => view! { <p class="notice" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            })}
            <details>
                <summary>"Advanced: the price list as JSON"</summary>
                <form on:submit=save_json>
                    <p class="muted">"Prices are in the currency's smallest unit (cents); sizes in micrometres (1 in = 25400)."</p>
                    <textarea aria-label="Price list as JSON" rows="16" prop:value=move || json.get() on:input=move |e| json.set(event_target_value(&e))></textarea>
                    <button type="submit" class="secondary">"Save JSON"</button>
                </form>
            </details>
        </section>
    }
}

#[component]
fn Sizes(list: RwSignal<Option<PriceList>>) -> impl IntoView {
    // Rows are redrawn only when their number changes, so editing one keeps focus where it is.
    let count = Memo::new(move |_| list.with(|l| l.as_ref().map_or(0, |l| l.sizes.len())));
    let edit = move |i: usize, f: &dyn Fn(&mut PrintSize)| {
        list.update(|l| {
            if let Some(size) = l.as_mut().and_then(|l| l.sizes.get_mut(i)) {
                f(size)
            }
        })
    };
    let field = move |i: usize, f: fn(&PrintSize) -> String| {
        list.with(|l| l.as_ref().and_then(|l| l.sizes.get(i)).map(f).unwrap_or_default())
    };
    view! {
        <fieldset>
            <legend>"Sizes"</legend>
            <table class="price-table">
                <thead><tr><th>"Name"</th><th>"Short side (in)"</th><th>"Long side (in)"</th><th>"Price"</th><th></th></tr></thead>
                <tbody>
                    {move || (0..count.get()).map(|i| view! {
                        <tr>
                            <td><input aria-label=format!("Size {} name", i + 1) required prop:value=move || field(i, |s| s.label.clone())
                                on:change=move |e| { let v = event_target_value(&e); edit(i, &|s| s.label = v.clone()) } /></td>
                            <td><input aria-label=format!("Size {} short side", i + 1) inputmode="decimal" prop:value=move || field(i, |s| inches(s.short_um))
                                on:change=move |e| if let Some(v) = micrometres(&event_target_value(&e)) { edit(i, &|s| s.short_um = v) } /></td>
                            <td><input aria-label=format!("Size {} long side", i + 1) inputmode="decimal" prop:value=move || field(i, |s| inches(s.long_um))
                                on:change=move |e| if let Some(v) = micrometres(&event_target_value(&e)) { edit(i, &|s| s.long_um = v) } /></td>
                            <td><input aria-label=format!("Size {} price", i + 1) inputmode="decimal" prop:value=move || field(i, |s| amount(s.price))
                                on:change=move |e| if let Some(v) = minor(&event_target_value(&e)) { edit(i, &|s| s.price = v) } /></td>
                            <td><button type="button" class="link" on:click=move |_| list.update(|l| if let Some(l) = l { l.sizes.remove(i); })>"Remove"</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="secondary" on:click=move |_| list.update(|l| if let Some(l) = l {
                l.sizes.push(PrintSize { id: String::new(), label: String::new(), short_um: 4 * 25_400, long_um: 6 * 25_400, price: 0 })
            })>"Add a size"</button>
        </fieldset>
    }
}

#[component]
fn Papers(list: RwSignal<Option<PriceList>>) -> impl IntoView {
    let count = Memo::new(move |_| list.with(|l| l.as_ref().map_or(0, |l| l.papers.len())));
    let edit = move |i: usize, f: &dyn Fn(&mut Paper)| {
        list.update(|l| {
            if let Some(paper) = l.as_mut().and_then(|l| l.papers.get_mut(i)) {
                f(paper)
            }
        })
    };
    let field = move |i: usize, f: fn(&Paper) -> String| {
        list.with(|l| l.as_ref().and_then(|l| l.papers.get(i)).map(f).unwrap_or_default())
    };
    view! {
        <fieldset>
            <legend>"Papers"</legend>
            <table class="price-table">
                <thead><tr><th>"Name"</th><th>"Extra per print"</th><th></th></tr></thead>
                <tbody>
                    {move || (0..count.get()).map(|i| view! {
                        <tr>
                            <td><input aria-label=format!("Paper {} name", i + 1) required prop:value=move || field(i, |p| p.label.clone())
                                on:change=move |e| { let v = event_target_value(&e); edit(i, &|p| p.label = v.clone()) } /></td>
                            <td><input aria-label=format!("Paper {} extra per print", i + 1) inputmode="decimal" prop:value=move || field(i, |p| amount(p.surcharge))
                                on:change=move |e| if let Some(v) = minor(&event_target_value(&e)) { edit(i, &|p| p.surcharge = v) } /></td>
                            <td><button type="button" class="link" on:click=move |_| list.update(|l| if let Some(l) = l { l.papers.remove(i); })>"Remove"</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="secondary" on:click=move |_| list.update(|l| if let Some(l) = l {
                l.papers.push(Paper { id: String::new(), label: String::new(), surcharge: 0 })
            })>"Add a paper"</button>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_form_speaks_inches_and_currency_units() {
        assert_eq!(amount(499), "4.99");
        assert_eq!(minor("4.99"), Some(499));
        assert_eq!(minor("-1"), None);
        assert_eq!(inches(4 * 25_400), "4");
        assert_eq!(inches(88_900), "3.5");
        assert_eq!(micrometres("3.5"), Some(88_900));
        assert_eq!(id_from("8×10 in", &["8x10-in".into()]), "8x10-in-2");
    }
}
