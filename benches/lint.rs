//! `cargo bench --bench lint`: one `flinkmem lint` run over 1,000 configuration files (the
//! examples, copied 200 times), without process start-up or printing. The target is 0.3 s on
//! two cores for the whole run, walk and rendering included.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use flinkmem::lint::{LintOptions, lint};
use flinkmem::render::concise;

/// Copies every example directory `copies` times into `into`.
fn corpus(into: &Path, copies: usize) -> usize {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&examples)
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut files = 0;
    for copy in 0..copies {
        for dir in &dirs {
            let target = into.join(format!(
                "{copy}-{}",
                dir.file_name().expect("name").display()
            ));
            std::fs::create_dir_all(&target).expect("mkdir");
            for entry in std::fs::read_dir(dir)
                .expect("example")
                .filter_map(Result::ok)
            {
                std::fs::copy(entry.path(), target.join(entry.file_name())).expect("copy");
                files += usize::from(entry.path().extension().is_some_and(|e| e == "yaml"));
            }
        }
    }
    files
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = corpus(dir.path(), 200);
    assert_eq!(files, 1000);
    let options = LintOptions {
        paths: vec![dir.path().to_owned()],
        ..LintOptions::new(&flinkmem::rules::REGISTRY)
    };
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.bench_function("1000 files", |b| {
        b.iter(|| concise::render(&lint(black_box(&options))));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
