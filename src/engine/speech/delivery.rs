//! How a spoken answer was delivered, from the transcript's timed segments: pace and its
//! spread, long pauses, fillers; and the findings when pace or pauses stray from conversation.

use super::Transcript;
use crate::report::{Delivery, Finding, FindingCode, Severity};

/// A silence between segments at least this long is a long pause.
pub const LONG_PAUSE_SECS: f64 = 2.0;
/// Conversational pace, words per minute (the "about 120-170").
pub const PACE: std::ops::RangeInclusive<f64> = 120.0..=170.0;
/// How far outside that range a pace must be to be a finding.
const PACE_SLACK: f64 = 10.0;
/// A segment shorter than this says little about pace.
const MIN_SEGMENT_SECS: f64 = 3.0;

/// The figures of one transcript; `fillers` is how many filler words the transcript holds.
pub fn delivery(t: &Transcript, fillers: usize) -> Delivery {
    let words = t.text.split_whitespace().count();
    let segments = timed_segments(t, words);
    let gaps: Vec<f64> = segments
        .windows(2)
        .map(|w| (w[1].0 - w[0].1).max(0.0))
        .collect();
    let long: Vec<f64> = gaps
        .iter()
        .copied()
        .filter(|g| *g >= LONG_PAUSE_SECS)
        .collect();
    let span = segments.last().map_or(0.0, |s| s.1) - segments.first().map_or(0.0, |s| s.0);
    let seconds = (span - long.iter().sum::<f64>()).max(0.0);
    let spread = pace_spread(&segments);
    Delivery {
        seconds: round1(seconds),
        words_per_minute: round1(rate(words, seconds)),
        words_per_minute_spread: round1(spread),
        long_pauses: long.len() as u32,
        longest_pause: round1(gaps.iter().copied().fold(0.0, f64::max)),
        fillers_per_100: round1(if words > 0 {
            fillers as f64 * 100.0 / words as f64
        } else {
            0.0
        }),
    }
}

/// Each segment's start, end and word count, bounded by the recording; the whole transcript as
/// one segment when it has none.
fn timed_segments(t: &Transcript, words: usize) -> Vec<(f64, f64, usize)> {
    // Whisper's last timestamp can run past the end of the audio: the recording's own length
    // bounds every segment.
    let bound = |x: f64| {
        if t.duration > 0.0 {
            x.min(t.duration)
        } else {
            x
        }
    };
    if t.segments.is_empty() {
        vec![(0.0, t.duration, words)]
    } else {
        t.segments
            .iter()
            .map(|s| {
                let start = bound(s.start);
                (
                    start,
                    bound(s.end).max(start),
                    s.text.split_whitespace().count(),
                )
            })
            .collect()
    }
}

/// Words a minute over `secs` seconds (0 when no time passed).
fn rate(words: usize, secs: f64) -> f64 {
    if secs > 0.0 {
        words as f64 * 60.0 / secs
    } else {
        0.0
    }
}

/// How far the fastest and slowest segments long enough to tell are apart, in words a minute.
fn pace_spread(segments: &[(f64, f64, usize)]) -> f64 {
    let paces: Vec<f64> = segments
        .iter()
        .filter(|s| s.1 - s.0 >= MIN_SEGMENT_SECS)
        .map(|s| rate(s.2, s.1 - s.0))
        .collect();
    match (
        paces.iter().copied().reduce(f64::max),
        paces.iter().copied().reduce(f64::min),
    ) {
        (Some(max), Some(min)) if paces.len() >= 2 => max - min,
        _ => 0.0,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Pace far from conversation, and pauses that run long (two or more, or one of 4 s).
pub fn findings(d: &Delivery) -> Vec<Finding> {
    let mut out = Vec::new();
    let wpm = d.words_per_minute;
    if d.seconds >= 5.0 && wpm > *PACE.end() + PACE_SLACK {
        out.push(finding(
            FindingCode::Pace,
            format!("about {wpm:.0} words a minute: faster than the 120-170 of conversation"),
            "slow down: pause after the situation and after the result, and let the numbers land",
        ));
    } else if d.seconds >= 5.0 && wpm < *PACE.start() - PACE_SLACK {
        out.push(finding(
            FindingCode::Pace,
            format!("about {wpm:.0} words a minute: slower than the 120-170 of conversation"),
            "rehearse the short form until it flows; know your first sentence by heart",
        ));
    }
    if d.long_pauses >= 2 || d.longest_pause >= 4.0 {
        out.push(finding(
            FindingCode::LongPauses,
            format!(
                "{} long pause(s), the longest {:.1} s",
                d.long_pauses, d.longest_pause
            ),
            "know the order of your story (situation, task, action, result) so the next part is ready",
        ));
    }
    out
}

fn finding(code: FindingCode, message: String, suggestion: &str) -> Finding {
    Finding {
        code,
        severity: Severity::Warning,
        message,
        suggestion: suggestion.to_string(),
        spans: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Segment;
    use super::*;

    fn transcript(segments: &[(f64, f64, &str)]) -> Transcript {
        Transcript {
            text: segments.iter().map(|s| s.2).collect::<Vec<_>>().join(" "),
            duration: segments.last().map_or(0.0, |s| s.1),
            segments: segments
                .iter()
                .map(|&(start, end, text)| Segment {
                    start,
                    end,
                    text: text.into(),
                })
                .collect(),
        }
    }

    fn words(n: usize) -> String {
        vec!["word"; n].join(" ")
    }

    #[test]
    fn pace_pauses_and_spread_come_from_the_segments() {
        let a = words(20);
        let b = words(10);
        // 20 words in 8 s (150 wpm), a 3 s pause, 10 words in 6 s (100 wpm).
        let t = transcript(&[(0.0, 8.0, &a), (11.0, 17.0, &b)]);
        let d = delivery(&t, 3);
        assert_eq!(d.seconds, 14.0);
        assert!((d.words_per_minute - 128.6).abs() < 0.1, "{d:?}");
        assert_eq!(d.words_per_minute_spread, 50.0);
        assert_eq!((d.long_pauses, d.longest_pause), (1, 3.0));
        assert_eq!(d.fillers_per_100, 10.0);
        assert!(
            findings(&d).is_empty(),
            "one 3 s pause at a fine pace is fine"
        );
    }

    #[test]
    fn a_rushed_answer_and_a_halting_one_are_findings() {
        let fast = words(60);
        let d = delivery(&transcript(&[(0.0, 15.0, &fast)]), 0);
        let f = findings(&d);
        assert_eq!(f[0].code, FindingCode::Pace);
        assert!(
            f[0].message.contains("240 words a minute: faster"),
            "{}",
            f[0].message
        );

        let bits = words(12);
        let halting = transcript(&[(0.0, 5.0, &bits), (8.0, 13.0, &bits), (18.0, 23.0, &bits)]);
        let d = delivery(&halting, 0);
        assert_eq!((d.long_pauses, d.longest_pause), (2, 5.0));
        let codes: Vec<FindingCode> = findings(&d).iter().map(|f| f.code).collect();
        assert_eq!(codes, [FindingCode::LongPauses]);
    }

    #[test]
    fn a_segment_past_the_end_of_the_audio_is_cut_to_it() {
        let a = words(30);
        let mut t = transcript(&[(0.0, 10.0, &a), (10.0, 20.0, &a)]);
        t.duration = 12.0;
        let d = delivery(&t, 0);
        assert_eq!((d.seconds, d.words_per_minute), (12.0, 300.0));
    }

    #[test]
    fn no_segments_reads_the_whole_recording_as_one() {
        let t = Transcript {
            text: words(30),
            duration: 12.0,
            segments: Vec::new(),
        };
        let d = delivery(&t, 0);
        assert_eq!(
            (d.seconds, d.words_per_minute, d.long_pauses),
            (12.0, 150.0, 0)
        );
    }
}
