//! The release build: Trunk, then the Content-Security-Policy hash of Trunk's inline
//! loader, then the service worker over the files built, then the size budget.

use crate::{root, run, tools, Result};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// The most the app may weigh, gzipped (wasm + JS + CSS), in kilobytes. Raise it only on
/// purpose: every user downloads it, many on a phone. History: 350 KB for the contact book
/// (276 KB used); 400 KB with interactions, Today, Activity and Follow-ups (368 KB used,
/// after type-erasing components with `--cfg erase_components`); 450 KB with backups
/// (JSON import/export, merge, WebCrypto, CSV: 410 KB used; 447 KB with vCard import);
/// 560 KB with relationship intelligence (Insights, segments, Value keys: 543 KB used —
/// a jump of 96 KB that has not been investigated yet; a size pass is the next task).
/// 620 KB with revisions (issue 9: CouchDB revisions and merge for four record kinds, the
/// checked write path, conflict and clash screens, settings items, the v3 migration, the
/// interaction form's changed-underneath check: 619 KB used, after
/// routing JSON values through the string (de)serializers every record already has —
/// `serde_json::{to,from}_value` per record kind had cost 23 KB).
/// Leptos's generic rendering code is most of it; see the closing notes for what was tried.
/// 700 KB with sync (issue 14: the replicator, change log, encryption, Settings → Sync:
/// 695 KB used, +76 KB; reading records of every kind through one non-generic path
/// instead of one async function per kind saved nothing measurable). Issue 12 (a lighter
/// app: screens loaded when opened) is where the weight comes down.
/// 750 KB with the working-day fixes (issue 15: exchange rates, one standing per contact,
/// the Turkish amount reader, duplicate warnings, bulk actions, Snooze, the keyboard paths,
/// Remove sample data: 738 KB, +42 KB; each screen's view code is most of it).
/// 775 KB with Merge with… (the last of issue 15: the merge screens, the per-field choice,
/// `Store::relink`, records that arrive for a merged contact: 766 KB, +22 KB for the merge
/// commit alone, measured build by build; +4 KB for the rest).
/// 835 KB with two languages (issue 10: every text in English and Turkish in `src/i18n`,
/// `Intl` formats, the core's errors as data, the Turkish sample book) plus issue 16's
/// keeping rule and the service worker's page half: 828 KB, +62 KB — over the issue's
/// 40 KB for the language mechanism; not yet measured piece by piece (issue 12's lighter
/// app is where it comes down).
/// 830 KB after one sort for the whole app (issue 12: 831 → 807 KB, -24 KB: about 400
/// copies of std's sort, one per call site and type, became one) and deals in backups
/// (format 3) and sync (`deal:` documents): 824 KB, +17 KB — each stored kind costs that
/// much in generic merge, check, store and sync code; issue 12's worker is where it goes.
/// 850 KB with the deals' board (issue 11: **Deals**, columns with their sums, cards with
/// **Move to**, the pipeline settings read into the app): 844 KB, +20 KB.
/// 890 KB with a deal's own screens (issue 11: **New deal** and its edit with the contact
/// chooser, the deal's page with **Mark won** / **Record as purchase**, **Mark lost**,
/// **Reopen**, **Delete** and Undo, the contact page's deals): 881 KB, +32 KB, of which the
/// form's view code is 21 KB (`cargo xtask sizes`). Issue 12's screens loaded when opened
/// are where it comes down; nothing lighter was found for a form in Leptos here.
/// 920 KB with the rest of the deals' screens (issue 11: **Board** / **List** with filters
/// in the URL, drag and drop, Settings → **Pipeline**, Insights → **Pipeline**): 913 KB,
/// +32 KB. Every screen's view code costs about this much; issue 12 is where it goes.
/// 950 KB with the last of issue 11 (line items in the deal form and on its page, Settings
/// → **Lost reasons**, **Start a deal** from a proposal, `deal:` segments, the deals' CSV
/// export): 935 KB, +22 KB; then keyed columns and cards on the board (5,000 deals: board
/// 82 ms instead of 2.5 s, a move 26 ms instead of 1.7 s): 942 KB, +7 KB; the sample
/// book's deals: 944 KB.
/// 975 KB with **Search everything** (issue 12: the word index over interactions,
/// follow-ups and deals, its upkeep from the tabs' messages, the Ctrl+K dialog with its
/// grouped, marked options and commands, the shortcuts page): 971 KB, +26 KB, of which the
/// index and its upkeep are about 4 KB and the dialog's view code the rest (`cargo xtask
/// sizes`). Issue 12's screens loaded when opened are still where the weight comes down.
/// 980 KB with issue 12's work against long main-thread tasks and slow keystrokes (the
/// book parsed in slices, rows recomputed only for changed contacts, the index read from
/// the stored documents' text fields, the palette's five most recent contacts without
/// ordering every match, Today's lists capped with "…and N more"): 976 KB, +4 KB.
/// 960 KB once backups are read, checked, planned, written and exported by the backup
/// worker (issue 12: its own wasm module, loaded when a backup is imported or exported,
/// 250 KB gzipped and outside this budget): 955 KB, -21 KB. Contacts import and merge
/// are still in the main module.
/// 952 KB once the contacts import's files are read there too (the vCard reader and the
/// csv crate left the main module): about 949 KB, -8 KB; the worker 265 KB.
/// 957 KB with Today and Insights read from the facts (issue 12: rhythm, last dates and
/// dashboard shares kept per contact, ranks apart from weights, Insights' figures kept in
/// the state, the start-up read in pages and its rows made in slices): 956 KB, +6 KB, of
/// which `rustc-hash`'s maps keyed by id are 3 KB (measured with std's SipHash instead:
/// 953 KB) — kept, as they took Today from 32 to 24 ms and the pyramid from 12 to 4 ms.
/// 968 KB with Search everything's index kept on the device (issue 12: its parts written
/// and read back, the store's `by_change` reads, the start-up that reads it beside the
/// book; contacts rows keyed by contact): 966 KB, +10 KB, most of it the index's start-up
/// and upkeep (`Everything::rebuild`'s future is 23 KB of code before wasm-opt). It takes
/// the index of a 500,000-interaction book from 25 s to 1 s after the first rows. This
/// budget's own gzip (flate2, best) measures about 1 KB more than `gzip -9` (966 KB used):
/// 2 KB spare.
/// 680 KB once the screens other than Today and the contacts list are loaded when first
/// opened (issue 12: `split.rs`, a split point in `main.rs`): about 677 KB every visit,
/// -290 KB; the screens' chunk, outside this budget like the backup worker, is about 333 KB
/// (the two parts together weigh about 40 KB more than the one module did: wasm-opt no
/// longer sees the whole program, and each part imports and exports what they share).
/// 652 KB once the texts are reached part by part (`i18n::Texts` a language with a method
/// per screen's part instead of one static holding every part): the texts and text
/// functions only the screens loaded when opened use moved into their chunk, about 650 KB
/// every visit, -28 KB, the chunk 362 KB; the backup worker, which now holds only the
/// parts it shows, 266 -> 237 KB.
/// 596 KB once the replicator's rounds are fetched when sync runs (a second split point,
/// `sync::run`): 593 KB every visit in a fresh clone, -58 KB; the sync chunk 46 KB and a
/// chunk it shares with the screens' 18 KB.
/// 590 KB once the contacts list's CSV and vCard exports travel in the screens' chunk
/// (`ui::LATER`, fetched when an export button is pressed if no such screen was opened):
/// 586 KB in a fresh clone, from 597 with the sync and search code added the same day.
pub const SIZE_BUDGET_KB: u64 = 590;

const HASH_PLACEHOLDER: &str = "sha256-BAKKAL_LOADER_HASH";

pub fn release() -> Result {
    build_with(&[])
}

/// The benchmark's build: the release build plus the book generator.
pub fn bench() -> Result {
    build_with(&["--features", "bench-generator"])
}

fn build_with(extra: &[&str]) -> Result {
    run(Command::new("trunk")
        .args(["build", "--release", "--offline"])
        .args(extra)
        .env("PATH", tools::path_with_node_bin()))?;
    crate::split::split_main(&root().join("dist"))?;
    write_csp_hash()?;
    write_service_worker(&root().join("dist"))
}

/// Trunk writes its loader as an inline module script; the CSP allows exactly that script
/// by its hash and nothing else inline.
fn write_csp_hash() -> Result {
    let path = root().join("dist/index.html");
    let html = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let hashes = inline_script_hashes(&html);
    if hashes.is_empty() {
        return Err("no inline loader script found in dist/index.html".into());
    }
    if !html.contains(HASH_PLACEHOLDER) {
        return Err(format!(
            "{HASH_PLACEHOLDER} is missing from the CSP in index.html"
        ));
    }
    let sources = hashes
        .iter()
        .map(|h| format!("'sha256-{h}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let html = html.replace(&format!("'{HASH_PLACEHOLDER}'"), &sources);
    std::fs::write(&path, html).map_err(|e| e.to_string())
}

fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = &after[tag_end + 1..];
        let Some(close) = body_start.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_start.as_bytes()[..close]);
            out.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body_start[close..];
    }
    out
}

/// The service worker's template; `BAKKAL_SW_VERSION` and `BAKKAL_SW_FILES` are filled in.
const SW_TEMPLATE: &str = include_str!("sw.js");

/// Writes `dist/sw.js`: it precaches every file of `dist` (hashed names and all, as built;
/// nothing kept by hand) under a cache named by a hash of their contents, so any change
/// makes a new worker, which the app announces as a new version. Runs last: index.html
/// must already carry its CSP hash.
fn write_service_worker(dist: &Path) -> Result {
    let files = shell_files(dist)?;
    let version = shell_version(dist, &files)?;
    let urls: Vec<String> = files.iter().map(|f| shell_url(f)).collect();
    let list = serde_json::to_string(&urls).map_err(|e| e.to_string())?;
    if !SW_TEMPLATE.contains("'BAKKAL_SW_VERSION'") || !SW_TEMPLATE.contains("BAKKAL_SW_FILES") {
        return Err("xtask/src/sw.js lost its BAKKAL_SW_VERSION or BAKKAL_SW_FILES".into());
    }
    let js = SW_TEMPLATE
        .replace("BAKKAL_SW_VERSION", &version)
        .replace("BAKKAL_SW_FILES", &list);
    let path = dist.join("sw.js");
    std::fs::write(&path, js).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every file under `dist`, as sorted `/`-separated paths relative to it, without the worker
/// itself and without hidden files (Trunk's staging folder).
fn shell_files(dist: &Path) -> Result<Vec<String>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{prefix}{name}");
            let kind = entry.file_type().map_err(|e| e.to_string())?;
            if kind.is_dir() {
                walk(&entry.path(), &format!("{rel}/"), out)?;
            } else if rel != "sw.js" {
                out.push(rel);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dist, "", &mut out)?;
    out.sort();
    if !out.iter().any(|f| f == "index.html") {
        return Err(format!("no index.html in {}", dist.display()));
    }
    Ok(out)
}

/// A hash of the files' names and contents and of the worker's own code: its version.
fn shell_version(dist: &Path, files: &[String]) -> Result<String> {
    let mut h = Sha256::new();
    h.update(SW_TEMPLATE);
    for f in files {
        let bytes = std::fs::read(dist.join(f)).map_err(|e| format!("{f}: {e}"))?;
        for part in [f.as_bytes(), &bytes] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
    }
    Ok(short_hex(&h.finalize()))
}

/// The first 8 bytes of a digest in hex: a version or a file name's content part.
pub fn short_hex(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A file's URL relative to the worker (so the app works in any sub-folder); the page itself
/// is its folder, `./`, which every static host serves without a redirect.
fn shell_url(file: &str) -> String {
    if file == "index.html" {
        return "./".into();
    }
    let mut url = String::new();
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// The backup worker's files (`src/worker/`): downloaded only when a backup is imported,
/// so they are reported beside the budget, not in it.
const WORKER_PREFIX: &str = "backup_worker";

/// What a browser downloads, gzipped as the budget counts it: on every visit (in total
/// and by kind of file) and, apart, the backup worker.
struct Downloads {
    every_visit: u64,
    parts: Vec<String>,
    worker: u64,
    /// The chunks (screens, sync, what they share), fetched when first needed (`split.rs`).
    later: u64,
}

fn downloads() -> Result<Downloads> {
    let mut d = Downloads {
        every_visit: 0,
        parts: Vec::new(),
        worker: 0,
        later: 0,
    };
    let dist = root().join("dist");
    for entry in std::fs::read_dir(&dist).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["wasm", "js", "css"].contains(&ext) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes).map_err(|e| e.to_string())?;
        let size = gz.finish().map_err(|e| e.to_string())?.len() as u64;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(WORKER_PREFIX) {
            d.worker += size;
            continue;
        }
        if crate::split::CHUNK_PREFIXES
            .iter()
            .any(|p| name.starts_with(p))
        {
            d.later += size;
            continue;
        }
        d.parts.push(format!("{ext} {} KB", size / 1024));
        d.every_visit += size;
    }
    Ok(d)
}

/// Sums the gzipped size of what a browser downloads on every visit and fails past the
/// budget; prints the backup worker's size beside it.
pub fn size_budget() -> Result<String> {
    let d = downloads()?;
    let line = format!(
        "size budget: {} KB gzipped of {SIZE_BUDGET_KB} KB ({}); fetched when needed: the screens and sync {} KB, the backup worker {} KB",
        d.every_visit / 1024,
        d.parts.join(", "),
        d.later / 1024,
        d.worker / 1024
    );
    println!("{line}");
    if d.every_visit > SIZE_BUDGET_KB * 1024 {
        return Err(format!("over budget: {line}"));
    }
    Ok(line)
}

/// `cargo xtask sizes-i18n`: what the second language costs (issue 10: at most 40 KB
/// gzipped). Builds the app with English alone (the `english-only` feature: the language
/// is a constant, so every Turkish text, sample book and branch is dropped), then the
/// release build, and prints both and their difference. Leaves the release build in dist/.
pub fn i18n_cost() -> Result {
    build_with(&["--features", "english-only"])?;
    let one = downloads()?;
    release()?;
    let both = downloads()?;
    let kb = |b: u64| b as f64 / 1024.0;
    let app = |d: &Downloads| kb(d.every_visit + d.later);
    println!(
        "languages: the app (every visit + what is fetched when needed) with English alone {:.1} KB gzipped, with English and Turkish {:.1} KB: the second language costs {:.1} KB (every visit {:+.1} KB; aim: at most 40 KB for the whole mechanism); the backup worker {:.1} → {:.1} KB",
        app(&one),
        app(&both),
        app(&both) - app(&one),
        kb(both.every_visit) - kb(one.every_visit),
        kb(one.worker),
        kb(both.worker),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// A scratch copy of a small dist/ (removed on drop).
    struct Dist(PathBuf);
    impl Drop for Dist {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    fn dist(name: &str) -> Dist {
        let d = std::env::temp_dir().join(format!("bakkal-sw-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        for (f, body) in [
            ("index.html", "<html>"),
            ("bakkal-1a2b.js", "js"),
            ("bakkal-1a2b_bg.wasm", "wasm"),
            ("icons/icon 192.png", "png"),
            ("sw.js", "old worker"),
            (".stage/x", "staging"),
        ] {
            let path = d.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, body).unwrap();
        }
        Dist(d)
    }

    #[test]
    fn the_worker_precaches_every_built_file_and_changes_with_them() {
        let d = dist("list");
        let files = super::shell_files(&d.0).unwrap();
        assert_eq!(
            files,
            [
                "bakkal-1a2b.js",
                "bakkal-1a2b_bg.wasm",
                "icons/icon 192.png",
                "index.html"
            ]
        );
        let v1 = super::shell_version(&d.0, &files).unwrap();
        assert_eq!(v1.len(), 16);
        assert_eq!(v1, super::shell_version(&d.0, &files).unwrap());

        super::write_service_worker(&d.0).unwrap();
        let sw = std::fs::read_to_string(d.0.join("sw.js")).unwrap();
        assert!(sw.contains(&format!("const VERSION = '{v1}';")), "{sw}");
        assert!(
            sw.contains(r#"const FILES = ["bakkal-1a2b.js","bakkal-1a2b_bg.wasm","icons/icon%20192.png","./"];"#),
            "{sw}"
        );
        assert!(!sw.contains("BAKKAL_SW_"));
        // Writing the worker changes nothing it hashes: the same build, the same version.
        super::write_service_worker(&d.0).unwrap();
        assert_eq!(std::fs::read_to_string(d.0.join("sw.js")).unwrap(), sw);

        // A deploy that changes one byte of one file is a new version.
        std::fs::write(d.0.join("bakkal-1a2b.js"), "js2").unwrap();
        assert_ne!(super::shell_version(&d.0, &files).unwrap(), v1);
    }

    #[test]
    fn a_build_without_index_html_has_no_worker() {
        let d = dist("noindex");
        std::fs::remove_file(d.0.join("index.html")).unwrap();
        assert!(super::write_service_worker(&d.0).is_err());
        assert!(std::fs::read_to_string(d.0.join("sw.js")).unwrap() == "old worker");
    }

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="a.js"></script><script type="module">boot()</script>"#;
        let h = super::inline_script_hashes(html);
        assert_eq!(h.len(), 1);
        // echo -n 'boot()' | openssl dgst -sha256 -binary | base64
        assert_eq!(h[0], "MeZS89WlF0u+o0hCvHTBt4q1WHU+U+sJKgbdRUc36mY=");
    }
}
