// Golden migration runner: for one Flink release line, takes every legacy flink-conf.yaml of the
// corpus and records, in process and with Flink's own classes only,
//   - how this release reads the legacy file itself (1.x up to 1.20),
//   - what Flink's own migration writes for it (1.19 and later: the code path behind
//     bin/migrate-config-file.sh, BashJavaUtils MIGRATE_LEGACY_FLINK_CONFIGURATION_TO_STANDARD_YAML),
//   - how this release reads that migrated config.yaml back,
//   - how this release reads the config.yaml flinkmem's `migrate` wrote for the same file.
// One JSON line per case, in the order of the cases file.
//
// Compiled without Flink on the class path: everything Flink-side is reached by reflection, so
// the same class runs against every release. Start it with the class path the start scripts use
// (bin/bash-java-utils.jar, then lib/flink-dist*.jar), followed by this class:
//
//   java -cp <bash-java-utils.jar>:<flink-dist.jar>:<build dir> Migrate \
//        --minor 2.0 --cases cases.jsonl --out flink-2.0.jsonl --work <scratch dir>
//
// Every step gets a fresh conf dir under the scratch dir holding exactly one file
// (flink-conf.yaml or config.yaml); the dir is deleted again afterwards. Loads go through the
// public static GlobalConfiguration.loadConfiguration(dir); the migration through the private
// static BashJavaUtils.runCommand(<command>, ["--configDir", dir]), whose returned lines are
// what main() would print after the BASH_JAVA_UTILS_EXEC_RESULT: prefix. Exceptions are data:
// they are recorded with class, message and cause chain. Own code; contains no Flink source.

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Migrate {

    /** Written instead of the scratch conf dir path wherever a message mentions it. */
    static final String CONF_DIR_PLACEHOLDER = "<confdir>";

    static final String LEGACY_FILE = "flink-conf.yaml";
    static final String STANDARD_FILE = "config.yaml";

    // Flink-side handles, all found by reflection in main().
    static Method loadConfiguration; // GlobalConfiguration.loadConfiguration(String)
    static Method toMap; // Configuration.toMap()
    static Field confData; // Configuration.confData
    static Method setStandardYaml; // GlobalConfiguration.setStandardYaml(boolean), 1.19/1.20 only
    static boolean initialStandardYaml;
    static Method runCommand; // BashJavaUtils.runCommand(Command, String[])
    static Object migrateCommand; // BashJavaUtils.Command.MIGRATE_LEGACY_..., 1.19 and later

    static PrintStream realOut;
    static PrintStream realErr;
    static PrintStream sink;

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            opts.put(argv[i], argv[i + 1]);
        }
        String minor = req(opts, "--minor");
        Path cases = Paths.get(req(opts, "--cases"));
        Path out = Paths.get(req(opts, "--out"));
        Path work = Paths.get(req(opts, "--work"));

        for (String env : new String[] {"FLINK_CONF_DIR", "FLINK_TM_HEAP", "FLINK_JM_HEAP"}) {
            if (System.getenv(env) != null) {
                throw new IllegalStateException("environment variable " + env
                        + " is set; it could leak into every case (run via generate.sh)");
            }
        }

        int[] v = parseMinor(minor);
        boolean readsLegacy = v[0] == 1 && v[1] <= 20; // flink-conf.yaml: 1.x up to 1.20
        boolean readsStandard = v[0] >= 2 || v[1] >= 19; // config.yaml: 1.19 and later
        boolean migrates = readsStandard; // the migration command arrived with config.yaml

        realOut = System.out;
        realErr = System.err;
        sink = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");

        // Class initialisation sets up logging, which older log4j versions comment on.
        Class<?> global;
        Class<?> configuration;
        Class<?> bju;
        muffle();
        try {
            global = Class.forName("org.apache.flink.configuration.GlobalConfiguration");
            configuration = Class.forName("org.apache.flink.configuration.Configuration");
            bju = Class.forName("org.apache.flink.runtime.util.bash.BashJavaUtils");
        } finally {
            unmuffle();
        }
        loadConfiguration = global.getMethod("loadConfiguration", String.class);
        toMap = configuration.getMethod("toMap");
        confData = configuration.getDeclaredField("confData");
        confData.setAccessible(true);

        // 1.19/1.20 keep a static "standard YAML" flag: every load sets it from the file it
        // found, and every new Configuration() copies it. Each step below starts from the value
        // the class initialiser left, so no step sees what the previous one loaded.
        try {
            setStandardYaml = global.getMethod("setStandardYaml", boolean.class);
            initialStandardYaml = (Boolean) global.getMethod("isStandardYaml").invoke(null);
        } catch (NoSuchMethodException e) {
            setStandardYaml = null; // < 1.19 or 2.x: no such state
        }

        if (migrates) {
            Class<?> cmdClass =
                    Class.forName("org.apache.flink.runtime.util.bash.BashJavaUtils$Command");
            runCommand = bju.getDeclaredMethod("runCommand", cmdClass, String[].class);
            runCommand.setAccessible(true);
            migrateCommand = enumConstant(cmdClass,
                    "MIGRATE_LEGACY_FLINK_CONFIGURATION_TO_STANDARD_YAML");
        }

        List<String> lines = Files.readAllLines(cases, StandardCharsets.UTF_8);
        Files.createDirectories(work);

        StringBuilder result = new StringBuilder();
        int n = 0, sourceErr = 0, migOk = 0, migErr = 0, migLoadErr = 0, ours = 0, oursErr = 0;
        long t0 = System.nanoTime();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            n++;
            Map<String, Object> c = asMap(new JsonReader(line).read());
            String id = (String) c.get("id");
            String legacy = (String) c.get("legacy");
            if (id == null || legacy == null) {
                throw new IllegalArgumentException("case " + n + ": needs string id and legacy");
            }
            String oursText = null;
            Object migrated = c.get("migrated");
            if (migrated instanceof Map) {
                Object o = asMap(migrated).get(minor);
                if (o instanceof String) {
                    oursText = (String) o;
                }
            }
            String prefix = work.resolve(String.format("case-%04d", n)).toString();

            String source = null;
            if (readsLegacy) {
                source = load(Paths.get(prefix + "-source"), LEGACY_FILE, legacy, false);
                if (source.startsWith("{\"error\"")) {
                    sourceErr++;
                }
            }

            String migration = null;
            String migrationLoaded = null;
            if (migrates) {
                Path dir = Paths.get(prefix + "-migrate");
                Object res = migrate(dir, legacy);
                if (res instanceof Throwable) {
                    migration = errorJson((Throwable) res, dir.toString());
                    migErr++;
                } else {
                    @SuppressWarnings("unchecked")
                    List<String> got = (List<String>) res;
                    StringBuilder text = new StringBuilder();
                    for (String l : got) {
                        text.append(l).append('\n');
                    }
                    migration = "{\"text\": " + quote(text.toString()) + "}";
                    migOk++;
                    migrationLoaded = load(Paths.get(prefix + "-reload"), STANDARD_FILE,
                            text.toString(), true);
                    if (migrationLoaded.startsWith("{\"error\"")) {
                        migLoadErr++;
                    }
                }
            }

            String oursLoaded = null;
            if (oursText != null && readsStandard) {
                ours++;
                oursLoaded = load(Paths.get(prefix + "-ours"), STANDARD_FILE, oursText, true);
                if (oursLoaded.startsWith("{\"error\"")) {
                    oursErr++;
                }
            }

            result.append("{\"id\": ").append(quote(id))
                    .append(", \"source\": ").append(orNull(source))
                    .append(", \"flink_migration\": ").append(orNull(migration))
                    .append(", \"flink_migration_loaded\": ").append(orNull(migrationLoaded))
                    .append(", \"ours_loaded\": ").append(orNull(oursLoaded))
                    .append("}\n");
        }
        Files.write(out, result.toString().getBytes(StandardCharsets.UTF_8));
        realErr.printf("flink-%s: %d cases; source: %s; migration: %s; ours: %d loaded"
                        + " (%d errors); %.1f s%n",
                minor, n,
                readsLegacy ? (n - sourceErr) + " ok, " + sourceErr + " errors" : "not read",
                migrates ? migOk + " ok (" + migLoadErr + " fail to load), " + migErr + " errors"
                        : "no such command",
                ours, oursErr, (System.nanoTime() - t0) / 1e9);
    }

    /** Runs Flink's migration on a dir holding only the legacy text; lines or a Throwable. */
    static Object migrate(Path dir, String legacy) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(LEGACY_FILE), legacy.getBytes(StandardCharsets.UTF_8));
        resetFlag();
        muffle();
        try {
            return runCommand.invoke(null, migrateCommand,
                    new String[] {"--configDir", dir.toString()});
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (Throwable t) {
            return t;
        } finally {
            unmuffle();
            deleteTree(dir);
        }
    }

    /**
     * Loads text written as the only file of a fresh dir; {"entries": ..[, "types": ..]} or
     * {"error": ...}. Entries are Configuration.toMap() sorted by key in code point order (the
     * backing map is a HashMap in every release, so there is no file order to keep); types are
     * the simple class names of the objects in Configuration.confData.
     */
    static String load(Path dir, String file, String text, boolean withTypes) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(file), text.getBytes(StandardCharsets.UTF_8));
        resetFlag();
        muffle();
        Object conf;
        Map<?, ?> map;
        Map<?, ?> data;
        try {
            conf = loadConfiguration.invoke(null, dir.toString());
            map = (Map<?, ?>) toMap.invoke(conf);
            data = (Map<?, ?>) confData.get(conf);
        } catch (Throwable t) {
            Throwable e = t instanceof InvocationTargetException ? t.getCause() : t;
            return "{\"error\": " + errorJson(e, dir.toString()) + "}";
        } finally {
            unmuffle();
            deleteTree(dir);
        }
        List<String> keys = new ArrayList<>();
        if (data instanceof LinkedHashMap) {
            for (Object k : data.keySet()) {
                keys.add((String) k);
            }
        } else {
            for (Object k : map.keySet()) {
                keys.add((String) k);
            }
            keys.sort(CODE_POINT_ORDER);
        }
        StringBuilder sb = new StringBuilder("{\"entries\": [");
        for (int i = 0; i < keys.size(); i++) {
            Object val = map.get(keys.get(i));
            sb.append(i == 0 ? "" : ", ").append('[').append(quote(keys.get(i))).append(", ")
                    .append(val == null ? "null" : quote(val.toString())).append(']');
        }
        sb.append(']');
        if (withTypes) {
            sb.append(", \"types\": [");
            for (int i = 0; i < keys.size(); i++) {
                Object val = data.get(keys.get(i));
                sb.append(i == 0 ? "" : ", ").append('[').append(quote(keys.get(i))).append(", ")
                        .append(quote(val == null ? "null" : val.getClass().getSimpleName()))
                        .append(']');
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    static void resetFlag() throws Exception {
        if (setStandardYaml != null) {
            setStandardYaml.invoke(null, initialStandardYaml);
        }
    }

    static void muffle() {
        System.setOut(sink);
        System.setErr(sink);
    }

    static void unmuffle() {
        System.setOut(realOut);
        System.setErr(realErr);
    }

    static String orNull(String json) {
        return json == null ? "null" : json;
    }

    /** {"class", "message", "causes": [{"class", "message"}, ...]}, outermost first. */
    static String errorJson(Throwable t, String confDir) {
        StringBuilder sb = new StringBuilder("{\"class\": ").append(quote(t.getClass().getName()));
        sb.append(", \"message\": ").append(message(t, confDir)).append(", \"causes\": [");
        Throwable c = t.getCause();
        int depth = 0;
        while (c != null && c != t && depth++ < 20) {
            sb.append(depth == 1 ? "" : ", ");
            sb.append("{\"class\": ").append(quote(c.getClass().getName()));
            sb.append(", \"message\": ").append(message(c, confDir)).append('}');
            Throwable next = c.getCause();
            if (next == c) {
                break;
            }
            c = next;
        }
        return sb.append("]}").toString();
    }

    static String message(Throwable t, String confDir) {
        String m = t.getMessage();
        return m == null ? "null" : quote(m.replace(confDir, CONF_DIR_PLACEHOLDER));
    }

    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0, k = 0;
        while (i < a.length() && k < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(k);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            k += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - k);
    };

    /** JSON string literal; every char outside printable ASCII becomes \\uXXXX (pure ASCII). */
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
                default:
                    if (ch < 0x20 || ch > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
            }
        }
        return sb.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    static Object enumConstant(Class<?> enumClass, String name) {
        for (Object o : enumClass.getEnumConstants()) {
            if (((Enum<?>) o).name().equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + enumClass);
    }

    static int[] parseMinor(String minor) {
        String[] p = minor.split("\\.");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    static String req(Map<String, String> opts, String k) {
        String v = opts.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing " + k);
        }
        return v;
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var s = Files.list(p)) {
                for (Path q : (Iterable<Path>) s::iterator) {
                    deleteTree(q);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    /** Minimal JSON reader (objects keep key order; numbers become Double). */
    static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) {
            this.s = s;
        }

        Object read() {
            Object v = value();
            ws();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing data at " + i + " in " + s);
            }
            return v;
        }

        private Object value() {
            ws();
            char ch = s.charAt(i);
            if (ch == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            if (ch == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            }
            if (ch == '"') {
                return string();
            }
            int st = i;
            while (i < s.length() && ",]} \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String lit = s.substring(st, i);
            switch (lit) {
                case "true": return Boolean.TRUE;
                case "false": return Boolean.FALSE;
                case "null": return null;
                default: return Double.parseDouble(lit);
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char ch = s.charAt(i++);
                if (ch == '"') {
                    return sb.toString();
                }
                if (ch != '\\') {
                    sb.append(ch);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'u':
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    case '"':
                    case '\\':
                    case '/':
                        sb.append(e);
                        break;
                    default:
                        throw new IllegalArgumentException("bad escape \\" + e + " at " + i);
                }
            }
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i + " in " + s);
            }
            i++;
        }
    }

    private Migrate() {}
}
