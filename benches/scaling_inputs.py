"""Writes the inputs of `benches/process.sh scaling`: one file per stressed code path, with
N lines of the same shape, under the directory given. Usage: scaling_inputs.py DIR N"""
import os
import sys

into, n = sys.argv[1], int(sys.argv[2])
memory = "taskmanager.memory.process.size: 2g\njobmanager.memory.process.size: 2g\n"
families = {
    "unknown-keys/flink-conf.yaml": [f"k{i}: 1\n" for i in range(n)],
    "one-key-repeated/flink-conf.yaml": ["a: b\n"] * n,
    "deprecated-repeated/flink-conf.yaml": ["taskmanager.heap.size: 1g\n"] * n,
    "comment-cuts/flink-conf.yaml": [f"k{i}: a#b\n" for i in range(n)],
    "indented/flink-conf.yaml": [f"  k{i}: 1\n" for i in range(n)],
    "skipped-lines/flink-conf.yaml": [f"k{i}=1\n" for i in range(n)],
    "suppressed/flink-conf.yaml": [f"k{i}: 1 # flinkmem: ignore[FM101] ours\n" for i in range(n)],
    "secrets/config.yaml": [f"s{i}.password: secret-{i:06d}\n" for i in range(n)],
    "comments/config.yaml": [f"k{i}: 1 # c\n" for i in range(n)],
    "nested/config.yaml": [f"n{i}:\n  a:\n    b: 1\n" for i in range(n)],
    "null-values/config.yaml": [f"k{i}: ~\n" for i in range(n)],
    "spellings/config.yaml": [f"a:\n  b{i % 100}: 1\n" for i in range(n)],
    "aliases/config.yaml": [f"s{i}: &s{i} v\nt{i}: *s{i}\n" for i in range(n)],
}
for name, lines in families.items():
    path = os.path.join(into, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(memory)
        f.writelines(lines)
documents = []
for i in range(n // 20):
    documents.append(
        "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n"
        f"metadata:\n  name: d{i}\nspec:\n  flinkVersion: v1_20\n  flinkConfiguration:\n"
        f'    taskmanager.numberOfTaskSlots: "2"\n    k{i}: "1"\n'
        '  jobManager:\n    resource: {memory: "2048m", cpu: 1}\n'
        '  taskManager:\n    resource: {memory: "2048m", cpu: 1}\n---\n'
        "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\n"
        f"metadata:\n  name: j{i}\nspec:\n  deploymentName: d{i}\n"
        '  job: {jarURI: "local:///job.jar", parallelism: 2}\n'
    )
os.makedirs(os.path.join(into, "documents"), exist_ok=True)
with open(os.path.join(into, "documents", "deploy.yaml"), "w") as f:
    f.write("---\n".join(documents))
open(os.path.join(into, ".complete"), "w").close()
