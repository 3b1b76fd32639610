//! ACLs: schemes world, digest, ip and auth; permission bits; the server's validity and access
//! checks (`PrepRequestProcessor.fixupACL`, `ZooKeeperServer.checkACL`).

use base64::Engine as _;
use sha1::{Digest, Sha1};

use super::bytes::same_bytes;
use super::tree::AclList;

pub const READ: u8 = 1;
pub const WRITE: u8 = 2;
pub const CREATE: u8 = 4;
pub const DELETE: u8 = 8;
pub const ADMIN: u8 = 16;
pub const ALL: u8 = READ | WRITE | CREATE | DELETE | ADMIN;

/// An authenticated identity or an ACL subject: `scheme:id`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Id {
    pub scheme: String,
    pub id: String,
}

impl Id {
    pub fn new(scheme: &str, id: &str) -> Self {
        Id { scheme: scheme.to_string(), id: id.to_string() }
    }
}

/// One ACL entry: permission bits for an id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Acl {
    pub perms: u8,
    pub id: Id,
}

impl Acl {
    pub fn new(perms: u8, scheme: &str, id: &str) -> Self {
        Acl { perms, id: Id::new(scheme, id) }
    }

    /// `world:anyone:cdrwa`, the default ACL of zkCli's `create`.
    pub fn open_unsafe() -> Vec<Acl> {
        vec![Acl::new(ALL, "world", "anyone")]
    }

    /// `world:anyone:r`, the ACL of `/zookeeper/config`.
    pub fn read_unsafe() -> Vec<Acl> {
        vec![Acl::new(READ, "world", "anyone")]
    }
}

/// Permission letters in zkCli's order: `cdrwa`.
pub fn perms_to_string(perms: u8) -> String {
    let mut out = String::new();
    for (bit, letter) in [(CREATE, 'c'), (DELETE, 'd'), (READ, 'r'), (WRITE, 'w'), (ADMIN, 'a')] {
        if perms & bit != 0 {
            out.push(letter);
        }
    }
    out
}

/// `user:base64(sha1("user:password"))`, the id that `addauth digest user:password` yields.
pub fn digest_id(user_password: &str) -> String {
    let user = user_password.split(':').next().unwrap_or("");
    let hash = Sha1::digest(user_password.as_bytes());
    format!("{user}:{}", base64::engine::general_purpose::STANDARD.encode(hash))
}

/// Whether a server auth provider exists for this scheme (the ones a default server has).
pub fn known_scheme(scheme: &str) -> bool {
    matches!(scheme, "digest" | "ip")
}

/// Whether `id` is well formed for `scheme` (`AuthenticationProvider.isValid`).
fn valid_id(scheme: &str, id: &str) -> bool {
    match scheme {
        "digest" => id.split(':').count() == 2 && !id.ends_with(':'),
        "ip" => parse_ip_spec(id).is_some(),
        _ => false,
    }
}

/// Parses `a.b.c.d` or `a.b.c.d/bits` into an address and a prefix length.
fn parse_ip_spec(spec: &str) -> Option<([u8; 4], u32)> {
    let (addr, bits) = match spec.split_once('/') {
        Some((addr, bits)) => (addr, bits.parse::<u32>().ok()?),
        None => (spec, 32),
    };
    if bits > 32 {
        return None;
    }
    let parts: Vec<&str> = addr.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = [0u8; 4];
    for (slot, part) in out.iter_mut().zip(&parts) {
        *slot = part.parse::<u8>().ok()?;
    }
    Some((out, bits))
}

fn ip_matches(spec: &str, addr: &str) -> bool {
    let (Some((net, bits)), Some((host, _))) = (parse_ip_spec(spec), parse_ip_spec(addr)) else {
        return false;
    };
    let mask: u32 = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
    (u32::from_be_bytes(net) & mask) == (u32::from_be_bytes(host) & mask)
}

/// A requested ACL the server refuses (InvalidACL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidAcl;

/// The server's check and expansion of a requested ACL: duplicates removed, `auth` replaced by
/// the caller's authenticated ids.
pub fn fixup(acls: &[Acl], auth: &[Id]) -> Result<Vec<Acl>, InvalidAcl> {
    let mut unique: Vec<&Acl> = Vec::new();
    for acl in acls {
        if !unique.contains(&acl) {
            unique.push(acl);
        }
    }
    if unique.is_empty() {
        return Err(InvalidAcl);
    }
    let mut out = Vec::new();
    for acl in unique {
        if acl.id.scheme == "world" && acl.id.id == "anyone" {
            out.push(acl.clone());
        } else if acl.id.scheme == "auth" {
            // Only providers that really authenticate count: digest, not ip.
            let mut any = false;
            for id in auth.iter().filter(|id| id.scheme == "digest") {
                any = true;
                out.push(Acl { perms: acl.perms, id: id.clone() });
            }
            if !any {
                return Err(InvalidAcl);
            }
        } else if known_scheme(&acl.id.scheme) && valid_id(&acl.id.scheme, &acl.id.id) {
            out.push(acl.clone());
        } else {
            return Err(InvalidAcl);
        }
    }
    Ok(out)
}

/// [`fixup`] for a new node, sharing lists: when the requested ACL is already in the server's
/// form (no duplicates, no `auth` ids), it is used as is, and when it equals `like` (the parent's
/// list, usually) the node shares that list instead of getting a copy.
pub fn fixup_shared(acls: &AclList, auth: &[Id], like: Option<&AclList>) -> Result<AclList, InvalidAcl> {
    let as_is = !acls.is_empty()
        && acls.iter().enumerate().all(|(i, acl)| {
            let world = acl.id.scheme == "world" && acl.id.id == "anyone";
            let valid = world
                || (acl.id.scheme != "auth" && known_scheme(&acl.id.scheme) && valid_id(&acl.id.scheme, &acl.id.id));
            valid && !acls[..i].contains(acl)
        });
    if !as_is {
        return fixup(acls, auth).map(AclList::from);
    }
    match like {
        Some(like) if AclList::ptr_eq(like, acls) || **like == **acls => Ok(like.clone()),
        _ => Ok(acls.clone()),
    }
}

/// Whether a caller with `auth` ids may do something needing any bit of `perm` on a node with
/// `acls`.
pub fn allowed(acls: &[Acl], perm: u8, auth: &[Id]) -> bool {
    acls.iter().any(|acl| {
        acl.perms & perm != 0
            // Every request checks; `same_bytes` spares wasm two byte-at-a-time `memcmp` calls.
            && match acl.id.scheme.as_str() {
                scheme if same_bytes(scheme.as_bytes(), b"world") => same_bytes(acl.id.id.as_bytes(), b"anyone"),
                "ip" => auth.iter().any(|id| id.scheme == "ip" && ip_matches(&acl.id.id, &id.id)),
                scheme => auth.iter().any(|id| id.scheme == scheme && id.id == acl.id.id),
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_zookeeper() {
        assert_eq!(digest_id("alice:pass"), "alice:5zOBdjKthUAYpzhllIFNH+ic3yA=");
    }

    #[test]
    fn perms_print_in_cdrwa_order() {
        assert_eq!(perms_to_string(ALL), "cdrwa");
        assert_eq!(perms_to_string(READ | WRITE), "rw");
        assert_eq!(perms_to_string(0), "");
    }

    #[test]
    fn fixup_rejects_unknown_and_malformed_ids() {
        let auth = vec![Id::new("ip", "127.0.0.1")];
        assert!(fixup(&[Acl::new(ALL, "foo", "bar")], &auth).is_err());
        assert!(fixup(&[Acl::new(ALL, "digest", "alice")], &auth).is_err());
        assert!(fixup(&[Acl::new(ALL, "world", "nobody")], &auth).is_err());
        assert!(fixup(&[Acl::new(ALL, "ip", "notanip")], &auth).is_err());
        assert!(fixup(&[Acl::new(ALL, "auth", "")], &auth).is_err());
        assert!(fixup(&[Acl::new(READ, "ip", "127.0.0.0/8")], &auth).is_ok());
        let with_digest = vec![Id::new("ip", "127.0.0.1"), Id::new("digest", "alice:x")];
        assert_eq!(
            fixup(&[Acl::new(ALL, "auth", "")], &with_digest).unwrap(),
            vec![Acl::new(ALL, "digest", "alice:x")]
        );
    }

    #[test]
    fn access_checks_match_ids() {
        let auth = vec![Id::new("ip", "127.0.0.1")];
        assert!(allowed(&Acl::open_unsafe(), WRITE, &auth));
        assert!(!allowed(&Acl::read_unsafe(), WRITE, &auth));
        assert!(allowed(&[Acl::new(READ, "ip", "127.0.0.0/8")], READ, &auth));
        assert!(!allowed(&[Acl::new(READ, "ip", "10.0.0.0/8")], READ, &auth));
        assert!(!allowed(&[Acl::new(ALL, "digest", "alice:h")], READ, &auth));
    }
}
