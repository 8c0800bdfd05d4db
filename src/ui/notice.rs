//! The message bar: confirmations, errors and the Undo after a delete.

use crate::state::{AppState, Undo};
use leptos::prelude::*;

#[component]
pub fn NoticeBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().common();
    view! {
        <div class="notice-area" aria-live="polite">
            {move || state.notice.get().map(|n| {
                let undo = n.undo.clone();
                let has_undo = undo != Undo::Nothing;
                view! {
                    <div class="notice" class:error=n.is_error role=if n.is_error { "alert" } else { "status" }>
                        <span>{n.text.clone()}</span>
                        <Show when=move || has_undo>
                            <button on:click={
                                let undo = undo.clone();
                                move |_| {
                                    state.notice.set(None);
                                    leptos::task::spawn_local(state.undo(undo.clone()));
                                }
                            }>{t.undo}</button>
                        </Show>
                        <button class="dismiss" aria-label=t.dismiss on:click=move |_| state.notice.set(None)>"×"</button>
                    </div>
                }
            })}
        </div>
    }
}
