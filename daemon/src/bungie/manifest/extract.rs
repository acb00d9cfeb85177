//! Unpacks the one database file of a manifest zip to a path of our choosing, within a size
//! limit, and checks it starts like an SQLite database.
//!
//! The member's own name is never used as a path, so an archive cannot write outside the
//! manifest directory.

use std::io::{Read, Seek, Write};
use std::path::Path;

use super::error::ManifestError;
use super::progress::{Progress, ProgressReader, Stage};

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Extracts the single file of `archive` into `out` (a new, empty file at `dest`), refusing
/// archives with any other number of files and databases over `limit` bytes, then fsyncs it.
/// Returns its size.
///
/// The zip reader checks the member's CRC as it reaches the end, so a damaged member is an
/// error here rather than a bad database later.
pub(crate) fn extract_single_file<R: Read + Seek>(
    archive: R,
    out: &mut std::fs::File,
    dest: &Path,
    limit: u64,
    report: &mut dyn FnMut(Progress),
) -> Result<u64, ManifestError> {
    let mut zip = zip::ZipArchive::new(archive)?;
    let files: Vec<usize> = (0..zip.len())
        .filter(|&i| zip.by_index_raw(i).map(|f| !f.is_dir()).unwrap_or(true))
        .collect();
    let [index] = files[..] else {
        return Err(ManifestError::ArchiveEntries(files.len()));
    };
    let member = zip.by_index(index)?;
    let declared = member.size();
    if declared > limit {
        return Err(ManifestError::TooLarge { limit });
    }
    let mut reader = ProgressReader::new(member, Stage::Extract, Some(declared), report)
        .take(limit.saturating_add(1));
    let written = copy_member(&mut reader, out, dest)?;
    if written > limit {
        return Err(ManifestError::TooLarge { limit });
    }
    out.flush().map_err(ManifestError::io("write", dest))?;
    out.sync_all().map_err(ManifestError::io("sync", dest))?;
    check_sqlite_magic(dest)?;
    Ok(written)
}

/// Copies the member to `out`, telling a damaged archive (a read error: bad CRC, cut-off
/// stream) apart from a local write failure.
fn copy_member(
    reader: &mut impl Read,
    out: &mut impl Write,
    dest: &Path,
) -> Result<u64, ManifestError> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut written = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(written),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ManifestError::Zip(zip::result::ZipError::Io(e))),
        };
        let chunk = buf.get(..n).unwrap_or_default();
        out.write_all(chunk)
            .map_err(ManifestError::io("write", dest))?;
        written += n as u64;
    }
}

/// Fails with [`ManifestError::NotSqlite`] unless `path` begins with SQLite's file header.
fn check_sqlite_magic(path: &Path) -> Result<(), ManifestError> {
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(ManifestError::io("open", path))?;
    match file.read_exact(&mut head) {
        Ok(()) if &head == SQLITE_MAGIC => Ok(()),
        Ok(()) => Err(ManifestError::NotSqlite),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(ManifestError::NotSqlite),
        Err(e) => Err(ManifestError::io("read", path)(e)),
    }
}
