//! starcoach: an interview answer coach. Your own STAR stories, matched to questions, tailored to a
//! job posting, and critiqued against STAR completeness and your stated vision.
//!
//! Data flows one way: files -> [`story::StoryBank`] -> an [`engine::Engine`] -> a [`report`] ->
//! a renderer ([`render`] for people, JSON for programs). The CLI and the daemon share all of it.

pub mod cli;
pub mod coach;
pub mod config;
mod db;
pub mod engine;
pub mod eval;
pub mod history;
mod plain;
pub mod practice;
pub mod render;
pub mod report;
mod run;
pub mod server;
pub mod story;
pub mod text;

pub use run::{print_error, run, usage_error};
