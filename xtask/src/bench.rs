//! `cargo xtask bench` (filled in below).
pub fn run() -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
