//! Tests of the operator's translation, driven through [`crate::kubernetes::read`].

use super::defaults::OperatorDefaults;
use crate::config::{ConfigFile, Dialect, Origin, SourceFile};
use crate::kubernetes::{Options, read};
use crate::version::FlinkVersion;

fn translate_text(text: &str, defaults: Option<&str>) -> Vec<(String, String, Origin)> {
    let mut options = Options::default();
    if let Some(defaults) = defaults {
        let file = ConfigFile::parse(
            SourceFile::new("operator.yaml", defaults.to_owned()),
            Dialect::Legacy,
        );
        options.defaults = OperatorDefaults::from_file(&file, None);
    }
    let manifest = read(SourceFile::new("m.yaml", text.to_owned()), &options);
    let unit = manifest.units.into_iter().next().expect("one document");
    let config = crate::config::Config::new(unit.version, Some(unit.file), &[]);
    config
        .effective_entries()
        .into_iter()
        .map(|e| (e.key.clone(), e.value.text.clone(), e.origin.clone()))
        .collect()
}

fn value<'a>(entries: &'a [(String, String, Origin)], key: &str) -> Option<&'a str> {
    entries
        .iter()
        .find(|(k, _, _)| k == key)
        .map(|(_, v, _)| v.as_str())
}

const APP: &str = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: app, namespace: ns}
spec:
  flinkVersion: v1_18
  image: flink:1.18
  flinkConfiguration:
    taskmanager.numberOfTaskSlots: \"2\"
    taskmanager.memory.process.size: 9g
    taskmanager.host: somewhere
  jobManager: {resource: {memory: 2Gi, cpu: 0.5}, replicas: 1}
  taskManager: {resource: {memory: 4g, cpu: 2}, replicas: 3}
  job: {jarURI: 'local:///x.jar', parallelism: 5, upgradeMode: last-state}
";

#[test]
fn the_builder_order_lets_the_spec_win() {
    // FlinkConfigBuilder: flinkConfiguration first, then the resources, then the job.
    let entries = translate_text(APP, None);
    assert_eq!(
        value(&entries, "taskmanager.memory.process.size"),
        Some("4 gb")
    );
    assert_eq!(
        value(&entries, "jobmanager.memory.process.size"),
        Some("2147483648")
    );
    // replicas x slots, not spec.job.parallelism (getParallelism).
    assert_eq!(value(&entries, "parallelism.default"), Some("6"));
    assert_eq!(
        value(&entries, "kubernetes.taskmanager.cpu.amount"),
        Some("2.0")
    );
    assert_eq!(
        value(&entries, "kubernetes.jobmanager.cpu.amount"),
        Some("0.5")
    );
    assert_eq!(value(&entries, "kubernetes.jobmanager.replicas"), Some("1"));
    assert_eq!(
        value(&entries, "kubernetes.internal.taskmanager.replicas"),
        Some("3")
    );
    assert_eq!(
        value(&entries, "kubernetes.container.image.ref"),
        Some("flink:1.18")
    );
    assert_eq!(
        value(&entries, "execution.target"),
        Some("kubernetes-application")
    );
    assert_eq!(
        value(&entries, "execution.checkpointing.interval"),
        Some("5 min")
    );
    assert_eq!(value(&entries, "pipeline.name"), Some("app"));
    assert_eq!(value(&entries, "kubernetes.cluster-id"), Some("app"));
    assert_eq!(value(&entries, "kubernetes.namespace"), Some("ns"));
    // FlinkConfMountDecorator drops it; no HA, so no HA cluster id.
    assert_eq!(value(&entries, "taskmanager.host"), None);
    assert_eq!(value(&entries, "high-availability.cluster-id"), None);
    let origin = entries
        .iter()
        .find(|(k, _, _)| k == "taskmanager.memory.process.size")
        .map(|(_, _, o)| o.clone());
    assert_eq!(
        origin,
        Some(Origin::Manifest {
            field: "spec.taskManager.resource.memory".to_owned()
        })
    );
}

#[test]
fn chart_defaults_apply_by_flink_version() {
    // The chart sets java options for v1_18 exactly and for v1_19 and later (`+`).
    let entries = translate_text(APP, None);
    assert!(value(&entries, "env.java.opts.all").is_some());
    assert!(value(&entries, "env.java.default-opts.all").is_none());
    let v20 = APP.replace("v1_18", "v1_20");
    let entries = translate_text(&v20, None);
    assert!(value(&entries, "env.java.opts.all").is_none());
    assert!(value(&entries, "env.java.default-opts.all").is_some());
    // The prefixed templates themselves are not handed to Flink.
    assert!(
        entries
            .iter()
            .all(|(k, _, _)| !k.contains("default-configuration"))
    );
}

#[test]
fn own_defaults_by_namespace_and_version_in_ascending_order() {
    let defaults = "\
taskmanager.numberOfTaskSlots: 8
kubernetes.operator.default-configuration.namespace.ns.taskmanager.memory.managed.fraction: 0.2
kubernetes.operator.default-configuration.flink-version.v1_17+.taskmanager.memory.network.max: 1g
kubernetes.operator.default-configuration.flink-version.v1_16+.taskmanager.memory.network.max: 2g
kubernetes.operator.default-configuration.flink-version.v1_19+.taskmanager.memory.network.max: 3g
";
    let text = APP.replace("    taskmanager.numberOfTaskSlots: \"2\"\n", "");
    let entries = translate_text(&text, Some(defaults));
    assert_eq!(
        value(&entries, "taskmanager.memory.managed.fraction"),
        Some("0.2")
    );
    // v1_16+ then v1_17+ (v1_19+ does not apply to 1.18): the newer prefix wins.
    assert_eq!(
        value(&entries, "taskmanager.memory.network.max"),
        Some("1g")
    );
    assert_eq!(value(&entries, "parallelism.default"), Some("24"));
}

#[test]
fn session_clusters_standalone_mode_and_ha() {
    let session = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: s}
spec:
  flinkVersion: v1_16
  mode: standalone
  flinkConfiguration:
    high-availability.type: kubernetes
  taskManager: {resource: {memory: 2g, cpu: 1}}
";
    let entries = translate_text(session, None);
    assert_eq!(value(&entries, "execution.target"), Some("remote"));
    assert_eq!(value(&entries, "high-availability.cluster-id"), Some("s"));
    assert_eq!(value(&entries, "kubernetes.taskmanager.cpu"), Some("1.0"));
    assert_eq!(value(&entries, "kubernetes.namespace"), None);
}

#[test]
fn nested_configuration_flattens_and_lists_join() {
    let text = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: n}
spec:
  flinkVersion: v2_0
  flinkConfiguration:
    taskmanager:
      numberOfTaskSlots: 4
      memory: {managed: {fraction: 0.5}}
    env.java.opts.all: [-Da=1, -Db=2]
    web.cancel.enable: yes
";
    let entries = translate_text(text, None);
    assert_eq!(value(&entries, "taskmanager.numberOfTaskSlots"), Some("4"));
    assert_eq!(
        value(&entries, "taskmanager.memory.managed.fraction"),
        Some("0.5")
    );
    assert_eq!(value(&entries, "env.java.opts.all"), Some("-Da=1;-Db=2"));
    assert_eq!(value(&entries, "web.cancel.enable"), Some("true"));
}

#[test]
fn a_session_job_runs_on_its_deployment() {
    let text = format!(
        "{APP}---\napiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata: {{name: j, namespace: ns}}\nspec:\n  deploymentName: app\n  job: {{parallelism: 3}}\n  flinkConfiguration: {{pipeline.name: nightly}}\n"
    );
    let manifest = read(SourceFile::new("m.yaml", text), &Options::default());
    let job = &manifest.units[1];
    assert_eq!(job.label().kind, crate::kubernetes::Kind::FlinkSessionJob);
    assert_eq!(job.version, FlinkVersion::V1_18);
    let config = crate::config::Config::new(job.version, Some(job.file.clone()), &[]);
    let get = |k: &str| config.get(k).map(|e| e.value.text.clone());
    assert_eq!(
        get("taskmanager.memory.process.size").as_deref(),
        Some("4 gb")
    );
    assert_eq!(get("pipeline.name").as_deref(), Some("nightly"));
    assert_eq!(get("parallelism.default").as_deref(), Some("3"));
}

#[test]
fn manifest_problems_are_reported_not_fatal() {
    let text = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: p}
spec:
  flinkVersion: v9_9
  flinkConfiguration: [a, b]
  taskManager: {replicas: many}
";
    let manifest = read(
        SourceFile::new("m.yaml", text.to_owned()),
        &Options::default(),
    );
    let problems: Vec<&str> = manifest.units[0]
        .info()
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("replicas must be a whole number"));
    assert!(problems[1].contains("v9_9"));
    assert!(problems[2].contains("must be a mapping"));
}
