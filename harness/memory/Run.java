// Golden memory runner: for one Flink release line, runs every case of the corpus through
// Flink's own BashJavaUtils code path (GET_TM_RESOURCE_PARAMS / GET_JM_RESOURCE_PARAMS), in
// process, and writes one JSON line per case that this release reads.
//
// Compiled without Flink on the class path: everything Flink-side is reached by reflection, so
// the same class runs against every release. It must be started with the class path the start
// scripts use (bin/bash-java-utils.jar, then lib/flink-dist*.jar), followed by this class.
//
//   java -cp <bash-java-utils.jar>:<flink-dist.jar>:<build dir> Run \
//        --minor 1.20 --cases cases.jsonl --out flink-1.20.jsonl --work <scratch dir>
//
// Per case: a fresh conf dir holding exactly one file (flink-conf.yaml or config.yaml) with the
// case's text, then BashJavaUtils.runCommand(<command>, ["--configDir", dir, "-D", "k=v", ...]).
// The returned lines are what main() would print after the BASH_JAVA_UTILS_EXEC_RESULT: prefix.
// An exception is recorded with its class, message and full cause chain.

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Run {

    /** Placeholder written instead of the scratch conf dir path, should a message mention it. */
    static final String CONF_DIR_PLACEHOLDER = "<confDir>";

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            opts.put(argv[i], argv[i + 1]);
        }
        String minor = req(opts, "--minor");
        Path cases = Paths.get(req(opts, "--cases"));
        Path out = Paths.get(req(opts, "--out"));
        Path work = Paths.get(req(opts, "--work"));

        for (String env : new String[] {"FLINK_TM_HEAP", "FLINK_JM_HEAP", "FLINK_CONF_DIR"}) {
            if (System.getenv(env) != null) {
                throw new IllegalStateException("environment variable " + env
                        + " is set; it would leak into every case (run via generate.sh)");
            }
        }

        int[] v = parseMinor(minor);
        boolean readsLegacy = v[0] == 1 && v[1] <= 20; // flink-conf.yaml: 1.x up to 1.20
        boolean readsStandard = v[0] >= 2 || v[1] >= 19; // config.yaml: 1.19 and later

        PrintStream realErr = System.err;
        PrintStream realOut = System.out;
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
        // Class initialisation sets up logging, which older log4j versions comment on (stderr).
        System.setOut(sink);
        System.setErr(sink);
        Class<?> bju;
        try {
            bju = Class.forName("org.apache.flink.runtime.util.bash.BashJavaUtils");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        Class<?> cmdClass = Class.forName("org.apache.flink.runtime.util.bash.BashJavaUtils$Command");
        Method runCommand = bju.getDeclaredMethod("runCommand", cmdClass, String[].class);
        runCommand.setAccessible(true);
        Object tmCmd = enumConstant(cmdClass, "GET_TM_RESOURCE_PARAMS");
        Object jmCmd = enumConstant(cmdClass, "GET_JM_RESOURCE_PARAMS");

        // GlobalConfiguration (1.19+) keeps a static "standard YAML" flag that every load sets;
        // put it back to its class-initialisation value before each case anyway.
        Method setStandardYaml = null;
        try {
            setStandardYaml = Class.forName("org.apache.flink.configuration.GlobalConfiguration")
                    .getMethod("setStandardYaml", boolean.class);
        } catch (NoSuchMethodException e) {
            // < 1.19: no such state
        }

        List<String> lines = Files.readAllLines(cases, StandardCharsets.UTF_8);
        Files.createDirectories(work);

        StringBuilder result = new StringBuilder();
        int n = 0, ran = 0, ok = 0, err = 0, odd = 0;
        long t0 = System.nanoTime();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            n++;
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) new Json(line).parseValue();
            String id = (String) c.get("id");
            String file = (String) c.get("file");
            String text = (String) c.get("text");
            @SuppressWarnings("unchecked")
            List<Object> dynamic = (List<Object>) c.get("dynamic");
            boolean legacy = file.equals("flink-conf.yaml");
            if (!legacy && !file.equals("config.yaml")) {
                throw new IllegalArgumentException(id + ": unknown file " + file);
            }
            if (legacy ? !readsLegacy : !readsStandard) {
                continue;
            }
            ran++;

            Path dir = work.resolve(String.format("case-%04d", n));
            Files.createDirectories(dir);
            Files.write(dir.resolve(file), text.getBytes(StandardCharsets.UTF_8));
            List<String> args = new ArrayList<>();
            args.add("--configDir");
            args.add(dir.toString());
            for (Object kv : dynamic) {
                @SuppressWarnings("unchecked")
                List<Object> pair = (List<Object>) kv;
                args.add("-D");
                args.add(pair.get(0) + "=" + pair.get(1));
            }
            String[] a = args.toArray(new String[0]);

            String[] rs = new String[2];
            Object[] cmds = {tmCmd, jmCmd};
            for (int k = 0; k < 2; k++) {
                if (setStandardYaml != null) {
                    setStandardYaml.invoke(null, true);
                }
                System.setOut(sink);
                System.setErr(sink);
                Object res;
                try {
                    res = runCommand.invoke(null, cmds[k], a.clone());
                } catch (InvocationTargetException e) {
                    res = e.getCause();
                } finally {
                    System.setOut(realOut);
                    System.setErr(realErr);
                }
                if (res instanceof Throwable) {
                    rs[k] = errorJson((Throwable) res, dir.toString());
                    err++;
                } else {
                    @SuppressWarnings("unchecked")
                    List<String> got = (List<String>) res;
                    if (got.size() == 2) {
                        rs[k] = "{\"jvm_params\": " + Json.quote(got.get(0))
                                + ", \"dynamic_configs\": " + Json.quote(got.get(1)) + "}";
                    } else {
                        StringBuilder sb = new StringBuilder("{\"lines\": [");
                        for (int j = 0; j < got.size(); j++) {
                            sb.append(j == 0 ? "" : ", ").append(Json.quote(got.get(j)));
                        }
                        rs[k] = sb.append("]}").toString();
                        odd++;
                        realErr.println("flink-" + minor + ": " + id + " printed " + got.size()
                                + " result lines");
                    }
                    ok++;
                }
            }
            deleteTree(dir);
            result.append("{\"id\": ").append(Json.quote(id))
                    .append(", \"taskmanager\": ").append(rs[0])
                    .append(", \"jobmanager\": ").append(rs[1]).append("}\n");
        }
        Files.write(out, result.toString().getBytes(StandardCharsets.UTF_8));
        realErr.printf("flink-%s: %d of %d cases, %d results ok, %d errors%s, %.1f s%n",
                minor, ran, n, ok, err, odd == 0 ? "" : ", " + odd + " with != 2 lines",
                (System.nanoTime() - t0) / 1e9);
    }

    static String errorJson(Throwable t, String confDir) {
        StringBuilder sb = new StringBuilder("{\"error\": {");
        sb.append("\"class\": ").append(Json.quote(t.getClass().getName()));
        sb.append(", \"message\": ").append(msg(t, confDir));
        sb.append(", \"causes\": [");
        Throwable c = t.getCause();
        int guard = 0;
        while (c != null && c != t && guard++ < 50) {
            sb.append(guard == 1 ? "" : ", ");
            sb.append("{\"class\": ").append(Json.quote(c.getClass().getName()));
            sb.append(", \"message\": ").append(msg(c, confDir)).append("}");
            Throwable next = c.getCause();
            if (next == c) {
                break;
            }
            c = next;
        }
        return sb.append("]}}").toString();
    }

    static String msg(Throwable t, String confDir) {
        String m = t.getMessage();
        if (m == null) {
            return "null";
        }
        return Json.quote(m.replace(confDir, CONF_DIR_PLACEHOLDER));
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

    /** Minimal JSON reader/writer (objects keep key order). */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object parseValue() {
            ws();
            char ch = s.charAt(i);
            switch (ch) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = parseString();
                        ws();
                        expect(':');
                        m.put(k, parseValue());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        expect('}');
                        return m;
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(parseValue());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        expect(']');
                        return l;
                    }
                }
                case '"':
                    return parseString();
                default:
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
        }

        private String parseString() {
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
                    default: sb.append(e);
                }
            }
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i + " in " + s);
            }
            i++;
        }

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
    }

    private Run() {}
}
