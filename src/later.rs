//! Code fetched when first needed (issue 12: what every visit downloads). The release build
//! cuts what only a split point in `main.rs` reaches into a chunk the browser fetches the
//! first time that split point is called (`xtask/src/split.rs`). `main.rs` hands each split
//! point to the library at start (`set`), so the library itself, the backup worker and the
//! tests have no split point and need no split.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::thread::LocalKey;

/// A chunk could not be fetched: offline before the app was kept for offline use, or a
/// newer version published meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// A split point's call: fetches its chunk if this visit has not yet, then hands back what
/// the chunk holds (a function into it).
pub type Loader<T> = fn() -> Pin<Box<dyn Future<Output = Result<T, NotLoaded>>>>;

/// One split point: how to reach it, and what it handed back once it did.
pub struct Later<T: Copy + 'static> {
    loader: Cell<Option<Loader<T>>>,
    loaded: Cell<Option<T>>,
}

impl<T: Copy + 'static> Later<T> {
    pub const fn new() -> Self {
        Later {
            loader: Cell::new(None),
            loaded: Cell::new(None),
        }
    }
}

impl<T: Copy + 'static> Default for Later<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Set once at start by `main.rs`, before the app is mounted.
pub fn set<T: Copy + 'static>(point: &'static LocalKey<Later<T>>, loader: Loader<T>) {
    point.with(|p| p.loader.set(Some(loader)));
}

/// What the split point handed back, if it already did.
pub fn loaded<T: Copy + 'static>(point: &'static LocalKey<Later<T>>) -> Option<T> {
    point.with(|p| p.loaded.get())
}

/// What the split point hands back, fetching its chunk first if needed. A failure is not
/// kept: the next call tries again.
pub async fn load<T: Copy + 'static>(point: &'static LocalKey<Later<T>>) -> Result<T, NotLoaded> {
    if let Some(t) = loaded(point) {
        return Ok(t);
    }
    let loader = point.with(|p| p.loader.get()).ok_or(NotLoaded)?;
    let t = loader().await?;
    point.with(|p| p.loaded.set(Some(t)));
    Ok(t)
}
