//! Two browsers on one list: what one adds or ticks, the other's page shows
//! by itself, without a reload (the site's live updates).

use std::time::{Duration, Instant};

use ftests::base_url;
use ftests::browser::{Browser, ENTER};

/// Waits up to 5 s for `condition`, the most a visitor should wait.
fn within_5_s(browser: &Browser, what: &str, condition: impl Fn(&Browser) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !condition(browser) {
        assert!(Instant::now() < deadline, "not within 5 s: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edith_sees_onis_item_appear_without_reloading() {
    let Some(edith) = Browser::start(base_url()) else { return };
    edith.goto("/");
    edith.send_keys(&edith.input_box(), &format!("Buy peacock feathers{ENTER}"));
    edith.wait_for_row("1: Buy peacock feathers");
    // A mark on this very page: a reload would wipe it.
    edith.execute("window.notReloaded = true;", vec![]);
    let url = edith.execute("return window.location.href;", vec![]);
    let url = url.as_str().expect("the list's URL").to_string();

    // Oniciferous opens the same list in his own browser and adds to it.
    let Some(oni) = Browser::start(base_url()) else { return };
    oni.open(&url);
    oni.wait_for_row("1: Buy peacock feathers");
    oni.send_keys(&oni.input_box(), &format!("Hi Edith!{ENTER}"));
    oni.wait_for_row("2: Hi Edith!");

    // Edith's page shows it by itself.
    within_5_s(&edith, "Edith sees \"2: Hi Edith!\"", |b| {
        b.texts("#id_list_table tr td").iter().any(|t| t == "2: Hi Edith!")
    });
    // He ticks her item off: her page shows that too, still the same page.
    oni.click(&oni.wait_for_element("button[aria-label=\"Done: Buy peacock feathers\"]"));
    within_5_s(&edith, "Edith sees the tick", |b| b.find("#id_list_table tr.item-done").is_some());
    assert_eq!(edith.execute("return window.notReloaded === true;", vec![]), true, "Edith's page was never reloaded");
    assert_eq!(edith.texts("#id_list_table tr td"), ["1: Buy peacock feathers", "2: Hi Edith!"]);
}
