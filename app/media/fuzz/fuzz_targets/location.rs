//! Finding where a file records its location (for links that hide it), in every container: the
//! patches must stay inside the file, whatever the bytes say about offsets and sizes.
#![no_main]

use keepsake_media::{MediaFormat, redact};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let formats = [
        MediaFormat::Jpeg,
        MediaFormat::Png,
        MediaFormat::Webp,
        MediaFormat::Tiff,
        MediaFormat::Heic,
        MediaFormat::Mp4,
    ];
    for format in keepsake_media::sniff(data).into_iter().chain(formats) {
        let patches = redact::location_patches(format, data);
        for patch in &patches {
            assert!(patch.offset as usize + patch.bytes.len() <= data.len(), "a patch past the end");
        }
        let mut copy = data.to_vec();
        redact::apply(&patches, 0, &mut copy);
        assert_eq!(copy.len(), data.len());
    }
});
