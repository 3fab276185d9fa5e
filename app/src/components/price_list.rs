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
                    {row_table::<PrintSize>(list)}
                    {row_table::<Paper>(list)}
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

/// A column of a row table: its heading, and how a cell reads its row and changes it (a value that
/// does not parse changes nothing).
struct Column<T> {
    heading: &'static str,
    decimal: bool,
    get: fn(&T) -> String,
    set: fn(&mut T, &str),
}

/// Sizes and papers: a table of rows with their columns, rows added and removed.
trait PriceRow: Sized + Send + Sync + 'static {
    const LEGEND: &'static str;
    const NOUN: &'static str;
    fn rows(list: &PriceList) -> &Vec<Self>;
    fn rows_mut(list: &mut PriceList) -> &mut Vec<Self>;
    fn columns() -> Vec<Column<Self>>;
    fn new_row() -> Self;
}

impl PriceRow for PrintSize {
    const LEGEND: &'static str = "Sizes";
    const NOUN: &'static str = "Size";
    fn rows(list: &PriceList) -> &Vec<Self> {
        &list.sizes
    }
    fn rows_mut(list: &mut PriceList) -> &mut Vec<Self> {
        &mut list.sizes
    }
    fn columns() -> Vec<Column<Self>> {
        vec![
            Column {
                heading: "Name",
                decimal: false,
                get: |s| s.label.clone(),
                set: |s, v| s.label = v.to_string(),
            },
            Column {
                heading: "Short side (in)",
                decimal: true,
                get: |s| inches(s.short_um),
                set: |s, v| s.short_um = micrometres(v).unwrap_or(s.short_um),
            },
            Column {
                heading: "Long side (in)",
                decimal: true,
                get: |s| inches(s.long_um),
                set: |s, v| s.long_um = micrometres(v).unwrap_or(s.long_um),
            },
            Column {
                heading: "Price",
                decimal: true,
                get: |s| amount(s.price),
                set: |s, v| s.price = minor(v).unwrap_or(s.price),
            },
        ]
    }
    fn new_row() -> Self {
        PrintSize {
            id: String::new(),
            label: String::new(),
            short_um: 4 * 25_400,
            long_um: 6 * 25_400,
            price: 0,
        }
    }
}

impl PriceRow for Paper {
    const LEGEND: &'static str = "Papers";
    const NOUN: &'static str = "Paper";
    fn rows(list: &PriceList) -> &Vec<Self> {
        &list.papers
    }
    fn rows_mut(list: &mut PriceList) -> &mut Vec<Self> {
        &mut list.papers
    }
    fn columns() -> Vec<Column<Self>> {
        vec![
            Column {
                heading: "Name",
                decimal: false,
                get: |p| p.label.clone(),
                set: |p, v| p.label = v.to_string(),
            },
            Column {
                heading: "Extra per print",
                decimal: true,
                get: |p| amount(p.surcharge),
                set: |p, v| p.surcharge = minor(v).unwrap_or(p.surcharge),
            },
        ]
    }
    fn new_row() -> Self {
        Paper { id: String::new(), label: String::new(), surcharge: 0 }
    }
}

fn row_table<T: PriceRow>(list: RwSignal<Option<PriceList>>) -> impl IntoView {
    // Rows are redrawn only when their number changes, so editing one keeps focus where it is.
    let count = Memo::new(move |_| list.with(|l| l.as_ref().map_or(0, |l| T::rows(l).len())));
    let columns = StoredValue::new(T::columns());
    let headings = columns.with_value(|c| c.iter().map(|c| view! { <th>{c.heading}</th> }).collect_view());
    let cell = move |row: usize, column: usize| {
        let (heading, decimal, get, set) =
            columns.with_value(|c| (c[column].heading, c[column].decimal, c[column].get, c[column].set));
        let value =
            move || list.with(|l| l.as_ref().and_then(|l| T::rows(l).get(row)).map(get).unwrap_or_default());
        let change = move |e: ev::Event| {
            let text = event_target_value(&e);
            list.update(|l| {
                if let Some(r) = l.as_mut().and_then(|l| T::rows_mut(l).get_mut(row)) {
                    set(r, text.trim())
                }
            })
        };
        let label = format!(
            "{} {} {}",
            T::NOUN,
            row + 1,
            heading.split(" (").next().unwrap_or(heading).to_lowercase()
        );
        view! {
            <td><input aria-label=label required=column == 0 inputmode=decimal.then_some("decimal")
                prop:value=value on:change=change /></td>
        }
    };
    view! {
        <fieldset>
            <legend>{T::LEGEND}</legend>
            <table class="price-table">
                <thead><tr>{headings}<th></th></tr></thead>
                <tbody>
                    {move || (0..count.get()).map(|row| view! {
                        <tr>
                            {(0..columns.with_value(Vec::len)).map(|column| cell(row, column)).collect_view()}
                            <td><button type="button" class="link" on:click=move |_| list.update(|l| if let Some(l) = l { T::rows_mut(l).remove(row); })>"Remove"</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="secondary" on:click=move |_| list.update(|l| if let Some(l) = l { T::rows_mut(l).push(T::new_row()) })>
                {format!("Add a {}", T::NOUN.to_lowercase())}
            </button>
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
