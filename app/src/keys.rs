//! Keys derived from `SECRET_KEY`, one per purpose, so that a signature made
//! for one use never verifies for another. Plain data: no HTTP here.

use hmac::{Hmac, Mac};
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// HMAC-SHA256's output.
const MAC_BYTES: usize = 32;

type HmacSha256 = Hmac<Sha256>;

fn new_mac(key: &[u8]) -> HmacSha256 {
    <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

fn derive(secret: &SecretString, purpose: &[u8]) -> Vec<u8> {
    let mut mac = new_mac(secret.expose_secret().as_bytes());
    mac.update(purpose);
    mac.finalize().into_bytes().to_vec()
}

/// A secret for one use (a login link, a session): 256 random bits, in
/// URL-safe characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps of a token: its SHA-256, so a copy of the
/// database opens no session and redeems no link. Looking a token up by
/// its hash leaks nothing useful through timing: the hash is unpredictable.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Signs CSRF tokens: a token is HMAC(key, visitor id), so another site can
/// neither read nor compute the one for a visitor's forms. Held keyed: each
/// token clones it rather than hashing the key again.
#[derive(Clone)]
pub struct CsrfKey(HmacSha256);

impl CsrfKey {
    pub fn derive(secret: &SecretString) -> Self {
        CsrfKey(new_mac(&derive(secret, b"superlists.csrf")))
    }

    /// A token for `visitor`'s forms, different on every call: the MAC is
    /// masked with fresh random bytes, so a compressed page (nginx gzips
    /// HTML) leaks nothing about it (BREACH), as Django masks its tokens.
    pub fn token_for(&self, visitor: &str) -> String {
        // The mask, then the MAC masked with it.
        let mut token = [0u8; 2 * MAC_BYTES];
        let (mask, masked) = token.split_at_mut(MAC_BYTES);
        rand::rng().fill_bytes(mask);
        let mut mac = self.0.clone();
        mac.update(visitor.as_bytes());
        for ((out, m), b) in masked.iter_mut().zip(mask.iter()).zip(mac.finalize().into_bytes()) {
            *out = m ^ b;
        }
        hex::encode(token)
    }

    pub fn verify(&self, visitor: &str, token: &str) -> bool {
        let Ok(bytes) = hex::decode(token) else { return false };
        if bytes.len() != 2 * MAC_BYTES {
            return false;
        }
        let (mask, masked) = bytes.split_at(MAC_BYTES);
        let unmasked: Vec<u8> = mask.iter().zip(masked).map(|(m, b)| m ^ b).collect();
        let mut mac = self.0.clone();
        mac.update(visitor.as_bytes());
        // Constant time.
        mac.verify_slice(&unmasked).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &str) -> CsrfKey {
        CsrfKey::derive(&SecretString::from(secret.to_string()))
    }

    #[test]
    fn token_verifies_only_for_its_visitor_and_key() {
        let k = key("first secret");
        let token = k.token_for("visitor-a");
        assert!(k.verify("visitor-a", &token));
        assert!(!k.verify("visitor-b", &token));
        assert!(!key("second secret").verify("visitor-a", &token));
        assert!(!k.verify("visitor-a", "not hex"));
        assert!(!k.verify("visitor-a", ""));
        assert!(!k.verify("visitor-a", &token[..64]), "a truncated token");
    }

    proptest::proptest! {
        #[test]
        fn no_made_up_or_altered_token_verifies(visitor in "[a-z0-9]{1,40}", forged in "\\PC*", flip in 0usize..128) {
            let k = key("secret");
            proptest::prop_assert!(!k.verify(&visitor, &forged));
            // One hex digit changed anywhere: refused.
            let mut token: Vec<u8> = k.token_for(&visitor).into_bytes();
            let at = flip % token.len();
            token[at] = if token[at] == b'0' { b'1' } else { b'0' };
            proptest::prop_assert!(!k.verify(&visitor, &String::from_utf8_lossy(&token)));
        }
    }

    #[test]
    fn tokens_are_masked_afresh_each_time() {
        let k = key("secret");
        let (first, second) = (k.token_for("visitor"), k.token_for("visitor"));
        assert_ne!(first, second, "the same token twice would let compression leak it");
        assert!(k.verify("visitor", &first) && k.verify("visitor", &second));
    }
}
