//! The `omgsystems` command line, run as a real process.

#![allow(clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_omgsystems");

fn omg(data_dir: &std::path::Path) -> Command {
    let mut c = Command::new(BIN);
    c.env_remove("DATABASE_URL")
        .env_remove("OMG_ENV")
        .env_remove("OMG_JWT_SECRET")
        .env_remove("OMG_DEMO_PASSWORD")
        .env_remove("OMG_ADMIN_PASSWORD")
        .env("OMG_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn");
    c
}

fn output(mut c: Command) -> (bool, String, String) {
    let out = c.output().unwrap_or_else(|e| panic!("running omgsystems: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for sub in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["seed", "--help"],
        vec!["create-admin", "--help"],
        vec!["openapi", "--help"],
    ] {
        let mut c = omg(dir.path());
        c.args(&sub);
        let (ok, out, _) = output(c);
        assert!(ok, "{sub:?}");
        assert!(out.contains("Usage: omgsystems"), "{sub:?}: {out}");
    }
    let mut c = omg(dir.path());
    c.args(["serve", "--help"]);
    let (_, out, _) = output(c);
    assert!(out.contains("--bind") && out.contains("[env: OMG_BIND=]"), "{out}");
    assert!(out.contains("--data-dir") && out.contains("[env: OMG_DATA_DIR="), "{out}");
}

#[test]
fn openapi_prints_the_committed_document() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut c = omg(dir.path());
    c.arg("openapi");
    let (ok, out, _) = output(c);
    assert!(ok);
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json")).unwrap_or_default();
    assert_eq!(out, committed);
}

#[test]
fn create_admin_validates_and_refuses_duplicates() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut c = omg(dir.path());
    c.args(["create-admin", "--email", "Root@Example.com", "--name", "Root"])
        .env("OMG_ADMIN_PASSWORD", "Quite-Long-Admin-Pass-1");
    let (ok, out, err) = output(c);
    assert!(ok, "{err}");
    assert!(out.contains("Created ADMIN root@example.com"), "{out}");
    let mut c = omg(dir.path());
    c.args(["create-admin", "--email", "root@example.com", "--name", "Root"])
        .env("OMG_ADMIN_PASSWORD", "Quite-Long-Admin-Pass-1");
    let (ok, _, err) = output(c);
    assert!(!ok);
    assert!(err.contains("already exists"), "{err}");
    let mut c = omg(dir.path());
    c.args(["create-admin", "--email", "two@example.com", "--name", "Two"]).env("OMG_ADMIN_PASSWORD", "password123");
    let (ok, _, err) = output(c);
    assert!(!ok);
    assert!(err.contains("too common"), "{err}");
    let mut c = omg(dir.path());
    c.args(["create-admin", "--email", "not an email", "--name", "Two"])
        .env("OMG_ADMIN_PASSWORD", "Quite-Long-Admin-Pass-1");
    let (ok, _, _) = output(c);
    assert!(!ok);
}

#[test]
fn migrate_and_seed_are_repeatable() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..2 {
        let mut c = omg(dir.path());
        c.arg("migrate");
        let (ok, out, err) = output(c);
        assert!(ok, "{err}");
        assert!(out.contains("Migrations applied"));
    }
    let mut c = omg(dir.path());
    c.args(["seed", "--demo"]).env("OMG_DEMO_PASSWORD", "Demo-Password-123");
    let (ok, out, err) = output(c);
    assert!(ok, "{err}");
    assert!(out.contains("admin@omgsystems.example") && out.contains("Demo-Password-123"), "{out}");
    let mut c = omg(dir.path());
    c.args(["seed", "--demo"]);
    let (ok, out, _) = output(c);
    assert!(ok);
    assert!(out.contains("already there"), "{out}");
    let mut c = omg(dir.path());
    c.arg("seed");
    assert!(!output(c).0, "seed needs to be told what to load");
}

#[test]
fn production_refuses_to_start_without_a_signing_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut c = omg(dir.path());
    c.args(["serve", "--bind", "127.0.0.1:0"]).env("OMG_ENV", "production");
    let (ok, _, err) = output(c);
    assert!(!ok);
    assert!(err.contains("OMG_JWT_SECRET"), "{err}");
    let mut c = omg(dir.path());
    c.args(["serve", "--bind", "127.0.0.1:0"]).env("OMG_ENV", "production").env("OMG_JWT_SECRET", "short");
    let (ok, _, err) = output(c);
    assert!(!ok);
    assert!(err.contains("at least 32 bytes"), "{err}");
}

/// Starts `serve`, returns the process, the printed address and everything printed before it.
fn start_serve(dir: &std::path::Path) -> (std::process::Child, String, String) {
    let mut c = omg(dir);
    c.args(["serve", "--bind", "127.0.0.1:0"]).stdout(Stdio::piped()).stderr(Stdio::null());
    let mut child = c.spawn().unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
    let mut printed = String::new();
    let mut address = String::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        printed.push_str(&line);
        printed.push('\n');
        if let Some(a) = line.strip_prefix("OMGsystems is listening on ") {
            address = a.trim().to_owned();
            break;
        }
    }
    assert!(!address.is_empty(), "serve printed: {printed}");
    (child, address, printed)
}

fn get_status(address: &str, path: &str) -> u16 {
    let host = address.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap_or_else(|e| panic!("{e}"));
    use std::io::{Read, Write};
    let _ = write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn serve_loads_demo_data_once_and_prints_the_logins() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut first, address, printed) = start_serve(dir.path());
    assert!(printed.contains("Demo data loaded"), "{printed}");
    for email in ["admin@omgsystems.example", "owner@acme.example", "owner@globex.example"] {
        assert!(printed.contains(email), "{printed}");
    }
    assert_eq!(get_status(&address, "/api/ready"), 200);
    let _ = first.kill();
    let _ = first.wait();
    assert!(dir.path().join("omgsystems.db").exists());
    assert!(dir.path().join("jwt-secret").exists());

    let (mut second, address, printed) = start_serve(dir.path());
    assert!(!printed.contains("Demo data loaded"), "logins are printed once: {printed}");
    assert_eq!(get_status(&address, "/api/health"), 200);
    let _ = second.kill();
    let _ = second.wait();
}
