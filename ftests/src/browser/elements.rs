//! Finding the page's elements, reading them and acting on them.

use serde_json::json;

use super::Browser;

/// The W3C name of the key under which an element reference comes back.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Element {
    id: String,
}

/// Where an element sits on the page, in CSS pixels.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Browser {
    pub fn find(&self, css: &str) -> Option<Element> {
        let body = json!({"using": "css selector", "value": css});
        let found = self.call("POST", "/elements", Some(body));
        found.as_array()?.first()?.get(ELEMENT_KEY)?.as_str().map(|id| Element { id: id.to_string() })
    }

    /// Every matching element's visible text, read in one script so that a
    /// page replaced meanwhile gives an empty answer, never a stale element.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.strings("return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText.trim());", css)
    }

    /// The same for the matching elements that are rendered (not `display:
    /// none`): asking about an element found a call earlier can meet a page
    /// already replaced (a stale element, seen in CI).
    pub fn shown_texts(&self, css: &str) -> Vec<String> {
        let script = "return Array.from(document.querySelectorAll(arguments[0]))\
            .filter(e => e.getClientRects().length > 0).map(e => e.innerText.trim());";
        self.strings(script, css)
    }

    /// The strings `script`, given `css`, returns.
    fn strings(&self, script: &str, css: &str) -> Vec<String> {
        let found = self.execute(script, vec![json!(css)]);
        found
            .as_array()
            .map(|all| all.iter().filter_map(|t| t.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    pub fn send_keys(&self, element: &Element, text: &str) {
        self.call("POST", &format!("/element/{}/value", element.id), Some(json!({"text": text})));
    }

    pub fn click(&self, element: &Element) {
        self.call("POST", &format!("/element/{}/click", element.id), Some(json!({})));
    }

    /// Empties a text box, as selecting all and deleting would.
    pub fn clear(&self, element: &Element) {
        self.call("POST", &format!("/element/{}/clear", element.id), Some(json!({})));
    }

    pub fn attr(&self, element: &Element, name: &str) -> Option<String> {
        self.call("GET", &format!("/element/{}/attribute/{name}", element.id), None).as_str().map(str::to_string)
    }

    /// The first element matching `css`, once the page shows one.
    pub fn wait_for_element(&self, css: &str) -> Element {
        let mut found = None;
        self.wait_for(css, |b| {
            found = b.find(css);
            found.is_some()
        });
        found.expect("found by wait_for")
    }

    pub fn rect(&self, element: &Element) -> Rect {
        let r = self.call("GET", &format!("/element/{}/rect", element.id), None);
        let n = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
        Rect { x: n("x"), y: n("y"), width: n("width"), height: n("height") }
    }

    /// The rows of the list table once it shows `row`.
    pub fn wait_for_row(&self, row: &str) {
        self.wait_for(&format!("row {row:?}"), |b| b.texts("#id_list_table tr td").iter().any(|t| t == row));
    }

    pub fn input_box(&self) -> Element {
        self.wait_for_element("#id_text")
    }
}
