//! The `auth` area: registration and sign-in, account recovery, two-factor authentication,
//! lockout, sessions and access tokens.

mod account;
mod hardening;
mod lockout;
mod mfa;
mod notifications;
mod sessions;
mod sign_in;
mod tokens;
