//! Ordering prints: the price list, an order's lines, the shipping address, and the order's life.
//!
//! Money is in the currency's minor unit (cents) so sums are exact; lengths are in micrometres so
//! inches and centimetres both convert to 300 DPI pixels with integer arithmetic.

use serde::{Deserialize, Serialize};

/// The resolution every print file is rendered at.
pub const PRINT_DPI: u32 = 300;
/// Below this effective resolution the print looks soft: the person is warned.
pub const DPI_WARNING: u32 = 150;
/// Below this it looks blurry: the line needs the person's explicit confirmation.
pub const DPI_CONFIRM: u32 = 100;
/// Longest caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 80;
/// Copies of one line.
pub const MAX_QUANTITY: u32 = 100;
/// Lines in one order.
pub const MAX_ORDER_LINES: usize = 50;
/// Widest white border, in millimetres.
pub const MAX_BORDER_MM: u32 = 25;

/// One print size offered, short side first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PrintSize {
    /// Stable id used in orders, e.g. `4x6`.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[A-Za-z0-9-]{1,40}$")))]
    pub id: String,
    /// As people say it, e.g. `4×6 in`.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 60), pattern(r"\S")))]
    pub label: String,
    /// From an inch (25.4 mm) to two feet, no longer than the long side.
    #[cfg_attr(feature = "schema", schemars(range(min = 25_400, max = 609_600)))]
    pub short_um: u32,
    #[cfg_attr(feature = "schema", schemars(range(min = 25_400, max = 609_600)))]
    pub long_um: u32,
    /// Price of one print on the cheapest paper, in minor units.
    #[cfg_attr(feature = "schema", schemars(range(max = 100_000_000)))]
    pub price: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Paper {
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[A-Za-z0-9-]{1,40}$")))]
    pub id: String,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 60), pattern(r"\S")))]
    pub label: String,
    /// Added to each print's price, in minor units.
    #[cfg_attr(feature = "schema", schemars(range(max = 100_000_000)))]
    pub surcharge: u64,
}

/// What prints cost and how they are made. Kept on the server; the admin edits it in the print lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceList {
    /// ISO 4217 code, e.g. `USD`.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[A-Z]{3}$")))]
    pub currency: String,
    /// Ids are unique among sizes and papers.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub sizes: Vec<PrintSize>,
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub papers: Vec<Paper>,
    /// Shipping per order, in minor units.
    #[cfg_attr(feature = "schema", schemars(range(max = 100_000_000)))]
    pub shipping: u64,
    /// Orders whose subtotal reaches this ship free.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(range(max = 10_000_000_000_u64)))]
    pub free_shipping_from: Option<u64>,
    /// Extra image past the trim on every side, which the lab cuts off; 0 for none.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(range(max = 10_000)))]
    pub bleed_um: u32,
}

/// Inches and centimetres in micrometres.
const IN: u32 = 25_400;
const CM: u32 = 10_000;

impl Default for PriceList {
    /// What a new server offers until the admin changes it: common lab sizes and prices.
    fn default() -> Self {
        let size = |id: &str, label: &str, short_um: u32, long_um: u32, price: u64| PrintSize {
            id: id.into(),
            label: label.into(),
            short_um,
            long_um,
            price,
        };
        let paper =
            |id: &str, label: &str, surcharge: u64| Paper { id: id.into(), label: label.into(), surcharge };
        Self {
            currency: "USD".into(),
            sizes: vec![
                size("wallet", "Wallet (2.5×3.5 in)", 5 * IN / 2, 7 * IN / 2, 25),
                size("4x6", "4×6 in", 4 * IN, 6 * IN, 35),
                size("5x7", "5×7 in", 5 * IN, 7 * IN, 99),
                size("8x8", "8×8 in (square)", 8 * IN, 8 * IN, 399),
                size("8x10", "8×10 in", 8 * IN, 10 * IN, 399),
                size("11x14", "11×14 in", 11 * IN, 14 * IN, 999),
                size("10x15cm", "10×15 cm", 10 * CM, 15 * CM, 35),
                size("13x18cm", "13×18 cm", 13 * CM, 18 * CM, 99),
                size("20x25cm", "20×25 cm", 20 * CM, 25 * CM, 399),
            ],
            papers: vec![
                paper("glossy", "Glossy", 0),
                paper("matte", "Matte", 0),
                paper("lustre", "Lustre", 10),
            ],
            shipping: 499,
            free_shipping_from: Some(3500),
            bleed_um: 0,
        }
    }
}

impl PriceList {
    pub fn size(&self, id: &str) -> Option<&PrintSize> {
        self.sizes.iter().find(|s| s.id == id)
    }

    pub fn paper(&self, id: &str) -> Option<&Paper> {
        self.papers.iter().find(|p| p.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum PrintOrientation {
    Portrait,
    Landscape,
}

/// Which part of the photo is printed: the centre of the cut-out as a fraction of the photo's
/// displayed width and height, and how far in it is zoomed (1 = as large as the print's shape allows).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Crop {
    pub center_x: f64,
    pub center_y: f64,
    pub zoom: f64,
}

impl Default for Crop {
    fn default() -> Self {
        Self { center_x: 0.5, center_y: 0.5, zoom: 1.0 }
    }
}

pub const MAX_ZOOM: f64 = 8.0;

/// One line of an order as the person chose it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PrintLine {
    pub asset_id: String,
    pub size: String,
    pub paper: String,
    pub quantity: u32,
    /// White border on every side, in millimetres; 0 for none.
    #[serde(default)]
    pub border_mm: u32,
    #[serde(default)]
    pub caption: Option<String>,
    pub orientation: PrintOrientation,
    #[serde(default)]
    pub crop: Crop,
    /// The person saw the low-resolution warning and wants the print anyway.
    #[serde(default)]
    pub low_resolution_confirmed: bool,
}

/// Ask the server what lines cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuoteRequest {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_ORDER_LINES)))]
    pub lines: Vec<PrintLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuoteLine {
    pub unit_price: u64,
    pub total: u64,
    /// Effective resolution of the cut-out at the print's size.
    pub dpi: u32,
    /// The file the browser must send for this line, in pixels.
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Quote {
    pub currency: String,
    pub lines: Vec<QuoteLine>,
    pub subtotal: u64,
    pub shipping: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Address {
    pub name: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub city: String,
    #[serde(default)]
    pub region: String,
    pub postcode: String,
    /// ISO 3166-1 alpha-2, e.g. `US`.
    pub country: String,
    #[serde(default)]
    pub phone: String,
}

impl Address {
    /// The address as it goes on a label, line by line, empty lines left out.
    pub fn label_lines(&self) -> Vec<String> {
        let place = format!("{} {} {}", self.city, self.region, self.postcode);
        [&self.name, &self.line1, &self.line2, &place, &self.country]
            .into_iter()
            .map(|line| crate::squeeze_spaces(line))
            .filter(|line| !line.is_empty())
            .collect()
    }
}

/// The `order` part of the checkout request; the rendered files follow as parts `line-0`, `line-1`, ….
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewOrder {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_ORDER_LINES)))]
    pub lines: Vec<PrintLine>,
    pub address: Address,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    Placed,
    Printing,
    Shipped,
    Delivered,
    Cancelled,
}

impl OrderStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Placed => "placed",
            Self::Printing => "printing",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
        }
    }

    /// Where the lab may move an order from here.
    pub fn next(self) -> &'static [OrderStatus] {
        match self {
            Self::Placed => &[Self::Printing, Self::Cancelled],
            Self::Printing => &[Self::Shipped, Self::Cancelled],
            Self::Shipped => &[Self::Delivered],
            Self::Delivered | Self::Cancelled => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatusChange {
    pub status: OrderStatus,
    pub at: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrderLine {
    #[serde(flatten)]
    pub line: PrintLine,
    pub size_label: String,
    pub paper_label: String,
    pub unit_price: u64,
    pub total: u64,
    pub width: u32,
    pub height: u32,
    pub dpi: u32,
    /// The photo's thumbnail, while the photo is still in its owner's library.
    #[serde(default)]
    pub thumbnail_url: Option<String>,
    /// The print file as rendered.
    pub file_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Order {
    pub id: String,
    /// What people call it: 1001, 1002, … (0 for an order placed before orders had numbers).
    pub number: u64,
    pub owner: String,
    pub created_at: String,
    pub status: OrderStatus,
    pub history: Vec<StatusChange>,
    pub lines: Vec<OrderLine>,
    pub address: Address,
    pub currency: String,
    pub subtotal: u64,
    pub shipping: u64,
    pub total: u64,
    /// The lab's latest note (a tracking number once shipped).
    #[serde(default)]
    pub tracking: Option<String>,
}

impl Order {
    /// How the order is named to people: its number, or its id for an order from before numbers.
    pub fn label(&self) -> String {
        if self.number > 0 { self.number.to_string() } else { self.id.clone() }
    }
}

/// The lab moves an order on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatusUpdate {
    pub status: OrderStatus,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 500)))]
    pub note: Option<String>,
}

/// `1234` in `USD` → `$12.34`; currencies without a symbol here are written with their code.
pub fn format_money(minor: u64, currency: &str) -> String {
    let amount = format!("{}.{:02}", minor / 100, minor % 100);
    match currency {
        "USD" | "CAD" | "AUD" | "NZD" => format!("${amount}"),
        "EUR" => format!("€{amount}"),
        "GBP" => format!("£{amount}"),
        other => format!("{amount} {other}"),
    }
}

/// Millimetres to micrometres, for borders.
pub const fn mm(v: u32) -> u32 {
    v * 1000
}
