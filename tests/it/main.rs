//! The integration tests, as one test binary with a module per subject (as `just` and ripgrep
//! do): one binary links `starcoach` once, and the helpers in `util` are shared by every module.
//! Fixtures are in `tests/fixtures`.

mod util;

mod bank;
#[cfg(unix)]
mod browser;
#[cfg(unix)]
mod browser_recording;
mod cli_coach;
mod cli_critique;
mod cli_tools;
mod critique;
mod critique_asked;
mod critique_delivery;
mod critique_kinds;
mod critique_person;
mod critique_relevance;
mod critique_sides;
mod critique_star;
mod critique_tone;
mod critique_wording;
mod eval_critique;
mod eval_postings;
mod eval_questions;
mod exact;
mod exact_args;
mod followups;
mod history;
mod import;
mod language;
mod llm_bin;
mod llm_errors;
#[cfg(unix)]
mod llm_local;
mod llm_negotiate;
mod llm_ops;
mod llm_tailor;
mod match_;
mod match_none;
mod match_why;
mod mock_openai;
mod practice;
mod practice_history;
mod robust;
mod routes;
mod routes_ops;
mod routes_stories;
mod semantic;
mod server;
mod server_errors;
mod server_limits;
mod server_ops;
#[cfg(unix)]
mod speech_local;
mod speech_mock;
mod tailor;
mod to_write;
