//! The progress bar of a pass on a terminal, and the log writer that moves it out of the way,
//! so a log line (a warning, or `-v` output) never lands in the middle of the bar.

use std::io::{self, Write};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar on screen now, if any.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// A bar on stderr, removed (and cleared from the screen) when this is dropped.
pub struct Bar(ProgressBar);

impl Bar {
    /// Fetches done of those planned so far (feeds can add articles as the pass goes), elapsed
    /// time and an estimate.
    pub fn start() -> Bar {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {pos}/{len} fetched {wide_bar} {elapsed_precise} (eta {eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        *active() = Some(bar.clone());
        Bar(bar)
    }

    /// A handle on the bar itself.
    pub fn bar(&self) -> &ProgressBar {
        &self.0
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        active().take();
        self.0.finish_and_clear();
    }
}

fn active() -> std::sync::MutexGuard<'static, Option<ProgressBar>> {
    ACTIVE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes logs to stderr with the bar, if one is on screen, suspended meanwhile.
pub struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let bar = active().clone();
        match bar {
            Some(bar) => bar.suspend(|| io::stderr().write(buf)),
            None => io::stderr().write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}
