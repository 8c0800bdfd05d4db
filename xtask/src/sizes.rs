//! `cargo xtask sizes`: what the wasm bundle is made of (issue 12's twiggy-style report).
//! Reads the modules before wasm-bindgen and wasm-opt (the ones with function names): the
//! part every visit loads and each chunk loaded when a screen opens (`split.rs`), sums each
//! function's code by crate and by module of the app, and prints the biggest functions.
//! Sizes are of code before optimisation and compression, so they rank the parts; the size
//! budget measures what the browser downloads.

use crate::{root, Result};
use std::collections::HashMap;
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

pub fn report(top: usize) -> Result {
    let split = root().join("target/split");
    let main = split.join("main.wasm");
    if !main.exists() {
        return Err(format!(
            "{}: missing (run `cargo xtask build` first)",
            main.display()
        ));
    }
    println!("==== every visit: {} ====", main.display());
    report_on(&main, top)?;
    let chunks = split.join("chunks");
    let mut entries: Vec<_> = std::fs::read_dir(&chunks)
        .map_err(|e| format!("{}: {e}", chunks.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    entries.sort();
    for chunk in entries {
        println!("\n==== loaded when opened: {} ====", chunk.display());
        report_on(&chunk, top)?;
    }
    Ok(())
}

fn report_on(path: &std::path::Path, top: usize) -> Result {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (sizes, names) = read(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let total: usize = sizes.iter().map(|(_, n)| n).sum();
    let name_of = |i: u32| {
        names
            .get(&i)
            .map(|n| format!("{:#}", rustc_demangle::demangle(n)))
            .unwrap_or_else(|| format!("function {i}"))
    };
    let mut by_crate: HashMap<String, usize> = HashMap::new();
    let mut by_module: HashMap<String, usize> = HashMap::new();
    let mut funcs: Vec<(usize, String)> = Vec::new();
    for &(i, n) in &sizes {
        let name = name_of(i);
        let (krate, module) = place(&name);
        *by_crate.entry(krate).or_default() += n;
        if let Some(m) = module {
            *by_module.entry(m).or_default() += n;
        }
        funcs.push((n, name));
    }
    println!(
        "{} functions, {} KB of code before wasm-opt",
        sizes.len(),
        total / 1024
    );
    let print = |title: &str, mut rows: Vec<(usize, String)>| {
        rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        println!("\n{title}");
        for (n, what) in rows.into_iter().take(top) {
            let share = n as f64 * 100.0 / total.max(1) as f64;
            let what: String = what.chars().take(110).collect();
            println!("{:>8} B {share:>5.1} %  {what}", n);
        }
    };
    print(
        "by crate (generic code counted where it was instantiated: in the caller's crate only when the caller names it)",
        by_crate.into_iter().map(|(k, v)| (v, k)).collect(),
    );
    print(
        "by module of the app (bakkal, bakkal_core)",
        by_module.into_iter().map(|(k, v)| (v, k)).collect(),
    );
    print("biggest functions", funcs);
    Ok(())
}

/// Each defined function's index and code size, and the names from the `name` section.
type Read = (Vec<(u32, usize)>, HashMap<u32, String>);

fn read(bytes: &[u8]) -> std::result::Result<Read, wasmparser::BinaryReaderError> {
    let mut imported = 0u32;
    let mut sizes = Vec::new();
    let mut names = HashMap::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let index = imported + sizes.len() as u32;
                sizes.push((index, body.range().len()));
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(reader) = c.as_known() {
                    for name in reader {
                        if let Name::Function(map) = name? {
                            for n in map {
                                let n = n?;
                                names.insert(n.index, n.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok((sizes, names))
}

/// The crate a demangled name belongs to (the first path segment, or the crate inside an
/// `<impl … for …>`), and for the app's own crates its module (`bakkal::ui::deals_page`).
fn place(name: &str) -> (String, Option<String>) {
    // `<T as tachys::view::Render>::build`: a generic type's impl belongs to the trait's
    // crate.
    let name = match name.strip_prefix('<').and_then(|n| n.split_once(" as ")) {
        Some((ty, tr)) if ty.len() <= 2 || ty.starts_with('&') || ty.starts_with('(') => tr,
        _ => name,
    };
    let path = name
        .trim_start_matches('<')
        .trim_start_matches("impl ")
        .trim_start_matches('&')
        .trim_start_matches("mut ")
        .trim_start_matches("dyn ");
    let segments: Vec<&str> = path
        .split("::")
        .map(|s| s.split(['<', ' ', '>', '(', '{', '[']).next().unwrap_or(""))
        .collect();
    let krate = segments.first().copied().unwrap_or("").to_string();
    let krate = if krate.is_empty() { "?".into() } else { krate };
    let module = (krate == "bakkal" || krate == "bakkal_core").then(|| {
        segments
            .iter()
            .take(3)
            .take_while(|s| !s.is_empty() && s.chars().next().is_some_and(char::is_lowercase))
            .copied()
            .collect::<Vec<_>>()
            .join("::")
    });
    (krate, module)
}

#[cfg(test)]
mod tests {
    use super::place;

    #[test]
    fn names_are_placed_in_their_crate_and_module() {
        assert_eq!(
            place("bakkal::ui::deals_page::DealsPage::{{closure}}"),
            ("bakkal".into(), Some("bakkal::ui::deals_page".into()))
        );
        assert_eq!(
            place("<bakkal_core::model::deal::Deal as serde::Deserialize>::deserialize"),
            (
                "bakkal_core".into(),
                Some("bakkal_core::model::deal".into())
            )
        );
        assert_eq!(place("core::slice::sort::stable::drift::sort").0, "core");
        assert_eq!(place("core[c5930c85a12de822]::fmt::write").0, "core");
        assert_eq!(place("<T as tachys::view::Render>::build").0, "tachys");
        assert_eq!(
            place("bakkal_core::sort::by").1,
            Some("bakkal_core::sort::by".into())
        );
    }
}
