//! Embeds the widget runtime (built by `scripts/build-widget.sh` into `target/runtime/`) so the
//! `whatsnew` binary can write it next to every bundle. Without it the CLI still builds, and
//! `whatsnew build` says how to get a binary that carries the runtime.

use std::path::PathBuf;
use std::{env, fs};

const FILES: [&str; 3] = [
    "whatsnew.js",
    "whatsnew-runtime.js",
    "whatsnew-runtime.wasm",
];

fn main() {
    println!("cargo:rerun-if-env-changed=WHATSNEW_RUNTIME_DIR");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dir = env::var_os("WHATSNEW_RUNTIME_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../target/runtime"));
    let mut entries = Vec::new();
    for f in FILES {
        let path = dir.join(f);
        println!("cargo:rerun-if-changed={}", path.display());
        if let Ok(abs) = path.canonicalize() {
            entries.push(format!(
                "({f:?}, include_bytes!({:?}) as &[u8])",
                abs.display().to_string()
            ));
        }
    }
    let code = if entries.len() == FILES.len() {
        format!(
            "pub const FILES: Option<&[(&str, &[u8])]> = Some(&[{}]);\n",
            entries.join(", ")
        )
    } else {
        println!("cargo:warning=widget runtime not found in {}; run `make build` for a complete whatsnew binary", dir.display());
        "pub const FILES: Option<&[(&str, &[u8])]> = None;\n".to_owned()
    };
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("runtime.rs");
    if fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
}
