//! The widget runtime embedded in this binary at build time (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/runtime.rs"));
