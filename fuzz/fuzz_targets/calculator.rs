//! Both memory derivations on arbitrary configurations, in both dialects and a version chosen
//! by the first byte: no panic and no overflow; an accepted budget adds up.
#![no_main]

use flinkmem::config::{Config, ConfigFile, Dialect, SourceFile};
use flinkmem::{FlinkVersion, calc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let versions = FlinkVersion::ALL;
    let version = versions[usize::from(selector >> 1) % versions.len()];
    let (name, dialect) = if selector & 1 == 0 {
        ("flink-conf.yaml", Dialect::Legacy)
    } else {
        ("config.yaml", Dialect::Standard)
    };
    let file = ConfigFile::parse(SourceFile::new(name, text.to_owned()), dialect);
    let config = Config::new(version, Some(file), &[]);
    if let Ok(tm) = calc::taskmanager(&config) {
        let parts = [
            tm.framework_heap.bytes,
            tm.task_heap.bytes,
            tm.framework_off_heap.bytes,
            tm.task_off_heap.bytes,
            tm.managed.bytes,
            tm.network.bytes,
        ];
        let flink: u64 = parts.iter().map(|p| p.bytes()).sum();
        assert_eq!(flink, tm.total_flink.bytes.bytes());
        let process = flink + tm.jvm_metaspace.bytes.bytes() + tm.jvm_overhead.bytes.bytes();
        assert_eq!(process, tm.total_process.bytes.bytes());
        let _ = tm.jvm_params();
        let _ = tm.dynamic_configs();
    }
    if let Ok(jm) = calc::jobmanager(&config) {
        let _ = jm.jvm_params();
        let _ = jm.dynamic_configs();
    }
});
