//! Logging in and sharing as a person does it, in Chromium: typing into
//! the navbar and the share box, pressing enter, clicking "Log out".

use ftests::browser::{Browser, ENTER};
use ftests::{base_url, create_session, emailed_link, logged_in_visitor, mail_dir, unique_email};

fn logged_in_as(browser: &Browser) -> Option<String> {
    browser.texts(".navbar-text").into_iter().find_map(|t| t.strip_prefix("Logged in as ").map(str::to_string))
}

#[test]
fn a_visitor_logs_in_with_the_emailed_link_and_out_in_chromium() {
    if mail_dir().is_none() {
        return;
    }
    let Some(browser) = Browser::start(base_url()) else { return };
    let email = unique_email("edith");

    // Edith types her address into the navbar and presses enter.
    browser.goto("/");
    browser.send_keys(&browser.wait_for_element("#id_email_input"), &format!("{email}{ENTER}"));
    browser.wait_for("the check-your-email message", |b| {
        b.texts("#id_message").first().is_some_and(|t| t.starts_with("Check your email"))
    });

    // She opens the link from the email: the navbar says who she is.
    browser.open(&emailed_link(&email).expect("the mail folder"));
    browser.wait_for("logged in", |b| logged_in_as(b).as_deref() == Some(email.as_str()));
    assert!(browser.find("#id_email_input").is_none(), "no login form once logged in");

    // She clicks "Log out" and is logged out.
    browser.click(&browser.wait_for_element("#id_logout"));
    browser.wait_for("the login form again", |b| b.find("#id_email_input").is_some());
    assert_eq!(logged_in_as(&browser), None);
}

#[test]
fn an_owner_shares_a_list_in_chromium() {
    let (edith_email, oni_email) = (unique_email("edith"), unique_email("oniciferous"));
    let Some(session) = create_session(&edith_email) else { return };
    let Some(oni) = logged_in_visitor(&oni_email) else { return };
    let Some(browser) = Browser::start(base_url()) else { return };

    // Edith is logged in in her browser.
    browser.goto("/");
    browser.add_cookie("sessionid", &session);
    browser.goto("/");
    browser.wait_for("logged in", |b| logged_in_as(b).as_deref() == Some(edith_email.as_str()));

    // She starts a list, and sees the share box.
    browser.send_keys(&browser.input_box(), &format!("Get help{ENTER}"));
    browser.wait_for_row("1: Get help");
    let share = browser.wait_for_element("input[name=sharee]");
    assert_eq!(browser.attr(&share, "placeholder").as_deref(), Some("your-friend@example.com"));

    // She types Oniciferous's address and presses enter: he is listed as a sharee.
    browser.send_keys(&share, &format!("{oni_email}{ENTER}"));
    browser.wait_for("the sharee listed", |b| b.texts("li.list-sharee") == [oni_email.as_str()]);

    // Oniciferous finds the list among those shared with him.
    let mine = oni.get(&format!("/lists/users/{oni_email}/"));
    assert_eq!(mine.texts("#id_shared_lists li a"), ["Get help"]);
}
