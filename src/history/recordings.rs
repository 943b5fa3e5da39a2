//! The recordings `practice --keep-audio` keeps in the history's `audio/` folder: copied in
//! under a new name, and deleted again only by `history forget`, only from that folder.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

#[derive(Debug, thiserror::Error)]
pub enum RecordingError {
    #[error("cannot create the recordings folder {path}: {reason}")]
    Folder { path: PathBuf, reason: io::Error },
    #[error("cannot keep the recording in {path}: {reason}")]
    Copy { path: PathBuf, reason: io::Error },
}

/// Copies a recording into `dir`, named by the time it was made, and returns where it is now.
/// The path is absolute, so `history forget` finds it from any folder; the name is never one
/// already kept (two answers in one second).
pub fn keep(dir: &Path, recording: &Path, now: DateTime<Utc>) -> Result<PathBuf, RecordingError> {
    std::fs::create_dir_all(dir).map_err(|reason| RecordingError::Folder {
        path: dir.to_path_buf(),
        reason,
    })?;
    let ext = recording
        .extension()
        .map_or_else(|| "wav".into(), |e| e.to_string_lossy().to_string());
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let target = free_name(&dir, now, &ext);
    std::fs::copy(recording, &target).map_err(|reason| RecordingError::Copy {
        path: target.clone(),
        reason,
    })?;
    Ok(target)
}

/// A file name in `dir` no file has, after the UTC time: `20261207T225758Z.ext`, else with
/// `-2`, `-3`... after the stamp.
pub fn free_name(dir: &Path, now: DateTime<Utc>, ext: &str) -> PathBuf {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stamp}.{ext}")),
            n => dir.join(format!("{stamp}-{n}.{ext}")),
        })
        .find(|p| !p.exists())
        .expect("some name is free")
}

/// What deleting forgotten attempts' recordings did.
#[derive(Debug, Default)]
pub struct Removed {
    pub deleted: u64,
    /// Recordings of ours that could not be deleted, with why.
    pub failed: Vec<(PathBuf, io::Error)>,
}

/// Deletes the recordings forgotten attempts name, and only those kept in `dir`: an imported
/// attempt may name any file, which is not ours to delete. The path as stored must be in the
/// folder and a file there; a link elsewhere pointing into it, or one in it pointing out, is
/// not a kept recording. A recording already gone is not an error.
pub fn remove(dir: &Path, audio: &[String]) -> Removed {
    let mut out = Removed::default();
    let Ok(ours) = dir.canonicalize() else {
        return out;
    };
    for path in audio {
        let file = Path::new(path);
        let in_ours = file
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .is_some_and(|p| p == ours);
        if !in_ours || !std::fs::symlink_metadata(file).is_ok_and(|m| m.is_file()) {
            continue;
        }
        match std::fs::remove_file(file) {
            Ok(()) => out.deleted += 1,
            Err(e) => out.failed.push((file.to_path_buf(), e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn two_recordings_kept_in_one_second_get_two_names() {
        let tmp = tempfile::tempdir().unwrap();
        let source = tmp.path().join("answer.webm");
        std::fs::write(&source, b"first").unwrap();
        let dir = tmp.path().join("history").join("audio");
        let now = at("2026-03-01T09:30:00Z");
        let first = keep(&dir, &source, now).unwrap();
        std::fs::write(&source, b"second").unwrap();
        let second = keep(&dir, &source, now).unwrap();
        assert!(first.is_absolute(), "{}", first.display());
        assert_eq!(first.file_name().unwrap(), "20260301T093000Z.webm");
        assert_eq!(second.file_name().unwrap(), "20260301T093000Z-2.webm");
        assert_eq!(std::fs::read(&first).unwrap(), b"first");
        assert_eq!(std::fs::read(&second).unwrap(), b"second");
    }

    #[test]
    fn only_files_kept_in_the_folder_are_deleted() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("audio");
        std::fs::create_dir(&dir).unwrap();
        let kept = dir.join("kept.wav");
        let elsewhere = tmp.path().join("mine.wav");
        std::fs::write(&kept, b"x").unwrap();
        std::fs::write(&elsewhere, b"x").unwrap();
        let name = |p: &Path| p.display().to_string();
        let mut audio = vec![name(&kept), name(&elsewhere), name(&dir.join("gone.wav"))];
        #[cfg(unix)]
        {
            // A link in the folder to a file outside it is not a kept recording.
            let link = dir.join("link.wav");
            std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
            audio.push(name(&link));
        }
        let removed = remove(&dir, &audio);
        assert_eq!(removed.deleted, 1);
        assert!(removed.failed.is_empty(), "{:?}", removed.failed);
        assert!(!kept.exists());
        assert!(elsewhere.exists());
    }
}
