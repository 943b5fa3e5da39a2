//! Writing a whole set of entries into a bank directory all or nothing, for `import`.
//!
//! A new directory is built beside its final place and renamed into it in one step. Into an
//! existing directory every file is staged first; if a rename fails midway, the files already
//! moved are put back as they were, so a failed import never leaves a mix of old and new.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{BankError, Entry, entry_path, render_entry};

/// Writes `entries` as native files in `dir`, creating it if needed. Existing entry files are
/// replaced only with `overwrite`; without it, the first one found is an error and nothing is
/// written.
pub fn publish(dir: &Path, entries: &[Entry], overwrite: bool) -> Result<(), PublishError> {
    if let Some(bad) = entries.iter().find(|e| !super::valid_id(&e.id)) {
        return Err(BankError::InvalidId(bad.id.clone()).into());
    }
    if dir.exists() {
        if !dir.is_dir() {
            return Err(PublishError::NotADirectory(dir.to_path_buf()));
        }
        into_existing(dir, entries, overwrite)
    } else {
        into_new(dir, entries)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{} is a file; give a directory for the entries", .0.display())]
    NotADirectory(PathBuf),
    #[error(
        "{count} of the {total} entry files already exist in {} (first: {}): nothing was written; pass --force to overwrite",
        dir.display(), first.display()
    )]
    Exists {
        dir: PathBuf,
        first: PathBuf,
        count: usize,
        total: usize,
    },
    #[error(transparent)]
    Bank(#[from] BankError),
}

fn write_error(path: &Path) -> impl Fn(std::io::Error) -> BankError + '_ {
    move |source| BankError::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn into_new(dir: &Path, entries: &[Entry]) -> Result<(), PublishError> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(write_error(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".starcoach-import-")
        .tempdir_in(&parent)
        .map_err(write_error(&parent))?;
    for entry in entries {
        let path = entry_path(staging.path(), &entry.id);
        std::fs::write(&path, render_entry(entry)).map_err(write_error(&path))?;
    }
    // The staging directory is created 0700; the bank should get the usual permissions.
    set_default_dir_permissions(staging.path()).map_err(write_error(staging.path()))?;
    let staged = staging.keep();
    std::fs::rename(&staged, dir).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        write_error(dir)(e)
    })?;
    Ok(())
}

#[cfg(unix)]
fn set_default_dir_permissions(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_default_dir_permissions(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

fn into_existing(dir: &Path, entries: &[Entry], overwrite: bool) -> Result<(), PublishError> {
    let existing: Vec<PathBuf> = entries
        .iter()
        .map(|e| entry_path(dir, &e.id))
        .filter(|p| p.exists())
        .collect();
    if let (false, Some(first)) = (overwrite, existing.first()) {
        return Err(PublishError::Exists {
            dir: dir.to_path_buf(),
            first: first.clone(),
            count: existing.len(),
            total: entries.len(),
        });
    }
    let mut staged = Vec::with_capacity(entries.len());
    for entry in entries {
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write_error(dir))?;
        tmp.write_all(render_entry(entry).as_bytes())
            .map_err(write_error(dir))?;
        let path = entry_path(dir, &entry.id);
        let previous = std::fs::read(&path).ok();
        staged.push((tmp, path, previous));
    }
    let mut done: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::with_capacity(staged.len());
    for (tmp, path, previous) in staged {
        if let Err(e) = tmp.persist(&path) {
            roll_back(&done);
            return Err(write_error(&path)(e.error).into());
        }
        done.push((path, previous));
    }
    Ok(())
}

/// Puts back what the files moved so far replaced; best effort, as the disk is already failing.
fn roll_back(done: &[(PathBuf, Option<Vec<u8>>)]) {
    for (path, previous) in done {
        let _ = match previous {
            Some(bytes) => std::fs::write(path, bytes),
            None => std::fs::remove_file(path),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{Kind, Section, StoryBank};

    fn entry(id: &str, text: &str) -> Entry {
        Entry {
            id: id.into(),
            kind: Kind::Answer,
            title: format!("Title {id}"),
            company: None,
            categories: vec!["Motivation".into()],
            tags: vec![],
            sections: vec![Section {
                name: "Points".into(),
                text: text.into(),
            }],
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_directory_appears_whole_and_leaves_no_staging_behind() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("nested/bank");
        publish(&dir, &[entry("a", "- one"), entry("b", "- two")], false).unwrap();
        assert_eq!(names(&dir), ["a.md", "b.md"]);
        assert_eq!(names(&root.path().join("nested")), ["bank"]);
        assert_eq!(StoryBank::load(&dir).unwrap().len(), 2);
    }

    #[test]
    fn an_existing_file_is_kept_without_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.md"), "hand edit").unwrap();
        let err = publish(
            dir.path(),
            &[entry("a", "- one"), entry("b", "- two")],
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("1 of the 2 entry files already exist"),
            "{err}"
        );
        assert_eq!(names(dir.path()), ["b.md"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.md")).unwrap(),
            "hand edit"
        );
    }

    #[test]
    fn overwrite_replaces_entries_and_keeps_other_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.md"), "old").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        publish(
            dir.path(),
            &[entry("a", "- one"), entry("b", "- two")],
            true,
        )
        .unwrap();
        assert_eq!(names(dir.path()), ["a.md", "b.md", "notes.txt"]);
        let bank_file = std::fs::read_to_string(dir.path().join("b.md")).unwrap();
        assert!(bank_file.contains("- two"), "{bank_file}");
    }

    #[test]
    fn a_failed_rename_puts_back_what_was_already_moved() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "old a").unwrap();
        // A directory where `c.md` should go makes the last rename fail.
        std::fs::create_dir(dir.path().join("c.md")).unwrap();
        std::fs::write(dir.path().join("c.md/keep"), "x").unwrap();
        let entries = [
            entry("a", "- new"),
            entry("b", "- new"),
            entry("c", "- new"),
        ];
        let err = publish(dir.path(), &entries, true).unwrap_err().to_string();
        assert!(err.contains("c.md"), "{err}");
        assert_eq!(names(dir.path()), ["a.md", "c.md"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
            "old a"
        );
    }

    #[test]
    fn a_file_in_place_of_the_directory_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("bank");
        std::fs::write(&file, "x").unwrap();
        let err = publish(&file, &[entry("a", "- one")], true).unwrap_err();
        assert!(matches!(err, PublishError::NotADirectory(_)), "{err}");
    }
}
