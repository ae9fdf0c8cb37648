//! System settings: one control per setting of the registry (`shared::settings`), by its kind,
//! under the name of the area that declares it; the changed ones are saved together.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use leptos::either::Either;
use leptos::prelude::*;
use serde_json::Value;
use shared::FieldError;
use shared::dto::settings::{SystemSettings, UpdateSystemSettingsRequest};
use shared::settings::{self, SettingError, SettingKind, SettingSpec};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::components::{Button, Card, EmptyState, PageHeader, loaded};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// `/admin/settings`.
#[component]
pub fn SystemSettingsPage() -> impl IntoView {
    let current = Remote::new(api::settings::system_settings);
    view! {
        <PageHeader
            title="System settings"
            description="Settings for the whole platform. Changes apply at once and are recorded in the audit log."
        />
        {loaded(current, |s| {
            if settings::all().next().is_none() {
                Either::Left(view! { <EmptyState title="No settings yet" text="No area declares a system setting."/> })
            } else {
                Either::Right(view! { <SettingsForm saved=s/> })
            }
        })}
    }
}

/// The id of a setting's control.
fn control_id(key: &str) -> String {
    format!("setting-{key}")
}

/// Why a value does not fit, for people.
fn explain(spec: &SettingSpec, error: SettingError) -> String {
    match (error, spec.kind) {
        (SettingError::OutOfRange(message), _) => message,
        (SettingError::WrongType(_), SettingKind::Integer { min, max, .. }) => {
            format!("Use a whole number from {min} to {max}.")
        }
        (error, _) => error.message(),
    }
}

/// `platform` → `Platform` (area names are ASCII: no Unicode case tables in the bundle).
fn area_title(area: &str) -> String {
    let mut title = area.to_owned();
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    title
}

/// The changed settings, or the errors that keep them from being sent (the same rules as the
/// server's, before a round trip).
fn changes(
    now: &BTreeMap<String, Value>,
    before: &BTreeMap<String, Value>,
) -> Result<BTreeMap<String, Value>, Vec<FieldError>> {
    let mut changed = BTreeMap::new();
    let mut problems = Vec::new();
    for spec in settings::all() {
        let Some(value) = now.get(spec.key).filter(|v| before.get(spec.key) != Some(*v)) else { continue };
        match spec.check(value) {
            Ok(()) => _ = changed.insert(spec.key.to_owned(), value.clone()),
            Err(e) => problems.push(FieldError::new(spec.key, "invalid", explain(spec, e))),
        }
    }
    if problems.is_empty() { Ok(changed) } else { Err(problems) }
}

/// Moves the focus to the first control with an error.
fn focus_first(errors: &[FieldError]) {
    let first = errors.iter().find_map(|e| document().get_element_by_id(&control_id(&e.field)));
    if let Some(el) = first.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

#[component]
fn SettingsForm(saved: SystemSettings) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    // What the server holds, and what is on screen.
    let saved = RwSignal::new(saved.0);
    let draft = RwSignal::new(saved.get_untracked());
    // The errors found here, before sending; the server's are the submission's.
    let local = RwSignal::new(Vec::<FieldError>::new());
    // The form's fields: every setting.
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let save = Submission::new(
        KEYS.get_or_init(|| settings::all().map(|spec| spec.key).collect()),
        move |body: UpdateSystemSettingsRequest| async move {
            let answer = session.update_system_settings(&body).await;
            if let Err(ApiError::Problem(p)) = &answer {
                focus_first(&p.errors);
            }
            answer
        },
        move |after| {
            saved.set(after.0.clone());
            draft.set(after.0);
            toasts.success("System settings saved.");
        },
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let changed = match draft.with_untracked(|now| saved.with_untracked(|before| changes(now, before))) {
            Ok(c) => c,
            Err(problems) => {
                save.reset();
                focus_first(&problems);
                return local.set(problems);
            }
        };
        local.set(Vec::new());
        if changed.is_empty() {
            save.reset();
            return toasts.success("Nothing to save: no setting was changed.");
        }
        save.submit(UpdateSystemSettingsRequest(changed));
    };

    // In registry order, each area's name above its first setting.
    let mut area = "";
    let controls = settings::all()
        .map(|spec| {
            let heading = (spec.area != area).then(|| area_title(spec.area));
            area = spec.area;
            let key = spec.key;
            let server = save.field(key);
            let message = Signal::derive(move || {
                local.with(|l| l.iter().find(|e| e.field == key).map(|e| e.message.clone())).or_else(|| server.get())
            });
            view! {
                {heading.map(|h| view! { <h2 class="card-title">{h}</h2> })}
                <SettingControl spec=spec draft=draft message=message/>
            }
        })
        .collect_view();
    view! {
        <form on:submit=submit novalidate>
            <Card>
                <div class="form-narrow">{controls}</div>
            </Card>
            <Button r#type="submit" busy=save.busy() name="save-settings">"Save settings"</Button>
        </form>
    }
}

/// The control of one setting, by its kind: a checkbox, a number, an address or a select; its label,
/// its help (with the default) and its error describe it.
#[component]
fn SettingControl(
    spec: &'static SettingSpec,
    draft: RwSignal<BTreeMap<String, Value>>,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let key = spec.key;
    let id = control_id(key);
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = format!("{hint_id} {error_id}");
    let invalid = move || message.get().is_some().then_some("true");
    let value = draft.with_untracked(|d| d.get(key).cloned()).unwrap_or_else(|| spec.default_value());
    let set = move |v: Value| draft.update(|d| _ = d.insert(key.to_owned(), v));
    let default = match spec.kind {
        SettingKind::Bool { default } => (if default { "on" } else { "off" }).to_owned(),
        SettingKind::Integer { default, min, max } => format!("{default} (from {min} to {max})"),
        SettingKind::Choice { default, .. } => default.to_owned(),
        SettingKind::Email => "none".to_owned(),
    };
    let control = match spec.kind {
        SettingKind::Choice { default, options } => {
            let current = value.as_str().unwrap_or(default).to_owned();
            Either::Left(view! {
                <select
                    id=id.clone()
                    aria-describedby=described
                    aria-invalid=invalid
                    on:change=move |ev| set(Value::String(event_target_value(&ev)))
                >
                    {options.iter().map(|&o| view! { <option value=o selected=o == current>{o}</option> }).collect_view()}
                </select>
            })
        }
        kind => {
            // A checkbox, a number or an address: one element, so one copy of its code.
            let (input, bounds) = match kind {
                SettingKind::Integer { min, max, .. } => ("number", Some((min.to_string(), max.to_string()))),
                SettingKind::Email => ("email", None),
                _ => ("checkbox", None),
            };
            let (min, max) = bounds.unzip();
            let text = value.as_i64().map(|n| n.to_string()).or_else(|| value.as_str().map(str::to_owned));
            Either::Right(view! {
                <input
                    type=input
                    id=id.clone()
                    min=min
                    max=max
                    step=(input == "number").then_some("1")
                    maxlength=(input == "email").then_some(settings::EMAIL_MAX_CHARS)
                    autocomplete=(input == "email").then_some("off")
                    aria-describedby=described
                    aria-invalid=invalid
                    prop:checked=value.as_bool().unwrap_or(false)
                    prop:value=text.unwrap_or_default()
                    on:input=move |ev| {
                        if input == "checkbox" {
                            return set(Value::Bool(event_target_checked(&ev)));
                        }
                        let raw = event_target_value(&ev);
                        let raw = raw.trim();
                        set(match raw.parse::<i64>() {
                            Ok(n) if input == "number" => Value::from(n),
                            Err(_) if input == "number" && raw.is_empty() => Value::Null,
                            _ => Value::String(raw.to_owned()),
                        });
                    }
                />
            })
        }
    };
    view! {
        <div class="field setting" class:has-error=move || message.get().is_some()>
            <label for=id>{spec.label}</label>
            <p class="hint" id=hint_id>{spec.help} " Default: " {default} "."</p>
            {control}
            <p class="field-error" id=error_id>{move || message.get()}</p>
        </div>
    }
}
