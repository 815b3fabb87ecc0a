//! What only a browser shows: layout, the HTML5 required check, and the
//! script that clears the error marking as the user types.

use ftests::base_url;
use ftests::browser::{Browser, ENTER};
use superlists::domain::DUPLICATE_ITEM_ERROR;

#[test]
fn the_input_box_is_centred_on_a_1024_pixel_window() {
    let Some(browser) = Browser::start(base_url()) else { return };
    // Edith goes to the home page; her browser window is 1024 pixels wide.
    browser.goto("/");
    let input = browser.input_box();
    // She notices the input box is nicely centred.
    let rect = browser.rect(&input);
    let centre = rect.x + rect.width / 2.0;
    assert!((centre - 512.0).abs() < 10.0, "input centred at {centre}px: {rect:?}");

    // She starts a new list and sees the input is nicely centred there too.
    browser.send_keys(&input, &format!("testing{ENTER}"));
    browser.wait_for_row("1: testing");
    let rect = browser.rect(&browser.input_box());
    let centre = rect.x + rect.width / 2.0;
    assert!((centre - 512.0).abs() < 10.0, "input centred at {centre}px on the list page: {rect:?}");
}

/// On a phone every control of a list page is at least 44 x 44 px, the
/// size a finger hits (Apple's and Material's guidance), and the list
/// starts within the first screen.
#[test]
fn every_control_of_a_list_is_big_enough_for_a_finger() {
    let Some(browser) = Browser::start(base_url()) else { return };
    browser.resize(390, 844);
    browser.goto("/");
    browser.send_keys(&browser.input_box(), &format!("Buy milk{ENTER}"));
    browser.wait_for_row("1: Buy milk");
    browser.screenshot("list-phone");
    let small = "return [...document.querySelectorAll('button, input, a, select, textarea')] \
        .filter((e) => e.type !== 'hidden' && e.getClientRects().length > 0) \
        .map((e) => [e.id || e.getAttribute('aria-label') || e.textContent.trim(), e.getBoundingClientRect()]) \
        .filter(([, r]) => r.width < 44 || r.height < 44) \
        .map(([name, r]) => `${name}: ${Math.round(r.width)} x ${Math.round(r.height)}`);";
    assert_eq!(browser.execute(small, vec![]), serde_json::json!([]), "controls under 44 x 44 px");
    let first = "return document.querySelector('#id_list_table tr').getBoundingClientRect().top;";
    let top = browser.execute(first, vec![]).as_f64().unwrap_or(f64::MAX);
    assert!(top < 300.0, "the first item starts {top} px down");
}

/// At night a phone asks for dark pages: the site follows, and back.
#[test]
fn the_site_follows_the_systems_dark_mode() {
    let Some(browser) = Browser::start(base_url()) else { return };
    browser.goto("/");
    browser.send_keys(&browser.input_box(), &format!("Buy milk{ENTER}"));
    browser.wait_for_row("1: Buy milk");
    let colours = "const s = getComputedStyle(document.body); return [s.backgroundColor, s.color];";
    assert_eq!(browser.execute(colours, vec![]), serde_json::json!(["rgb(255, 255, 255)", "rgb(33, 37, 41)"]));
    browser.prefer_color_scheme("dark");
    assert_eq!(browser.execute(colours, vec![]), serde_json::json!(["rgb(22, 24, 27)", "rgb(233, 236, 239)"]));
    let field = "return getComputedStyle(document.getElementById('id_text')).backgroundColor;";
    assert_eq!(browser.execute(field, vec![]), "rgb(31, 34, 38)", "the item box is dark too");
    browser.screenshot("dark-list");
    browser.prefer_color_scheme("light");
    assert_eq!(browser.execute(colours, vec![]), serde_json::json!(["rgb(255, 255, 255)", "rgb(33, 37, 41)"]));
}

#[test]
fn the_browser_refuses_empty_items_and_typing_clears_the_error() {
    let Some(browser) = Browser::start(base_url()) else { return };
    // Edith presses enter on an empty box: the browser stops her (required field).
    browser.goto("/");
    let input = browser.input_box();
    browser.send_keys(&input, ENTER);
    browser.wait_for("the box marked :invalid", |b| b.find("#id_text:invalid").is_some());
    assert_eq!(browser.current_path(), "/", "nothing was submitted");

    // She starts a list, then enters the same item again by mistake.
    browser.send_keys(&input, &format!("Banter too thick{ENTER}"));
    browser.wait_for_row("1: Banter too thick");
    browser.send_keys(&browser.input_box(), &format!("Banter too thick{ENTER}"));

    // She sees a helpful error message.
    browser.wait_for("the duplicate message", |b| {
        b.shown_texts("#id_text_feedback").first().is_some_and(|t| t == DUPLICATE_ITEM_ERROR)
    });
    assert!(browser.find("#id_text.is-invalid").is_some());

    // She starts typing in the box to clear the error: the marking goes at once.
    browser.send_keys(&browser.input_box(), "a");
    browser.wait_for("the error marking to clear", |b| {
        b.find("#id_text.is-invalid").is_none()
            && b.find("#id_text_feedback").is_some()
            && b.shown_texts("#id_text_feedback").is_empty()
    });
}
