//! The check of a print file a browser sends at checkout: header first (size, density), then a decode
//! within its buffer bound.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = keepsake_media::print::verify_print_file(data, (64, 48));
});
