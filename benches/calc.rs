//! `cargo bench`: the library work of one `flinkmem calc` (read a configuration, derive both
//! processes) and of one `flinkmem fit` search, without process start-up or printing.
//! The whole-process comparison with Flink's JVM is `benches/compare-with-flink.sh`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use flinkmem::FlinkVersion;
use flinkmem::calc;
use flinkmem::config::shipped::shipped_default;
use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile};
use flinkmem::sizing::Target;
use flinkmem::sizing::fit::fit;
use flinkmem::units::MemorySize;

const CONFIG_YAML: &str = "\
taskmanager:
  numberOfTaskSlots: 4
  memory:
    process:
      size: 4g
    managed:
      fraction: 0.3
    network:
      min: 128m
jobmanager:
  memory:
    process:
      size: 1600m
";

const FLINK_CONF: &str = "\
taskmanager.memory.process.size: 16g
taskmanager.numberOfTaskSlots: 8
taskmanager.memory.task.heap.size: 6g
jobmanager.memory.process.size: 1600m
jobmanager.heap.size: 1g
";

fn load(text: &str, name: &str, dialect: Dialect, version: FlinkVersion) -> Config {
    let file = ConfigFile::parse(SourceFile::new(name, text.to_owned()), dialect);
    Config::new(version, Some(file), &[])
}

fn benches(c: &mut Criterion) {
    c.bench_function("load + derive config.yaml (2.3)", |b| {
        b.iter(|| {
            let config = load(
                black_box(CONFIG_YAML),
                "config.yaml",
                Dialect::Standard,
                FlinkVersion::V2_3,
            );
            (
                calc::taskmanager(&config).is_ok(),
                calc::jobmanager(&config).is_ok(),
            )
        });
    });
    c.bench_function("load + derive flink-conf.yaml (1.20)", |b| {
        b.iter(|| {
            let config = load(
                black_box(FLINK_CONF),
                "flink-conf.yaml",
                Dialect::Legacy,
                FlinkVersion::V1_20,
            );
            (
                calc::taskmanager(&config).is_ok(),
                calc::jobmanager(&config).is_ok(),
            )
        });
    });
    c.bench_function("derive the shipped default (2.3)", |b| {
        let config = Config::new(
            FlinkVersion::V2_3,
            Some(shipped_default(FlinkVersion::V2_3)),
            &[],
        );
        b.iter(|| calc::taskmanager(black_box(&config)).map(|b| b.jvm_params()));
    });
    c.bench_function("fit --network 1g --buffers 40000", |b| {
        let config = load(
            CONFIG_YAML,
            "config.yaml",
            Dialect::Standard,
            FlinkVersion::V2_3,
        );
        let targets = [
            Target::Network(MemorySize::from_mebibytes(1024)),
            Target::Buffers(40_000),
        ];
        b.iter(|| fit(black_box(&config), &targets).removed.len());
    });
}

criterion_group!(calc_benches, benches);
criterion_main!(calc_benches);
