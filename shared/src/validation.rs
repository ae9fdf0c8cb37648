//! Domain values that parse, not validate: once built, they are valid. Used by the server to
//! check input and by the web app to give the same answer before a round trip.

use crate::problem::FieldError;

/// What a checked text accepts, as the API document states it (JSON Schema `minLength`,
/// `maxLength`, `format`, `pattern`; lengths in characters as sent). The checks below use the
/// same constants, so the document and the server cannot disagree on a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// Fewest characters.
    pub min_chars: Option<usize>,
    /// Most characters.
    pub max_chars: usize,
    /// A JSON Schema format name.
    pub format: Option<&'static str>,
    /// An ECMA-262 pattern the whole text matches.
    pub pattern: Option<&'static str>,
}

/// Longest accepted email address, in characters (RFC 5321's path limit less the brackets).
const EMAIL_MAX_CHARS: usize = 254;

/// No control characters (Unicode `Cc`).
const NO_CONTROL: &str = r"^[^\x00-\x1F\x7F-\x9F]*$";
/// No control characters, and at least one that is not white space.
const NOT_BLANK: &str = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$";

/// A new password: [`PASSWORD_MIN_CHARS`] to [`PASSWORD_MAX_CHARS`] characters (and not a
/// common one, which only the server knows).
pub const NEW_PASSWORD: TextRule = TextRule {
    min_chars: Some(PASSWORD_MIN_CHARS),
    max_chars: PASSWORD_MAX_CHARS,
    format: Some("password"),
    pattern: None,
};

/// A password as typed to sign in.
pub const LOGIN_PASSWORD: TextRule =
    TextRule { min_chars: Some(1), max_chars: LOGIN_PASSWORD_MAX_CHARS, format: Some("password"), pattern: None };

/// Shortest accepted password, in characters (NIST SP 800-63B).
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Longest accepted password, in characters.
pub const PASSWORD_MAX_CHARS: usize = 128;

/// A syntactically valid email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// What the API document says of it: the checks of [`EmailAddress::parse`] as a pattern (an
    /// ASCII address; a domain in IDNA form, `xn--…`).
    pub const RULE: TextRule = TextRule {
        min_chars: Some(3),
        max_chars: EMAIL_MAX_CHARS,
        format: Some("email"),
        pattern: Some(
            r"^\s*[\x21\x23-\x27\x2A\x2B\x2D-\x3A\x3D\x3F\x41-\x5B\x5D-\x7E]{1,64}@[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+\s*$",
        ),
    };

    /// Parses an address as typed by a person.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        let invalid = || FieldError::new(field, "invalid_format", "Enter a valid email address.");
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "Email address is required."));
        }
        if raw.chars().count() > Self::RULE.max_chars {
            return Err(FieldError::new(field, "too_long", "Email address is too long."));
        }
        let (local, domain) = s.rsplit_once('@').ok_or_else(invalid)?;
        let local_char =
            |c: char| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '"' | '\\' | '@');
        let label_char = |c: char| c.is_ascii_alphanumeric() || c == '-';
        let labels: Vec<&str> = domain.split('.').collect();
        if local.is_empty()
            || local.len() > 64
            || !local.chars().all(local_char)
            || labels.len() < 2
            || labels.iter().any(|l| l.is_empty() || !l.chars().all(label_char))
            || domain.starts_with('-')
        {
            return Err(invalid());
        }
        Ok(EmailAddress(s))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value into its string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An email address as typed to sign in or recover an account: trimmed and lower-cased, at most
/// 254 characters, no control characters. Its format is not checked further: an address that
/// cannot exist answers like any unknown one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginEmail(String);

impl LoginEmail {
    /// What the API document says of it.
    pub const RULE: TextRule =
        TextRule { min_chars: Some(1), max_chars: EMAIL_MAX_CHARS, format: None, pattern: Some(NOT_BLANK) };

    /// Parses an address as typed.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "Email address is required."));
        }
        if raw.chars().count() > Self::RULE.max_chars {
            return Err(FieldError::new(field, "too_long", "Email address is too long."));
        }
        if raw.chars().any(char::is_control) {
            return Err(FieldError::new(field, "invalid_format", "Enter a valid email address."));
        }
        Ok(LoginEmail(s))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Longest password accepted at sign-in, in characters (new passwords are held to
/// [`PASSWORD_MAX_CHARS`]; this bound only keeps hashing cheap for nonsense input).
pub const LOGIN_PASSWORD_MAX_CHARS: usize = 1024;

/// Checks a password as typed to sign in: present and of bounded length.
pub fn check_login_password(field: &str, password: &str) -> Result<(), FieldError> {
    if password.is_empty() {
        return Err(FieldError::new(field, "required", "Password is required."));
    }
    if password.chars().count() > LOGIN_PASSWORD_MAX_CHARS {
        return Err(FieldError::new(field, "too_long", "The password is too long."));
    }
    Ok(())
}

/// Checks a new password's length (the server also refuses common passwords).
pub fn check_password_length(field: &str, password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        return Err(FieldError::new(field, "too_short", format!("Use at least {PASSWORD_MIN_CHARS} characters.")));
    }
    if n > PASSWORD_MAX_CHARS {
        return Err(FieldError::new(field, "too_long", format!("Use at most {PASSWORD_MAX_CHARS} characters.")));
    }
    Ok(())
}

/// A trimmed, non-empty display name of bounded length (people and organizations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Longest accepted name, in characters.
    pub const MAX_CHARS: usize = 100;

    /// What the API document says of it.
    pub const RULE: TextRule =
        TextRule { min_chars: Some(1), max_chars: Self::MAX_CHARS, format: None, pattern: Some(NOT_BLANK) };

    /// Parses a name as typed.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "This field is required."));
        }
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(field, "too_long", format!("Use at most {} characters.", Self::MAX_CHARS)));
        }
        if raw.chars().any(char::is_control) {
            return Err(FieldError::new(field, "invalid_format", "Control characters are not allowed."));
        }
        Ok(DisplayName(s.to_owned()))
    }

    /// The trimmed name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value into its string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A free text of bounded length (a reason, a note): trimmed, line breaks and tabs allowed, other
/// control characters not. Blank means none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(String);

impl Note {
    /// What the API document says of a note of at most `max_chars` characters.
    pub const fn rule(max_chars: usize) -> TextRule {
        TextRule {
            min_chars: None,
            max_chars,
            format: None,
            pattern: Some(r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"),
        }
    }

    /// Parses an optional text of at most `max_chars` characters.
    pub fn parse(field: &str, raw: Option<&str>, max_chars: usize) -> Result<Option<Self>, FieldError> {
        if raw.is_some_and(|r| r.chars().count() > max_chars) {
            return Err(FieldError::new(field, "too_long", format!("Use at most {max_chars} characters.")));
        }
        if raw.is_some_and(|r| r.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))) {
            return Err(FieldError::new(field, "invalid_format", "Control characters are not allowed."));
        }
        let Some(s) = raw.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
        Ok(Some(Note(s.to_owned())))
    }

    /// The trimmed text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value into its string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Text to search a list for: trimmed, lower-cased, at most 100 characters, no control
/// characters. Blank means no search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText(String);

impl SearchText {
    /// Longest accepted search, in characters.
    pub const MAX_CHARS: usize = 100;

    /// What the API document says of it.
    pub const RULE: TextRule =
        TextRule { min_chars: None, max_chars: Self::MAX_CHARS, format: None, pattern: Some(NO_CONTROL) };

    /// Parses an optional search parameter.
    pub fn parse(field: &str, raw: Option<&str>) -> Result<Option<Self>, FieldError> {
        if raw.is_some_and(|r| r.chars().count() > Self::MAX_CHARS) {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("Search with at most {} characters.", Self::MAX_CHARS),
            ));
        }
        if raw.is_some_and(|r| r.chars().any(char::is_control)) {
            return Err(FieldError::new(field, "invalid_format", "Control characters are not allowed in a search."));
        }
        let Some(s) = raw.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
        Ok(Some(SearchText(s.to_lowercase())))
    }

    /// The lower-cased text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A calendar date as written on the wire, exactly `YYYY-MM-DD` (RFC 3339 `full-date`), e.g. the
/// first or last day of a report's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate(chrono::NaiveDate);

impl CalendarDate {
    /// What the API document says of it (the pattern cannot say which days a month has; the
    /// `date` format does).
    pub const RULE: TextRule = TextRule {
        min_chars: Some(10),
        max_chars: 10,
        format: Some("date"),
        pattern: Some(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    };

    /// Parses an optional date parameter; absent means none, anything else must be a date.
    pub fn parse(field: &str, raw: Option<&str>) -> Result<Option<Self>, FieldError> {
        let Some(raw) = raw else { return Ok(None) };
        crate::time::parse_date(raw)
            .map(|d| Some(CalendarDate(d)))
            .ok_or_else(|| FieldError::new(field, "invalid_format", "Enter a date as YYYY-MM-DD, e.g. 2026-01-31."))
    }

    /// The date.
    pub fn date(self) -> chrono::NaiveDate {
        self.0
    }
}

/// A feature flag's key: 2 to 64 characters, a lowercase letter or digit first, then lowercase
/// letters, digits, `_`, `.` or `-` (e.g. `usage.dashboard`). Taken exactly as sent: no trimming
/// and no case folding, so a key is written one way only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlagKey(String);

impl FlagKey {
    /// Longest accepted key, in characters.
    pub const MAX_CHARS: usize = 64;

    /// What the API document says of it.
    pub const RULE: TextRule = TextRule {
        min_chars: Some(2),
        max_chars: Self::MAX_CHARS,
        format: None,
        pattern: Some(r"^[a-z0-9][a-z0-9_.-]{1,63}$"),
    };

    /// Parses a key as sent.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let n = raw.chars().count();
        if n == 0 {
            return Err(FieldError::new(field, "required", "A key is required."));
        }
        if n < 2 {
            return Err(FieldError::new(field, "too_short", "Use at least 2 characters."));
        }
        if n > Self::MAX_CHARS {
            return Err(FieldError::new(field, "too_long", format!("Use at most {} characters.", Self::MAX_CHARS)));
        }
        let first_ok = raw.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let rest_ok = raw.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'));
        if !first_ok || !rest_ok {
            return Err(FieldError::new(
                field,
                "invalid_format",
                "Use lowercase letters, digits, _, . and -, starting with a letter or digit.",
            ));
        }
        Ok(FlagKey(raw.to_owned()))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value into its string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Collects field errors from several parses and fails with all of them at once.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Keeps the value of a successful parse, or records its error.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    /// Whether no error was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(EmailAddress::parse("e", " Ann@Example.COM ").map(|e| e.into_inner()), Ok("ann@example.com".into()));
        for bad in ["", "a", "a@b", "@x.io", "a b@x.io", "a@x..io", "a@.x.io", "a@x.io."] {
            assert!(EmailAddress::parse("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_length_counts_characters() {
        assert!(check_password_length("p", "ééééééé").is_err());
        assert!(check_password_length("p", "éééééééé").is_ok());
        assert!(check_password_length("p", &"x".repeat(129)).is_err());
    }

    #[test]
    fn login_emails() {
        assert_eq!(LoginEmail::parse("e", " Ann@X.io ").map(|e| e.as_str().to_owned()), Ok("ann@x.io".into()));
        assert!(LoginEmail::parse("e", "").is_err());
        assert!(LoginEmail::parse("e", "a\0@x.io").is_err());
        assert!(LoginEmail::parse("e", &"a".repeat(300)).is_err());
        assert!(check_login_password("p", &"x".repeat(1025)).is_err());
    }

    #[test]
    fn notes_and_searches() {
        assert_eq!(Note::parse("r", Some("  "), 10), Ok(None));
        assert!(Note::parse("r", Some("line\nbreak"), 20).is_ok_and(|n| n.is_some()));
        assert!(Note::parse("r", Some("nul\0"), 20).is_err());
        assert!(Note::parse("r", Some("12345678901"), 10).is_err());
        assert_eq!(
            SearchText::parse("q", Some(" Acme ")).map(|s| s.map(|s| s.as_str().to_owned())),
            Ok(Some("acme".into()))
        );
        assert!(SearchText::parse("q", Some("a\0")).is_err());
        assert!(SearchText::parse("q", Some(&"x".repeat(101))).is_err());
    }

    /// Whether a text meets a rule as the document states it (what a generated client checks).
    fn meets(rule: &TextRule, text: &str) -> bool {
        let n = text.chars().count();
        // A pattern that does not compile meets nothing, so the test fails.
        let pattern = rule.pattern.map(regex::Regex::new);
        rule.min_chars.is_none_or(|m| n >= m)
            && n <= rule.max_chars
            && pattern.is_none_or(|p| p.is_ok_and(|p| p.is_match(text)))
    }

    #[test]
    fn the_documented_rules_say_what_the_checks_do() {
        let long_local = format!("{}@x.io", "a".repeat(65));
        let longest = format!("{}@{}.io", "a".repeat(64), "b".repeat(186));
        let emails = [
            "ann@example.com",
            " Ann@Example.COM ",
            "o'neil+tag@sub.example.co",
            "odd:name@x.io",
            "a@b.c",
            "a@x-.io",
            "",
            " ",
            "a",
            "a@b",
            "@x.io",
            "a b@x.io",
            "a@x..io",
            "a@.x.io",
            "a@x.io.",
            "a@-x.io",
            "a\"b@x.io",
            "ann@exämple.com",
            "änn@x.io",
            "a@x_y.io",
            "a@@x.io",
            &long_local,
            &longest,
        ];
        for e in emails {
            assert_eq!(EmailAddress::parse("e", e).is_ok(), meets(&EmailAddress::RULE, e), "email {e:?}");
        }
        let names = ["Acme", " Acme ", "", "   ", "a\u{0}b", "tab\tname", &"x".repeat(100), &"x".repeat(101), "Zoë"];
        for n in names {
            assert_eq!(DisplayName::parse("n", n).is_ok(), meets(&DisplayName::RULE, n), "name {n:?}");
        }
        for e in ["ann@x.io", " a ", "", "  ", "a\u{1}", "\u{85}x", &"a".repeat(254), &"a".repeat(255)] {
            assert_eq!(LoginEmail::parse("e", e).is_ok(), meets(&LoginEmail::RULE, e), "login email {e:?}");
        }
        for q in ["", "  ", "acme", "a\u{0}", &"x".repeat(100), &"x".repeat(101), &format!(" {} ", "x".repeat(99))] {
            assert_eq!(SearchText::parse("q", Some(q)).is_ok(), meets(&SearchText::RULE, q), "search {q:?}");
        }
        for t in ["", "line\nbreak\ttab", "nul\u{0}", "12345678901", "1234567890"] {
            assert_eq!(Note::parse("r", Some(t), 10).is_ok(), meets(&Note::rule(10), t), "note {t:?}");
        }
        // The pattern and the check agree but on days a month lacks (`2026-02-30`): the format's part.
        for d in ["2026-01-31", "2024-02-29", "0000-01-01", "", "2026-1-31", " 2026-01-31", "2026-01-31Z", "20260131"] {
            assert_eq!(CalendarDate::parse("d", Some(d)).is_ok(), meets(&CalendarDate::RULE, d), "date {d:?}");
        }
        let long_key = format!("a{}", "b".repeat(63));
        let too_long_key = format!("a{}", "b".repeat(64));
        for k in [
            "",
            "a",
            "ab",
            "usage.dashboard",
            "9-lives_x",
            "_x",
            "-x",
            ".x",
            "Usage",
            "a b",
            "a/b",
            &long_key,
            &too_long_key,
        ] {
            assert_eq!(FlagKey::parse("k", k).is_ok(), meets(&FlagKey::RULE, k), "flag key {k:?}");
        }
        for p in ["", "short", "eight-ch", &"x".repeat(128), &"x".repeat(129)] {
            assert_eq!(check_password_length("p", p).is_ok(), meets(&NEW_PASSWORD, p), "password {p:?}");
        }
    }

    #[test]
    fn calendar_dates() {
        assert_eq!(CalendarDate::parse("from", None), Ok(None));
        let parsed = CalendarDate::parse("from", Some("2026-03-01")).map(|d| d.map(CalendarDate::date));
        assert_eq!(parsed, Ok(chrono::NaiveDate::from_ymd_opt(2026, 3, 1)));
        for bad in ["", "2026-02-30", "2026-3-1", "yesterday"] {
            let e = CalendarDate::parse("from", Some(bad));
            assert!(e.as_ref().is_err_and(|e| e.field == "from" && e.code == "invalid_format"), "{bad:?}: {e:?}");
        }
    }

    #[test]
    fn names() {
        assert!(DisplayName::parse("n", "   ").is_err());
        assert_eq!(DisplayName::parse("n", " Acme ").map(|n| n.into_inner()), Ok("Acme".into()));
    }
}
