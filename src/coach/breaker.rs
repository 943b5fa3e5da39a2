//! The circuit breaker of `auto`: after the endpoint fails, calls go offline for a while.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// In `auto`, a failing endpoint is left alone for a while and then tried again: the first
/// pause is short, each failure of the retry doubles it (up to a cap), a success closes it.
/// A command-line run rarely outlives the first pause; the daemon heals when the endpoint does.
pub(super) struct Breaker {
    state: Mutex<BreakerState>,
}

#[derive(Default)]
struct BreakerState {
    open_until: Option<Instant>,
    pause: Duration,
    /// Whether the user has been told, so a fallback is said once until the endpoint heals.
    told: bool,
}

const FIRST_PAUSE: Duration = Duration::from_secs(5);
const LONGEST_PAUSE: Duration = Duration::from_secs(300);

impl Breaker {
    pub(super) fn new() -> Breaker {
        Breaker {
            state: Mutex::new(BreakerState::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BreakerState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether calls go to the offline engine now.
    pub(super) fn is_open(&self) -> bool {
        self.lock().open_until.is_some_and(|t| Instant::now() < t)
    }

    /// A failed call: open (again), for twice as long as last time. Returns whether this is
    /// news to the user.
    pub(super) fn trip(&self) -> bool {
        let mut s = self.lock();
        s.pause = if s.pause.is_zero() {
            FIRST_PAUSE
        } else {
            (s.pause * 2).min(LONGEST_PAUSE)
        };
        s.open_until = Some(Instant::now() + s.pause);
        !std::mem::replace(&mut s.told, true)
    }

    pub(super) fn close(&self) {
        let mut s = self.lock();
        if s.open_until.is_some() {
            *s = BreakerState::default();
        }
    }
}
