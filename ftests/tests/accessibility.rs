//! Accessibility, in Chromium: axe-core finds no violation on the pages a
//! visitor meets (a list, a form error, the login message, the logged-in
//! pages, a done item, an item's edit page), and the whole flow works with
//! the keyboard alone, each error tied to its field for a screen reader.

use ftests::browser::{Browser, ENTER, TAB};
use ftests::{axe, base_url, create_session, mail_dir, unique_email};

/// Fails with each violated rule and the elements that break it.
fn assert_accessible(browser: &Browser, page: &str) -> bool {
    let Some(violations) = axe::violations(browser) else { return false };
    assert!(violations.is_empty(), "{page}: axe found violations:\n{}", violations.join("\n"));
    true
}

/// Presses Tab until the element `id` has the focus.
fn tab_to(browser: &Browser, id: &str) {
    for _ in 0..30 {
        if browser.focused_id() == id {
            return;
        }
        browser.press(TAB);
    }
    panic!("Tab never reached #{id} (the focus is on #{})", browser.focused_id());
}

#[test]
fn every_page_a_visitor_meets_passes_axe() {
    let Some(browser) = Browser::start(base_url()) else { return };
    browser.goto("/");
    browser.input_box();
    if !assert_accessible(&browser, "the home page") {
        return;
    }
    browser.send_keys(&browser.input_box(), &format!("Buy peacock feathers{ENTER}"));
    browser.wait_for_row("1: Buy peacock feathers");
    assert_accessible(&browser, "a list");
    browser.send_keys(&browser.input_box(), &format!("Buy peacock feathers{ENTER}"));
    browser.wait_for("the duplicate error", |b| b.texts("#id_text_feedback").iter().any(|t| t.contains("already got")));
    assert_accessible(&browser, "a form error");
    if mail_dir().is_some() {
        browser.goto("/");
        browser.send_keys(&browser.wait_for_element("#id_email_input"), &format!("{}{ENTER}", unique_email("axe")));
        browser.wait_for_element("#id_message");
        assert_accessible(&browser, "the check-your-email message");
    }
    let email = unique_email("edith");
    let Some(session) = create_session(&email) else { return };
    browser.add_cookie("sessionid", &session);
    browser.goto("/");
    browser.wait_for_element("#id_logout");
    assert_accessible(&browser, "the logged-in home page");
    browser.send_keys(&browser.input_box(), &format!("Make a fly{ENTER}"));
    browser.wait_for_row("1: Make a fly");
    assert_accessible(&browser, "a list with its share box and title form");
    browser.click(&browser.wait_for_element("button[aria-label=\"Done: Make a fly\"]"));
    browser.wait_for_element("tr.item-done");
    assert_accessible(&browser, "a list with a done item");
    browser.click(&browser.wait_for_element("a[aria-label=\"Edit: Make a fly\"]"));
    browser.wait_for_element("#id_delete_item");
    assert_accessible(&browser, "an item's edit page");
    browser.goto(&format!("/lists/users/{email}/"));
    browser.wait_for_element("h1");
    assert_accessible(&browser, "My lists");
    eprintln!("axe: {} rules checked on 9 pages", axe::rule_count(&browser));
}

#[test]
fn a_visitor_does_everything_with_the_keyboard_alone() {
    let Some(browser) = Browser::start(base_url()) else { return };
    browser.goto("/");
    browser.input_box();

    // Edith tabs to the item box, types and presses enter: her list.
    tab_to(&browser, "id_text");
    browser.press(&format!("Buy milk{ENTER}"));
    browser.wait_for_row("1: Buy milk");
    tab_to(&browser, "id_text");
    browser.press(&format!("Buy bread{ENTER}"));
    browser.wait_for_row("2: Buy bread");

    // The same item again: the error is tied to the box and announced.
    tab_to(&browser, "id_text");
    browser.press(&format!("Buy milk{ENTER}"));
    browser.wait_for("the duplicate error", |b| b.texts("#id_text_feedback").iter().any(|t| t.contains("already got")));
    let input = browser.input_box();
    assert_eq!(browser.attr(&input, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(browser.attr(&input, "aria-describedby").as_deref(), Some("id_text_feedback"));
    let feedback = browser.wait_for_element("#id_text_feedback");
    assert_eq!(browser.attr(&feedback, "aria-live").as_deref(), Some("polite"));

    // She logs in from the navbar with the keyboard too.
    if mail_dir().is_some() {
        tab_to(&browser, "id_email_input");
        browser.press(&format!("{}{ENTER}", unique_email("keyboard")));
        browser.wait_for("the check-your-email message", |b| {
            b.texts("#id_message").first().is_some_and(|t| t.starts_with("Check your email"))
        });
    }
}
