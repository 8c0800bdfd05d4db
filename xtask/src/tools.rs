//! Installs what the build and the tests need when it is missing, at the versions known to
//! work here (see the README): the wasm target, Trunk 0.21, the wasm-bindgen CLI matching
//! Cargo.lock, wasm-opt and Playwright from npm, Chromium and ChromeDriver from Debian.

use crate::{root, run, Result};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm-bindgen version in Cargo.lock: the CLI must be exactly this one.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn cargo() -> Command {
    Command::new(env!("CARGO"))
}

/// Everything `trunk build` needs.
pub fn build_tools() -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let trunk = output("trunk", &["--version"]).unwrap_or_default();
    if !trunk.contains(TRUNK_VERSION) {
        // Trunk 0.22 needs a newer rustc than this machine's; 0.21 works.
        run(cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }
    let want = wasm_bindgen_version()?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if !have.split_whitespace().any(|w| w == want) {
        // Without --locked: the CLI's own lock file names a crate version the registry lacks.
        run(cargo().args(["install", "wasm-bindgen-cli", "--version", &want]))?;
    }
    node_tools()
}

/// wasm-opt (npm `binaryen`; Debian's is too old and breaks the module), playwright-core,
/// and for the sync tests pouchdb-server (a CouchDB-compatible server; Debian has no
/// CouchDB) and pouchdb (another client), axe-core for the accessibility check, and
/// puppeteer-core (Firefox over WebDriver BiDi, for the cross-browser smoke), and
/// minisearch (the benchmark's baseline for Search everything).
/// `--ignore-scripts`: none of them needs its
/// install script here, and pouchdb-server's would build sqlite3 from source (2 minutes)
/// for a mode the tests never use (`--in-memory`).
fn node_tools() -> Result {
    if output("npm", &["--version"]).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    let needed = [
        "node_modules/.bin/wasm-opt",
        "node_modules/playwright-core",
        "node_modules/.bin/pouchdb-server",
        "node_modules/pouchdb",
        "node_modules/axe-core/axe.min.js",
        "node_modules/puppeteer-core",
        "node_modules/minisearch/dist/umd/index.js",
    ];
    if needed.iter().any(|p| !root().join(p).exists()) {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"]))?;
    }
    Ok(())
}

/// Chromium and ChromeDriver for the browser tests.
pub fn browser_tools() -> Result {
    if std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

pub fn apt_install(packages: &[&str]) -> Result {
    let is_root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let mut update = Command::new(if is_root { "apt-get" } else { "sudo" });
    let mut install = Command::new(if is_root { "apt-get" } else { "sudo" });
    if !is_root {
        update.arg("apt-get");
        install.arg("apt-get");
    }
    run(update.arg("update"))?;
    run(install
        .args(["install", "-y"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// PATH with npm's binaries first, so Trunk picks npm's wasm-opt.
pub fn path_with_node_bin() -> String {
    let bin = root().join("node_modules/.bin");
    match std::env::var("PATH") {
        Ok(p) => format!("{}:{p}", bin.display()),
        Err(_) => bin.display().to_string(),
    }
}
