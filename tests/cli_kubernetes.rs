//! Every command on Kubernetes manifests, through the real binary: the examples of
//! `examples/kubernetes/` and small manifests written here, including broken ones.

use assert_cmd::Command;
use serde_json::Value as Json;

fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("flinkmem")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn json(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

const APP: &str = "examples/kubernetes/application-deployment.yaml";

fn total_process(report: &Json, process: &str) -> u64 {
    report[process]["components"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "total_process"))
        .and_then(|c| c["bytes"].as_u64())
        .unwrap_or_else(|| panic!("no total_process in {process}: {report}"))
}

#[test]
fn calc_reads_a_flink_deployment_as_the_operator_configures_it() {
    let (code, out, err) = run(&["calc", APP]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Flink 1.20, examples/kubernetes/application-deployment.yaml: FlinkDeployment streaming/orders-enrichment"),
        "{out}"
    );
    // `4G` is Flink's 4 GiB, written at line 28, column 15 of the manifest.
    assert!(out.contains("4294967296 bytes"), "{out}");
    assert!(
        out.contains("spec.taskManager.resource.memory at examples/kubernetes/application-deployment.yaml:28:15"),
        "{out}"
    );
    let (_, out, _) = run(&["calc", APP, "--format", "json"]);
    let report = json(&out);
    assert_eq!(report["document"]["name"], "orders-enrichment");
    assert_eq!(report["document"]["kind"], "FlinkDeployment");
    assert_eq!(total_process(&report, "taskmanager"), 4 << 30);
    assert_eq!(total_process(&report, "jobmanager"), 2 << 30);
}

#[test]
fn a_manifest_budget_equals_the_plain_configuration_it_stands_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    // What the operator writes for the session cluster, as a plain config.yaml (Flink 1.19).
    std::fs::write(
        dir.path().join("config.yaml"),
        "taskmanager.numberOfTaskSlots: 2\ntaskmanager.memory.network.fraction: 0.15\n\
         taskmanager.memory.network.max: 512m\njobmanager.memory.process.size: 1600 mb\n\
         taskmanager.memory.process.size: 6442450944\n",
    )
    .expect("write");
    let manifest = format!(
        "{}/examples/kubernetes/session-cluster.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, from_manifest, err) = run(&["calc", &manifest, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (_, plain, _) = run_in(
        dir.path(),
        &[
            "calc",
            "config.yaml",
            "--flink-version",
            "1.19",
            "--format",
            "json",
        ],
    );
    let (manifest, plain) = (json(&from_manifest), json(&plain));
    for process in ["taskmanager", "jobmanager"] {
        let bytes = |r: &Json| -> Vec<(String, u64)> {
            r[process]["components"]
                .as_array()
                .expect("components")
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap_or_default().to_owned(),
                        c["bytes"].as_u64().unwrap_or_default(),
                    )
                })
                .collect()
        };
        assert_eq!(bytes(&manifest), bytes(&plain), "{process}");
        assert_eq!(
            manifest[process]["jvm_parameters"], plain[process]["jvm_parameters"],
            "{process}"
        );
    }
}

const TWO: &str = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: small, namespace: a}
spec:
  flinkVersion: v1_20
  jobManager: {resource: {memory: 1600m, cpu: 1}}
  taskManager: {resource: {memory: 2g, cpu: 1}}
---
apiVersion: v1
kind: Service
metadata: {name: unrelated}
---
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: large, namespace: b}
spec:
  flinkVersion: v2_0
  jobManager: {resource: {memory: 2g, cpu: 1}}
  taskManager: {resource: {memory: 16g, cpu: 4}}
";

#[test]
fn several_deployments_each_get_their_budget_and_document_picks_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("stream.yaml"), TWO).expect("write");
    let (code, out, err) = run_in(dir.path(), &["calc", "stream.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Flink 1.20, stream.yaml: FlinkDeployment a/small"),
        "{out}"
    );
    assert!(
        out.contains("Flink 2.0, stream.yaml: FlinkDeployment b/large"),
        "{out}"
    );
    let (_, out, _) = run_in(dir.path(), &["calc", "stream.yaml", "--format", "json"]);
    let reports = json(&out);
    assert_eq!(reports.as_array().map(Vec::len), Some(2));
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "calc",
            "stream.yaml",
            "--document",
            "b/large",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(total_process(&json(&out), "taskmanager"), 16 << 30);
    // Commands that need one configuration ask which.
    let (code, _, err) = run_in(dir.path(), &["buffers", "stream.yaml", "-p", "4"]);
    assert_eq!(code, 2);
    assert!(err.contains("choose one with --document NAME"), "{err}");
    assert!(err.contains("a/small, b/large"), "{err}");
    let (code, _, err) = run_in(dir.path(), &["calc", "stream.yaml", "--document", "nope"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no FlinkDeployment or ConfigMap named nope"),
        "{err}"
    );
}

#[test]
fn show_prints_what_the_operator_hands_to_flink() {
    let (code, out, err) = run(&["show", APP]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(
        "# examples/kubernetes/application-deployment.yaml: FlinkDeployment streaming/orders-enrichment, as the Kubernetes operator hands it to Flink 1.20"
    ), "{out}");
    let line = |key: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("{key} missing:\n{out}"))
            .to_owned()
    };
    assert!(line("taskmanager.memory.process.size").contains("4 gb"));
    assert!(line("taskmanager.memory.process.size").contains(
        "spec.taskManager.resource.memory at examples/kubernetes/application-deployment.yaml:28:15"
    ));
    assert!(line("parallelism.default").contains("12"));
    assert!(line("kubernetes.cluster-id").contains("operator:"));
    assert!(line("high-availability.cluster-id").contains("orders-enrichment"));
    let (_, out, _) = run(&["show", APP, "--format", "json"]);
    let report = json(&out);
    let entry = report["entries"]
        .as_array()
        .and_then(|e| {
            e.iter()
                .find(|e| e["key"] == "taskmanager.memory.process.size")
        })
        .expect("entry");
    assert_eq!(entry["origin"]["kind"], "manifest");
    assert_eq!(entry["origin"]["field"], "spec.taskManager.resource.memory");
    assert_eq!(entry["origin"]["line"], 28);
}

#[test]
fn fit_answers_in_the_manifests_terms_and_buffers_takes_the_job_from_it() {
    let (code, out, err) = run(&["fit", APP, "--managed", "2g"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  spec.taskManager.resource.memory: "),
        "{out}"
    );
    let (code, out, err) = run(&["buffers", APP]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 TaskManager(s) × 4 slot(s)"), "{out}");
    assert!(out.contains("source (12)"), "{out}");
    assert!(
        out.contains(
            "parallelism 12 (from spec.taskManager.replicas × taskmanager.numberOfTaskSlots (4))"
        ),
        "{out}"
    );
}

#[test]
fn configmap_findings_point_into_the_block_scalar() {
    let (code, out, err) = run(&[
        "lint",
        "--format",
        "concise",
        "examples/kubernetes/standalone-configmap.yaml",
    ]);
    assert_eq!(code, 0, "only infos: {err}");
    // taskmanager.memory.network.max is line 20, indented 4 in the block.
    assert!(
        out.contains("examples/kubernetes/standalone-configmap.yaml:20:5: info[FM306]"),
        "{out}"
    );
    let (code, out, _) = run(&["calc", "examples/kubernetes/standalone-configmap.yaml"]);
    assert_eq!(code, 0);
    assert!(out.contains("(taskmanager.memory.process.size)"), "{out}");
    assert!(
        out.contains("configured at examples/kubernetes/standalone-configmap.yaml:18:38"),
        "{out}"
    );
}

#[test]
fn lint_walks_directories_for_manifests_and_names_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("deploy")).expect("mkdir");
    std::fs::write(dir.path().join("deploy/stream.yaml"), TWO).expect("write");
    std::fs::write(dir.path().join("deploy/ci.yml"), "on: push\njobs: {}\n").expect("write");
    std::fs::write(
        dir.path().join("deploy/forbidden.yaml"),
        TWO.replace(
            "  flinkVersion: v1_20\n",
            "  flinkVersion: v1_20\n  flinkConfiguration:\n    kubernetes.cluster-id: other\n",
        ),
    )
    .expect("write");
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "json", "."]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.is_empty(),
        "a YAML file that is no manifest is passed over silently: {err}"
    );
    let report = json(&out);
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 4, "{report}");
    assert!(
        files
            .iter()
            .all(|f| f["document"]["kind"] == "FlinkDeployment")
    );
    let findings = report["findings"].as_array().expect("findings");
    let forbidden = findings
        .iter()
        .find(|f| f["code"] == "FM607")
        .expect("FM607");
    assert_eq!(forbidden["path"], "deploy/forbidden.yaml");
    assert_eq!(forbidden["line"], 7);
    assert_eq!(forbidden["document"]["name"], "small");
    let (_, out, _) = run_in(
        dir.path(),
        &["lint", "--format", "sarif", "deploy/forbidden.yaml"],
    );
    let sarif = json(&out);
    let location = &sarif["runs"][0]["results"][0]["locations"][0];
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "FlinkDeployment/a/small"
    );
}

#[test]
fn broken_manifests_are_findings_or_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A good document, then YAML that breaks: the first is linted, the break is a finding.
    std::fs::write(
        dir.path().join("partial.yaml"),
        format!("{TWO}---\nkind: FlinkDeployment\nspec: [unclosed\n"),
    )
    .expect("write");
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "concise", "partial.yaml"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("error[FM600]"), "{out}");
    assert!(
        out.contains("the documents after this point are not read"),
        "{out}"
    );
    // Bad fields: reported at their place, the rest still computed.
    std::fs::write(
        dir.path().join("fields.yaml"),
        TWO.replace("{memory: 2g, cpu: 1}", "{memory: lots, cpu: fast}"),
    )
    .expect("write");
    let (code, out, _) = run_in(dir.path(), &["lint", "--format", "concise", "fields.yaml"]);
    assert_eq!(code, 1);
    assert!(out.contains("fields.yaml:7:47: error[FM600] spec.taskManager.resource.cpu must be a number, not 'fast'"), "{out}");
    assert!(out.contains("fields.yaml:7:36: error[FM603] the operator refuses this deployment: TaskManager resource memory parse error: 'lots' is neither"), "{out}");
    let (code, out, _) = run_in(
        dir.path(),
        &["calc", "fields.yaml", "--document", "a/small"],
    );
    assert_eq!(code, 1, "Flink rejects the TaskManager: {out}");
    assert!(
        out.contains("note: fields.yaml:7:47: spec.taskManager.resource.cpu must be a number"),
        "{out}"
    );
}

#[test]
fn secrets_in_flink_configuration_never_show() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("secret.yaml"),
        TWO.replace(
            "  flinkVersion: v1_20\n",
            "  flinkVersion: v1_20\n  flinkConfiguration:\n    s3.secret-key: CANARY-S3-SECRET\n    security.ssl.keystore-password: CANARY-KEYSTORE\n    taskmanager.memory.process.size: 3g\n",
        ),
    )
    .expect("write");
    for args in [
        vec!["show", "secret.yaml"],
        vec!["show", "secret.yaml", "--format", "json"],
        vec!["calc", "secret.yaml", "--document", "small"],
        vec!["lint", "secret.yaml"],
        vec!["lint", "secret.yaml", "--format", "json"],
        vec!["lint", "secret.yaml", "--format", "sarif"],
    ] {
        let (_, out, err) = run_in(dir.path(), &args);
        assert!(
            !out.contains("CANARY") && !err.contains("CANARY"),
            "{args:?} shows a secret:\n{out}{err}"
        );
    }
}

#[test]
fn diagnose_reads_a_log_against_its_flink_deployment() {
    let (code, out, err) = run(&[
        "diagnose",
        APP,
        "tests/fixtures/diagnose/insufficient-buffers-default.log",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("FlinkDeployment streaming/orders-enrichment"),
        "{out}"
    );
    // 4G process size, 0.1 network fraction: the manifest's own pool.
    assert!(
        out.contains("This configuration gives the TaskManager 10977 buffers"),
        "{out}"
    );
}

#[test]
fn an_explicit_flink_version_wins_and_the_conflict_is_a_finding() {
    let (code, out, _) = run(&["calc", APP, "--flink-version", "1.19"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Flink 1.19,"), "{out}");
    assert!(
        out.contains("note: spec.flinkVersion says Flink 1.20; computed for Flink 1.19 as --flink-version asks"),
        "{out}"
    );
    let (_, out, _) = run(&[
        "lint",
        "--format",
        "concise",
        "--flink-version",
        "1.19",
        APP,
    ]);
    assert!(
        out.contains("application-deployment.yaml:11:17: warning[FM605] checked as Flink 1.19 (--flink-version), but spec.flinkVersion says Flink 1.20"),
        "{out}"
    );
}

#[test]
fn include_globs_of_flinkmem_toml_cover_manifests() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("k8s")).expect("mkdir");
    std::fs::write(dir.path().join("k8s/app.yaml"), TWO).expect("write");
    std::fs::write(dir.path().join("other.yaml"), TWO).expect("write");
    std::fs::write(
        dir.path().join(".flinkmem.toml"),
        "include = [\"k8s/*.yaml\"]\n",
    )
    .expect("write");
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "json", "."]);
    assert_eq!(code, 0, "{out}{err}");
    let report = json(&out);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["k8s/app.yaml", "k8s/app.yaml"], "{report}");
}

#[test]
fn a_session_job_finds_its_deployment_in_another_file_of_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("cluster.yaml"),
        "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata: {name: shared, namespace: jobs}\nspec:\n  flinkVersion: v1_20\n  mode: standalone\n  flinkConfiguration:\n    taskmanager.numberOfTaskSlots: \"2\"\n  jobManager: {resource: {memory: 2g, cpu: 1}}\n  taskManager: {replicas: 2, resource: {memory: 4g, cpu: 1}}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("job.yaml"),
        "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata: {name: report, namespace: jobs}\nspec:\n  deploymentName: shared\n  job: {jarURI: 'https://example.com/r.jar', parallelism: 9}\n",
    )
    .expect("write");
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "concise", "."]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("job.yaml:6:59: warning[FM604] parallelism 9 cannot run on its standalone session cluster: 2 TaskManager(s) × 2 slot(s) = 4 slots"),
        "{out}"
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("job.yaml")).count(),
        1,
        "{out}"
    );
    // Alone, the job has no cluster to be checked against.
    let (code, out, _) = run_in(dir.path(), &["lint", "--format", "concise", "job.yaml"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_clusters_own_operator_defaults_replace_the_charts() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("operator.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flink-operator-config, namespace: flink-operator}\ndata:\n  flink-conf.yaml: |+\n    taskmanager.numberOfTaskSlots: 4\n    kubernetes.operator.default-configuration.namespace.streaming.taskmanager.memory.managed.fraction: 0.2\n",
    )
    .expect("write");
    let manifest = format!("{}/{APP}", env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = run_in(
        dir.path(),
        &["show", &manifest, "--operator-defaults", "operator.yaml"],
    );
    assert_eq!(code, 0, "{err}");
    let line = |key: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("{key} missing:\n{out}"))
            .to_owned()
    };
    // The manifest's own managed fraction wins over the namespace default; the chart's java
    // options are gone with the chart.
    assert!(
        line("taskmanager.memory.managed.fraction").contains("0.35"),
        "{out}"
    );
    assert!(
        line("taskmanager.memory.managed.fraction").contains("operator.yaml:7:5"),
        "the replaced default names its place: {out}"
    );
    assert!(!out.contains("env.java.default-opts.all"), "{out}");
    let (code, _, err) = run_in(
        dir.path(),
        &["calc", &manifest, "--operator-defaults", "missing.yaml"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("missing.yaml"), "{err}");
}

#[test]
fn a_session_job_finds_a_deployment_that_the_walk_meets_later() {
    // The job comes first in walk order and its cluster in a later directory: lint holds the
    // job until the walk has seen every manifest, and still reports files in walk order.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a-job.yaml"),
        "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata: {name: report, namespace: jobs}\nspec:\n  deploymentName: shared\n  job: {jarURI: 'https://example.com/r.jar', parallelism: 9}\n",
    )
    .expect("write");
    std::fs::create_dir(dir.path().join("m-conf")).expect("dir");
    std::fs::write(
        dir.path().join("m-conf").join("config.yaml"),
        "taskmanager.memory.process.size: 4g\ntaskmanager.memory.procss.size: 4g\n",
    )
    .expect("write");
    std::fs::create_dir(dir.path().join("z-clusters")).expect("dir");
    std::fs::write(
        dir.path().join("z-clusters").join("shared.yaml"),
        "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata: {name: shared, namespace: jobs}\nspec:\n  flinkVersion: v1_20\n  mode: standalone\n  flinkConfiguration:\n    taskmanager.numberOfTaskSlots: \"2\"\n  jobManager: {resource: {memory: 2g, cpu: 1}}\n  taskManager: {replicas: 2, resource: {memory: 4g, cpu: 1}}\n",
    )
    .expect("write");
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "concise", "."]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("a-job.yaml:6:59: warning[FM604] parallelism 9 cannot run on its standalone session cluster: 2 TaskManager(s) × 2 slot(s) = 4 slots"),
        "{out}"
    );
    let first_of = |prefix: &str| {
        out.lines()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} in {out}"))
    };
    assert!(first_of("a-job.yaml") < first_of("m-conf"), "{out}");
}

#[test]
fn suppressions_in_a_manifest_belong_to_their_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deployment = |name: &str, key_comment: &str| {
        format!(
            "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  \
             name: {name}\nspec:\n  flinkVersion: v1_20\n  flinkConfiguration:\n    \
             taskmanager.numberOfTaskSlots: \"2\"\n    not.a.flink.key: \"1\"{key_comment}\n  \
             jobManager:\n    resource: {{memory: \"2048m\", cpu: 1}}\n  taskManager:\n    \
             resource: {{memory: \"2048m\", cpu: 1}}\n"
        )
    };
    let text = [
        deployment("plain", ""),
        deployment("quiet", " # flinkmem: ignore[FM101] set for our sidecar"),
        deployment("unused", " # flinkmem: ignore[FM302] nothing to hide here"),
    ]
    .join("---\n");
    std::fs::write(dir.path().join("deploy.yaml"), text).expect("write");
    let (_, out, err) = run_in(dir.path(), &["lint", "--format", "concise", "deploy.yaml"]);
    let lines_with =
        |code: &str| -> Vec<&str> { out.lines().filter(|l| l.contains(code)).collect() };
    // `quiet`'s unknown key is suppressed; `plain`'s and `unused`'s are not.
    let fm101 = lines_with("[FM101]");
    assert_eq!(fm101.len(), 2, "{out}{err}");
    assert!(fm101[0].starts_with("deploy.yaml:9:5:"), "{out}");
    assert!(fm101[1].starts_with("deploy.yaml:37:5:"), "{out}");
    // The comment that suppresses nothing is reported once, by its own document.
    let fm010 = lines_with("[FM010]");
    assert_eq!(fm010.len(), 1, "{out}{err}");
    assert!(fm010[0].starts_with("deploy.yaml:37:"), "{out}");
}
