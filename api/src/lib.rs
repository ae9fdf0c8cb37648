//! The OMGsystems API server: a multi-tenant SaaS platform's REST API over actix-web and
//! sea-orm, on SQLite or PostgreSQL.

pub mod cli;
pub mod clock;
pub mod config;
pub mod context;
pub mod db;
pub mod entities;
pub mod error;
pub mod extract;
pub mod jobs;
pub mod list;
pub mod mail;
pub mod middleware;
pub mod notices;
pub mod openapi;
pub mod routes;
pub mod seed;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
