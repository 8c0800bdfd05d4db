//! A minimal static file server for dist/, on 127.0.0.1 only. It serves the app at `/`
//! and again under `/app/`, so the tests prove the build works from a sub-folder.

use crate::Result;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread::JoinHandle;

pub struct Server {
    pub port: u16,
    thread: JoinHandle<()>,
}

impl Server {
    /// Starts serving `dir` on `port` (0 picks a free one) in a background thread.
    pub fn start(dir: PathBuf, port: u16) -> Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &dir);
                });
            }
        });
        Ok(Server { port, thread })
    }

    /// Serves until the process is stopped.
    pub fn wait(self) {
        let _ = self.thread.join();
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Maps a URL path to a file under `dir`, refusing anything that climbs out of it.
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let path = path
        .strip_prefix("/app")
        .filter(|p| p.is_empty() || p.starts_with('/'))
        .unwrap_or(path);
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = dir.join(rel);
    if full.is_dir() {
        Some(full.join("index.html"))
    } else {
        Some(full)
    }
}

fn handle(stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; we answer every request the same way.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut out = stream;
    if target == "/app" {
        // A sub-folder URL without its slash: relative asset URLs need the slash.
        return write!(out, "HTTP/1.1 301 Moved Permanently\r\nLocation: /app/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
    let file = resolve(dir, target).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)));
    match (method, file) {
        ("GET" | "HEAD", Some((path, body))) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
                content_type(&path),
                body.len()
            )?;
            if method == "GET" {
                out.write_all(&body)?;
            }
        }
        _ => {
            let body = b"not found";
            write!(out, "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len())?;
            out.write_all(body)?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use std::path::Path;

    #[test]
    fn paths_stay_inside_dist_and_app_is_a_mount() {
        let d = Path::new("/srv/dist");
        assert_eq!(resolve(d, "/bakkal.js?x=1"), Some(d.join("bakkal.js")));
        assert_eq!(resolve(d, "/app/bakkal.js"), Some(d.join("bakkal.js")));
        assert_eq!(resolve(d, "/apple.js"), Some(d.join("apple.js")));
        assert_eq!(resolve(d, "/../etc/passwd"), None);
        assert_eq!(resolve(d, "/app/../../etc/passwd"), None);
    }
}
