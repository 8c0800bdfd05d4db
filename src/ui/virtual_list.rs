//! A list that renders only the rows on screen (fixed row height), for lists of tens of
//! thousands of contacts or hundreds of thousands of interactions.

use leptos::prelude::*;

/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 6;

/// `row(i)` renders row `i`; rows are rebuilt when `version` changes (a new result), and
/// `on_near_end` runs when the user scrolls close to the last row (to load more).
///
/// With `key_of`, a row is keyed by what it shows (`key_of(i)`: a contact's id) instead:
/// a row still shown in a new result is kept and only moved, so a keystroke builds only
/// the rows that are new to the screen. Such a row must follow its record by itself.
#[component]
pub fn VirtualList<F, V>(
    label: &'static str,
    len: Signal<usize>,
    version: Signal<u64>,
    row_height: f64,
    row: F,
    #[prop(optional)] on_near_end: Option<Callback<()>>,
    #[prop(optional)] key_of: Option<Callback<usize, u64>>,
) -> impl IntoView
where
    F: Fn(usize) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let viewport = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let height = RwSignal::new(800.0);
    let measure = move || {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            height.set(el.client_height().max(1) as f64);
        }
    };
    // A new result starts at the top. Setting `scrollTop` makes the browser lay the page
    // out there and then, inside the keystroke: only when the list is scrolled.
    Effect::new(move |_| {
        version.track();
        if scroll_top.get_untracked() != 0.0 {
            if let Some(el) = viewport.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });
    Effect::new(move |_| {
        if viewport.get().is_some() {
            measure();
        }
    });
    // The listener must go with the list: a resize after it is gone would touch disposed state.
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let range = Memo::new(move |_| {
        let first = ((scroll_top.get() / row_height) as usize).saturating_sub(OVERSCAN);
        let count = (height.get() / row_height).ceil() as usize + 2 * OVERSCAN;
        let n = len.get();
        (first.min(n), (first + count).min(n))
    });
    // Ask for more when the last rendered row is near the end of what is loaded.
    Effect::new(move |_| {
        let (_, last) = range.get();
        if let Some(cb) = on_near_end {
            if last + OVERSCAN >= len.get() {
                cb.run(());
            }
        }
    });
    // Each visible row's key and position: (version, position) unless keyed by record.
    // Computed once per change; every row reads its place from it.
    let visible = Memo::new(move |_| {
        let v = version.get();
        let (a, b) = range.get();
        (a..b)
            .map(|i| match key_of {
                Some(k) => (k.run(i), i),
                None => (v << 32 | i as u64, i),
            })
            .collect::<Vec<_>>()
    });
    // Where a kept row is now (its position when it was made is no longer its place).
    let place = move |key: u64, first: usize| {
        visible.with(|rows| {
            rows.iter()
                .find(|(k, _)| *k == key)
                .map_or(first, |&(_, i)| i)
        })
    };
    view! {
        <div class="list-viewport" node_ref=viewport on:scroll=move |_| measure()>
            <ul class="rows" aria-label=label style:height=move || format!("{}px", len.get() as f64 * row_height)>
                <For each=move || visible.get() key=|k| k.0 let:k>
                    <li class="row" style:height=format!("{row_height}px")
                        style:transform=move || format!("translateY({}px)", place(k.0, k.1) as f64 * row_height)
                        aria-posinset=move || place(k.0, k.1) + 1 aria-setsize=move || len.get()>
                        {row(k.1)}
                    </li>
                </For>
            </ul>
        </div>
    }
}
