// Golden memory corpus generator: writes tests/golden/memory/cases.jsonl.
//
//   java Gen.java <out.jsonl>          (or compiled, see generate.sh)
//
// Two parts: hand-picked cases (worked examples, every reachable error template, parser quirks of
// both file dialects, dynamic -D overrides) and a seeded random generator drawing from every key
// of the memory model. Output is deterministic: java.util.Random with a fixed seed, no clock, no
// hash-order iteration.
//
// One JSON object per line, keys in this order:
//   {"id": ..., "intent": ..., "file": "flink-conf.yaml" | "config.yaml", "text": ..., "dynamic": [[k, v], ...]}

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

public final class Gen {

    static final long SEED = 1728L;
    static final int RANDOM_CASES = 240;

    static final String FC = "flink-conf.yaml";
    static final String CY = "config.yaml";

    // ---- option keys -------------------------------------------------------------------------
    static final String TM_PROC = "taskmanager.memory.process.size";
    static final String TM_FLINK = "taskmanager.memory.flink.size";
    static final String TM_FH = "taskmanager.memory.framework.heap.size";
    static final String TM_FO = "taskmanager.memory.framework.off-heap.size";
    static final String TM_TH = "taskmanager.memory.task.heap.size";
    static final String TM_TO = "taskmanager.memory.task.off-heap.size";
    static final String TM_MG = "taskmanager.memory.managed.size";
    static final String TM_MGF = "taskmanager.memory.managed.fraction";
    static final String TM_NMIN = "taskmanager.memory.network.min";
    static final String TM_NMAX = "taskmanager.memory.network.max";
    static final String TM_NF = "taskmanager.memory.network.fraction";
    static final String TM_META = "taskmanager.memory.jvm-metaspace.size";
    static final String TM_OMIN = "taskmanager.memory.jvm-overhead.min";
    static final String TM_OMAX = "taskmanager.memory.jvm-overhead.max";
    static final String TM_OF = "taskmanager.memory.jvm-overhead.fraction";
    static final String TM_SEG = "taskmanager.memory.segment-size";
    static final String TM_SLOTS = "taskmanager.numberOfTaskSlots";
    static final String TM_CPU = "taskmanager.cpu.cores";
    static final String TM_LEG_HEAP = "taskmanager.heap.size";
    static final String TM_LEG_HEAP_MB = "taskmanager.heap.mb";
    static final String TM_LEG_MG = "taskmanager.memory.size";
    static final String TM_LEG_BUFS = "taskmanager.network.numberOfBuffers";
    static final String TM_DEP_NMIN = "taskmanager.network.memory.min";
    static final String TM_DEP_NMAX = "taskmanager.network.memory.max";
    static final String TM_DEP_NF = "taskmanager.network.memory.fraction";
    static final String JM_PROC = "jobmanager.memory.process.size";
    static final String JM_FLINK = "jobmanager.memory.flink.size";
    static final String JM_HEAP = "jobmanager.memory.heap.size";
    static final String JM_OFF = "jobmanager.memory.off-heap.size";
    static final String JM_META = "jobmanager.memory.jvm-metaspace.size";
    static final String JM_OMIN = "jobmanager.memory.jvm-overhead.min";
    static final String JM_OMAX = "jobmanager.memory.jvm-overhead.max";
    static final String JM_OF = "jobmanager.memory.jvm-overhead.fraction";
    static final String JM_DIRECT = "jobmanager.memory.enable-jvm-direct-memory-limit";
    static final String JM_LEG_HEAP = "jobmanager.heap.size";
    static final String JM_LEG_HEAP_MB = "jobmanager.heap.mb";
    static final String EXT = "external-resources";

    static final String TMD = TM_PROC + ": 1728m";
    static final String JMD = JM_PROC + ": 1600m";

    // ---- case list -----------------------------------------------------------------------------
    static final class Case {
        final String id, intent, file, text;
        final List<String[]> dynamic;

        Case(String id, String intent, String file, String text, List<String[]> dynamic) {
            this.id = id;
            this.intent = intent;
            this.file = file;
            this.text = text;
            this.dynamic = dynamic;
        }
    }

    final List<Case> cases = new ArrayList<>();
    final Set<String> ids = new HashSet<>();

    void add(String id, String intent, String file, String text, String[]... dyn) {
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("id not kebab-case: " + id);
        }
        if (!ids.add(id)) {
            throw new IllegalArgumentException("duplicate id " + id);
        }
        cases.add(new Case(id, intent, file, text, List.of(dyn)));
    }

    /** Legacy flink-conf.yaml only. */
    void fc(String id, String intent, String text, String[]... dyn) {
        add(id, intent, FC, text, dyn);
    }

    /** Standard config.yaml only. */
    void cy(String id, String intent, String text, String[]... dyn) {
        add(id, intent, CY, text, dyn);
    }

    /** Same text in both dialects: ids get "-fc" and "-cy". */
    void both(String id, String intent, String text, String[]... dyn) {
        add(id + "-fc", intent + " [flink-conf.yaml]", FC, text, dyn);
        add(id + "-cy", intent + " [config.yaml]", CY, text, dyn);
    }

    static String[] D(String k, String v) {
        return new String[] {k, v};
    }

    /** "k: v" lines; each argument is one line, every line ends with \n. */
    static String L(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    static String kv(String k, String v) {
        return k + ": " + v;
    }

    // ---- hand-picked -------------------------------------------------------------------------
    void handPicked() {
        workedExamples();
        errorTemplates();
        legacyKeys();
        networkAndManagedLegacy();
        cpuAndExternal();
        fractions();
        units();
        huge();
        legacyQuirks();
        yamlFeatures();
        dynamicOverrides();
    }

    void workedExamples() {
        both("e00-process-1568m", "E0: the 1.10 shipped TM process size (1568m) read by the 1.11+ model",
                L(kv(TM_PROC, "1568m"), JMD));
        both("e01-default-tm", "E1/E2: default TM 1728m process, 1 slot; default JM 1600m process",
                L(JMD, TMD, kv(TM_SLOTS, "1")));
        fc("e01-shipped-flat-fc", "E1/E2: memory-relevant lines of the shipped 1.13-1.18 flink-conf.yaml",
                L(kv("jobmanager.rpc.address", "localhost"), kv("jobmanager.rpc.port", "6123"),
                        kv("jobmanager.bind-host", "localhost"), JMD,
                        kv("taskmanager.bind-host", "localhost"), kv("taskmanager.host", "localhost"),
                        TMD, kv(TM_SLOTS, "1"), kv("parallelism.default", "1"),
                        kv("jobmanager.execution.failover-strategy", "region")));
        cy("e01-shipped-nested-cy", "E1/E2: memory-relevant part of the shipped nested config.yaml (1.19+)",
                L("jobmanager:", "  bind-host: localhost", "  rpc:", "    address: localhost",
                        "    port: 6123", "  memory:", "    process:", "      size: 1600m",
                        "  execution:", "    failover-strategy: region", "taskmanager:",
                        "  bind-host: localhost", "  host: localhost", "  numberOfTaskSlots: 1",
                        "  memory:", "    process:", "      size: 1728m", "parallelism:",
                        "  default: 1", "rest:", "  address: localhost", "  bind-address: localhost"));
        both("e02-jm-direct-limit", "E2 with jobmanager.memory.enable-jvm-direct-memory-limit: true",
                L(TMD, JMD, kv(JM_DIRECT, "true")));
        both("e02-jm-direct-limit-false", "E2 with the direct memory limit explicitly false",
                L(TMD, JMD, kv(JM_DIRECT, "false")));
        both("e02-jm-direct-limit-upper", "E2 with direct memory limit TRUE (case-insensitive boolean)",
                L(TMD, JMD, kv(JM_DIRECT, "TRUE")));
        both("e02-jm-direct-limit-yes", "direct memory limit 'yes' is not a boolean",
                L(TMD, JMD, kv(JM_DIRECT, "yes")));
        both("e02-jm-direct-limit-heap", "direct memory limit with fine-grained JM heap and off-heap 256m",
                L(TMD, kv(JM_HEAP, "1g"), kv(JM_OFF, "256m"), kv(JM_DIRECT, "true")));
        both("e03-flink-1280m", "E3: TM flink.size 1280m only (path B, inverse-fraction overhead)",
                L(kv(TM_FLINK, "1280m"), JMD));
        both("e03-flink-and-process", "E3: flink.size 1280m plus process.size 1728m (overhead = remainder)",
                L(kv(TM_FLINK, "1280m"), TMD, JMD));
        both("e04-process-4g-slots4", "E4: process 4g, 4 slots",
                L(kv(TM_PROC, "4g"), kv(TM_SLOTS, "4"), JMD));
        both("e05-process-16g-slots8", "E5: process 16g, 8 slots; overhead at max; network.max default changed in 1.17",
                L(kv(TM_PROC, "16g"), kv(TM_SLOTS, "8"), JMD));
        both("e06-fine-grained", "E6: task.heap 1g + managed 1g, no totals (path A, inverse fraction)",
                L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), JMD));
        both("e06-fine-grained-with-process", "E6 pitfall: shipped process 1728m left in -> E-PROC-LESS",
                L(TMD, kv(TM_TH, "1g"), kv(TM_MG, "1g"), JMD));
        both("e07-path-a-flink-3g", "E7: task.heap 1g + managed 1g + flink 3g (network = remainder)",
                L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), kv(TM_FLINK, "3g"), JMD));
        both("e07-network-max-512m", "E7 with network.max 512m -> E-NET-WRAP around E-NET-RANGE",
                L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), kv(TM_FLINK, "3g"), kv(TM_NMAX, "512m"), JMD));
        both("e07-network-fraction-set", "E7 with network.fraction set (info only, still succeeds)",
                L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), kv(TM_FLINK, "3g"), kv(TM_NF, "0.1"), JMD));
        both("e08-network-256m-managed-half", "E8: process 2g, network min=max=256m, managed fraction 0.5",
                L(kv(TM_PROC, "2g"), kv(TM_NMIN, "256m"), kv(TM_NMAX, "256m"), kv(TM_MGF, "0.5"), JMD));
        both("e08-deprecated-network-keys", "E8 with the deprecated taskmanager.network.memory.min/max keys",
                L(kv(TM_PROC, "2g"), kv(TM_DEP_NMIN, "256mb"), kv(TM_DEP_NMAX, "256mb"), kv(TM_MGF, "0.5"), JMD));
        both("e09-process-900m", "E9: process 900m -> E-SUM-B",
                L(kv(TM_PROC, "900m"), JMD));
        both("e09-process-1e9-bytes", "E9: process 1000000000 (plain bytes) -> E-SUM-B",
                L(kv(TM_PROC, "1000000000"), JMD));
        both("e10-legacy-tm-heap-with-process", "E10: legacy taskmanager.heap.size 1024m + process 1728m",
                L(TMD, kv(TM_LEG_HEAP, "1024m"), JMD));
        both("e10-legacy-tm-heap-alone", "E10: legacy taskmanager.heap.size 1024m without process size",
                L(kv(TM_LEG_HEAP, "1024m"), JMD));
        both("e11-jm-heap-1g", "E11: jobmanager.memory.heap.size 1g only",
                L(TMD, kv(JM_HEAP, "1g")));
        both("e12-jm-process-500m", "E12: JM process 500m -> E-JM-LESS-OFFHEAP",
                L(TMD, kv(JM_PROC, "500m")));
        both("e13-overhead-above-max", "E13: process 3000m + flink 1280m -> overhead above max (E-OVH-RANGE)",
                L(kv(TM_PROC, "3000m"), kv(TM_FLINK, "1280m"), JMD));
        both("e14-task-heap-process-2g", "E14: task.heap 512m + process 2g (network is the remainder)",
                L(kv(TM_TH, "512m"), kv(TM_PROC, "2g"), JMD));
        both("e15-legacy-buffers-2048", "E15: taskmanager.network.numberOfBuffers 2048 with process 1728m",
                L(TMD, kv(TM_LEG_BUFS, "2048"), JMD));
        both("e16-legacy-jm-heap-with-process", "E16: JM process 1600m + legacy jobmanager.heap.size 2g -> E-PROC-LESS (<=1.20)",
                L(TMD, JMD, kv(JM_LEG_HEAP, "2g")));
        both("e17-process-1-5g", "E17: process 1.5g -> E-READ (unit '.5g')",
                L(kv(TM_PROC, "1.5g"), JMD));
        both("e17-process-quoted", "E17: process \"1728m\" quoted (legacy keeps quotes; YAML strips them)",
                L(kv(TM_PROC, "\"1728m\""), JMD));
        both("e17-process-mib", "E17: process '1728 MiB' -> unknown unit",
                L(kv(TM_PROC, "1728 MiB"), JMD));
        both("e17-network-fraction-1", "E17: network.fraction 1.0 -> E-RANGEFRAC",
                L(TMD, kv(TM_NF, "1.0"), JMD));
        both("e17-managed-fraction-abc", "E17: managed.fraction abc -> unwrapped parse error",
                L(TMD, kv(TM_MGF, "abc"), JMD));
        both("e17-slots-0", "E17: numberOfTaskSlots 0 without cpu.cores -> E-CPU",
                L(TMD, kv(TM_SLOTS, "0"), JMD));
    }

    void errorTemplates() {
        // E-NONE
        both("err-none-tm", "E-NONE (TM): only the JM is configured", L(JMD));
        both("err-none-jm", "E-NONE (JM): only the TM is configured", L(TMD));
        both("err-none-empty-file", "E-NONE for both: empty file", "");
        both("err-none-comments-only", "E-NONE for both: only comments and blank lines",
                L("# memory settings", "", "   # indented comment", ""));
        both("err-none-unrelated-keys", "E-NONE for both: only keys that do not exist (taskmanager.memory.network.size, jobmanager.memory.managed.size)",
                L(kv("taskmanager.memory.network.size", "256m"), kv("jobmanager.memory.managed.size", "1g"),
                        kv("taskmanager.memory.heap.size", "1g"), kv("taskmanager.memory.fraction", "0.7")));

        // E-READ, one per inner failure kind and per key family
        both("err-read-decimal-flink", "E-READ: flink.size 1.25g (decimal)", L(kv(TM_FLINK, "1.25g"), JMD));
        both("err-read-gib-flink", "E-READ: flink.size '2 GiB' (unknown unit)", L(kv(TM_FLINK, "2 GiB"), JMD));
        both("err-read-kib-task-offheap", "E-READ: task.off-heap 512kib with process 1728m",
                L(TMD, kv(TM_TO, "512kib"), JMD));
        both("err-read-unit-p", "E-READ: process 1p (no petabyte unit)", L(kv(TM_PROC, "1p"), JMD));
        both("err-read-unit-byte", "E-READ: process 1811939328byte ('byte' is not a unit)", L(kv(TM_PROC, "1811939328byte"), JMD));
        both("err-read-unit-megabytes", "E-READ: process 1728megabytes", L(kv(TM_PROC, "1728megabytes"), JMD));
        both("err-read-overflow-digits", "E-READ: process 99999999999999999999 (number does not fit a long)",
                L(kv(TM_PROC, "99999999999999999999"), JMD));
        both("err-read-overflow-digits-unit", "E-READ: process 99999999999999999999m", L(kv(TM_PROC, "99999999999999999999m"), JMD));
        both("err-read-overflow-bytes-t", "E-READ: process 8388608t (bytes overflow)", L(kv(TM_PROC, "8388608t"), JMD));
        both("err-read-overflow-bytes-k", "E-READ: flink 9007199254740992k (bytes overflow)", L(kv(TM_FLINK, "9007199254740992k"), JMD));
        both("err-read-negative-process", "E-READ: process -1m", L(kv(TM_PROC, "-1m"), JMD));
        both("err-read-negative-metaspace", "E-READ: metaspace -64m with process 1728m", L(TMD, kv(TM_META, "-64m"), JMD));
        both("err-read-plus-sign", "E-READ: process +1728m", L(kv(TM_PROC, "+1728m"), JMD));
        both("err-read-leading-dot", "E-READ: process .5g", L(kv(TM_PROC, ".5g"), JMD));
        both("err-read-words", "E-READ: process 'abc'", L(kv(TM_PROC, "abc"), JMD));
        both("err-read-network-min", "E-READ: network.min '64 MiB'", L(TMD, kv(TM_NMIN, "64 MiB"), JMD));
        both("err-read-network-max", "E-READ: network.max 1gib", L(TMD, kv(TM_NMAX, "1gib"), JMD));
        both("err-read-dep-network-min", "E-READ through deprecated key taskmanager.network.memory.min",
                L(TMD, kv(TM_DEP_NMIN, "64 MiB"), JMD));
        both("err-read-overhead-max", "E-READ: jvm-overhead.max 1.0g", L(TMD, kv(TM_OMAX, "1.0g"), JMD));
        both("err-read-overhead-min-flink", "E-READ: jvm-overhead.min bad on the flink.size path",
                L(kv(TM_FLINK, "1280m"), kv(TM_OMIN, "192 MiB"), JMD));
        both("err-read-framework-heap", "E-READ: framework.heap.size 128M B", L(TMD, kv(TM_FH, "128M B"), JMD));
        both("err-read-framework-offheap", "E-READ: framework.off-heap.size 1e3", L(TMD, kv(TM_FO, "1e3"), JMD));
        both("err-read-task-heap", "E-READ: task.heap.size 1g1 (selects path A with managed)",
                L(kv(TM_TH, "1g1"), kv(TM_MG, "1g"), JMD));
        both("err-read-managed", "E-READ: managed.size 0.5g", L(TMD, kv(TM_MG, "0.5g"), JMD));
        both("err-read-legacy-managed", "E-READ through deprecated taskmanager.memory.size 0.5g",
                L(TMD, kv(TM_LEG_MG, "0.5g"), JMD));
        both("err-read-jm-heap", "E-READ: jobmanager.memory.heap.size 1g2", L(TMD, kv(JM_HEAP, "1g2")));
        both("err-read-jm-process", "E-READ: jobmanager.memory.process.size 1600MiB", L(TMD, kv(JM_PROC, "1600MiB")));
        both("err-read-jm-flink", "E-READ: jobmanager.memory.flink.size -1", L(TMD, kv(JM_FLINK, "-1")));
        both("err-read-jm-offheap", "E-READ: jobmanager.memory.off-heap.size 128 mib", L(TMD, JMD, kv(JM_OFF, "128 mib")));
        both("err-read-jm-metaspace", "E-READ: jobmanager.memory.jvm-metaspace.size 256m256", L(TMD, JMD, kv(JM_META, "256m256")));
        both("err-read-jm-overhead-max", "E-READ: jobmanager.memory.jvm-overhead.max 99999999999999999999k",
                L(TMD, JMD, kv(JM_OMAX, "99999999999999999999k")));
        both("err-read-both", "E-READ in TM and JM at once", L(kv(TM_PROC, "1,728m"), kv(JM_PROC, "1_600m")));

        // E-RANGEFRAC
        both("err-frac-network-1-5", "E-RANGEFRAC: network.fraction 1.5", L(TMD, kv(TM_NF, "1.5"), JMD));
        both("err-frac-network-negative", "E-RANGEFRAC: network.fraction -0.1", L(TMD, kv(TM_NF, "-0.1"), JMD));
        both("err-frac-network-nan", "E-RANGEFRAC: network.fraction NaN", L(TMD, kv(TM_NF, "NaN"), JMD));
        both("err-frac-network-infinity", "E-RANGEFRAC: network.fraction Infinity", L(TMD, kv(TM_NF, "Infinity"), JMD));
        both("err-frac-network-1e40", "network.fraction 1e40 (legacy: float Infinity; YAML: double overflows float)",
                L(TMD, kv(TM_NF, "1e40"), JMD));
        both("err-frac-network-min-gt-max", "E-RANGEFRAC: network.min 2g > network.max 1g",
                L(kv(TM_PROC, "8g"), kv(TM_NMIN, "2g"), kv(TM_NMAX, "1g"), JMD));
        both("err-frac-network-min-gt-max-fraction-bad", "E-RANGEFRAC: min > max and fraction 2 (min/max reported first)",
                L(kv(TM_PROC, "8g"), kv(TM_NMIN, "2g"), kv(TM_NMAX, "1g"), kv(TM_NF, "2"), JMD));
        both("err-frac-network-dep-key", "E-RANGEFRAC via deprecated taskmanager.network.memory.fraction 1",
                L(TMD, kv(TM_DEP_NF, "1"), JMD));
        both("err-frac-network-path-a", "E-RANGEFRAC: network.fraction 1 on path A (inverse fraction)",
                L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), kv(TM_NF, "1"), JMD));
        both("err-frac-network-min-gt-max-16", "network.min 1500m with default max (1g <= 1.16, unbounded 1.17+)",
                L(kv(TM_PROC, "8g"), kv(TM_NMIN, "1500m"), JMD));
        both("err-frac-overhead-1", "E-RANGEFRAC: jvm-overhead.fraction 1", L(TMD, kv(TM_OF, "1"), JMD));
        both("err-frac-overhead-negative", "E-RANGEFRAC: jvm-overhead.fraction -0.5", L(TMD, kv(TM_OF, "-0.5"), JMD));
        both("err-frac-overhead-nan", "E-RANGEFRAC: jvm-overhead.fraction NaN", L(TMD, kv(TM_OF, "NaN"), JMD));
        both("err-frac-overhead-min-gt-max", "E-RANGEFRAC: jvm-overhead.min 2g > max 1g",
                L(TMD, kv(TM_OMIN, "2g"), kv(TM_OMAX, "1g"), JMD));
        both("err-frac-overhead-flink-path", "E-RANGEFRAC: jvm-overhead.fraction 1.0 on the flink.size path",
                L(kv(TM_FLINK, "1280m"), kv(TM_OF, "1.0"), JMD));
        both("err-frac-managed-1", "E-RANGEFRAC: managed.fraction 1.0", L(TMD, kv(TM_MGF, "1.0"), JMD));
        both("err-frac-managed-negative", "E-RANGEFRAC: managed.fraction -0.1", L(TMD, kv(TM_MGF, "-0.1"), JMD));
        both("err-frac-managed-nan", "E-RANGEFRAC: managed.fraction NaN", L(TMD, kv(TM_MGF, "NaN"), JMD));
        both("err-frac-jm-overhead-1", "E-RANGEFRAC (JM): jobmanager jvm-overhead.fraction 1.0",
                L(TMD, JMD, kv(JM_OF, "1.0")));
        both("err-frac-jm-overhead-negative", "E-RANGEFRAC (JM): jobmanager jvm-overhead.fraction -0.1",
                L(TMD, JMD, kv(JM_OF, "-0.1")));
        both("err-frac-jm-overhead-nan", "E-RANGEFRAC (JM): jobmanager jvm-overhead.fraction NaN",
                L(TMD, JMD, kv(JM_OF, "NaN")));
        both("err-frac-jm-overhead-min-gt-max", "E-RANGEFRAC (JM): jobmanager jvm-overhead.min 1g > max 512m",
                L(TMD, JMD, kv(JM_OMIN, "1g"), kv(JM_OMAX, "512m")));
        both("err-frac-jm-overhead-abc", "JM overhead fraction 'abc' -> unwrapped parse error",
                L(TMD, JMD, kv(JM_OF, "abc")));

        // E-SUM-A / E-SUM-B
        both("err-sum-a-flink-2g", "E-SUM-A: task.heap 1g + managed 1g > flink 2g",
                L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), kv(TM_FLINK, "2g"), JMD));
        both("err-sum-a-task-heap-process", "E-SUM-A: task.heap 1g with process 1728m (managed from fraction)",
                L(TMD, kv(TM_TH, "1g"), JMD));
        both("err-sum-a-task-heap-managed-size", "E-SUM-A: task.heap 800m + managed.size 400m + flink 1280m",
                L(kv(TM_FLINK, "1280m"), kv(TM_TH, "800m"), kv(TM_MG, "400m"), kv(TM_TO, "100m"), JMD));
        both("err-sum-b-flink-300m", "E-SUM-B: flink.size 300m", L(kv(TM_FLINK, "300m"), JMD));
        both("err-sum-b-framework-big", "E-SUM-B: framework heap/off-heap 1g each with process 2g",
                L(kv(TM_PROC, "2g"), kv(TM_FH, "1g"), kv(TM_FO, "1g"), JMD));
        both("err-sum-b-managed-size", "E-SUM-B: managed.size 2g with process 1728m",
                L(TMD, kv(TM_MG, "2g"), JMD));
        both("ok-managed-size-with-process", "managed.size 256m with process 1728m (task heap is the remainder)",
                L(TMD, kv(TM_MG, "256m"), JMD));

        // E-NET-WRAP
        both("err-net-wrap-below-min", "E-NET-WRAP: path A remainder 26m below network.min 64m",
                L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), kv(TM_FLINK, "2330m"), JMD));
        both("err-net-wrap-task-heap-process", "E-NET-WRAP: task.heap 128m + process 1728m, remainder above network.max 256m",
                L(TMD, kv(TM_TH, "128m"), kv(TM_NMAX, "256m"), JMD));
        both("err-net-wrap-legacy-buffers", "E-NET-WRAP around E-NET-LEGACY: numberOfBuffers 2048 (64m) but the path-A remainder is 0",
                L(kv(TM_TH, "512m"), kv(TM_MG, "512m"), kv(TM_FLINK, "1280m"), kv(TM_LEG_BUFS, "2048"), JMD));
        both("ok-legacy-buffers-remainder-match", "legacy numberOfBuffers 2048 matching the path-A remainder exactly (64m)",
                L(kv(TM_TH, "448m"), kv(TM_MG, "512m"), kv(TM_FLINK, "1280m"), kv(TM_LEG_BUFS, "2048"), JMD));
        both("ok-legacy-buffers-path-a-no-flink", "legacy numberOfBuffers 4096 on path A without flink.size",
                L(kv(TM_TH, "512m"), kv(TM_MG, "512m"), kv(TM_LEG_BUFS, "4096"), JMD));

        // E-META-OVH, E-PROC-LESS, E-OVH-RANGE
        both("err-meta-ovh-process-400m", "E-META-OVH: process 400m < metaspace 256m + overhead 192m",
                L(kv(TM_PROC, "400m"), JMD));
        both("err-meta-ovh-big-metaspace", "E-META-OVH: metaspace 2g with process 2g",
                L(kv(TM_PROC, "2g"), kv(TM_META, "2g"), JMD));
        both("err-meta-ovh-jm", "E-META-OVH (JM): JM process 400m", L(TMD, kv(JM_PROC, "400m")));
        both("err-proc-less-flink", "E-PROC-LESS: flink 1280m + process 1500m",
                L(kv(TM_FLINK, "1280m"), kv(TM_PROC, "1500m"), JMD));
        both("err-proc-less-jm", "E-PROC-LESS (JM): heap 2g + process 1600m", L(TMD, JMD, kv(JM_HEAP, "2g")));
        both("err-ovh-range-below", "E-OVH-RANGE: flink 1280m + process 1600m -> overhead 64m < 192m",
                L(kv(TM_FLINK, "1280m"), kv(TM_PROC, "1600m"), JMD));
        both("err-ovh-range-jm", "E-OVH-RANGE (JM): heap 1g + process 1500m -> overhead below min",
                L(TMD, kv(JM_HEAP, "1g"), kv(JM_PROC, "1500m")));
        both("ok-ovh-fraction-mismatch", "flink 1280m + process 1728m + overhead fraction 0.2 (info only)",
                L(kv(TM_FLINK, "1280m"), TMD, kv(TM_OF, "0.2"), JMD));

        // E-CPU
        both("err-cpu-slots-minus-1", "E-CPU: numberOfTaskSlots -1", L(TMD, kv(TM_SLOTS, "-1"), JMD));
        both("err-cpu-cores-0", "E-CPU: cpu.cores 0", L(TMD, kv(TM_CPU, "0"), JMD));
        both("err-cpu-cores-negative", "E-CPU: cpu.cores -0.5 with slots 2", L(TMD, kv(TM_CPU, "-0.5"), kv(TM_SLOTS, "2"), JMD));
        both("err-cpu-cores-abc", "cpu.cores 'abc' -> parse error", L(TMD, kv(TM_CPU, "abc"), JMD));
        both("ok-cpu-set-slots-0", "slots 0 but cpu.cores 1 set (no E-CPU)", L(TMD, kv(TM_CPU, "1"), kv(TM_SLOTS, "0"), JMD));
        both("err-slots-abc", "numberOfTaskSlots 'four' -> parse error", L(TMD, kv(TM_SLOTS, "four"), JMD));
        both("err-slots-decimal", "numberOfTaskSlots 4.0 -> integer parse error", L(TMD, kv(TM_SLOTS, "4.0"), JMD));
        both("err-slots-too-big", "numberOfTaskSlots 3000000000 -> integer overflow", L(TMD, kv(TM_SLOTS, "3000000000"), JMD));

        // JM-only templates
        both("err-jm-sum", "E-JM-SUM: heap 1g + off-heap 256m != flink 1g",
                L(TMD, kv(JM_HEAP, "1g"), kv(JM_OFF, "256m"), kv(JM_FLINK, "1g")));
        both("ok-jm-sum-consistent", "JM heap 1g + off-heap 256m == flink 1280m",
                L(TMD, kv(JM_HEAP, "1g"), kv(JM_OFF, "256m"), kv(JM_FLINK, "1280m")));
        both("err-jm-heap-exceeds", "E-JM-HEAP-EXCEEDS: heap 2g > flink 1g", L(TMD, kv(JM_HEAP, "2g"), kv(JM_FLINK, "1g")));
        both("ok-jm-heap-equals-flink", "JM heap 1g == flink 1g (off-heap derived as 0)", L(TMD, kv(JM_HEAP, "1g"), kv(JM_FLINK, "1g")));
        both("ok-jm-heap-flink-derive-offheap", "JM heap 1g + flink 1536m (off-heap derived 512m)",
                L(TMD, kv(JM_HEAP, "1g"), kv(JM_FLINK, "1536m")));
        both("err-jm-less-offheap-equal-flink", "E-JM-LESS-OFFHEAP: JM flink.size 128m == default off-heap",
                L(TMD, kv(JM_FLINK, "128m")));
        both("err-jm-less-offheap-flink-100m", "E-JM-LESS-OFFHEAP: JM flink.size 100m", L(TMD, kv(JM_FLINK, "100m")));
        both("err-jm-less-offheap-equal-process", "E-JM-LESS-OFFHEAP: JM process 576m -> flink 128m == off-heap",
                L(TMD, kv(JM_PROC, "576m")));
        both("err-jm-less-offheap-configured", "E-JM-LESS-OFFHEAP: JM off-heap 1g with flink 1g",
                L(TMD, kv(JM_FLINK, "1g"), kv(JM_OFF, "1g")));
        both("ok-jm-flink-1g", "JM flink.size 1g only", L(TMD, kv(JM_FLINK, "1g")));
        both("ok-jm-small-heap", "JM heap 64m (below recommended minimum, warning only)", L(TMD, kv(JM_HEAP, "64m")));
        both("ok-jm-everything", "JM process/flink/heap/off-heap/metaspace/overhead all set consistently",
                L(TMD, kv(JM_PROC, "2g"), kv(JM_FLINK, "1536m"), kv(JM_HEAP, "1280m"), kv(JM_OFF, "256m"),
                        kv(JM_META, "256m"), kv(JM_OMIN, "256m"), kv(JM_OMAX, "256m")));
    }

    void legacyKeys() {
        both("lg-tm-heap-mb-1024", "legacy taskmanager.heap.mb 1024 (mapped to flink.size <= 1.20)",
                L(kv(TM_LEG_HEAP_MB, "1024"), JMD));
        both("lg-tm-heap-mb-negative", "legacy taskmanager.heap.mb -1 -> E-LEGACY-MB", L(kv(TM_LEG_HEAP_MB, "-1"), JMD));
        both("lg-tm-heap-mb-zero", "legacy taskmanager.heap.mb 0", L(kv(TM_LEG_HEAP_MB, "0"), JMD));
        both("lg-tm-heap-mb-bad", "legacy taskmanager.heap.mb '1g' (not an int)", L(kv(TM_LEG_HEAP_MB, "1g"), JMD));
        both("lg-tm-heap-size-and-mb", "legacy heap.size 2g and heap.mb 1024 (heap.size wins)",
                L(kv(TM_LEG_HEAP, "2g"), kv(TM_LEG_HEAP_MB, "1024"), JMD));
        both("lg-tm-heap-with-flink", "legacy heap.size ignored when flink.size is set",
                L(kv(TM_FLINK, "1280m"), kv(TM_LEG_HEAP, "4g"), JMD));
        both("lg-tm-heap-with-fine-grained", "legacy heap.size 4g with task.heap+managed (mapped to flink.size)",
                L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), kv(TM_LEG_HEAP, "4g"), JMD));
        both("lg-tm-heap-bad-unit", "legacy taskmanager.heap.size 1024MiB", L(kv(TM_LEG_HEAP, "1024MiB"), JMD));
        both("lg-tm-heap-small", "legacy taskmanager.heap.size 256m (too small)", L(kv(TM_LEG_HEAP, "256m"), JMD));
        both("lg-jm-heap-size-1024m", "legacy jobmanager.heap.size 1024m alone (mapped to jobmanager.memory.heap.size <= 1.20)",
                L(TMD, kv(JM_LEG_HEAP, "1024m")));
        both("lg-jm-heap-mb-1024", "legacy jobmanager.heap.mb 1024", L(TMD, kv(JM_LEG_HEAP_MB, "1024")));
        both("lg-jm-heap-mb-negative", "legacy jobmanager.heap.mb -5 -> E-LEGACY-MB", L(TMD, kv(JM_LEG_HEAP_MB, "-5")));
        both("lg-jm-heap-with-new-heap", "legacy jobmanager.heap.size ignored when jobmanager.memory.heap.size is set",
                L(TMD, kv(JM_HEAP, "512m"), kv(JM_LEG_HEAP, "2g")));
        both("lg-jm-heap-with-flink", "legacy jobmanager.heap.size 1g with jobmanager.memory.flink.size 2g",
                L(TMD, kv(JM_FLINK, "2g"), kv(JM_LEG_HEAP, "1g")));
        both("lg-jm-heap-bad", "legacy jobmanager.heap.size 1.5g", L(TMD, kv(JM_LEG_HEAP, "1.5g")));
        both("lg-both-legacy-heaps", "only legacy heap keys for TM and JM (pre-1.10 style config)",
                L(kv(JM_LEG_HEAP, "1024m"), kv(TM_LEG_HEAP, "1024m"), kv(TM_SLOTS, "1")));
    }

    void networkAndManagedLegacy() {
        both("nb-buffers-with-fraction", "numberOfBuffers ignored because network.fraction is set",
                L(TMD, kv(TM_LEG_BUFS, "2048"), kv(TM_NF, "0.1"), JMD));
        both("nb-buffers-with-dep-min", "numberOfBuffers ignored because deprecated network.memory.min is set",
                L(TMD, kv(TM_LEG_BUFS, "2048"), kv(TM_DEP_NMIN, "64m"), JMD));
        both("nb-buffers-with-max", "numberOfBuffers ignored because network.max is set",
                L(TMD, kv(TM_LEG_BUFS, "2048"), kv(TM_NMAX, "1g"), JMD));
        both("nb-buffers-segment-1000", "numberOfBuffers with segment-size 1000 (< 4096)",
                L(TMD, kv(TM_LEG_BUFS, "2048"), kv(TM_SEG, "1000"), JMD));
        both("nb-buffers-segment-5000", "numberOfBuffers with segment-size 5000 (not a power of two)",
                L(TMD, kv(TM_LEG_BUFS, "2048"), kv(TM_SEG, "5000"), JMD));
        both("nb-buffers-segment-4g", "numberOfBuffers with segment-size 4g (does not fit an int)",
                L(TMD, kv(TM_LEG_BUFS, "2048"), kv(TM_SEG, "4g"), JMD));
        both("nb-buffers-segment-64kb", "numberOfBuffers 1024 with segment-size 64kb",
                L(TMD, kv(TM_LEG_BUFS, "1024"), kv(TM_SEG, "64kb"), JMD));
        both("nb-buffers-segment-bad-unit", "numberOfBuffers with segment-size 32 KiB",
                L(TMD, kv(TM_LEG_BUFS, "2048"), kv(TM_SEG, "32 KiB"), JMD));
        both("nb-segment-bad-no-buffers", "segment-size 1000 without numberOfBuffers (not checked here)",
                L(TMD, kv(TM_SEG, "1000"), JMD));
        both("nb-buffers-negative", "numberOfBuffers -1", L(TMD, kv(TM_LEG_BUFS, "-1"), JMD));
        both("nb-buffers-zero", "numberOfBuffers 0", L(TMD, kv(TM_LEG_BUFS, "0"), JMD));
        both("nb-buffers-abc", "numberOfBuffers 'abc'", L(TMD, kv(TM_LEG_BUFS, "abc"), JMD));
        both("nb-buffers-too-many", "numberOfBuffers 100000 with process 1728m -> E-SUM-B", L(TMD, kv(TM_LEG_BUFS, "100000"), JMD));
        both("nb-buffers-flink-path", "numberOfBuffers 8192 with flink.size 2g", L(kv(TM_FLINK, "2g"), kv(TM_LEG_BUFS, "8192"), JMD));
        both("nb-buffers-int-overflow", "numberOfBuffers 70000 with segment-size 1g (int x int in long)",
                L(kv(TM_PROC, "8388607t"), kv(TM_LEG_BUFS, "70000"), kv(TM_SEG, "1g"), JMD));
        both("dep-network-fraction-0-2", "deprecated taskmanager.network.memory.fraction 0.2",
                L(TMD, kv(TM_DEP_NF, "0.2"), JMD));
        both("dep-network-new-wins", "new network.fraction 0.05 wins over deprecated 0.3",
                L(TMD, kv(TM_DEP_NF, "0.3"), kv(TM_NF, "0.05"), JMD));
        both("dep-network-max-only", "deprecated taskmanager.network.memory.max 100m only",
                L(kv(TM_PROC, "4g"), kv(TM_DEP_NMAX, "100m"), JMD));
        both("dep-network-min-new-max", "deprecated min 256m with new max 512m",
                L(kv(TM_PROC, "4g"), kv(TM_DEP_NMIN, "256m"), kv(TM_NMAX, "512m"), JMD));
        both("lg-managed-512-bytes", "legacy taskmanager.memory.size 512 (bytes, not MB)", L(TMD, kv(TM_LEG_MG, "512"), JMD));
        both("lg-managed-0", "legacy taskmanager.memory.size 0 (managed exactly 0)", L(TMD, kv(TM_LEG_MG, "0"), JMD));
        both("lg-managed-with-task-heap", "legacy taskmanager.memory.size 512m with task.heap 512m (path A)",
                L(kv(TM_LEG_MG, "512m"), kv(TM_TH, "512m"), JMD));
        both("lg-managed-new-wins", "managed.size 256m wins over taskmanager.memory.size 512m",
                L(TMD, kv(TM_LEG_MG, "512m"), kv(TM_MG, "256m"), JMD));
        both("ok-managed-zero-fraction", "managed.fraction 0", L(TMD, kv(TM_MGF, "0"), JMD));
        both("ok-network-fixed-min-max", "network min = max = 128m with process 4g", L(kv(TM_PROC, "4g"), kv(TM_NMIN, "128m"), kv(TM_NMAX, "128m"), JMD));
        both("ok-network-zero", "network min = max = 0", L(TMD, kv(TM_NMIN, "0"), kv(TM_NMAX, "0"), JMD));
        both("ok-network-clamped-max", "process 32g: network hits max 1g on <= 1.16 only", L(kv(TM_PROC, "32g"), JMD));
        both("ok-overhead-fixed", "overhead min = max = 512m with process 4g", L(kv(TM_PROC, "4g"), kv(TM_OMIN, "512m"), kv(TM_OMAX, "512m"), JMD));
        both("ok-all-tm-components", "every TM component configured explicitly, consistent",
                L(kv(TM_PROC, "4g"), kv(TM_FLINK, "3g"), kv(TM_FH, "128m"), kv(TM_FO, "128m"),
                        kv(TM_TH, "1g"), kv(TM_TO, "256m"), kv(TM_MG, "1g"), kv(TM_NMIN, "512m"), kv(TM_NMAX, "512m"),
                        kv(TM_META, "256m"), kv(TM_OMIN, "768m"), kv(TM_OMAX, "768m"), JMD));
        both("ok-task-offheap-flink", "task.off-heap 1g with flink 4g", L(kv(TM_FLINK, "4g"), kv(TM_TO, "1g"), JMD));
    }

    void cpuAndExternal() {
        both("cpu-0-5", "cpu.cores 0.5", L(TMD, kv(TM_CPU, "0.5"), JMD));
        both("cpu-2", "cpu.cores 2 (integer literal)", L(TMD, kv(TM_CPU, "2"), JMD));
        both("cpu-1e1", "cpu.cores 1e1", L(TMD, kv(TM_CPU, "1e1"), JMD));
        both("cpu-4-0-slots-4", "cpu.cores 4.0 with slots 4", L(kv(TM_PROC, "4g"), kv(TM_CPU, "4.0"), kv(TM_SLOTS, "4"), JMD));
        both("cpu-0-333", "cpu.cores 0.333", L(TMD, kv(TM_CPU, "0.333"), JMD));
        both("cpu-slots-16", "numberOfTaskSlots 16, no cpu.cores", L(kv(TM_PROC, "8g"), kv(TM_SLOTS, "16"), JMD));
        both("ext-gpu-fpga", "external-resources gpu;fpga with gpu amount 2, fpga amount 1",
                L(TMD, kv(EXT, "gpu;fpga"), kv("external-resource.gpu.amount", "2"),
                        kv("external-resource.fpga.amount", "1"), JMD));
        both("ext-gpu-only", "external-resources gpu with amount 2",
                L(TMD, kv(EXT, "gpu"), kv("external-resource.gpu.amount", "2"), JMD));
        both("ext-gpu-no-amount", "external-resources gpu without an amount",
                L(TMD, kv(EXT, "gpu"), JMD));
        both("ext-amount-without-list", "external-resource.gpu.amount 2 without external-resources",
                L(TMD, kv("external-resource.gpu.amount", "2"), JMD));
        both("ext-gpu-amount-0", "external resource amount 0", L(TMD, kv(EXT, "gpu"), kv("external-resource.gpu.amount", "0"), JMD));
        both("ext-gpu-amount-negative", "external resource amount -1", L(TMD, kv(EXT, "gpu"), kv("external-resource.gpu.amount", "-1"), JMD));
        both("ext-gpu-amount-abc", "external resource amount 'abc'", L(TMD, kv(EXT, "gpu"), kv("external-resource.gpu.amount", "abc"), JMD));
        both("ext-three", "three external resources (dynamic-config key order changes)",
                L(TMD, kv(EXT, "gpu;fpga;tpu"), kv("external-resource.gpu.amount", "4"),
                        kv("external-resource.fpga.amount", "2"), kv("external-resource.tpu.amount", "8"), JMD));
        both("ext-none-literal", "external-resources: none", L(TMD, kv(EXT, "none"), JMD));
        cy("ext-yaml-list-cy", "external-resources as a YAML list [gpu, fpga]",
                L(TMD, kv(EXT, "[gpu, fpga]"), kv("external-resource.gpu.amount", "2"),
                        kv("external-resource.fpga.amount", "1"), JMD));
        cy("ext-yaml-nested-cy", "external resource amounts as nested YAML",
                L(TMD, kv(EXT, "gpu;fpga"), "external-resource:", "  gpu:", "    amount: 2",
                        "  fpga:", "    amount: 1", JMD));
    }

    void fractions() {
        String[][] mf = {
            {"0-15", "0.15"}, {"0-33", "0.33"}, {"1e-1", "1e-1"}, {"0-1f", "0.1f"}, {"0-1d", "0.1d"},
            {"dot-5", ".5"}, {"hex-float", "0x1p-2"}, {"plus", "+0.25"}, {"0-7", "0.7"}, {"0-999", "0.999"},
            {"1e-3", "1E-3"}, {"0-2-spaces", "0.2 "},
        };
        for (String[] f : mf) {
            both("frac-managed-" + f[0], "managed.fraction " + f[1].trim() + " with process 4g",
                    L(kv(TM_PROC, "4g"), kv(TM_MGF, f[1]), JMD));
        }
        both("frac-network-0-15", "network.fraction 0.15 with process 4g", L(kv(TM_PROC, "4g"), kv(TM_NF, "0.15"), JMD));
        both("frac-network-0-33-path-a", "network.fraction 0.33 on path A", L(kv(TM_TH, "1g"), kv(TM_MG, "1g"), kv(TM_NF, "0.33"), JMD));
        both("frac-network-0", "network.fraction 0 (network = min 64m)", L(kv(TM_PROC, "4g"), kv(TM_NF, "0"), JMD));
        both("frac-overhead-0-33", "jvm-overhead.fraction 0.33 with process 4g", L(kv(TM_PROC, "4g"), kv(TM_OF, "0.33"), JMD));
        both("frac-overhead-0-25-flink", "jvm-overhead.fraction 0.25 on the flink.size path (inverse fraction)",
                L(kv(TM_FLINK, "6g"), kv(TM_OF, "0.25"), kv(TM_OMAX, "4g"), JMD));
        both("frac-jm-overhead-0-2", "JM jvm-overhead.fraction 0.2 with JM process 4g",
                L(TMD, kv(JM_PROC, "4g"), kv(JM_OF, "0.2")));
        both("frac-jm-overhead-0-15-heap", "JM jvm-overhead.fraction 0.15 on the heap path",
                L(TMD, kv(JM_HEAP, "3g"), kv(JM_OF, "0.15")));
    }

    void units() {
        // 1728m = 1811939328 bytes = 1769472 KiB
        String[][] u = {
            {"b", "1811939328b"}, {"bytes", "1811939328bytes"}, {"bare", "1811939328"},
            {"k", "1769472k"}, {"kb", "1769472kb"}, {"kibibytes", "1769472kibibytes"},
            {"m", "1728m"}, {"mb", "1728mb"}, {"mebibytes", "1728mebibytes"},
            {"g", "2g"}, {"gb", "2gb"}, {"gibibytes", "2gibibytes"},
            {"upper-mb", "1728MB"}, {"upper-g", "2G"}, {"mixed-case", "1728Mebibytes"}, {"upper-bytes", "1811939328BYTES"},
            {"space", "1728 mb"}, {"two-spaces", "1728  m"}, {"leading-zeros", "0001728m"}, {"leading-zeros-bare", "01811939328"},
            {"zero-g", "0g"},
        };
        for (String[] x : u) {
            both("unit-" + x[0], "process.size written as '" + x[1] + "'", L(kv(TM_PROC, x[1]), JMD));
        }
        fc("unit-tab-fc", "process.size with a tab between number and unit", L(kv(TM_PROC, "1728\tm"), JMD));
        cy("unit-tab-cy", "process.size with a tab between number and unit (quoted YAML string)",
                L(kv(TM_PROC, "\"1728\\tm\""), JMD));
        String[][] t = {{"t", "1t"}, {"tb", "1tb"}, {"tebibytes", "1tebibytes"}, {"upper-tb", "2TB"}};
        for (String[] x : t) {
            both("unit-" + x[0], "process.size written as '" + x[1] + "' (very large TM)", L(kv(TM_PROC, x[1]), JMD));
        }
        both("unit-jm-kb", "JM process written in kb", L(TMD, kv(JM_PROC, "1638400kb")));
        both("unit-jm-heap-bytes", "JM heap written in bytes with a space", L(TMD, kv(JM_HEAP, "1073741824 bytes")));
    }

    void huge() {
        both("huge-process-8388607t", "process 8388607t (just below 2^63)", L(kv(TM_PROC, "8388607t"), JMD));
        both("huge-process-long-max", "process 9223372036854775807 bytes (Long.MAX_VALUE)", L(kv(TM_PROC, "9223372036854775807"), JMD));
        both("huge-process-long-max-plus-1", "process 9223372036854775808 (one above Long.MAX_VALUE)",
                L(kv(TM_PROC, "9223372036854775808"), JMD));
        both("huge-flink-8388607t", "flink 8388607t (overhead by inverse fraction capped at 1g)", L(kv(TM_FLINK, "8388607t"), JMD));
        both("huge-flink-long-max", "flink Long.MAX_VALUE bytes (flink + metaspace overflows)",
                L(kv(TM_FLINK, "9223372036854775807"), JMD));
        both("huge-path-a-overflow", "task.heap and managed 4194304t each (sum overflows a long)",
                L(kv(TM_TH, "4194304t"), kv(TM_MG, "4194304t"), JMD));
        both("huge-path-a-near-max", "task.heap and managed 2097152t each (path A, inverse fraction near 2^63)",
                L(kv(TM_TH, "2097152t"), kv(TM_MG, "2097152t"), JMD));
        both("huge-jm-process-long-max", "JM process Long.MAX_VALUE bytes", L(TMD, kv(JM_PROC, "9223372036854775807")));
        both("huge-jm-heap", "JM heap 8388607t (heap + off-heap + metaspace overflow)", L(TMD, kv(JM_HEAP, "8388607t")));
        both("huge-network-min", "network min = max = 4194304t with process 8388607t",
                L(kv(TM_PROC, "8388607t"), kv(TM_NMIN, "4194304t"), kv(TM_NMAX, "4194304t"), JMD));
        both("huge-metaspace", "metaspace 8388607t with process 1728m", L(TMD, kv(TM_META, "8388607t"), JMD));
        both("huge-slots", "numberOfTaskSlots 2147483647", L(TMD, kv(TM_SLOTS, "2147483647"), JMD));
    }

    void legacyQuirks() {
        fc("q-trailing-comment-fc", "value followed by ' # comment'", L(TM_PROC + ": 1728m # default size", JMD));
        fc("q-comment-no-space-fc", "value followed by '#comment' without a space", L(TM_PROC + ": 2g#big", JMD));
        fc("q-hash-cuts-value-fc", "a '#' inside the value cuts it", L(TM_PROC + ": 17#28m", JMD));
        fc("q-no-space-after-colon-fc", "'key:value' line is skipped", L(TM_PROC + ":1728m", JMD));
        fc("q-tab-after-colon-fc", "'key:<tab>value' line is skipped", L(TM_PROC + ":\t1728m", JMD));
        fc("q-space-before-colon-fc", "'key : value' works", L(TM_PROC + " : 1728m", JMD));
        fc("q-two-spaces-after-colon-fc", "'key:  value' works (value trimmed)", L(TM_PROC + ":  1728m  ", JMD));
        fc("q-empty-value-fc", "'key: ' with empty value is skipped", L(TM_PROC + ": ", JMD));
        fc("q-multi-colon-fc", "'key: a: b' keeps 'a: b' as the value", L(TM_PROC + ": 1728m: x", JMD));
        fc("q-double-quoted-fc", "double-quoted value keeps its quotes", L(TM_PROC + ": \"1728m\"", JM_PROC + ": \"1600m\""));
        fc("q-single-quoted-fc", "single-quoted value keeps its quotes", L(TM_PROC + ": '1728m'", JMD));
        fc("q-nested-block-fc", "nested YAML in flink-conf.yaml: parent lines skipped, leaves become short keys",
                L("jobmanager:", "  memory:", "    process:", "      size: 1600m", "taskmanager:", "  memory:",
                        "    process:", "      size: 1728m"));
        fc("q-nested-and-flat-fc", "nested block ignored, flat line used", L("taskmanager:", "  memory:",
                "    process:", "      size: 4g", TMD, JMD));
        fc("q-duplicate-last-wins-fc", "duplicate key: later line wins", L(TM_PROC + ": 1g", JMD, TMD));
        fc("q-duplicate-bad-then-good-fc", "duplicate key: bad value replaced by a later good one", L(TM_PROC + ": 1.5g", TMD, JMD));
        fc("q-crlf-fc", "CRLF line endings", TMD + "\r\n" + kv(TM_SLOTS, "2") + "\r\n" + JMD + "\r\n");
        fc("q-cr-only-fc", "CR-only line endings", TMD + "\r" + kv(TM_SLOTS, "2") + "\r" + JMD + "\r");
        fc("q-tabs-fc", "leading tabs, tab before value, trailing tab", "\t" + TM_PROC + ": \t1728m\t\n\t\t" + JMD + "\n");
        fc("q-doc-marker-fc", "'---' and '...' lines are skipped", L("---", TMD, JMD, "..."));
        fc("q-no-trailing-newline-fc", "last line has no newline", TMD + "\n" + JMD);
        fc("q-bom-fc", "UTF-8 byte-order mark before the first key", "\uFEFF" + L(TMD, JMD));
        fc("q-list-value-fc", "YAML flow list as value", L(kv(TM_PROC, "[1728m]"), JMD));
        fc("q-inline-map-fc", "YAML flow map line", L("{" + TMD + "}", JMD));
        fc("q-key-with-inner-space-fc", "key with a space inside (different key)", L("taskmanager.memory. process.size: 1728m", JMD));
        fc("q-uppercase-key-fc", "key in upper case (keys are case-sensitive)", L(TM_PROC.toUpperCase(Locale.ROOT) + ": 1728m", JMD));
        fc("q-value-with-unicode-space-fc", "non-breaking space before the unit (not trimmed by Java)",
                L(kv(TM_PROC, "1728\u00A0m"), JMD));
    }

    void yamlFeatures() {
        cy("y-nested-tm-jm-cy", "fully nested TM and JM memory blocks", L("taskmanager:", "  numberOfTaskSlots: 2", "  memory:",
                "    process:", "      size: 4g", "    managed:", "      fraction: 0.3", "    network:", "      min: 128m",
                "      max: 128m", "jobmanager:", "  memory:", "    heap:", "      size: 1g", "    off-heap:", "      size: 256m"));
        cy("y-mixed-nested-dotted-cy", "mixed nested and dotted keys", L("taskmanager:", "  memory.process.size: 2g",
                "  numberOfTaskSlots: 2", "taskmanager.memory.managed.fraction: 0.25", "jobmanager:", "  memory:",
                "    process.size: 1600m"));
        cy("y-nested-then-dotted-cy", "same key nested then dotted: later (dotted 4g) wins",
                L("taskmanager:", "  memory:", "    process:", "      size: 2g", TM_PROC + ": 4g", JMD));
        cy("y-dotted-then-nested-cy", "same key dotted then nested: later (nested 2g) wins",
                L(TM_PROC + ": 4g", "taskmanager:", "  memory:", "    process:", "      size: 2g", JMD));
        cy("y-dotted-bad-then-nested-good-cy", "bad dotted value replaced by later nested value",
                L(TM_PROC + ": 1.5g", "taskmanager:", "  memory:", "    process:", "      size: 2g", JMD));
        cy("y-quoted-double-cy", "double-quoted values are plain strings", L(TM_PROC + ": \"1728m\"", JM_PROC + ": \"1600m\"", TM_MGF + ": \"0.3\""));
        cy("y-quoted-single-cy", "single-quoted values are plain strings", L(TM_PROC + ": '1728m'", JM_PROC + ": '1600m'"));
        cy("y-hex-int-cy", "process.size 0x6C000000 (YAML hex int = 1811939328 bytes)", L(TM_PROC + ": 0x6C000000", JMD));
        cy("y-octal-int-cy", "task.off-heap 0o2000 (YAML octal int = 1024 bytes)", L(TMD, TM_TO + ": 0o2000", JMD));
        cy("y-hex-slots-cy", "numberOfTaskSlots 0x4", L(TMD, TM_SLOTS + ": 0x4", JMD));
        cy("y-int-size-cy", "process.size 1811939328 (YAML int)", L(TM_PROC + ": 1811939328", JM_PROC + ": 1677721600"));
        cy("y-long-size-cy", "process.size 8589934592 (YAML long)", L(TM_PROC + ": 8589934592", JMD));
        cy("y-bigint-size-cy", "process.size 99999999999999999999 (YAML big integer)", L(TM_PROC + ": 99999999999999999999", JMD));
        cy("y-float-size-cy", "process.size 1.5 (YAML float)", L(TM_PROC + ": 1.5", JMD));
        cy("y-float-size-exp-cy", "process.size 1.8e9 (YAML float)", L(TM_PROC + ": 1.8e9", JMD));
        cy("y-float-size-int-valued-cy", "process.size 1811939328.0 (YAML float with integral value)", L(TM_PROC + ": 1811939328.0", JMD));
        cy("y-null-empty-cy", "'key:' with no value (null) is rejected", L(TMD, TM_MGF + ":", JMD));
        cy("y-null-tilde-cy", "'key: ~' (null) is rejected", L(TMD, TM_NF + ": ~", JMD));
        cy("y-null-word-cy", "'key: null' is rejected", L(TMD, JM_OFF + ": null", JMD));
        cy("y-null-unrelated-key-cy", "null value for an unrelated key still rejects the file", L(TMD, "rest.address:", JMD));
        cy("y-duplicate-key-cy", "duplicate key in one mapping is rejected", L(TMD, TM_PROC + ": 2g", JMD));
        cy("y-duplicate-nested-key-cy", "duplicate nested key is rejected",
                L("taskmanager:", "  memory:", "    process:", "      size: 2g", "      size: 4g", JMD));
        cy("y-duplicate-parent-cy", "duplicate parent mapping key is rejected",
                L("taskmanager:", "  numberOfTaskSlots: 2", "taskmanager:", "  memory:", "    process:", "      size: 2g", JMD));
        cy("y-list-size-cy", "process.size as a YAML list", L(TM_PROC + ": [1728m]", JMD));
        cy("y-block-list-size-cy", "process.size as a block list", L(TM_PROC + ":", "  - 1728m", JMD));
        cy("y-bool-size-cy", "process.size true (YAML boolean)", L(TM_PROC + ": true", JMD));
        cy("y-bool-direct-upper-cy", "direct memory limit True (YAML boolean)", L(TMD, JMD, JM_DIRECT + ": True"));
        cy("y-bool-direct-on-cy", "direct memory limit 'on' (a string in YAML 1.2)", L(TMD, JMD, JM_DIRECT + ": on"));
        cy("y-bool-direct-string-cy", "direct memory limit \"true\" (quoted string)", L(TMD, JMD, JM_DIRECT + ": \"true\""));
        cy("y-slots-float-cy", "numberOfTaskSlots 4.0 (YAML float)", L(TMD, TM_SLOTS + ": 4.0", JMD));
        cy("y-slots-quoted-cy", "numberOfTaskSlots \"4\" (string)", L(TMD, TM_SLOTS + ": \"4\"", JMD));
        cy("y-slots-negative-cy", "numberOfTaskSlots -1 (YAML int)", L(TMD, TM_SLOTS + ": -1", JMD));
        cy("y-slots-long-cy", "numberOfTaskSlots 3000000000 (YAML long)", L(TMD, TM_SLOTS + ": 3000000000", JMD));
        cy("y-slots-plus-cy", "numberOfTaskSlots +4 (YAML int with sign)", L(TMD, TM_SLOTS + ": +4", JMD));
        cy("y-cpu-int-cy", "cpu.cores 3 (YAML int)", L(TMD, TM_CPU + ": 3", JMD));
        cy("y-fraction-int-cy", "managed.fraction 0 (YAML int)", L(TMD, TM_MGF + ": 0", JMD));
        cy("y-fraction-nan-cy", "network.fraction .nan (YAML float NaN)", L(TMD, TM_NF + ": .nan", JMD));
        cy("y-fraction-inf-cy", "network.fraction .inf (YAML float infinity)", L(TMD, TM_NF + ": .inf", JMD));
        cy("y-fraction-neg-inf-cy", "managed.fraction -.inf", L(TMD, TM_MGF + ": -.inf", JMD));
        cy("y-fraction-tiny-cy", "managed.fraction 1e-50 (underflows float)", L(TMD, TM_MGF + ": 1e-50", JMD));
        cy("y-fraction-string-nan-cy", "network.fraction \"NaN\" (string)", L(TMD, TM_NF + ": \"NaN\"", JMD));
        cy("y-multi-document-cy", "two YAML documents", L(TMD, "---", JMD));
        cy("y-doc-marker-cy", "a single document with '---' and '...'", L("---", TMD, JMD, "..."));
        cy("y-top-level-list-cy", "top level is a list", L("- " + TMD, "- " + JMD));
        cy("y-top-level-scalar-cy", "top level is a scalar", L("1728m"));
        cy("y-hash-no-space-cy", "'1728m#x' is a literal (no comment without a space)", L(TM_PROC + ": 1728m#x", JMD));
        cy("y-comment-after-value-cy", "'1728m # x' is a comment", L(TM_PROC + ": 1728m # default", JMD));
        cy("y-anchor-alias-cy", "anchors and aliases", L(TM_PROC + ": &size 2g", JM_PROC + ": *size"));
        cy("y-flow-map-cy", "flow mapping", L("{" + TM_PROC + ": 1728m, " + JM_PROC + ": 1600m}"));
        cy("y-flow-nested-cy", "nested flow mapping", L("taskmanager: {memory: {process: {size: 2g}}, numberOfTaskSlots: 2}", JMD));
        cy("y-tab-indent-cy", "tab used for indentation (YAML error)", "taskmanager:\n\tmemory.process.size: 1728m\n" + JMD + "\n");
        cy("y-crlf-cy", "CRLF line endings", "taskmanager:\r\n  memory:\r\n    process:\r\n      size: 1728m\r\n" + JMD + "\r\n");
        cy("y-bom-cy", "UTF-8 byte-order mark at the start", "\uFEFF" + L(TMD, JMD));
        cy("y-block-literal-cy", "literal block scalar '|' (value ends with a newline)", L(TM_PROC + ": |", "  1728m", JMD));
        cy("y-folded-cy", "folded block scalar '>-'", L(TM_PROC + ": >-", "  1728m", JMD));
        cy("y-no-space-after-colon-cy", "'key:value' is one plain scalar, not a mapping", L(TM_PROC + ":1728m", JMD));
        cy("y-space-before-colon-cy", "'key : value' works", L(TM_PROC + " : 1728m", JMD));
        cy("y-nested-value-and-map-cy", "a leaf key that is also given children (process.size: and process.size.x:)",
                L("taskmanager:", "  memory:", "    process:", "      size: 1728m", "    process.size:", "      x: 1", JMD));
        cy("y-indent-4-cy", "four-space indentation", L("taskmanager:", "    memory:", "        process:",
                "            size: 1728m", "jobmanager:", "    memory:", "        process:", "            size: 1600m"));
        cy("y-empty-nested-map-cy", "a parent key with an empty flow map", L("taskmanager: {}", TMD, JMD));
        cy("y-unicode-space-cy", "non-breaking space before the unit", L(kv(TM_PROC, "1728\u00A0m"), JMD));
        cy("y-nested-legacy-jm-heap-cy", "nested legacy jobmanager.heap.size", L(TMD, "jobmanager:", "  heap:", "    size: 1g"));
        cy("y-nested-legacy-tm-heap-cy", "nested legacy taskmanager.heap.mb", L("taskmanager:", "  heap:", "    mb: 1024", JMD));
    }

    void dynamicOverrides() {
        both("dyn-override-process", "-D process.size 4g overrides the file's 1728m", L(TMD, JMD), D(TM_PROC, "4g"));
        both("dyn-only", "empty file, both process sizes given with -D", "", D(TM_PROC, "1728m"), D(JM_PROC, "1600m"));
        both("dyn-slots", "-D numberOfTaskSlots 4", L(kv(TM_PROC, "4g"), JMD), D(TM_SLOTS, "4"));
        both("dyn-bad-fraction", "-D managed.fraction 2", L(TMD, JMD), D(TM_MGF, "2"));
        both("dyn-fix-bad-file-value", "-D fixes a bad file value", L(kv(TM_PROC, "1.5g"), JMD), D(TM_PROC, "1728m"));
        both("dyn-legacy-tm-heap", "-D taskmanager.heap.size 1g with empty TM config", L(JMD), D(TM_LEG_HEAP, "1g"));
        both("dyn-legacy-jm-heap", "-D jobmanager.heap.size 2g with JM process 1600m in the file", L(TMD, JMD), D(JM_LEG_HEAP, "2g"));
        both("dyn-deprecated-vs-new", "file network.fraction 0.2, -D deprecated network.memory.fraction 0.4 (new key still wins)",
                L(TMD, kv(TM_NF, "0.2"), JMD), D(TM_DEP_NF, "0.4"));
        both("dyn-new-vs-deprecated", "file deprecated fraction 0.4, -D new network.fraction 0.05",
                L(TMD, kv(TM_DEP_NF, "0.4"), JMD), D(TM_NF, "0.05"));
        both("dyn-ext-resources", "-D external resources gpu;fpga with amounts",
                L(TMD, JMD), D(EXT, "gpu;fpga"), D("external-resource.gpu.amount", "2"), D("external-resource.fpga.amount", "1"));
        both("dyn-ext-override-list", "file external-resources gpu, -D changes it to fpga",
                L(TMD, kv(EXT, "gpu"), kv("external-resource.gpu.amount", "2"), kv("external-resource.fpga.amount", "3"), JMD),
                D(EXT, "fpga"));
        both("dyn-empty-value", "-D process.size= (empty value) over a valid file value", L(TMD, JMD), D(TM_PROC, ""));
        both("dyn-task-heap-managed", "-D task.heap + managed with file process 1728m (fine-grained + cross-check)",
                L(TMD, JMD), D(TM_TH, "512m"), D(TM_MG, "512m"));
        both("dyn-jm-heap", "-D jobmanager.memory.heap.size 2g with file JM process 1600m", L(TMD, JMD), D(JM_HEAP, "2g"));
        both("dyn-jm-direct", "-D enable-jvm-direct-memory-limit true", L(TMD, JMD), D(JM_DIRECT, "true"));
        both("dyn-value-with-space", "-D value with inner space '2 g'", L(TMD, JMD), D(TM_PROC, "2 g"));
        both("dyn-last-wins", "-D given twice for the same key (last wins)", L(TMD, JMD), D(TM_PROC, "2g"), D(TM_PROC, "3g"));
        both("dyn-numberofbuffers", "-D legacy numberOfBuffers 1024", L(TMD, JMD), D(TM_LEG_BUFS, "1024"));
        both("dyn-cpu", "-D cpu.cores 2.5", L(TMD, JMD), D(TM_CPU, "2.5"));
        cy("dyn-over-nested-cy", "-D overrides a nested YAML value", L("taskmanager:", "  memory:", "    process:",
                "      size: 1728m", JMD), D(TM_PROC, "2g"));
        cy("dyn-over-null-file-cy", "-D cannot rescue a file with a null value", L(TMD, TM_MGF + ":", JMD), D(TM_MGF, "0.4"));
    }

    // ---- random ------------------------------------------------------------------------------
    static final long K = 1L << 10, M = 1L << 20, G = 1L << 30, T = 1L << 40;
    static final long[] MULT = {1, K, M, G, T};
    static final String[][] SPELL = {
        {"b", "bytes", ""}, {"k", "kb", "kibibytes"}, {"m", "mb", "mebibytes"}, {"g", "gb", "gibibytes"},
        {"t", "tb", "tebibytes"},
    };

    Random r;

    boolean p(double prob) {
        return r.nextDouble() < prob;
    }

    <E> E pick(List<E> l) {
        return l.get(r.nextInt(l.size()));
    }

    String pick(String... l) {
        return l[r.nextInt(l.length)];
    }

    long between(long lo, long hi) {
        return lo + (long) (r.nextDouble() * (hi - lo + 1));
    }

    /** A size in MiB steps, sometimes off the MiB grid. */
    long size(long loMiB, long hiMiB) {
        long v = between(loMiB, hiMiB) * M;
        double x = r.nextDouble();
        if (x < 0.10) {
            v += between(1, 1023) * K;
        } else if (x < 0.15) {
            v += between(1, M - 1);
        }
        return v;
    }

    String renderSize(long bytes) {
        List<Integer> ok = new ArrayList<>();
        for (int u = 0; u < MULT.length; u++) {
            if (bytes % MULT[u] == 0) {
                ok.add(u);
            }
        }
        int u = p(0.6) ? ok.get(ok.size() - 1) : pick(ok);
        if (u == 4 && bytes / T == 0) {
            u = 3;
        }
        String sp;
        double x = r.nextDouble();
        sp = SPELL[u][x < 0.5 ? 0 : x < 0.85 ? 1 : 2];
        if (u == 0 && p(0.4)) {
            sp = "";
        }
        double c = r.nextDouble();
        if (c < 0.08) {
            sp = sp.toUpperCase(Locale.ROOT);
        } else if (c < 0.12 && !sp.isEmpty()) {
            sp = Character.toUpperCase(sp.charAt(0)) + sp.substring(1);
        }
        String num = Long.toString(bytes / MULT[u]);
        if (p(0.03)) {
            num = "00" + num;
        }
        String sep = (!sp.isEmpty() && p(0.12)) ? " " : "";
        return num + sep + sp;
    }

    String renderFraction(double f) {
        String s = trimDecimal(f);
        double x = r.nextDouble();
        if (x < 0.05) {
            return s + "f";
        } else if (x < 0.10 && f > 0) {
            return String.format(Locale.ROOT, "%.0fe-2", f * 100);
        }
        return s;
    }

    static String trimDecimal(double f) {
        String s = String.format(Locale.ROOT, "%.3f", f);
        while (s.endsWith("0") && !s.endsWith(".0")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    String corruptSize(String v) {
        return pick("1.5g", "64 MiB", "-1m", "2gib", "abc", "99999999999999999999", "9007199254740992k",
                v + "x", "1,024m", "0x" + v);
    }

    String corruptFraction() {
        return pick("1.0", "-0.1", "NaN", "1.5", "abc", "1", "0,5");
    }

    void random() {
        r = new Random(SEED);
        for (int n = 1; n <= RANDOM_CASES; n++) {
            Map<String, String> tm = new LinkedHashMap<>();
            Map<String, String> jm = new LinkedHashMap<>();
            randomTm(tm);
            randomJm(jm);
            List<String[]> entries = new ArrayList<>();
            boolean tmFirst = p(0.7);
            for (Map<String, String> m : tmFirst ? List.of(tm, jm) : List.of(jm, tm)) {
                for (Map.Entry<String, String> e : m.entrySet()) {
                    entries.add(new String[] {e.getKey(), e.getValue()});
                }
            }
            // error injection: corrupt one value
            if (!entries.isEmpty() && p(0.09)) {
                String[] e = pick(entries);
                if (e[0].endsWith("fraction")) {
                    e[1] = corruptFraction();
                } else if (e[0].equals(TM_SLOTS) || e[0].endsWith(".mb") || e[0].equals(TM_LEG_BUFS)) {
                    e[1] = pick("0", "-1", "2.5", "x");
                } else if (!e[0].equals(TM_CPU) && !e[0].equals(JM_DIRECT)) {
                    e[1] = corruptSize(e[1]);
                }
            }
            // a few unrelated keys
            if (p(0.25)) {
                entries.add(r.nextInt(entries.size() + 1), new String[] {"parallelism.default", Integer.toString(1 + r.nextInt(8))});
            }
            if (p(0.15)) {
                entries.add(r.nextInt(entries.size() + 1), new String[] {"rest.address", "localhost"});
            }
            // dynamic properties: move a key out of the file, or override one
            List<String[]> dyn = new ArrayList<>();
            if (!entries.isEmpty() && p(0.15)) {
                double x = r.nextDouble();
                String[] e = pick(entries);
                if (x < 0.5) {
                    entries.remove(e);
                    dyn.add(e);
                } else if (e[0].endsWith(".size") && !e[0].contains("heap.size")) {
                    dyn.add(new String[] {e[0], renderSize(size(1024, 8192))});
                } else if (e[0].endsWith("fraction")) {
                    dyn.add(new String[] {e[0], renderFraction(0.05 + r.nextInt(30) / 100.0)});
                } else {
                    dyn.add(new String[] {TM_SLOTS, Integer.toString(1 + r.nextInt(8))});
                }
            }
            boolean yaml = p(0.5);
            String text = yaml ? renderYaml(entries) : renderLegacy(entries);
            String id = String.format(Locale.ROOT, "rnd-%04d", n);
            add(id, "random #" + n + " (seed " + SEED + ")", yaml ? CY : FC, text, dyn.toArray(new String[0][]));
        }
    }

    void randomTm(Map<String, String> c) {
        double s = r.nextDouble();
        long th = 0, mg = 0;
        if (s < 0.38) { // process size only
            c.put(TM_PROC, renderSize(p(0.07) ? size(300, 1100) : size(1100, 65536)));
        } else if (s < 0.52) { // flink size only
            c.put(TM_FLINK, renderSize(size(700, 32768)));
        } else if (s < 0.66) { // fine-grained
            th = size(64, 8192);
            mg = p(0.15) ? 0 : size(0, 8192);
            c.put(TM_TH, renderSize(th));
            c.put(TM_MG, renderSize(mg));
            double y = r.nextDouble();
            long base = 256 * M + th + mg;
            if (y < 0.35) {
                long flink = p(0.15) ? base - size(1, 512) : base + size(32, 2048);
                c.put(TM_FLINK, renderSize(flink));
                if (p(0.3)) {
                    c.put(TM_PROC, renderSize(flink + 256 * M + size(150, 1100)));
                }
            } else if (y < 0.5) {
                long flink = base + base / 9 + between(-64, 64) * M;
                c.put(TM_PROC, renderSize(Math.max(M, flink + 256 * M + size(150, 1100))));
            }
        } else if (s < 0.74) { // task heap with a total
            th = size(64, 4096);
            c.put(TM_TH, renderSize(th));
            if (p(0.6)) {
                c.put(TM_PROC, renderSize(th * 2 + size(1024, 8192)));
            } else {
                c.put(TM_FLINK, renderSize(th * 2 + size(512, 8192)));
            }
        } else if (s < 0.80) { // process and flink both
            long flink = size(700, 16384);
            c.put(TM_FLINK, renderSize(flink));
            c.put(TM_PROC, renderSize(flink + 256 * M + size(150, 1200)));
        } else if (s < 0.87) { // legacy heap keys
            if (p(0.6)) {
                c.put(TM_LEG_HEAP, renderSize(size(600, 16384)));
            } else {
                c.put(TM_LEG_HEAP_MB, Long.toString(p(0.05) ? -between(1, 100) : between(600, 16384)));
            }
            if (p(0.4)) {
                c.put(TM_PROC, renderSize(size(1100, 16384)));
            }
        } else if (s < 0.90) { // nothing
            // E-NONE (TM)
        } else { // managed size with process size
            c.put(TM_MG, renderSize(size(0, 4096)));
            c.put(TM_PROC, renderSize(size(1500, 16384)));
        }
        if (p(0.08)) {
            c.put(TM_FH, renderSize(size(32, 512)));
        }
        if (p(0.08)) {
            c.put(TM_FO, renderSize(size(32, 512)));
        }
        if (p(0.12)) {
            c.put(TM_TO, renderSize(p(0.2) ? 0 : size(1, 1024)));
        }
        if (p(0.15)) {
            c.put(TM_MGF, renderFraction(r.nextInt(80) / 100.0));
        }
        double net = r.nextDouble();
        if (net < 0.12) {
            long min = size(16, 512);
            c.put(TM_NMIN, renderSize(min));
            if (p(0.7)) {
                double y = r.nextDouble();
                c.put(TM_NMAX, renderSize(y < 0.3 ? min : y < 0.4 ? min - size(1, 15) : min + size(0, 2048)));
            }
        } else if (net < 0.18) {
            c.put(TM_NMAX, renderSize(size(64, 4096)));
        } else if (net < 0.22) {
            c.put(TM_DEP_NMIN, renderSize(size(32, 256)));
            c.put(TM_DEP_NMAX, renderSize(size(256, 1024)));
        }
        if (p(0.12)) {
            c.put(p(0.8) ? TM_NF : TM_DEP_NF, renderFraction((1 + r.nextInt(40)) / 100.0));
        }
        if (p(0.1)) {
            c.put(TM_META, renderSize(size(64, 1024)));
        }
        double ovh = r.nextDouble();
        if (ovh < 0.08) {
            long min = size(64, 512);
            c.put(TM_OMIN, renderSize(min));
            c.put(TM_OMAX, renderSize(min + size(0, 2048)));
        } else if (ovh < 0.12) {
            c.put(TM_OMAX, renderSize(size(256, 4096)));
        }
        if (p(0.1)) {
            c.put(TM_OF, renderFraction((1 + r.nextInt(40)) / 100.0));
        }
        if (p(0.45)) {
            c.put(TM_SLOTS, Integer.toString(p(0.05) ? -r.nextInt(2) : 1 + r.nextInt(32)));
        }
        if (p(0.1)) {
            c.put(TM_CPU, pick("0.5", "1", "2", "4.0", "1.5", "8", "0.25", "16", "1e1", "3"));
        }
        if (p(0.08)) {
            c.put(TM_LEG_BUFS, Integer.toString(pick(List.of(1024, 2048, 4096, 8192, 16384, 500))));
            if (p(0.4)) {
                c.put(TM_SEG, pick("4kb", "16kb", "32kb", "64kb", "65536", "1mb", "1000", "48kb"));
            }
        } else if (p(0.05)) {
            c.put(TM_SEG, pick("4kb", "16kb", "64kb", "1mb", "1000"));
        }
        if (p(0.03)) {
            c.put(TM_LEG_MG, renderSize(size(0, 2048)));
        }
        if (p(0.06)) {
            c.put(EXT, "gpu");
            c.put("external-resource.gpu.amount", Integer.toString(1 + r.nextInt(8)));
        }
    }

    void randomJm(Map<String, String> c) {
        double s = r.nextDouble();
        if (s < 0.5) {
            c.put(JM_PROC, renderSize(p(0.06) ? size(300, 700) : size(700, 16384)));
        } else if (s < 0.65) {
            c.put(JM_HEAP, renderSize(size(64, 8192)));
        } else if (s < 0.75) {
            c.put(JM_FLINK, renderSize(size(100, 8192)));
        } else if (s < 0.83) {
            long heap = size(128, 4096);
            c.put(JM_HEAP, renderSize(heap));
            c.put(JM_FLINK, renderSize(heap + (p(0.8) ? size(0, 1024) : -size(1, 64))));
        } else if (s < 0.88) {
            long heap = size(128, 4096), off = size(0, 1024);
            c.put(JM_HEAP, renderSize(heap));
            c.put(JM_OFF, renderSize(off));
            c.put(JM_FLINK, renderSize(p(0.6) ? heap + off : heap + off + size(1, 128)));
        } else if (s < 0.93) {
            if (p(0.6)) {
                c.put(JM_LEG_HEAP, renderSize(size(256, 8192)));
            } else {
                c.put(JM_LEG_HEAP_MB, Long.toString(p(0.08) ? -between(1, 100) : between(256, 8192)));
            }
            if (p(0.4)) {
                c.put(JM_PROC, renderSize(size(700, 8192)));
            }
        } else if (s < 0.96) {
            long heap = size(256, 4096);
            c.put(JM_HEAP, renderSize(heap));
            c.put(JM_PROC, renderSize(heap + 128 * M + 256 * M + size(100, 1200)));
        } // else nothing: E-NONE (JM)
        if (p(0.1) && !c.containsKey(JM_OFF)) {
            c.put(JM_OFF, renderSize(size(0, 1024)));
        }
        if (p(0.08)) {
            c.put(JM_META, renderSize(size(64, 1024)));
        }
        if (p(0.08)) {
            long min = size(64, 512);
            c.put(JM_OMIN, renderSize(min));
            c.put(JM_OMAX, renderSize(min + size(0, 2048)));
        }
        if (p(0.08)) {
            c.put(JM_OF, renderFraction((1 + r.nextInt(40)) / 100.0));
        }
        if (p(0.1)) {
            c.put(JM_DIRECT, pick("true", "false", "TRUE", "True"));
        }
    }

    String renderLegacy(List<String[]> entries) {
        StringBuilder sb = new StringBuilder();
        if (p(0.2)) {
            sb.append("# generated\n");
        }
        for (String[] e : entries) {
            if (p(0.05)) {
                sb.append('\n');
            }
            sb.append(e[0]).append(": ").append(e[1]);
            if (p(0.05)) {
                sb.append(" # note");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Render as standard YAML: dotted, nested or mixed, merging common parents. */
    String renderYaml(List<String[]> entries) {
        double mode = r.nextDouble(); // < 0.35 dotted, < 0.7 nested, else mixed
        Map<String, Object> root = new LinkedHashMap<>();
        for (String[] e : entries) {
            String[] seg = e[0].split("\\.");
            int depth;
            if (mode < 0.35) {
                depth = 0;
            } else if (mode < 0.7) {
                depth = seg.length - 1;
            } else {
                depth = r.nextInt(seg.length);
            }
            Map<String, Object> node = root;
            for (int i = 0; i < depth; i++) {
                Object child = node.get(seg[i]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(seg[i], child);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) child;
                node = m;
            }
            StringBuilder leaf = new StringBuilder();
            for (int i = depth; i < seg.length; i++) {
                leaf.append(i == depth ? "" : ".").append(seg[i]);
            }
            node.put(leaf.toString(), yamlScalar(e[1]));
        }
        StringBuilder sb = new StringBuilder();
        emit(root, 0, sb);
        return sb.toString();
    }

    String yamlScalar(String v) {
        if (v.isEmpty() || v.contains("#") || v.contains(": ") || v.startsWith("'") || v.startsWith("\"")) {
            return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v.contains(";") && p(0.5)) {
            return "'" + v + "'";
        }
        if (p(0.04)) {
            return "\"" + v + "\"";
        }
        return v;
    }

    static void emit(Map<String, Object> node, int indent, StringBuilder sb) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            sb.append(" ".repeat(indent)).append(e.getKey()).append(':');
            if (e.getValue() instanceof Map) {
                sb.append('\n');
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) e.getValue();
                emit(m, indent + 2, sb);
            } else {
                sb.append(' ').append(e.getValue()).append('\n');
            }
        }
    }

    // ---- output ------------------------------------------------------------------------------
    static String quote(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int k = 0; k < v.length(); k++) {
            char ch = v.charAt(k);
            switch (ch) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (ch < 0x20 || ch == 0x7f || ch == 0x2028 || ch == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
            }
        }
        return sb.append('"').toString();
    }

    String toJsonl() {
        StringBuilder sb = new StringBuilder();
        for (Case c : cases) {
            sb.append("{\"id\": ").append(quote(c.id))
                    .append(", \"intent\": ").append(quote(c.intent))
                    .append(", \"file\": ").append(quote(c.file))
                    .append(", \"text\": ").append(quote(c.text))
                    .append(", \"dynamic\": [");
            for (int i = 0; i < c.dynamic.size(); i++) {
                String[] d = c.dynamic.get(i);
                sb.append(i == 0 ? "" : ", ").append('[').append(quote(d[0])).append(", ").append(quote(d[1])).append(']');
            }
            sb.append("]}\n");
        }
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Gen <out.jsonl>");
            System.exit(2);
        }
        Gen g = new Gen();
        g.handPicked();
        int hand = g.cases.size();
        g.random();
        Path out = Paths.get(args[0]);
        Files.write(out, g.toJsonl().getBytes(StandardCharsets.UTF_8));
        System.err.printf("cases.jsonl: %d cases (%d hand-picked, %d random, seed %d)%n",
                g.cases.size(), hand, g.cases.size() - hand, SEED);
    }
}
