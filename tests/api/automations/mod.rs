//! Automations: requests and their status timeline, staff leads, lists, tasks on a board, my
//! tasks, the VENDOR rule on every route, messages and comments with batched emails.

mod lifecycle;
mod lists;
mod tasks;
mod threads;
mod vendors;
