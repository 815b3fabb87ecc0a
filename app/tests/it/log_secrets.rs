//! No secret reaches the log: the real binary, logging at `debug` (more than
//! production's `info`), serves a whole visit — lists, a login by link,
//! sharing, logout, refused requests — and every secret seen on the way is
//! looked for in what it wrote.

use testkit::mail::{last_line, messages_in};
use testkit::{ServeProcess, Visitor};

const BIN: &str = env!("CARGO_BIN_EXE_superlists");
const SECRET_KEY: &str = "log-secrets-test-key-0123456789abcdef0123456789abcdef";

#[test]
fn no_secret_key_token_or_session_id_is_logged() {
    let server =
        ServeProcess::start(BIN.as_ref(), &[("SECRET_KEY", SECRET_KEY), ("RUST_LOG", "debug")]).expect("serve");
    let mail = server.mail_dir();
    let edith = Visitor::new(&server.base_url());

    let mut secrets = vec![SECRET_KEY.to_string()];
    // Edith makes a list, logs in by link, makes another, shares it, logs out.
    let list = edith.start_list("Secret plans");
    secrets.push(list.csrf_token());
    let home = edith.get("/");
    edith.submit_form(&home, "/accounts/send_login_email", &[("email", "edith@example.com")]);
    let link = last_line(&messages_in(&mail).pop().expect("a login email"));
    secrets.push(link.rsplit('=').next().expect("a token").to_string());
    edith.follow(edith.client().get(&link).send().expect("login"));
    let list = edith.start_list("Shared plans");
    secrets.push(list.csrf_token());
    let list = edith.follow(edith.submit_form(&list, "/share", &[("sharee", "oni@example.com")]));
    secrets.extend(["sessionid", "csrftoken"].iter().filter_map(|name| edith.cookie(name)));
    assert_eq!(secrets.len(), 6, "every secret was seen");
    // Refused on the way: a forged token, a foreign host, an unknown page.
    edith.post_raw(list.path(), &[("csrfmiddlewaretoken", "forged"), ("text", "x")]);
    let _ = edith.client().get(edith.url("/")).header("host", "evil.test").send();
    edith.get("/no/such/page/");
    edith.follow(edith.submit_form(&list, "/accounts/logout", &[]));

    let logged = server.log_through("POST /accounts/logout");
    assert!(logged.contains("POST /accounts/send_login_email"), "requests are logged: {logged}");
    for secret in &secrets {
        assert!(!logged.contains(secret.as_str()), "{secret:?} is in the log:\n{logged}");
    }
}
