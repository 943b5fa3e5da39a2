//! Any bytes as a draft (the first line as its question): a critique whose spans lie inside the
//! draft, never a panic.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use starcoach::engine::CritiqueRequest;
use starcoach::engine::offline::{OfflineEngine, Settings};
use starcoach::story::StoryBank;

fn engine() -> &'static OfflineEngine {
    static ENGINE: OnceLock<OfflineEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let bank = StoryBank::from_entries(std::path::Path::new("."), Vec::new());
        OfflineEngine::new(Arc::new(bank), Some("Reliability is a core feature"), Settings::default())
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (question, draft) = text.split_once('\n').unwrap_or(("", &text));
    let req = CritiqueRequest {
        draft: draft.to_string(),
        question: Some(question.to_string()).filter(|q| !q.is_empty()),
        job: None,
    };
    if let Ok(report) = engine().critique_report(&req) {
        let len = req.draft.chars().count();
        for f in &report.findings {
            for s in &f.spans {
                assert!(s.start < s.end && s.end <= len, "span {s:?} outside a {len}-char draft");
            }
        }
    }
});
