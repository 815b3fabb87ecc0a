//! Edith keeps her list in Chromium: ticks an item off, fixes a typo,
//! removes a line, names the list; her sharee sees the same state. Then the
//! same with the keyboard alone.

use ftests::browser::{Browser, ENTER, TAB};
use ftests::{base_url, create_session, unique_email};
use superlists::web::flash::LIST_DELETED;

/// A browser logged in as a new user of this run's; `None` where sessions
/// cannot be made here.
fn logged_in(name: &str) -> Option<(Browser, String)> {
    let email = unique_email(name);
    let session = create_session(&email)?;
    let browser = Browser::start(base_url())?;
    browser.goto("/");
    browser.add_cookie("sessionid", &session);
    browser.goto("/");
    browser.wait_for_element("#id_logout");
    Some((browser, email))
}

fn add(browser: &Browser, text: &str, row: usize) {
    browser.send_keys(&browser.input_box(), &format!("{text}{ENTER}"));
    browser.wait_for_row(&format!("{row}: {text}"));
}

/// Whether `item`'s tick box is checked, read in one script (a page being
/// replaced has no stale element to ask).
fn ticked(browser: &Browser, item: &str) -> bool {
    let script = "const t = document.querySelector(arguments[0]); \
        return t !== null && t.getAttribute('aria-checked') === 'true';";
    browser.execute(script, vec![format!("button[aria-label=\"Done: {item}\"]").into()]) == true
}

fn rows(browser: &Browser) -> Vec<String> {
    browser.texts("#id_list_table tr td")
}

#[test]
fn edith_ticks_edits_deletes_and_names_her_list_and_oni_sees_it() {
    let Some((edith, _)) = logged_in("edith") else { return };
    add(&edith, "Buy peacock feathers", 1);
    add(&edith, "Use peacock feathrs to make a fly", 2);
    add(&edith, "Go fishing", 3);

    // She ticks off "Buy peacock feathers"; it stays where it was, struck through.
    edith.click(&edith.wait_for_element("button[aria-label=\"Done: Buy peacock feathers\"]"));
    edith.wait_for("the tick", |b| ticked(b, "Buy peacock feathers"));
    edith.reload();
    edith.wait_for_row("1: Buy peacock feathers");
    assert!(ticked(&edith, "Buy peacock feathers"), "still ticked after a reload");
    assert_eq!(edith.texts("#id_list_table tr.item-done td"), ["1: Buy peacock feathers"]);

    // She notices a typo in item 2, clicks it and fixes it.
    edith.click(&edith.wait_for_element("a[aria-label=\"Edit: Use peacock feathrs to make a fly\"]"));
    edith.wait_for("the edit page", |b| b.texts("h1") == ["Edit item"]);
    let input = edith.input_box();
    edith.clear(&input);
    edith.send_keys(&input, &format!("Use peacock feathers to make a fly{ENTER}"));
    edith.wait_for_row("2: Use peacock feathers to make a fly");

    // The feathers are bought: she deletes item 1 (the page asks first).
    edith.click(&edith.wait_for_element("a[aria-label=\"Edit: Buy peacock feathers\"]"));
    edith.click(&edith.wait_for_element("#id_delete_item"));
    edith.accept_dialog();
    edith.wait_for_row("1: Use peacock feathers to make a fly");
    assert_eq!(rows(&edith), ["1: Use peacock feathers to make a fly", "2: Go fishing"]);

    // She names the list, and "My lists" calls it by its name.
    let title = edith.wait_for_element("#id_title");
    edith.clear(&title);
    edith.send_keys(&title, &format!("Fly fishing{ENTER}"));
    edith.wait_for("the title", |b| b.texts("#id_list_title") == ["Fly fishing"]);
    edith.click(&edith.wait_for_element("a.navbar-link"));
    edith.wait_for("My lists", |b| b.texts("#id_my_lists a").iter().any(|t| t == "Fly fishing"));

    // She goes back to it, ticks "Go fishing" and shares the list with Oniciferous.
    edith.click(&edith.wait_for_element("#id_my_lists a"));
    edith.click(&edith.wait_for_element("button[aria-label=\"Done: Go fishing\"]"));
    edith.wait_for("the tick", |b| ticked(b, "Go fishing"));
    let Some((oni, oni_email)) = logged_in("oniciferous") else { return };
    edith.send_keys(&edith.wait_for_element("#id_sharee"), &format!("{oni_email}{ENTER}"));
    edith.wait_for("the sharee", |b| b.texts("#id_sharees li").contains(&oni_email));

    // Oni finds it under its name and sees what Edith sees.
    oni.click(&oni.wait_for_element("a.navbar-link"));
    oni.wait_for("the shared list", |b| b.texts("#id_shared_lists a").iter().any(|t| t == "Fly fishing"));
    oni.click(&oni.wait_for_element("#id_shared_lists a"));
    oni.wait_for_row("2: Go fishing");
    assert_eq!(rows(&oni), rows(&edith));
    assert!(ticked(&oni, "Go fishing") && !ticked(&oni, "Use peacock feathers to make a fly"));
    assert_eq!(oni.texts("#id_list_title"), ["Fly fishing"]);

    // The trip is over: Edith deletes the list while Oni has it open. She
    // lands on "My lists", told so, once; his page says what happened,
    // without reloading into a "Page not found", and offers nothing more.
    oni.execute("window.notReloaded = true;", vec![]);
    edith.click(&edith.wait_for_element("#id_delete_list"));
    edith.accept_dialog();
    edith.wait_for("My lists, saying the list was deleted", |b| b.texts("#id_message") == [LIST_DELETED]);
    assert!(edith.current_path().starts_with("/lists/users/"), "{}", edith.current_path());
    assert!(edith.texts("#id_my_lists a").is_empty(), "the list is gone from My lists");
    oni.wait_for("the notice on Oni's page", |b| {
        b.texts("#id_list_gone").iter().any(|t| t.starts_with("This list was deleted by its owner"))
    });
    oni.screenshot("list-deleted-elsewhere");
    edith.screenshot("list-deleted-my-lists");
    let untouched = "return window.notReloaded === true && document.getElementById('id_text').disabled;";
    assert_eq!(oni.execute(untouched, vec![]), true, "Oni's page was not reloaded, and its form is off");
    edith.reload();
    edith.wait_for("My lists again", |b| b.find("#id_my_lists").is_some());
    assert!(edith.texts("#id_message").is_empty(), "the message was shown once");
}

/// Tabs until the focused element's `aria-label` is `label`.
fn tab_to_label(browser: &Browser, label: &str) {
    for _ in 0..40 {
        if browser.focused_attr("aria-label") == label {
            return;
        }
        browser.press(TAB);
    }
    panic!("Tab never reached {label:?}");
}

#[test]
fn ticking_and_editing_work_with_the_keyboard_alone() {
    let Some(browser) = Browser::start(base_url()) else { return };
    browser.goto("/");
    browser.input_box();
    browser.press(&format!("Buy milk{ENTER}"));
    browser.wait_for_row("1: Buy milk");
    browser.press(&format!("Buy bred{ENTER}"));
    browser.wait_for_row("2: Buy bred");

    // Space on the tick box ticks it; the focus comes back to a new page.
    tab_to_label(&browser, "Done: Buy milk");
    browser.press(" ");
    browser.wait_for("the tick", |b| ticked(b, "Buy milk"));

    // Enter on the item's link opens its edit page, with the box focused.
    tab_to_label(&browser, "Edit: Buy bred");
    browser.press(ENTER);
    browser.wait_for("the edit page", |b| b.texts("h1") == ["Edit item"]);
    browser.wait_for("the focus in the box", |b| b.focused_id() == "id_text");
    // The caret is after the text: backspace twice, then the right letters.
    browser.press(&format!("\u{E003}\u{E003}ead{ENTER}"));
    browser.wait_for_row("2: Buy bread");
    assert!(ticked(&browser, "Buy milk"));
}

/// In a shop, one hand on the phone: ticking item 28 of 30 leaves the page
/// where it was, the focus on that tick, and nothing reloaded.
#[test]
fn ticking_far_down_a_long_list_keeps_the_place_and_the_focus() {
    let Some(browser) = Browser::start(base_url()) else { return };
    let visitor = testkit::Visitor::new(base_url());
    let mut list = visitor.start_list("Item 1");
    for n in 2..=30 {
        list = visitor.submit_item(&list, &format!("Item {n}"));
    }
    browser.resize(390, 844);
    browser.goto(list.path());
    browser.wait_for_row("30: Item 30");
    let place = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'}); \
        window.notReloaded = true; return window.scrollY;";
    let tick = "button[aria-label=\"Done: Item 28\"]";
    let scrolled = browser.execute(place, vec![tick.into()]);
    assert!(scrolled.as_f64().is_some_and(|y| y > 300.0), "item 28 is far down: {scrolled}");

    assert_eq!(browser.texts("#id_items_left"), ["30 items left"]);
    browser.click(&browser.wait_for_element(tick));
    browser.wait_for("the tick", |b| ticked(b, "Item 28"));
    assert_eq!(browser.texts("#id_items_left"), ["29 items left"], "the count follows");
    let kept = "return [window.notReloaded === true, window.scrollY];";
    assert_eq!(browser.execute(kept, vec![]), serde_json::json!([true, scrolled]), "not reloaded, not scrolled");
    assert_eq!(browser.focused_attr("aria-label"), "Done: Item 28", "the focus stays on the tick");

    // Space unticks it again, still in place; a reload shows what was saved.
    browser.press(" ");
    browser.wait_for("the untick", |b| !ticked(b, "Item 28"));
    assert_eq!(browser.focused_attr("aria-label"), "Done: Item 28");
    browser.click(&browser.wait_for_element(tick));
    browser.wait_for("the tick", |b| ticked(b, "Item 28"));
    browser.screenshot("ticked-far-down-phone");
    browser.reload();
    browser.wait_for_row("30: Item 30");
    assert!(ticked(&browser, "Item 28") && !ticked(&browser, "Item 27"), "saved");
}
