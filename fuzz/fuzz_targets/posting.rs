//! Any bytes as a job posting: questions and a tailored plan over the sample bank, never a panic.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use starcoach::engine::offline::{OfflineEngine, Settings};
use starcoach::engine::{QuestionsRequest, TailorRequest};
use starcoach::story::StoryBank;

fn engine() -> &'static OfflineEngine {
    static ENGINE: OnceLock<OfflineEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../stories");
        let bank = StoryBank::load(&dir).expect("the sample bank loads");
        OfflineEngine::new(Arc::new(bank), None, Settings::default())
    })
}

fuzz_target!(|data: &[u8]| {
    let job = String::from_utf8_lossy(data).into_owned();
    let _ = engine().questions_report(&QuestionsRequest {
        job: job.clone(),
        count: None,
    });
    let _ = engine().tailor_report(&TailorRequest {
        job,
        count: None,
        max_reuse: None,
        target_seconds: None,
    });
});
