//! "My lists", sharing a list between two people, and what each may not do.
//! Logged-in visitors come from `create-session` (see `ftests::create_session`).

use ftests::{Page, Visitor, logged_in_as, logged_in_visitor, new_visitor, unique_email};
use reqwest::StatusCode;
use superlists::domain::BAD_EMAIL_ERROR;
use superlists::routes::{ONLY_THE_OWNER_SHARES, SHARE_WITH_YOURSELF_ERROR};

fn links_in(page: &Page, list: &str) -> Vec<String> {
    page.texts(&format!("#{list} li a"))
}

/// Edith and Oniciferous, each logged in under an address of this run's.
fn edith_and_oni() -> Option<((String, Visitor), (String, Visitor))> {
    let (edith_email, oni_email) = (unique_email("edith"), unique_email("oniciferous"));
    let edith = logged_in_visitor(&edith_email)?;
    let oni = logged_in_visitor(&oni_email)?;
    Some(((edith_email, edith), (oni_email, oni)))
}

fn share(visitor: &Visitor, list: &Page, sharee: &str) -> Page {
    visitor.follow(visitor.submit_form(list, "/share", &[("sharee", sharee)]))
}

#[test]
fn a_logged_in_user_finds_her_lists_under_my_lists() {
    let email = unique_email("edith");
    let Some(edith) = logged_in_visitor(&email) else { return };

    // Edith is a logged-in user. She starts a list, and it is hers.
    let first = edith.start_list("Reticulate splines");
    let first = edith.submit_item(&first, "Immanentize eschaton");
    assert_eq!(first.text("#id_list_owner").as_deref(), Some(email.as_str()));

    // She notices a "My lists" link, for the first time.
    let mine = edith.click(&first, "My lists");
    assert_eq!(mine.header().as_deref(), Some("My Lists"));
    assert_eq!(mine.texts("h2")[0], format!("{email}'s lists"));
    // Her list is there, named after its first item; it leads back to it.
    assert_eq!(links_in(&mine, "id_my_lists"), ["Reticulate splines"]);
    let again = edith.click(&mine, "Reticulate splines");
    assert_eq!((again.path(), again.rows()), (first.path(), first.rows()));

    // She starts another list; it appears under My lists as well.
    let second = edith.start_list("Click cows");
    let mine = edith.click(&second, "My lists");
    assert_eq!(links_in(&mine, "id_my_lists"), ["Reticulate splines", "Click cows"]);

    // She logs out: the "My lists" link is gone.
    let home = edith.follow(edith.submit_form(&mine, "/accounts/logout", &[]));
    assert_eq!((logged_in_as(&home), home.link("My lists")), (None, None));
}

#[test]
fn an_owner_shares_a_list_and_the_sharee_finds_it_and_adds_to_it() {
    let Some(((edith_email, edith), (oni_email, oni))) = edith_and_oni() else { return };

    // Edith starts a list and sees an option to share it.
    let list = edith.start_list("Get help");
    assert_eq!(list.attr("input[name=sharee]", "placeholder").as_deref(), Some("your-friend@example.com"));

    // She shares it with Oniciferous; the page shows him among the sharees.
    let list = share(&edith, &list, &oni_email);
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.texts("li.list-sharee"), [oni_email.as_str()]);

    // Oniciferous finds it under "Lists shared by other users", with Edith's address.
    let mine = oni.click(&oni.get("/"), "My lists");
    assert_eq!(mine.texts("h2")[1], "Lists shared by other users");
    assert_eq!(links_in(&mine, "id_shared_lists"), ["Get help"]);
    assert_eq!(mine.texts("#id_shared_lists .list-owner"), [format!("({edith_email})")]);
    assert!(links_in(&mine, "id_my_lists").is_empty(), "not among his own");

    // He opens it: Edith is its owner; he adds an item, and he cannot share it further.
    let shared = oni.click(&mine, "Get help");
    assert_eq!(shared.text("#id_list_owner").as_deref(), Some(edith_email.as_str()));
    assert_eq!(shared.attr("input[name=sharee]", "name"), None);
    oni.submit_item(&shared, "Hi Edith!");

    // Edith sees his item when she looks again.
    assert_eq!(edith.get(list.path()).rows(), ["1: Get help", "2: Hi Edith!"]);
}

#[test]
fn each_denial_is_a_clear_answer() {
    let Some(((edith_email, edith), (_, oni))) = edith_and_oni() else { return };
    let list = edith.start_list("Private plans");
    let my_lists = format!("/lists/users/{edith_email}/");

    // Sharing with a bad address, or with herself, re-renders her list with a message.
    for (sharee, message) in [("not-an-address", BAD_EMAIL_ERROR), (edith_email.as_str(), SHARE_WITH_YOURSELF_ERROR)] {
        let page = share(&edith, &list, sharee);
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{sharee}");
        assert_eq!(page.text("#id_sharee_feedback").as_deref(), Some(message), "{sharee}");
        assert_eq!(page.rows(), ["1: Private plans"], "still her list");
    }
    assert!(share(&edith, &list, &edith_email).texts("li.list-sharee").is_empty(), "shared with nobody");

    // Oniciferous may not see Edith's "My lists", nor share her list (he has its URL).
    assert_eq!(oni.get(&my_lists).status, StatusCode::FORBIDDEN);
    let forged = oni.post_raw(
        &format!("{}share", list.path()),
        &[("csrfmiddlewaretoken", &oni.get(list.path()).csrf_token()), ("sharee", "mallory@example.com")],
    );
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let says = Page::from_response(forged).text("#id_error_message").unwrap_or_default();
    assert!(says.contains(ONLY_THE_OWNER_SHARES), "the 403 page says why: {says:?}");

    // Logged out, "My lists" leads home, to the login form.
    let stranger = new_visitor();
    let page = stranger.get(&my_lists);
    assert_eq!((page.status, page.path()), (StatusCode::OK, "/"));
    assert!(page.attr("#id_email_input", "name").is_some());

    // Nothing of the above shared the list.
    assert!(edith.get(list.path()).texts("li.list-sharee").is_empty());
}
