//! The rule documentation in `rules/` is part of the product: every registered rule has its page,
//! every page a rule, the index `rules/README.md` lists exactly the registry, and every example
//! in the pages is executed (the bad one raises its code exactly once, the good one never).
//!
//! `UPDATE_RULES_INDEX=1 cargo test --test docs` rewrites the index table.

use std::path::{Path, PathBuf};

use flinkmem::FlinkVersion;
use flinkmem::config::{ConfigFile, SourceFile, load::dialect_for_name};
use flinkmem::lint::{
    FileEnv, Job, LintOptions, Selection, Settings, VersionSource, check, lint_manifest,
};
use flinkmem::render::rules::markdown_index;
use flinkmem::rules::RULES;

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// A fenced code block of a rule page.
#[derive(Debug)]
struct Example {
    expect: bool,
    file: String,
    version: Option<FlinkVersion>,
    text: String,
    line: usize,
    /// The `[job]` of `.flinkmem.toml` the example is linted with (`job=parallelism:128,exchanges:2`).
    job: Option<Job>,
}

fn job_spec(spec: &str) -> Job {
    let mut job = Job::default();
    for pair in spec.split(',') {
        match pair.split_once(':') {
            Some(("parallelism", v)) => job.parallelism = v.parse().expect("parallelism"),
            Some(("exchanges", v)) => job.exchanges = v.parse().expect("exchanges"),
            Some(("slots", v)) => job.slots = Some(v.parse().expect("slots")),
            Some(("taskmanagers", v)) => job.taskmanagers = Some(v.parse().expect("taskmanagers")),
            _ => panic!("unknown job attribute {pair}"),
        }
    }
    job
}

/// The ```` ```yaml expect-diagnostic ```` / ```` ```yaml no-diagnostic ```` blocks of a page,
/// with their `file=NAME`, `flink-version=V` and `job=...` attributes.
fn examples(doc: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut lines = doc.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```yaml ") else {
            continue;
        };
        let mut words = info.split_whitespace();
        let expect = match words.next() {
            Some("expect-diagnostic") => true,
            Some("no-diagnostic") => false,
            other => panic!("line {}: unknown example kind {other:?}", index + 1),
        };
        let mut file = "config.yaml".to_owned();
        let mut version = None;
        let mut job = None;
        for word in words {
            match word.split_once('=') {
                Some(("file", name)) => name.clone_into(&mut file),
                Some(("job", spec)) => job = Some(job_spec(spec)),
                Some(("flink-version", v)) => version = Some(v.parse().expect("version")),
                _ => panic!("line {}: unknown attribute {word}", index + 1),
            }
        }
        let mut text = String::new();
        for (_, line) in lines.by_ref() {
            if line == "```" {
                break;
            }
            text.push_str(line);
            text.push('\n');
        }
        examples.push(Example {
            expect,
            file,
            version,
            job,
            text,
            line: index + 1,
        });
    }
    examples
}

/// The codes of the findings an example raises, with every rule enabled.
fn codes(example: &Example) -> Vec<&'static str> {
    if flinkmem::kubernetes::is_manifest(&example.text) {
        let mut settings = Settings::default();
        settings.job.clone_from(&example.job);
        let options = LintOptions {
            flink_version: example.version,
            ..LintOptions::new(&flinkmem::rules::REGISTRY)
        };
        let source = SourceFile::new(&example.file, example.text.clone());
        return lint_manifest(source, &options, &settings)
            .expect("a readable manifest")
            .iter()
            .flat_map(|f| f.findings.iter().map(flinkmem::lint::Finding::code))
            .collect();
    }
    let dialect = dialect_for_name(Path::new(&example.file));
    let file = ConfigFile::parse(
        SourceFile::new(&example.file, example.text.clone()),
        dialect,
    );
    let (version, version_source) = match example.version {
        Some(v) => (v, VersionSource::CommandLine),
        None => (
            flinkmem::config::load::assumed_version(dialect),
            VersionSource::Assumed,
        ),
    };
    let env = FileEnv {
        version_source,
        ..FileEnv::default()
    };
    let mut settings = Settings::default();
    settings.job.clone_from(&example.job);
    check(
        &std::sync::Arc::new(file),
        version,
        &env,
        &settings,
        &Selection::all(&flinkmem::rules::REGISTRY),
    )
    .iter()
    .map(flinkmem::lint::Finding::code)
    .collect()
}

#[test]
fn every_rule_has_a_page_and_every_page_a_rule() {
    let mut pages: Vec<String> = std::fs::read_dir(rules_dir())
        .expect("rules/")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.starts_with("FM") && Path::new(name).extension().is_some_and(|e| e == "md")
        })
        .collect();
    pages.sort();
    let registered: Vec<String> = RULES
        .iter()
        .map(|r| format!("{}.md", r.meta.code))
        .collect();
    assert_eq!(pages, registered);
    for rule in RULES {
        let path = rules_dir().join(format!("{}.md", rule.meta.code));
        let text = std::fs::read_to_string(&path).expect("page");
        assert_eq!(
            text, rule.meta.doc,
            "{} is embedded as written",
            rule.meta.code
        );
    }
}

#[test]
fn pages_follow_the_template() {
    for rule in RULES {
        let doc = rule.meta.doc;
        let code = rule.meta.code;
        let h1 = format!("# {} {}\n", code, rule.meta.name);
        assert!(
            doc.starts_with(&h1),
            "{code}: first line must be `{}`",
            h1.trim()
        );
        let mut at = 0;
        for heading in [
            "\n## What it does\n",
            "\n## Why is this bad?\n",
            "\n## Example\n",
            "\nUse instead",
            "\n## Flink versions\n",
            "\n## References\n",
        ] {
            let found = doc[at..]
                .find(heading)
                .unwrap_or_else(|| panic!("{code}: `{}` missing or out of order", heading.trim()));
            at += found + heading.len();
        }
        let summary = rule.meta.summary();
        assert!(
            summary.ends_with('.') && !summary.contains('\n') && summary.len() < 140,
            "{code}: the summary is one short sentence: {summary}"
        );
    }
}

#[test]
fn examples_raise_exactly_their_code() {
    let mut failures = Vec::new();
    for rule in RULES {
        let code = rule.meta.code;
        let examples = examples(rule.meta.doc);
        assert!(
            examples.iter().any(|e| e.expect) && examples.iter().any(|e| !e.expect),
            "{code}: needs an expect-diagnostic and a no-diagnostic example"
        );
        for example in &examples {
            let raised = codes(example);
            let count = raised.iter().filter(|c| **c == code).count();
            let wanted = usize::from(example.expect);
            if count != wanted {
                failures.push(format!(
                    "rules/{code}.md:{}: {} {code} finding(s), expected {wanted} (all: {raised:?})",
                    example.line, count
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_index_lists_the_registry() {
    const START: &str = "<!-- rules:start -->\n";
    const END: &str = "<!-- rules:end -->";
    let path = rules_dir().join("README.md");
    let text = std::fs::read_to_string(&path).expect("rules/README.md");
    let (Some(start), Some(end)) = (text.find(START), text.find(END)) else {
        panic!("rules/README.md needs the {START} and {END} markers");
    };
    let current = &text[start + START.len()..end];
    let wanted = markdown_index();
    if current != wanted {
        if std::env::var_os("UPDATE_RULES_INDEX").is_some() {
            let updated = format!("{}{START}{wanted}{}", &text[..start], &text[end..]);
            std::fs::write(&path, updated).expect("write rules/README.md");
        } else {
            panic!(
                "rules/README.md is stale; run `UPDATE_RULES_INDEX=1 cargo test --test docs`.\n\
                 wanted:\n{wanted}"
            );
        }
    }
}
