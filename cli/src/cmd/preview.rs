//! `whatsnew preview`: builds into a temporary folder and serves the demo product page with
//! the widget embedded, on 127.0.0.1 only.

use super::build;
use crate::args::PreviewArgs;
use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;
use tiny_http::{Header, Response, Server};

/// The demo product page, carried in the binary so `preview` works from any folder.
const SITE: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../../../demo/site/index.html"),
    ),
    (
        "/app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../demo/site/app.css"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../demo/site/app.js"),
    ),
];

/// Runs `whatsnew preview` until interrupted.
pub fn run(args: &PreviewArgs) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("whatsnew-preview-{}", std::process::id()));
    let built = build::build(&args.content_dir, &dir, args.bundle_id.as_deref())?;
    let server = Server::http(("127.0.0.1", args.port)).map_err(|e| Error::Io {
        context: format!("cannot listen on 127.0.0.1:{}", args.port),
        source: std::io::Error::other(e.to_string()),
        hint: Some("another program may be using the port; pick another with --port".into()),
    })?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let n = built.bundle.announcements.len();
    // A closed stdout (a caller that read the URL and went away) must not stop the server.
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "Previewing {n} announcement{} at http://127.0.0.1:{port}/",
        if n == 1 { "" } else { "s" }
    );
    if let Some(product) = crate::config::Config::load(&args.content_dir)
        .ok()
        .and_then(|c| c.base_url)
    {
        let _ = writeln!(
            stdout,
            "Your product (base_url in whatsnew.toml): {product}"
        );
    }
    let _ = writeln!(stdout, "Press Ctrl-C to stop.");
    let _ = stdout.flush();
    for request in server.incoming_requests() {
        let accept = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Accept-Encoding"))
            .map(|h| h.value.as_str().to_owned())
            .unwrap_or_default();
        let response = respond(request.url(), &accept, &dir);
        let _ = request.respond(response);
    }
    Ok(())
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

fn respond(url: &str, accept_encoding: &str, built: &Path) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = if path == "/index.html" { "/" } else { path };
    if let Some((_, kind, body)) = SITE.iter().find(|(p, _, _)| *p == path) {
        return Response::from_data(body.to_vec())
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", "no-store"));
    }
    let Some(name) = path.strip_prefix("/whatsnew/").filter(|n| is_plain_name(n)) else {
        return not_found();
    };
    // Serve the precompressed copy the browser accepts, as a CDN would.
    let encodings = accept_encoding
        .split(',')
        .map(|e| e.split(';').next().unwrap_or("").trim());
    let accepts = |enc: &str| encodings.clone().any(|e| e == enc);
    let variant = [("br", ".br"), ("gzip", ".gz")]
        .into_iter()
        .filter(|(enc, _)| accepts(enc))
        .find_map(|(enc, ext)| {
            std::fs::read(built.join(format!("{name}{ext}")))
                .ok()
                .map(|b| (Some(enc), b))
        });
    let Some((encoding, body)) =
        variant.or_else(|| std::fs::read(built.join(name)).ok().map(|b| (None, b)))
    else {
        return not_found();
    };
    // Content-hashed files never change: cache them for a year. The rest must revalidate.
    let hashed = name.starts_with("whatsnew-") && name.ends_with(".wasm");
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = Response::from_data(body)
        .with_header(header("Content-Type", content_type(name)))
        .with_header(header("Cache-Control", cache))
        .with_header(header("Vary", "Accept-Encoding"));
    if let Some(enc) = encoding {
        response = response.with_header(header("Content-Encoding", enc));
    }
    response
}

fn not_found() -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(b"not found\n".to_vec()).with_status_code(404)
}

/// Only files directly in the output folder: no `..`, no subfolders.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_only_plain_names_from_the_build() {
        for (name, ok) in [
            ("whatsnew.json", true),
            ("../secret", false),
            (".env", false),
            ("a/b.js", false),
            ("", false),
        ] {
            assert_eq!(is_plain_name(name), ok, "{name}");
        }
    }
}
