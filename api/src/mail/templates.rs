//! The emails the product sends, as plain text.

use super::Email;

/// The name to greet someone by: letters, spaces, hyphens and apostrophes only, at most 40
/// characters, so a name chosen at sign-up cannot carry a link or a message into our mail.
fn greeting_name(name: &str) -> String {
    let kept: String = name.chars().filter(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'')).take(40).collect();
    let kept = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if kept.is_empty() { "there".to_owned() } else { kept }
}

fn sign_off(body: String) -> String {
    format!("{body}\n\n— OMGsystems\n\nYou receive this email because of activity on your OMGsystems account.\n")
}

/// A link to choose a new password (valid 30 minutes, once).
pub fn password_reset(to: &str, name: &str, link: &str) -> Email {
    Email {
        to: to.to_owned(),
        subject: "Reset your OMGsystems password".into(),
        text: sign_off(format!(
            "Hello {},\n\nSomeone (hopefully you) asked to reset the password of your OMGsystems account.\nChoose a new password here within 30 minutes:\n\n{link}\n\nThe link works once. If you did not ask for this, ignore this email: your password stays as it is.",
            greeting_name(name)
        )),
    }
}

/// A link to confirm the email address.
pub fn email_verification(to: &str, name: &str, link: &str) -> Email {
    Email {
        to: to.to_owned(),
        subject: "Confirm your email address".into(),
        text: sign_off(format!(
            "Hello {},\n\nConfirm that this is your email address for OMGsystems:\n\n{link}\n\nThe link works once and for 7 days.",
            greeting_name(name)
        )),
    }
}

/// A sign-in from a device not seen before.
pub fn new_sign_in(to: &str, name: &str, device: &str, ip: &str, when: &str) -> Email {
    Email {
        to: to.to_owned(),
        subject: "New sign-in to your OMGsystems account".into(),
        text: sign_off(format!(
            "Hello {},\n\nYour account was just signed in to from a device we have not seen before:\n\n  Device: {device}\n  IP address: {ip}\n  Time: {when}\n\nIf this was you, there is nothing to do. If not, change your password now and end the session under Sessions.",
            greeting_name(name)
        )),
    }
}

/// A change to the account's second factor.
pub fn mfa_changed(to: &str, name: &str, what: &str) -> Email {
    Email {
        to: to.to_owned(),
        subject: "Two-factor authentication changed".into(),
        text: sign_off(format!(
            "Hello {},\n\n{what}\n\nIf you did not do this, change your password now and contact your administrator.",
            greeting_name(name)
        )),
    }
}

/// The password was changed or reset.
pub fn password_changed(to: &str, name: &str) -> Email {
    Email {
        to: to.to_owned(),
        subject: "Your OMGsystems password was changed".into(),
        text: sign_off(format!(
            "Hello {},\n\nThe password of your OMGsystems account was just changed, and your other sessions were signed out.\n\nIf you did not do this, reset your password now and contact your administrator.",
            greeting_name(name)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::greeting_name;

    #[test]
    fn names_in_mail_carry_no_links() {
        assert_eq!(greeting_name("Ann O'Neil-Smith"), "Ann O'Neil-Smith");
        assert_eq!(greeting_name("Win a prize at http://evil.example/x"), "Win a prize at httpevilexamplex");
        assert_eq!(greeting_name("<>:/"), "there");
        assert_eq!(greeting_name(&"a".repeat(100)).len(), 40);
    }
}
