//! Files and the secure document vault: bytes in object storage ([`storage`]), metadata in the
//! database. Uploads stream from the multipart body to the store ([`upload`]) with the type
//! sniffed from the first bytes ([`sniff`]), the size and the organization's quota checked as
//! they come ([`quota`]); documents are encrypted on the way ([`crypto`]) with a data key per
//! document wrapped by the master key ([`vault`]).

pub mod attachments;
pub mod crypto;
pub mod documents;
pub mod purge;
pub mod quota;
pub mod records;
pub mod sniff;
pub mod storage;
pub mod upload;
pub mod vault;
