//! Loading a directory of native entries into a `StoryBank`, and writing entries back atomically.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Entry, NativeError, parse_all, render_entry, valid_id};

#[derive(Debug, thiserror::Error)]
pub enum BankError {
    #[error(
        "cannot read the story directory {dir}: {source} (pass --stories DIR, or create one with `starcoach import`)"
    )]
    ReadDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    ReadFile {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The message says the first problem whole (file, line, what is wrong), so the problems
    /// are no separate cause: it would print the same words twice. `stories lint` lists them all.
    #[error("{}:{}: {}", path.display(), problems[0].line, problems[0].message)]
    Malformed {
        path: PathBuf,
        problems: Vec<NativeError>,
    },
    #[error("{}:2: duplicate id {id:?}, already used by {}", path.display(), first.display())]
    Duplicate {
        id: String,
        path: PathBuf,
        first: PathBuf,
    },
    #[error("invalid id {0:?}: use 1-64 letters, digits, `-` or `_`")]
    InvalidId(String),
    #[error("{}: a link to {} outside the story directory: copy the file in instead", path.display(), target.display())]
    OutsideLink { path: PathBuf, target: PathBuf },
    #[error("{}: {size} bytes, over the {limit}-byte limit for an entry: split it or shorten it", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl BankError {
    /// The file a problem is in, for lint output.
    pub fn path(&self) -> Option<&Path> {
        match self {
            BankError::ReadDir { dir, .. } => Some(dir),
            BankError::ReadFile { path, .. }
            | BankError::Malformed { path, .. }
            | BankError::Duplicate { path, .. }
            | BankError::OutsideLink { path, .. }
            | BankError::TooLarge { path, .. }
            | BankError::Write { path, .. } => Some(path),
            BankError::InvalidId(_) => None,
        }
    }
}

/// Every entry of a story directory, in file-name order.
#[derive(Debug, Clone, Default)]
pub struct StoryBank {
    dir: PathBuf,
    entries: Vec<Entry>,
    paths: Vec<PathBuf>,
}

/// What a directory scan found: the good entries and every problem, so lint can report them all.
pub struct Scan {
    pub entries: Vec<(PathBuf, Entry)>,
    pub problems: Vec<BankError>,
}

/// The largest entry file read: far more than any story, small enough to read whole.
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024;

impl StoryBank {
    /// Loads a bank, failing on the first malformed file or duplicate id.
    pub fn load(dir: &Path) -> Result<StoryBank, BankError> {
        let scan = Self::scan(dir)?;
        if let Some(problem) = scan.problems.into_iter().next() {
            return Err(problem);
        }
        Ok(Self::from_scanned(dir, scan.entries))
    }

    /// Loads every good entry and returns the problems beside the bank, so one broken file does
    /// not stop the rest from working (`stories lint` still fails on them).
    pub fn load_lenient(dir: &Path) -> Result<(StoryBank, Vec<BankError>), BankError> {
        let scan = Self::scan(dir)?;
        Ok((Self::from_scanned(dir, scan.entries), scan.problems))
    }

    /// Builds a bank from entries already in memory (tests, benchmarks, the daemon's PUT).
    pub fn from_entries(dir: &Path, entries: Vec<Entry>) -> StoryBank {
        let paths = entries.iter().map(|e| entry_path(dir, &e.id)).collect();
        StoryBank {
            dir: dir.to_path_buf(),
            entries,
            paths,
        }
    }

    fn from_scanned(dir: &Path, scanned: Vec<(PathBuf, Entry)>) -> StoryBank {
        let (paths, entries) = scanned.into_iter().unzip();
        StoryBank {
            dir: dir.to_path_buf(),
            entries,
            paths,
        }
    }

    /// Reads every `*.md` file; problems are collected, not fatal, so one bad file does not hide the rest.
    pub fn scan(dir: &Path) -> Result<Scan, BankError> {
        let read_dir = |source| BankError::ReadDir {
            dir: dir.to_path_buf(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(read_dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_entry_file(p))
            .collect();
        files.sort();
        let mut scan = Scan {
            entries: Vec::new(),
            problems: Vec::new(),
        };
        let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        // Ids that differ only in case are one id: on a case-insensitive disk they are one file.
        let mut seen: HashMap<String, PathBuf> = HashMap::new();
        for path in files {
            let entry = check_file(&path, &root)
                .and_then(|()| {
                    std::fs::read(&path).map_err(|source| BankError::ReadFile {
                        path: path.clone(),
                        source,
                    })
                })
                .and_then(|bytes| {
                    let text = String::from_utf8(bytes).map_err(|e| BankError::Malformed {
                        path: path.clone(),
                        problems: vec![NativeError {
                            line: super::line_of_byte(e.as_bytes(), e.utf8_error().valid_up_to()),
                            message: "not UTF-8 text (save the file as UTF-8)".into(),
                        }],
                    })?;
                    parse_all(&text).map_err(|problems| BankError::Malformed {
                        path: path.clone(),
                        problems,
                    })
                });
            match entry {
                Ok(entry) => match seen.get(&entry.id.to_lowercase()) {
                    Some(first) => scan.problems.push(BankError::Duplicate {
                        id: entry.id.clone(),
                        path: path.clone(),
                        first: first.clone(),
                    }),
                    None => {
                        seen.insert(entry.id.to_lowercase(), path.clone());
                        scan.entries.push((path, entry));
                    }
                },
                Err(problem) => scan.problems.push(problem),
            }
        }
        Ok(scan)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id, in any case ("lf1" is "LF1").
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id.eq_ignore_ascii_case(id))
    }

    pub fn path_of(&self, id: &str) -> Option<&Path> {
        let i = self
            .entries
            .iter()
            .position(|e| e.id.eq_ignore_ascii_case(id))?;
        Some(&self.paths[i])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The stated vision: the text of the `vision` answer entry, if the bank has one.
    pub fn vision(&self) -> Option<String> {
        self.get("vision").map(|e| e.body())
    }
}

/// A Markdown file that is an entry: not hidden, not an editor's lock or backup file.
fn is_entry_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.extension().is_some_and(|x| x == "md")
        && !name.starts_with(['.', '#', '~'])
        && path.is_file()
}

/// A file the bank may read: inside the bank (a link may not lead out) and not too large.
fn check_file(path: &Path, root: &Path) -> Result<(), BankError> {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        let target = path.canonicalize().map_err(|source| BankError::ReadFile {
            path: path.to_path_buf(),
            source,
        })?;
        if !target.starts_with(root) {
            return Err(BankError::OutsideLink {
                path: path.to_path_buf(),
                target,
            });
        }
    }
    let size = path.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_ENTRY_BYTES {
        return Err(BankError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_ENTRY_BYTES,
        });
    }
    Ok(())
}

/// The file an entry with this id is written to.
pub fn entry_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.md"))
}

/// Writes one entry as `DIR/ID.md` through a temporary file and a rename, so a reader never sees half a file.
pub fn write_entry(dir: &Path, entry: &Entry) -> Result<PathBuf, BankError> {
    write_entry_over(dir, entry, None)
}

/// Writes an entry that replaces the one stored at `old` (another file name, or the same id in
/// another case): the new text goes over the old file in one rename, then the file takes the
/// new name in a second, so at no moment do two files hold the id, on any file system.
pub fn write_entry_over(
    dir: &Path,
    entry: &Entry,
    old: Option<&Path>,
) -> Result<PathBuf, BankError> {
    if !valid_id(&entry.id) {
        return Err(BankError::InvalidId(entry.id.clone()));
    }
    let path = entry_path(dir, &entry.id);
    let Some(old) = old.filter(|o| *o != path.as_path()) else {
        return write_at(dir, entry, &path);
    };
    write_at(dir, entry, old)?;
    std::fs::rename(old, &path).map_err(|source| BankError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

fn write_at(dir: &Path, entry: &Entry, path: &Path) -> Result<PathBuf, BankError> {
    let path = path.to_path_buf();
    let write = |source| BankError::Write {
        path: path.clone(),
        source,
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write)?;
    tmp.write_all(render_entry(entry).as_bytes())
        .map_err(write)?;
    tmp.persist(&path).map_err(|e| write(e.error))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{Kind, Section};

    fn entry(id: &str) -> Entry {
        Entry {
            id: id.into(),
            kind: Kind::Answer,
            title: format!("Title {id}"),
            company: None,
            categories: vec!["Vision".into()],
            tags: vec![],
            sections: vec![Section {
                name: "Points".into(),
                text: "- reliability first".into(),
            }],
        }
    }

    #[test]
    fn write_then_load_gives_equal_entries() {
        let dir = tempfile::tempdir().unwrap();
        for id in ["b", "a", "vision"] {
            write_entry(dir.path(), &entry(id)).unwrap();
        }
        let bank = StoryBank::load(dir.path()).unwrap();
        let ids: Vec<_> = bank.entries().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "vision"]);
        assert_eq!(bank.get("a"), Some(&entry("a")));
        assert_eq!(bank.vision().as_deref(), Some("- reliability first"));
    }

    #[test]
    fn duplicate_ids_are_reported_with_both_files() {
        let dir = tempfile::tempdir().unwrap();
        write_entry(dir.path(), &entry("a")).unwrap();
        std::fs::copy(dir.path().join("a.md"), dir.path().join("z.md")).unwrap();
        let err = StoryBank::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("z.md:2: duplicate id \"a\""), "{err}");
        assert!(err.contains("a.md"), "{err}");
    }

    #[test]
    fn hidden_and_editor_files_are_not_entries_and_case_makes_no_new_id() {
        let dir = tempfile::tempdir().unwrap();
        write_entry(dir.path(), &entry("a")).unwrap();
        for copy in [".a.md", "#a.md#", ".#a.md", "a.md~", "a.md.swp"] {
            std::fs::copy(dir.path().join("a.md"), dir.path().join(copy)).unwrap();
        }
        let bank = StoryBank::load(dir.path()).unwrap();
        assert_eq!(bank.len(), 1);
        assert_eq!(bank.get("A").map(|e| e.id.as_str()), Some("a"));
        std::fs::write(dir.path().join("b.md"), render_entry(&entry("A"))).unwrap();
        let err = StoryBank::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("duplicate id \"A\""), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_bank_and_a_huge_file_are_problems_the_rest_survives() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        write_entry(dir.path(), &entry("a")).unwrap();
        write_entry(outside.path(), &entry("b")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("b.md"), dir.path().join("b.md")).unwrap();
        std::fs::write(
            dir.path().join("c.md"),
            "x".repeat(MAX_ENTRY_BYTES as usize + 1),
        )
        .unwrap();
        std::fs::write(dir.path().join("d.md"), "+++\nid = \n").unwrap();
        let (bank, problems) = StoryBank::load_lenient(dir.path()).unwrap();
        assert_eq!(
            bank.entries()
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>(),
            ["a"]
        );
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].contains("outside the story directory"), "{text:?}");
        assert!(text[1].contains("over the 262144-byte limit"), "{text:?}");
        assert!(text[2].contains("d.md:"), "{text:?}");
    }

    #[test]
    fn invalid_ids_never_touch_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_entry(dir.path(), &entry("../x")).unwrap_err();
        assert!(matches!(err, BankError::InvalidId(_)));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
