//! The `files` area: uploads streamed to object storage, downloads, limits and type sniffing,
//! tenancy and the vendor rule, the purge of unattached files, the encrypted document vault,
//! and the S3 backend against a real S3-compatible server.

mod access;
mod documents;
mod purge;
mod s3;
mod uploads;
