use bakkal::later::{self, NotLoaded};
use bakkal::sync::Run;
use bakkal::ui::LaterCode;

fn main() {
    // A bug must not leave a half-written import nor a dead page: abort open writes, say
    // where it happened (console), and offer a way back to the data.
    std::panic::set_hook(Box::new(|info| {
        bakkal::store::abort_open_writes();
        web_sys::console::error_1(&format!("Bakkal stopped: {info}").into());
        bakkal::browser::show_crash_notice();
    }));
    // What comes through the split points below, fetched when first needed.
    later::set(&bakkal::ui::SCREENS, || Box::pin(later_screens()));
    later::set(&bakkal::sync::REPLICATOR, || Box::pin(replicator()));
    leptos::mount::mount_to_body(bakkal::ui::App);
    // Offline: the service worker, once the app runs.
    bakkal::offline::register();
}

/// The split point (issue 12): the release build moves this function, and everything only
/// it reaches (`ui::LATER`: `later_view`, the screens other than Today and the contacts
/// list, and the list's CSV and vCard exports), into
/// a chunk fetched the first time it is called (`xtask/src/split.rs`). Called, it becomes
/// `async`: it first loads that chunk, then hands back what it holds.
#[leptos::wasm_split::wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn later_screens() -> Result<LaterCode, NotLoaded> {
    Ok(bakkal::ui::LATER)
}

/// The second split point: the replicator's rounds (`sync::run`), fetched when sync runs.
#[leptos::wasm_split::wasm_split(sync, wasm_split_path = ::leptos::wasm_split, fallible)]
fn replicator() -> Result<Run, NotLoaded> {
    Ok(bakkal::sync::run)
}
