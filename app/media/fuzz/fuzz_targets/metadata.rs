//! Sniffing and metadata: EXIF/TIFF directories, JPEG markers, PNG and WebP chunks, ISO-BMFF boxes
//! (HEIF, AVIF, MP4, MOV), header sizes. Whatever the bytes, an answer or an error, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = keepsake_media::read_metadata(data);
});
