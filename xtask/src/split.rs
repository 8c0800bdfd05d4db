//! Screens loaded when they are first opened (issue 12: what every visit downloads).
//!
//! A module is split before wasm-bindgen runs: the splitter reads the linker's relocations
//! (kept for the app's binary by `build.rs`), which wasm-bindgen drops. Trunk runs
//! wasm-bindgen straight after Cargo, so this step comes after Trunk's build: it takes
//! Cargo's module again, splits it at `main.rs`'s split point with `wasm_split_cli_support`
//! (what `cargo leptos --split` runs), runs wasm-bindgen and wasm-opt on the part every
//! visit needs, and puts that in place of Trunk's module and glue. The chunk and the small
//! loader that fetches it get content-hashed names, so files of two builds never mix.

use crate::{root, run, tools, Result};
use sha2::{Digest, Sha256, Sha384};
use std::path::Path;
use std::process::Command;

/// Files whose names start with these are fetched only when a screen of theirs opens.
pub const CHUNK_PREFIXES: [&str; 2] = ["split_", "chunk_"];

/// The loader's name before it is hashed (the main module imports it by this name).
const LINK_NAME: &str = "bakkal_split.js";

pub fn split_main(dist: &Path) -> Result {
    // Where Cargo built it: `CARGO_TARGET_DIR` when set (relative to the workspace), else
    // `target/`.
    let cargo_target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|d| root().join(d))
        .unwrap_or_else(|| root().join("target"));
    let cargo_out = cargo_target.join("wasm32-unknown-unknown/release/bakkal.wasm");
    let input = std::fs::read(&cargo_out).map_err(|e| format!("{}: {e}", cargo_out.display()))?;
    let glue = trunk_glue(dist)?;
    let stem = glue.trim_end_matches(".js").to_string();
    let work = root().join("target/split");
    let _ = std::fs::remove_dir_all(&work);
    let chunks = work.join("chunks");
    std::fs::create_dir_all(&chunks).map_err(|e| format!("{}: {e}", chunks.display()))?;
    let main_out = work.join("main.wasm");
    let main_module = format!("./{glue}");
    let link_name = format!("./{LINK_NAME}");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &chunks;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = &link_name;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("splitting {}: {e:#}", cargo_out.display()))?;
    if split.split_modules.is_empty() {
        return Err("the split found no split point in the app's module".into());
    }

    let pkg = work.join("pkg");
    run(Command::new("wasm-bindgen")
        .arg(&main_out)
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
        .arg("--out-dir")
        .arg(&pkg)
        .arg(format!("--out-name={stem}")))?;
    let mut html = read_text(&dist.join("index.html"))?;

    // The chunks: optimised, then named by their content in the loader.
    let mut loader = read_text(&chunks.join(LINK_NAME))?;
    for chunk in &split.split_modules {
        let name = file_name(chunk)?;
        let optimised = work.join(format!("opt-{name}"));
        wasm_opt(chunk, &optimised)?;
        let bytes = read(&optimised)?;
        let hashed = format!(
            "{}-{}.wasm",
            name.trim_end_matches(".wasm"),
            short_hash(&bytes)
        );
        replace_all(
            &mut loader,
            &format!("\"./{name}\""),
            &format!("\"./{hashed}\""),
        )?;
        write(&dist.join(hashed), &bytes)?;
    }
    let loader_name = format!(
        "{}-{}.js",
        LINK_NAME.trim_end_matches(".js"),
        short_hash(loader.as_bytes())
    );
    write(&dist.join(&loader_name), loader.as_bytes())?;

    // The main module and its glue, in place of Trunk's (its page loads them by name).
    let mut js = read_text(&pkg.join(&glue))?;
    // Only the import specifiers: the imports object keeps the name the module asks for.
    replace_all(
        &mut js,
        &format!("from \"{link_name}\""),
        &format!("from \"./{loader_name}\""),
    )?;
    replace_file(dist, &glue, js.as_bytes(), &mut html)?;
    let wasm = format!("{stem}_bg.wasm");
    let optimised = work.join(format!("opt-{wasm}"));
    wasm_opt(&pkg.join(&wasm), &optimised)?;
    replace_file(dist, &wasm, &read(&optimised)?, &mut html)?;
    write(&dist.join("index.html"), html.as_bytes())
}

/// Trunk's glue for the app's module: `bakkal-<hash>.js`.
fn trunk_glue(dist: &Path) -> Result<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bakkal-") && name.ends_with(".js") {
            found.push(name.into_owned());
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!(
            "expected one bakkal-*.js in dist/, found {found:?}"
        )),
    }
}

/// Writes a file Trunk wrote, and its new subresource-integrity hash where the page
/// names the old one.
fn replace_file(dist: &Path, name: &str, bytes: &[u8], html: &mut String) -> Result {
    let path = dist.join(name);
    let old = integrity(&read(&path)?);
    *html = html.replace(&old, &integrity(bytes));
    write(&path, bytes)
}

fn integrity(bytes: &[u8]) -> String {
    use base64::Engine;
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

fn short_hash(bytes: &[u8]) -> String {
    crate::build::short_hex(&Sha256::digest(bytes))
}

fn wasm_opt(input: &Path, output: &Path) -> Result {
    run(Command::new("wasm-opt")
        .arg(format!("--output={}", output.display()))
        .arg("-Oz")
        .arg(input)
        .env("PATH", tools::path_with_node_bin()))
}

/// Every mention of a file by its name before hashing (the glue imports the loader once per
/// split point; the loader names a shared chunk once per split point that needs it).
fn replace_all(text: &mut String, from: &str, to: &str) -> Result {
    if !text.contains(from) {
        return Err(format!("{from} not found where the split expected it"));
    }
    *text = text.replace(from, to);
    Ok(())
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{} has no file name", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
