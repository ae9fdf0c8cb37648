//! Pages anyone can see.

pub mod forbidden;
pub mod home;
pub mod login;
pub mod not_found;
pub mod recovery;
pub mod signup;
