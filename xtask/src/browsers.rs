//! The other engines: Firefox ESR and WebKitGTK (Safari's engine) from Debian, geckodriver
//! from crates.io; the storage tests in Firefox, and `e2e/browsers.mjs` (the smoke subset in
//! Firefox, WebKit and Chromium, with their figures) against the release build in `dist/`.

use crate::{root, run, run_collecting, tools, Result};
use bakkal_core::io::backup::{export, Records};
use bakkal_core::sample::{generated_book, generated_history};
use chrono::{TimeZone, Utc};
use std::path::PathBuf;
use std::process::{Child, Command};

pub const FIREFOX: &str = "/usr/bin/firefox-esr";
const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
/// The size of the book each engine imports and is measured with.
const CONTACTS: usize = 5_000;
const PER_CONTACT: usize = 4;

/// Where `cargo install geckodriver` puts it.
pub fn geckodriver() -> PathBuf {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|_| PathBuf::from("/root/.cargo"));
    home.join("bin/geckodriver")
}

/// Installs what is missing: Debian's firefox-esr, webkit2gtk-driver and xvfb;
/// geckodriver from crates.io (about 2 minutes).
pub fn install() -> Result {
    let missing: Vec<&str> = [
        (FIREFOX, "firefox-esr"),
        (WEBKIT_DRIVER, "webkit2gtk-driver"),
        ("/usr/bin/xvfb-run", "xvfb"),
    ]
    .into_iter()
    .filter(|(path, _)| !std::path::Path::new(path).exists())
    .map(|(_, package)| package)
    .collect();
    if !missing.is_empty() {
        tools::apt_install(&missing)?;
    }
    if !geckodriver().exists() {
        run(Command::new(env!("CARGO")).args(["install", "geckodriver", "--locked"]))?;
    }
    Ok(())
}

/// A backup of a generated book, written by the core's own export.
pub fn backup_file(contacts: usize, per_contact: usize) -> Result<PathBuf> {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .ok_or("bad time")?;
    let book = generated_book(contacts, 11, now);
    let history = generated_history(&book, per_contact, 11, now);
    let records = Records {
        contacts: book,
        interactions: history,
        ..Records::default()
    };
    let dir = root().join("target/browsers");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("book-{contacts}-{per_contact}.json"));
    std::fs::write(&path, export(&records, now, "xtask")).map_err(|e| e.to_string())?;
    Ok(path)
}

/// WebKitWebDriver under a virtual display, on a free port; stopped when dropped.
struct WebKitDriver {
    child: Child,
    url: String,
}

impl WebKitDriver {
    fn start() -> Result<WebKitDriver> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = Command::new("xvfb-run")
            .args(["-a", WEBKIT_DRIVER, &format!("--port={port}")])
            .spawn()
            .map_err(|e| format!("xvfb-run {WEBKIT_DRIVER}: {e}"))?;
        let driver = WebKitDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(driver);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(format!(
            "WebKitWebDriver did not listen on port {port} within 10 s"
        ))
    }
}

impl Drop for WebKitDriver {
    fn drop(&mut self) {
        // xvfb-run's children (Xvfb, the driver) go with its process group.
        let _ = Command::new("pkill")
            .args(["-P", &self.child.id().to_string()])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The smoke subset in Firefox, WebKit and Chromium against `dist/`.
pub fn smoke(summary: &mut Vec<String>) -> Result {
    let backup = backup_file(CONTACTS, PER_CONTACT)?;
    let webkit = WebKitDriver::start()?;
    summary.push("cross-browser smoke (Firefox ESR, WebKitGTK, Chromium):".into());
    run_collecting(
        Command::new("node")
            .arg("e2e/browsers.mjs")
            .env("BACKUP", backup)
            .env("DIST", root().join("dist"))
            .env("FIREFOX", FIREFOX)
            .env("CHROMIUM", tools::CHROMIUM)
            .env("WEBKIT_DRIVER_URL", &webkit.url),
        summary,
    )
}
