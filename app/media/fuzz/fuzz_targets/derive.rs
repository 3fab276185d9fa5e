//! Decoding under limits and making the thumbnail and preview, as the server does for API clients.
#![no_main]

use keepsake_media::DecodeLimits;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(format) = keepsake_media::sniff(data) else { return };
    // Small limits keep each run fast; a decompression bomb must meet them, not the machine's memory.
    let limits = DecodeLimits { max_pixels: 4_000_000, max_alloc: 64 << 20 };
    let _ = keepsake_media::derive_from_bytes(format, data, Some(6), &limits);
});
