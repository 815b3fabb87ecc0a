//! Diesel's view of the tables (the SQL is in `migrations/<backend>/`).
//! Columns the code never reads (`lists.created_at`) are left out.

diesel::table! {
    lists (id) {
        id -> BigInt,
        public_id -> Text,
        owner_id -> Nullable<BigInt>,
        title -> Nullable<Text>,
        version -> BigInt,
    }
}

diesel::table! {
    items (id) {
        id -> BigInt,
        list_id -> BigInt,
        text -> Text,
        done -> Bool,
        public_id -> Text,
    }
}

diesel::joinable!(items -> lists (list_id));

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
    }
}

diesel::table! {
    login_tokens (token_hash) {
        token_hash -> Text,
        email -> Text,
        expires_at -> BigInt,
        used -> Bool,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        user_id -> BigInt,
        expires_at -> BigInt,
    }
}

diesel::table! {
    login_emails (id) {
        id -> BigInt,
        email -> Text,
        client_ip -> Text,
        sent_at -> BigInt,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(lists -> users (owner_id));

diesel::table! {
    list_shares (list_id, user_id) {
        list_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::joinable!(list_shares -> lists (list_id));
diesel::joinable!(list_shares -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(items, list_shares, lists, sessions, users);
