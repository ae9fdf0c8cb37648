//! What an upload is, from its first bytes (never from its name or the client's content type),
//! and what it may be called.
//!
//! The allow-list: images (PNG, JPEG, GIF, WebP), PDF, ZIP, office documents (Word, Excel and
//! PowerPoint in their OOXML and legacy forms, OpenDocument text, spreadsheet and presentation),
//! and text: bytes that `infer` does not recognise but that are UTF-8 without NUL bytes are
//! text, `text/csv` when the name ends in `.csv` and `text/plain` otherwise. Everything else
//! (executables, archives other than ZIP, HTML sniffed as text is still served as `text/plain`
//! with `nosniff` and as an attachment) is refused with 415 `unsupported_file_type`.

/// How many bytes are looked at before deciding (OOXML is recognised inside the ZIP's first
/// entries).
pub const SNIFF_LEN: usize = 64 * 1024;

/// The content types accepted from `infer`'s recognition.
const ALLOWED: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "application/zip",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
];

/// The content type of an upload from its first bytes (all of them when it is shorter than
/// [`SNIFF_LEN`]) and its sanitised name; `None` when the type is not allowed.
pub fn content_type(head: &[u8], name: &str) -> Option<&'static str> {
    if let Some(kind) = infer::get(head) {
        return ALLOWED.iter().find(|t| **t == kind.mime_type()).copied();
    }
    if !looks_like_text(head) {
        return None;
    }
    if name.to_ascii_lowercase().ends_with(".csv") { Some("text/csv") } else { Some("text/plain") }
}

/// UTF-8 without NUL bytes; a character cut at the end of the sniffed bytes is fine.
fn looks_like_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() >= SNIFF_LEN,
    }
}

/// The longest name kept, in bytes.
pub const NAME_MAX_BYTES: usize = 255;

/// A file name safe to store and to send back: the last path segment only, no control or
/// reserved characters (`/ \ : * ? " < > |`), white space collapsed, no leading or trailing dots
/// or spaces, at most [`NAME_MAX_BYTES`] bytes (the extension kept); `file` when nothing is left.
pub fn sanitize_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut out = String::with_capacity(last.len());
    let mut space = false;
    for c in last.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let c = if c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    let trimmed = out.trim_matches(|c: char| c == '.' || c == ' ');
    let mut name = if trimmed.is_empty() { "file".to_owned() } else { trimmed.to_owned() };
    if name.len() > NAME_MAX_BYTES {
        let ext = name.rfind('.').map(|i| name[i..].to_owned()).filter(|e| e.len() <= 16).unwrap_or_default();
        let mut stem_end = NAME_MAX_BYTES - ext.len();
        while !name.is_char_boundary(stem_end) {
            stem_end -= 1;
        }
        name = format!("{}{ext}", &name[..stem_end]);
    }
    name
}

/// `Content-Disposition: attachment` with the name in RFC 5987 form and an ASCII fallback.
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        assert_eq!(content_type(&png, "report.csv"), Some("image/png"));
        assert_eq!(content_type(b"%PDF-1.7\n", "x.txt"), Some("application/pdf"));
        assert_eq!(content_type(b"a,b\n1,2\n", "t.CSV"), Some("text/csv"));
        assert_eq!(content_type("héllo".as_bytes(), "notes"), Some("text/plain"));
        // An ELF executable named like a picture.
        assert_eq!(content_type(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", "cat.png"), None);
        assert_eq!(content_type(b"\0\x01\x02binary", "a.txt"), None);
    }

    #[test]
    fn names_are_sanitised() {
        assert_eq!(sanitize_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_name("C:\\Users\\me\\report final.pdf"), "report final.pdf");
        assert_eq!(sanitize_name("  a\u{0}b\tc\n.txt  "), "a_b c .txt");
        assert_eq!(sanitize_name("..."), "file");
        assert_eq!(sanitize_name("what?<x>.png"), "what__x_.png");
        let long = format!("{}.pdf", "é".repeat(200));
        let s = sanitize_name(&long);
        assert!(s.len() <= NAME_MAX_BYTES && s.ends_with(".pdf"), "{s}");
    }

    #[test]
    fn disposition_names_the_file_safely() {
        let d = content_disposition("rapport été \"final\".pdf");
        assert!(d.starts_with("attachment; filename=\"rapport _t_ _final_.pdf\""), "{d}");
        assert!(d.ends_with("filename*=UTF-8''rapport%20%C3%A9t%C3%A9%20%22final%22.pdf"), "{d}");
    }
}
