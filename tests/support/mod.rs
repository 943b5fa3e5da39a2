//! Shared helpers for integration tests; each test file uses only part of them.
#![allow(dead_code)]

pub mod openai;
