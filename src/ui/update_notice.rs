//! "A new version is ready" with **Reload**, once a new service worker waits
//! (`crate::offline`). It stays until the user chooses: nothing reloads under an open form.

use leptos::prelude::*;

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let ready = crate::offline::ready();
    let t = crate::i18n::t().offline();
    view! {
        <div class="notice-area" role="status">
            {move || ready.get().then(|| view! {
                <div class="notice">
                    <span>{t.update_ready}</span>
                    <button on:click=|_| crate::offline::apply_update()>{t.reload}</button>
                </div>
            })}
        </div>
    }
}
