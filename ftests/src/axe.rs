//! axe-core, the accessibility rules engine, run in the page: the
//! `axe.min.js` that PyPI's axe-selenium-python ships, which
//! `scripts/install-requirements --pip ci-tools` puts in `.tools/venv`
//! (or `AXE_JS` names). It is fetched, not committed.

use std::path::PathBuf;

use serde_json::Value;

use crate::browser::Browser;

fn axe_js() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("AXE_JS") {
        return Some(PathBuf::from(path));
    }
    let lib = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv/lib");
    std::fs::read_dir(lib).ok()?.flatten().find_map(|python| {
        let js = python.path().join("site-packages/axe_selenium_python/node_modules/axe-core/axe.min.js");
        js.is_file().then_some(js)
    })
}

/// The page's violations, one "rule: target, target" line each; `None`
/// (after saying so) when axe.min.js is not installed.
pub fn violations(browser: &Browser) -> Option<Vec<String>> {
    let Some(path) = axe_js() else {
        testkit::skip("accessibility test", "no axe.min.js (scripts/install-requirements --pip ci-tools)");
        return None;
    };
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    browser.execute(&source, vec![]);
    let found = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { resultTypes: ['violations'] })
            .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
            .catch(e => done(['axe failed: ' + e]));",
        vec![],
    );
    Some(found.as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default())
}

/// How many rules this axe checks (for the record).
pub fn rule_count(browser: &Browser) -> usize {
    browser.execute("return axe.getRules().length;", vec![]).as_u64().unwrap_or(0) as usize
}
