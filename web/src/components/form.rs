//! Form fields with labels and inline errors, and a form's own error.

use leptos::prelude::*;

/// A labelled input. `error` shows under it and is announced with the field.
#[component]
pub fn TextField(
    /// The field's id and name.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The value.
    value: RwSignal<String>,
    /// The error message, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Input type.
    #[prop(default = "text")]
    r#type: &'static str,
    /// The autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Whether the field is required.
    #[prop(optional)]
    required: bool,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Whether the field is read-only.
    #[prop(into, optional)]
    readonly: Signal<bool>,
    /// Focus this field when it appears.
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label} {required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <input
                id=id
                name=id
                type=r#type
                autocomplete=autocomplete
                required=required
                autofocus=autofocus
                readonly=move || readonly.get()
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {move || error.get().map(|e| view! { <p class="field-error" id=format!("{id}-error")>{e}</p> })}
        </div>
    }
}

/// A form's error that names none of its fields (a submission's refusal), announced at once.
#[component]
pub fn FormError(
    /// The message, if any.
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    move || message.get().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })
}
