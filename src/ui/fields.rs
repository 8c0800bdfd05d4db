//! Labelled form controls. Each has a visible label tied to it, and shows its error
//! message next to it (linked with `aria-describedby`, flagged with `aria-invalid`).

use leptos::prelude::*;

/// A one-line or multi-line text field.
#[component]
pub fn TextField(
    /// The visible label; also the accessible name tests find the field by.
    label: String,
    id: String,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] list: Option<&'static str>,
    /// The on-screen keyboard to offer (`decimal` for amounts).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Takes the keyboard focus when the form opens (its first field).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    if autofocus {
        let id = id.clone();
        request_animation_frame(move || focus_by_id(&id));
    }
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (err_id, hint_id) = (err_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input = move |ev| on_input.run(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea id=id.clone() rows="5" prop:value=move || value.get() on:input=input
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described.clone()></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type=kind list=list inputmode=inputmode prop:value=move || value.get() on:input=input
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described.clone() />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {control}
            {hint.map(|h| view! { <small id=hint_id.clone() class="hint">{h}</small> })}
            <p id=err_id class="field-error" hidden=move || error.with(Option::is_none)>{move || error.get()}</p>
        </div>
    }
}

/// A drop-down with fixed options `(value, label)`.
#[component]
pub fn SelectField(
    label: String,
    id: String,
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| on_change.run(event_target_value(&ev)) prop:value=move || value.get()>
                {options.into_iter().map(|(v, l)| view! {
                    <option value=v selected=move || value.get() == v>{l}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// A form's alerts: why saving failed, or that some fields need correcting.
#[component]
pub fn FormProblems(failure: RwSignal<Option<String>>, invalid: Signal<bool>) -> impl IntoView {
    view! {
        <Show when=move || failure.get().is_some()>
            <p class="form-error" role="alert">{move || failure.get()}</p>
        </Show>
        <Show when=move || invalid.get()>
            <p class="form-error" role="alert">{crate::i18n::t().common().fix_highlighted}</p>
        </Show>
    }
}

/// Moves the keyboard focus to the element with this id, if it exists.
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// After a save, moves the focus to the page's heading once the new page is on screen, so
/// a keyboard or screen-reader user lands on the record just saved.
pub fn focus_heading_soon() {
    use wasm_bindgen::JsCast;
    request_animation_frame(|| {
        if let Some(h) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("main h1").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = h.set_attribute("tabindex", "-1");
            let _ = h.focus();
        }
    });
}

/// An import that was refused: why, and that nothing changed.
#[component]
pub fn Refusal(msg: String) -> impl IntoView {
    view! { <p role="alert" class="form-error">{(crate::i18n::t().common().not_imported)(&msg)}</p> }
}
