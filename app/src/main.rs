#[cfg(feature = "prod")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "prod")]
    return_freed_memory_promptly();
    superlists::cli::main()
}

/// Freed memory goes back to the system at once, not after mimalloc's purge
/// delay (1 s, and only once the freeing thread allocates again: an idle
/// worker kept it); SQLite's and libpq's mallocs (glibc's) share one arena
/// rather than one for each thread that called them.
#[cfg(feature = "prod")]
fn return_freed_memory_promptly() {
    /// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (v3, as
    /// libmimalloc-sys 0.1.49 bundles it), which the crate leaves out.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: both only set an allocator option, before any thread of ours exists.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
        #[cfg(target_env = "gnu")]
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
