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

/// Why the recipient gets a notice, said under it.
#[derive(Debug, Clone, PartialEq)]
pub enum Footer {
    /// Mail that is always sent (security, billing-critical).
    Always,
    /// An optional category: its name and the link to the recipient's preferences.
    Preferences {
        /// The category's name (`automations`).
        category: String,
        /// The recipient's profile page, where categories are turned off.
        link: String,
    },
    /// A bare address, not a user (an invitee, the billing address).
    Address,
}

/// A notice to one recipient: the greeting, the body and the footer that says why it came.
pub fn notice(to: &str, name: Option<&str>, subject: &str, body: &str, footer: &Footer) -> Email {
    let why = match footer {
        Footer::Always => "You receive this email because of activity on your OMGsystems account.".to_owned(),
        Footer::Preferences { category, link } => format!(
            "You receive this email because {category} notifications are on for your OMGsystems account.\nTurn them off in your preferences: {link}"
        ),
        Footer::Address => "You receive this email because this address was given to OMGsystems.".to_owned(),
    };
    Email {
        to: to.to_owned(),
        subject: subject.to_owned(),
        text: format!("Hello {},\n\n{body}\n\n— OMGsystems\n\n{why}\n", greeting_name(name.unwrap_or_default())),
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
