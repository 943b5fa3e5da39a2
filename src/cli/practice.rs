//! `starcoach practice`: one rehearsal. A question and the story to use (recall first, then
//! reveal its key points), a countdown to the target speaking time, the answer typed, written
//! in `$EDITOR` or read from a file, its critique against the last try, stored in the history.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::Utc;
use clap::Args;

use super::exit::{Exit, say};
use super::output::{self, block_on};
use super::{Ctx, Input, is_stdin, read_draft, read_text};
use crate::engine::EngineError;
use crate::history::recordings;
use crate::practice::{self, AttemptRequest, PracticeError, Source};
use crate::render;
use crate::report::PracticePick;

/// Rehearse one answer: the question due next (or one you ask for), your story's key points on
/// request, a countdown, your answer critiqued and compared with your last try, all kept in
/// the practice history
#[derive(Debug, Args)]
#[command(after_help = "\
Where the question comes from (first that applies):
  --question / --story   that question (with the story that matches it best, or the one named)
  --job FILE             the posting's likely questions, in the order its plan gives them
  otherwise (--due)      what is due, then stories never practised, then the one due soonest

Examples:
  starcoach practice
  starcoach practice --job posting.md
  starcoach practice --story kafka-move --seconds 60
  starcoach practice --question \"Tell me about a failure\" --answer draft.txt --json
  starcoach practice --next --json          # only say what comes next")]
pub struct Practice {
    /// Practise for this posting: its likely questions and the stories its plan picks (`-`:
    /// stdin)
    #[arg(long, value_name = "FILE", conflicts_with = "due")]
    pub job: Option<PathBuf>,
    /// Practise what is due (the default when neither --question, --story nor --job is given)
    #[arg(long)]
    pub due: bool,
    /// The question to answer
    #[arg(long, conflicts_with = "due")]
    pub question: Option<String>,
    /// The story to answer with (its id)
    #[arg(long, value_name = "ID", conflicts_with = "due")]
    pub story: Option<String>,
    /// The answer, from a file (`-` for stdin); skips the prompts, for scripts
    #[arg(long, value_name = "FILE")]
    pub answer: Option<PathBuf>,
    /// Write the answer in $VISUAL or $EDITOR instead of typing it at the prompt
    #[arg(long, conflicts_with = "answer")]
    pub editor: bool,
    /// A recording of your spoken answer (WAV, MP3, M4A, WebM, OGG or FLAC: whatever the
    /// [speech] endpoint takes), transcribed and critiqued, with your pace, pauses and fillers
    #[arg(long, value_name = "FILE", conflicts_with_all = ["answer", "editor"])]
    pub audio: Option<PathBuf>,
    /// Keep the recording beside the history (it is not stored otherwise)
    #[arg(long, requires = "audio")]
    pub keep_audio: bool,
    /// Target speaking time in seconds, 15 to 600; the key points are cut to it [default:
    /// [tailor] target_seconds]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(15..=600))]
    pub seconds: Option<u32>,
    /// Only print the question that comes next (with the story and its key points); store nothing
    #[arg(long, conflicts_with_all = ["answer", "editor", "audio"])]
    pub next: bool,
}

impl Practice {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        // Said before any work: stdin cannot carry both the posting and the answer.
        let answer_on_stdin = !self.next
            && self.audio.is_none()
            && !self.editor
            && self.answer.as_deref().is_none_or(is_stdin);
        if self.job.as_deref().is_some_and(is_stdin) && answer_on_stdin {
            anyhow::bail!(
                "the job description and the answer cannot both come from stdin: pass --job FILE, \
                 or the answer with --answer FILE or --editor"
            );
        }
        let history = ctx.history()?;
        let job = self
            .job
            .as_deref()
            .map(|p| read_text(Input::Job, p))
            .transpose()?;
        let coach = ctx.coach(ctx.bank_if_any()?)?;
        let seconds = self
            .seconds
            .unwrap_or(ctx.config.tailor.target_seconds.max(15));
        let source = self.source(job.clone());
        let now = Utc::now();
        let pick = block_on(practice::next(&coach, &history, source, now, seconds))
            .map_err(|_| anyhow::anyhow!("cancelled"))??;
        if self.next {
            ctx.emit(&pick, |p| render::practice_pick(p, now))?;
            return Ok(Exit::Done.into());
        }
        let given = match self.take_answer(ctx, &pick, now)? {
            Taken::Answer(given) => given,
            // The prompt has already said it was cancelled.
            Taken::Cancelled => return Ok(Exit::Interrupted.into()),
        };
        let req = AttemptRequest {
            question: pick.question.clone(),
            story: pick.story.as_ref().map(|s| s.id.clone()),
            answer: given.answer,
            job,
            timed_seconds: given.timed_seconds,
            delivery: given.delivery,
            audio: given.audio,
        };
        let critique = match block_on(practice::critique(&coach, &req)) {
            Ok(Ok(critique)) => critique,
            Ok(Err(e)) => {
                // Typed at the prompt or in the editor, the answer exists nowhere else.
                // Failing to keep it must not hide why it was refused.
                let kept = match given.typed.then(|| keep_typed(ctx, &req.answer, now)) {
                    Some(Ok(path)) => format!("; your answer is kept in {}", path.display()),
                    Some(Err(e)) => format!("; your answer could not be kept ({e:#})"),
                    None => String::new(),
                };
                let stored = format!("nothing was stored{kept}");
                if let PracticeError::Engine(EngineError::Item(e)) = e {
                    // The endpoint failed on this answer (as `critique` reports it): exit 1.
                    crate::print_error(&anyhow::Error::new(e).context(stored));
                    return Ok(Exit::CheckFailed.into());
                }
                return Err(anyhow::Error::new(e).context(stored));
            }
            Err(_) => {
                say("cancelled; nothing was stored");
                return Ok(Exit::Interrupted.into());
            }
        };
        for notice in coach.take_notices() {
            say(notice);
        }
        let report = practice::store(&coach, &history, req, critique, Utc::now())?;
        ctx.emit(&report, |r| render::practice(r, Utc::now()))?;
        Ok(Exit::Done.into())
    }

    /// Where the question comes from: the flags, else the posting, else what is due.
    fn source(&self, job: Option<String>) -> Source {
        match (&self.question, &self.story, job) {
            (None, None, Some(job)) => Source::Job(job),
            (None, None, None) => Source::Due,
            _ => Source::Asked {
                question: self.question.clone(),
                story: self.story.clone(),
            },
        }
    }

    /// The answer from the recording, the editor, the prompt or the file (or stdin), or word
    /// that the prompt was cancelled, which is said here.
    fn take_answer(
        &self,
        ctx: &Ctx,
        pick: &PracticePick,
        now: chrono::DateTime<Utc>,
    ) -> anyhow::Result<Taken> {
        if let Some(path) = &self.audio {
            return self.listen(ctx, pick, now, path).map(Taken::Answer);
        }
        let interactive = self.answer.is_none() && std::io::stdin().is_terminal();
        let (answer, timed_seconds) = if self.editor {
            (read_in_editor(pick)?, None)
        } else if interactive && !ctx.global.json {
            let card = pick.clone();
            match output::interruptible(move || prompt_for_answer(&card, now)) {
                Ok(typed) => typed?,
                Err(_) => {
                    say("cancelled; nothing was stored");
                    return Ok(Taken::Cancelled);
                }
            }
        } else {
            if !ctx.global.json {
                let _ = write!(anstream::stderr(), "{}", render::practice_pick(pick, now));
            }
            (read_draft(Input::Answer, self.answer.as_deref())?, None)
        };
        Ok(Taken::Answer(Given {
            answer,
            timed_seconds,
            delivery: None,
            audio: None,
            typed: self.editor || interactive,
        }))
    }

    /// The transcript of `--audio`, with its delivery figures and, with `--keep-audio`, where
    /// the recording was kept.
    fn listen(
        &self,
        ctx: &Ctx,
        pick: &PracticePick,
        now: chrono::DateTime<Utc>,
        path: &std::path::Path,
    ) -> anyhow::Result<Given> {
        // A missing [speech] endpoint is said before the card, not after it.
        let transcriber = crate::engine::speech::Transcriber::new(&ctx.config.speech)?;
        if !ctx.global.json {
            let _ = write!(anstream::stderr(), "{}", render::practice_pick(pick, now));
        }
        let (answer, delivery) = hear(&transcriber, path)?;
        let kept = if self.keep_audio {
            Some(keep(ctx, path)?)
        } else {
            None
        };
        Ok(Given {
            answer,
            timed_seconds: None,
            delivery: Some(delivery),
            audio: kept,
            // The recording holds it.
            typed: false,
        })
    }
}

/// The answer as it was given (typed, edited, read or heard), with what the attempt stores
/// beside it.
struct Given {
    answer: String,
    /// Seconds taken at the prompt, when the answer was typed there.
    timed_seconds: Option<u32>,
    /// A spoken answer's delivery figures.
    delivery: Option<crate::report::Delivery>,
    /// Where a spoken answer's recording was kept, when `--keep-audio` kept it.
    audio: Option<String>,
    /// Typed at the prompt or in the editor: kept in a file if the critique refuses it.
    typed: bool,
}

/// What `take_answer` came back with; a cancelled prompt has already said so, so the caller
/// only has to stop.
enum Taken {
    Answer(Given),
    Cancelled,
}

/// Sends a recording to the `[speech]` endpoint (saying where, since audio is private) and
/// returns the transcript with its delivery figures.
fn hear(
    transcriber: &crate::engine::speech::Transcriber,
    path: &std::path::Path,
) -> anyhow::Result<(String, crate::report::Delivery)> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read the recording {}", path.display()))?;
    let audio = super::read_limited(file, Input::Recording, &path.display().to_string())?;
    say(format!(
        "sending the recording to {} for transcription",
        transcriber.base_url
    ));
    let name = path
        .file_name()
        .map_or_else(|| "answer.wav".into(), |n| n.to_string_lossy().to_string());
    match block_on(practice::hear(transcriber, &name, audio)) {
        Ok(heard) => Ok(heard.with_context(|| format!("the recording {}", path.display()))?),
        Err(_) => anyhow::bail!("cancelled; nothing was stored"),
    }
}

/// Copies a recording next to the history (`audio/` beside the history file), named by time.
fn keep(ctx: &Ctx, path: &std::path::Path) -> anyhow::Result<String> {
    let kept = recordings::keep(&ctx.config.audio_dir(), path, Utc::now())?;
    Ok(kept.display().to_string())
}

/// The flash card, then the answer at the prompt: recall the story, reveal its key points on
/// Enter, then type with the time left shown at each line; Ctrl-D ends the answer.
fn prompt_for_answer(
    pick: &PracticePick,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<(String, Option<u32>)> {
    let mut err = anstream::stderr();
    write!(err, "{}", render::practice_card(pick, now))?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    if !pick.key_points.is_empty() {
        write!(
            err,
            "{}",
            render::practice_hint(
                "Recall the story, then press Enter to see its key points (s to skip) "
            )
        )?;
        err.flush()?;
        let choice = lines.next().transpose()?.unwrap_or_default();
        if !choice.trim().eq_ignore_ascii_case("s") {
            write!(err, "{}", render::key_points(&pick.key_points))?;
        }
    }
    writeln!(
        err,
        "{}",
        render::practice_hint("Answer now: type or paste it, then Ctrl-D on an empty line.")
    )?;
    let started = Instant::now();
    let mut answer = String::new();
    loop {
        let elapsed = started.elapsed().as_secs() as u32;
        write!(err, "{}", render::countdown(elapsed, pick.target_seconds))?;
        err.flush()?;
        match lines.next() {
            Some(line) => {
                answer.push_str(&line.context("cannot read the answer from the terminal")?);
                answer.push('\n');
                if answer.len() > crate::engine::MAX_DRAFT_BYTES {
                    anyhow::bail!(
                        "the answer is larger than {} KiB, the limit: shorten it to the part that matters",
                        crate::engine::MAX_DRAFT_BYTES / 1024
                    );
                }
            }
            None => break,
        }
    }
    writeln!(err)?;
    if crate::engine::is_blank(&answer) {
        anyhow::bail!("no answer was typed: nothing stored");
    }
    Ok((answer, Some(started.elapsed().as_secs() as u32)))
}

/// Opens `$VISUAL` or `$EDITOR` (else `vi`) on a file headed by the question as `#` lines,
/// and reads the answer back without them.
fn read_in_editor(pick: &PracticePick) -> anyhow::Result<String> {
    // A variable set to blanks names no editor: run as a command, it would run the file.
    let named = |var| {
        std::env::var(var)
            .ok()
            .filter(|e: &String| !e.trim().is_empty())
    };
    let editor = named("VISUAL")
        .or_else(|| named("EDITOR"))
        .unwrap_or_else(|| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("starcoach-answer-")
        .suffix(".md")
        .tempfile()
        .context("cannot create a file for the editor")?;
    let mut head = format!("\n\n# Question: {}\n", pick.question);
    if let Some(story) = &pick.story {
        head.push_str(&format!("# Story: {} ({})\n", story.title, story.id));
    }
    head.push_str("# Lines starting with # are left out. Save and quit to critique the answer.\n");
    std::fs::write(file.path(), head).context("cannot write the file for the editor")?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot start the editor `{editor}`: set $EDITOR"))?;
    if !status.success() {
        anyhow::bail!("the editor `{editor}` exited with {status}: nothing stored");
    }
    let text = read_text(Input::Answer, file.path()).context("the answer from the editor")?;
    let answer: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    if crate::engine::is_blank(&answer) {
        anyhow::bail!("the answer from the editor is empty: nothing stored");
    }
    if !crate::engine::has_words(&answer) {
        anyhow::bail!(
            "the answer from the editor has no words in it, only symbols or emoji: nothing stored"
        );
    }
    Ok(answer)
}

/// Writes an answer the critique refused to `answers/` beside the history, so that what was
/// typed is not lost.
fn keep_typed(ctx: &Ctx, answer: &str, now: chrono::DateTime<Utc>) -> anyhow::Result<PathBuf> {
    let dir = ctx.config.answers_dir();
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create {} to keep your answer", dir.display()))?;
    let path = recordings::free_name(&dir, now, "md");
    std::fs::write(&path, format!("{}\n", answer.trim()))
        .with_context(|| format!("cannot keep your answer in {}", path.display()))?;
    Ok(path)
}
