//! The keyboard, the focus and dialogs: what a user without a mouse does and sees.

use serde_json::{Value, json};

use super::Browser;

pub const ENTER: &str = "\u{E007}";
pub const TAB: &str = "\u{E004}";

impl Browser {
    /// Answers OK to the page's `confirm()` (a delete button asks first).
    pub fn accept_dialog(&self) {
        self.call("POST", "/alert/accept", Some(json!({})));
    }

    /// Presses and releases each key of `keys` (characters, or [`TAB`],
    /// [`ENTER`]) wherever the focus is, as a keyboard would.
    pub fn press(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                [json!({"type": "keyDown", "value": c.to_string()}), json!({"type": "keyUp", "value": c.to_string()})]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
    }

    /// The `id` of the element that has the focus ("" for none).
    pub fn focused_id(&self) -> String {
        self.focused_attr("id")
    }

    /// The attribute `name` of the element that has the focus ("" for none).
    pub fn focused_attr(&self, name: &str) -> String {
        let script = "const e = document.activeElement; return (e && e.getAttribute(arguments[0])) || '';";
        self.execute(script, vec![json!(name)]).as_str().unwrap_or_default().to_string()
    }
}
