//! Progress reports of a manifest install, and a reader that emits them as bytes flow.

use std::io::Read;

/// Which part of an install is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Receiving the zip archive.
    Download,
    /// Unpacking the database from the archive.
    Extract,
    /// Checking the unpacked database before it replaces the current one.
    Verify,
}

/// One progress report: how far a stage has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The stage reporting.
    pub stage: Stage,
    /// Bytes done so far in this stage (0 for [`Stage::Verify`]).
    pub done: u64,
    /// Bytes expected in this stage, when known.
    pub total: Option<u64>,
}

/// Wraps a reader and reports the running byte count of one stage after every read.
pub(crate) struct ProgressReader<'p, R> {
    /// The reader being counted.
    inner: R,
    /// The stage the bytes belong to.
    stage: Stage,
    /// Bytes read so far.
    done: u64,
    /// Bytes expected, when known.
    total: Option<u64>,
    /// Where reports go.
    report: &'p mut dyn FnMut(Progress),
}

impl<'p, R: Read> ProgressReader<'p, R> {
    /// Counts `inner` as `stage`, expecting `total` bytes, and reports the start at once.
    pub(crate) fn new(
        inner: R,
        stage: Stage,
        total: Option<u64>,
        report: &'p mut dyn FnMut(Progress),
    ) -> Self {
        report(Progress {
            stage,
            done: 0,
            total,
        });
        ProgressReader {
            inner,
            stage,
            done: 0,
            total,
            report,
        }
    }
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.done += n as u64;
            (self.report)(Progress {
                stage: self.stage,
                done: self.done,
                total: self.total,
            });
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_a_running_count_that_ends_at_the_total() {
        let data = vec![7u8; 10_000];
        let mut seen = Vec::new();
        let mut report = |p: Progress| seen.push(p);
        let mut reader = ProgressReader::new(&data[..], Stage::Download, Some(10_000), &mut report);
        let mut out = Vec::new();
        reader
            .read_to_end(&mut out)
            .expect("reading a slice cannot fail");
        assert_eq!(out, data);
        assert_eq!(seen.first().map(|p| p.done), Some(0));
        assert_eq!(seen.last().map(|p| p.done), Some(10_000));
        assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
        assert!(
            seen.iter()
                .all(|p| p.stage == Stage::Download && p.total == Some(10_000))
        );
    }
}
