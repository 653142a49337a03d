//! Embeds the widget runtime (built by `scripts/build-widget.sh` into `target/runtime/`: the
//! loader `whatsnew.js`, the content-hashed wasm, and their `.br`/`.gz` copies) so the
//! `whatsnew` binary can write it next to every bundle. Without it the CLI still builds, and
//! `whatsnew build` says how to get a binary that carries the runtime.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-env-changed=WHATSNEW_RUNTIME_DIR");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dir = env::var_os("WHATSNEW_RUNTIME_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../target/runtime"));
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let complete =
        names.iter().any(|n| n == "whatsnew.js") && names.iter().any(|n| n.ends_with(".wasm"));
    let code = if complete {
        let entries: Vec<String> = names
            .iter()
            .map(|n| {
                let path = dir
                    .join(n)
                    .canonicalize()
                    .unwrap_or_else(|e| panic!("cannot read {n}: {e}"));
                println!("cargo:rerun-if-changed={}", path.display());
                format!(
                    "({n:?}, include_bytes!({:?}) as &[u8])",
                    path.display().to_string()
                )
            })
            .collect();
        format!(
            "pub const FILES: Option<&[(&str, &[u8])]> = Some(&[{}]);\n",
            entries.join(", ")
        )
    } else {
        println!(
            "cargo:warning=widget runtime not found in {}; run `make build` for a complete whatsnew binary",
            dir.display()
        );
        "pub const FILES: Option<&[(&str, &[u8])]> = None;\n".to_owned()
    };
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("runtime.rs");
    if fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
}
