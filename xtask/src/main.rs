//! The project's automation, in Rust so that it runs the same everywhere (cargo-xtask).
//!
//!   cargo xtask serve   build the release app and serve it on http://127.0.0.1:8080
//!   cargo xtask test    every check: fmt, clippy, native tests, wasm store tests in
//!                       headless Chromium, release build + size budget, end-to-end tests
//!   cargo xtask bench   fill a book with 50,000 contacts and time it in headless Chromium
//!   cargo xtask build   the release build only (dist/)
//!   cargo xtask sizes   what the wasm bundle is made of, by crate, module and function
//!
//! Each command installs what it needs and is missing (see `tools`).

// `clippy.toml` keeps std's sorts out of the app's bundle; xtask is never in it.
#![allow(clippy::disallowed_methods)]

mod bench_sync;
mod browsers;
mod build;
mod serve;
mod sizes;
mod split;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The repository root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command in the repository root, streaming its output; fails on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result {
    eprintln!("$ {}", describe(cmd));
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(cmd)))
    }
}

/// Runs a command, streaming its output, and keeps the lines that summarise test results.
pub fn run_collecting(cmd: &mut Command, summary: &mut Vec<String>) -> Result {
    use std::io::{BufRead, BufReader};
    eprintln!("$ {}", describe(cmd));
    let mut child = cmd
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
            println!("{line}");
            if [
                "test result:",
                "e2e result:",
                "cross-browser result:",
                "figures:",
            ]
            .iter()
            .any(|p| line.starts_with(p))
            {
                summary.push(line);
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(cmd)))
    }
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|s| s.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve_cmd(&args[1..]),
        Some("build") => tools::build_tools().and_then(|_| build::release()),
        Some("test") => test_cmd(),
        Some("bench") => bench_cmd(&args[1..]),
        Some("bench-sync") => bench_sync_cmd(&args[1..]),
        // The cross-browser smoke alone, against the dist/ already built.
        Some("sizes") => sizes::report(
            std::env::var("TOP")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(30),
        ),
        Some("sizes-i18n") => tools::build_tools().and_then(|_| build::i18n_cost()),
        Some("browsers") => browsers::install().and_then(|_| browsers::smoke(&mut Vec::new())),
        _ => Err(
            "usage: cargo xtask <serve|test|bench|bench-sync|build|browsers|sizes|sizes-i18n>"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn serve_cmd(args: &[String]) -> Result {
    let port: u16 = flag(args, "--port")
        .map(|p| p.parse().map_err(|_| format!("bad port {p}")))
        .transpose()?
        .unwrap_or(8080);
    tools::build_tools()?;
    build::release()?;
    let server = serve::Server::start(root().join("dist"), port)?;
    println!(
        "\nBakkal is served at http://127.0.0.1:{}/ (and under /app/). Ctrl-C stops it.",
        server.port
    );
    server.wait();
    Ok(())
}

fn test_cmd() -> Result {
    let started = std::time::Instant::now();
    tools::build_tools()?;
    tools::browser_tools()?;
    browsers::install()?;
    let mut summary = Vec::new();
    let cargo = || Command::new(env!("CARGO"));

    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    summary.push("fmt: ok".into());
    run(cargo().args([
        "clippy",
        "-p",
        "bakkal-core",
        "-p",
        "xtask",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "-p",
        "bakkal",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    summary.push("clippy: ok (warnings are errors)".into());

    summary.push("native tests (bakkal-core):".into());
    run_collecting(cargo().args(["test", "-p", "bakkal-core"]), &mut summary)?;

    summary.push("wasm store tests (headless Chromium):".into());
    store_tests("CHROMEDRIVER", tools::CHROMEDRIVER.into(), &mut summary)?;
    summary.push("wasm store tests (headless Firefox):".into());
    store_tests("GECKODRIVER", browsers::geckodriver(), &mut summary)?;

    build::release()?;
    summary.push(build::size_budget()?);

    let server = serve::Server::start(root().join("dist"), 0)?;
    summary.push("end-to-end tests (headless Chromium):".into());
    run_collecting(
        Command::new("node")
            .arg("e2e/run.mjs")
            .env("BASE_URL", format!("http://127.0.0.1:{}/", server.port))
            .env("CHROMIUM", tools::CHROMIUM),
        &mut summary,
    )?;
    browsers::smoke(&mut summary)?;

    println!(
        "\n==== summary ({:.0} s) ====",
        started.elapsed().as_secs_f64()
    );
    for line in summary {
        println!("{line}");
    }
    Ok(())
}

/// The storage tests (`tests/store.rs`) in the browser that `driver_var` names the
/// WebDriver of (`CHROMEDRIVER`, `GECKODRIVER`).
fn store_tests(driver_var: &str, driver: std::path::PathBuf, summary: &mut Vec<String>) -> Result {
    run_collecting(
        Command::new(env!("CARGO"))
            .args([
                "test",
                "-p",
                "bakkal",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "store",
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env(driver_var, driver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "60"),
        summary,
    )
}

fn bench_cmd(args: &[String]) -> Result {
    let contacts = flag(args, "--contacts").unwrap_or_else(|| "50000".into());
    tools::build_tools()?;
    tools::browser_tools()?;
    build::bench()?;
    let server = serve::Server::start(root().join("dist"), 0)?;
    run(Command::new("node")
        .arg("e2e/bench.mjs")
        .env("BASE_URL", format!("http://127.0.0.1:{}/", server.port))
        .env("CHROMIUM", tools::CHROMIUM)
        .env("CONTACTS", contacts))
}

fn bench_sync_cmd(args: &[String]) -> Result {
    let number = |name: &str, default: usize| -> Result<usize> {
        flag(args, name)
            .map(|v| v.parse().map_err(|_| format!("bad {name} {v}")))
            .transpose()
            .map(|v| v.unwrap_or(default))
    };
    let contacts = number("--contacts", 10_000)?;
    let per_contact = number("--per-contact", 10)?;
    tools::build_tools()?;
    tools::browser_tools()?;
    build::release()?;
    let server = serve::Server::start(root().join("dist"), 0)?;
    bench_sync::bench(
        &format!("http://127.0.0.1:{}/", server.port),
        tools::CHROMIUM,
        contacts,
        per_contact,
    )
}
