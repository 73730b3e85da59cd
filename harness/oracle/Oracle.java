// Oracle harness for flinkmem: runs Flink's own classes (from the real flink-dist jar on the
// classpath) and writes golden data as JSON lines. Own code; contains no Flink source.
//
//   java Oracle <minor> <patch> <loader-cases.jsonl> <loader-out.jsonl|-> <values-in.jsonl> <values-out.jsonl>
//
// Compiled per Flink version against that version's flink-dist (see generate.sh).

import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Oracle {

    static String minor;
    static String patch;
    static Path tmpRoot;

    public static void main(String[] args) throws Exception {
        minor = args[0];
        patch = args[1];
        tmpRoot = Files.createTempDirectory("flinkmem-oracle-");
        try {
            if (!args[3].equals("-")) {
                runLoader(Path.of(args[2]), Path.of(args[3]));
            }
            runValues(Path.of(args[4]), Path.of(args[5]));
        } finally {
            deleteTree(tmpRoot.toFile());
        }
    }

    // ------------------------------------------------------------------------------ versions

    static int[] ver() {
        String[] p = minor.split("\\.");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    static boolean atLeast(int maj, int min) {
        int[] v = ver();
        return v[0] > maj || (v[0] == maj && v[1] >= min);
    }

    static boolean readsFile(String name) {
        if (name.equals("flink-conf.yaml")) {
            return !atLeast(2, 0);
        }
        if (name.equals("config.yaml")) {
            return atLeast(1, 19);
        }
        return false;
    }

    // ------------------------------------------------------------------------------ loader

    static void runLoader(Path casesFile, Path out) throws Exception {
        List<String> lines = Files.readAllLines(casesFile, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) new JsonReader(line).read();
            String file = (String) c.get("file");
            if (!readsFile(file)) {
                continue;
            }
            sb.append(loadCase((String) c.get("id"), file, (String) c.get("text"))).append('\n');
            n++;
        }
        writeFile(out, sb.toString());
        System.err.println("flink " + minor + ": loader " + n + " cases -> " + out);
    }

    static String loadCase(String id, String file, String text) throws Exception {
        Path dir = Files.createTempDirectory(tmpRoot, "conf");
        Files.write(dir.resolve(file), text.getBytes(StandardCharsets.UTF_8));
        Json j = new Json().obj().key("id").str(id);
        Configuration conf;
        try {
            conf = GlobalConfiguration.loadConfiguration(dir.toString());
        } catch (Throwable t) {
            j.key("error");
            error(j, t, dir.toString());
            deleteTree(dir.toFile());
            return j.end().toString();
        }
        deleteTree(dir.toFile());
        Map<String, Object> data = confData(conf);
        boolean ordered = data instanceof LinkedHashMap;
        Map<String, String> map;
        try {
            map = conf.toMap();
        } catch (Throwable t) {
            j.key("error");
            error(j, t, dir.toString());
            return j.end().toString();
        }
        List<String> keys = new ArrayList<>(ordered ? data.keySet() : map.keySet());
        if (!ordered) {
            keys.sort(CODE_POINT_ORDER);
        }
        j.key("entries").arr();
        for (String k : keys) {
            j.arr().str(k).str(map.get(k)).end();
        }
        j.end();
        if (file.equals("config.yaml")) {
            j.key("types").arr();
            for (String k : keys) {
                Object v = data.get(k);
                j.arr().str(k).str(v == null ? "null" : v.getClass().getSimpleName()).end();
            }
            j.end();
        }
        return j.end().toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> confData(Configuration conf) throws Exception {
        Field f = Configuration.class.getDeclaredField("confData");
        f.setAccessible(true);
        return (Map<String, Object>) f.get(conf);
    }

    static final Comparator<String> CODE_POINT_ORDER =
            (a, b) -> {
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

    // ------------------------------------------------------------------------------ values

    static void runValues(Path in, Path out) throws Exception {
        List<String> lines = Files.readAllLines(in, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) new JsonReader(line).read();
            String op = (String) c.get("op");
            Object input = c.get("input");
            Json j = new Json().obj().key("op").str(op).key("input").value(input);
            switch (op) {
                case "meta":
                    meta(j);
                    break;
                case "memory-parse":
                    memoryParse(j, (String) input);
                    break;
                case "memory-format":
                    memoryFormat(j, (String) input);
                    break;
                case "multiply":
                    multiply(j, asMap(input));
                    break;
                case "convert":
                    convert(j, asMap(input));
                    break;
                case "sensitive":
                    j.key("sensitive").bool(GlobalConfiguration.isSensitive((String) input));
                    break;
                case "sensitive-list":
                    sensitiveList(j);
                    break;
                default:
                    throw new IllegalArgumentException("unknown op " + op);
            }
            sb.append(j.end()).append('\n');
            n++;
        }
        writeFile(out, sb.toString());
        System.err.println("flink " + minor + ": values " + n + " lines -> " + out);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    static void meta(Json j) throws Exception {
        j.key("flink").str(patch);
        j.key("java").str(System.getProperty("java.version"));
        j.key("file_encoding").str(System.getProperty("file.encoding"));
        Configuration c = new Configuration();
        j.key("conf_data_class").str(confData(c).getClass().getName());
        Boolean std = standardYamlFlag();
        j.key("standard_yaml_default");
        if (std == null) {
            j.nul();
        } else {
            j.bool(std);
        }
        // Which YAML engine class the standard parser can see (flink-dist bundles it unshaded).
        String snake = null;
        try {
            snake = Class.forName("org.snakeyaml.engine.v2.api.Load").getName();
        } catch (ClassNotFoundException e) {
            // pre-1.19: no standard YAML parser
        }
        j.key("snakeyaml_engine_class");
        if (snake == null) {
            j.nul();
        } else {
            j.str(snake);
        }
    }

    /** GlobalConfiguration.isStandardYaml() where it exists (1.19, 1.20), else null. */
    static Boolean standardYamlFlag() {
        try {
            Method m = GlobalConfiguration.class.getMethod("isStandardYaml");
            return (Boolean) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** 1.19/1.20: Configuration(boolean standardYaml) exists; both modes are recorded. */
    static Constructor<Configuration> modeConstructor() {
        try {
            return Configuration.class.getConstructor(boolean.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static void memoryParse(Json j, String s) {
        try {
            MemorySize m = MemorySize.parse(s);
            j.key("bytes").num(m.getBytes());
        } catch (Throwable t) {
            j.key("error");
            error(j, t, null);
        }
    }

    static void memoryFormat(Json j, String s) {
        try {
            MemorySize m = new MemorySize(Long.parseLong(s));
            j.key("to_string").str(m.toString());
            j.key("human").str(m.toHumanReadableString());
        } catch (Throwable t) {
            j.key("error");
            error(j, t, null);
        }
    }

    static final String KEY = "flinkmem.oracle.key";

    static void multiply(Json j, Map<String, Object> in) throws Exception {
        long bytes;
        double d;
        try {
            Configuration c = new Configuration();
            c.set(ConfigOptions.key(KEY).stringType().noDefaultValue(), (String) in.get("fraction"));
            float f = c.get(ConfigOptions.key(KEY).floatType().noDefaultValue());
            d = f;
            if (Boolean.TRUE.equals(in.get("inverse"))) {
                d = d / (1 - d);
            }
            j.key("double").str(Double.toString(d));
        } catch (Throwable t) {
            j.key("error");
            error(j, t, null);
            return;
        }
        try {
            bytes = new MemorySize(Long.parseLong((String) in.get("bytes"))).multiply(d).getBytes();
            j.key("bytes").num(bytes);
        } catch (Throwable t) {
            j.key("error");
            error(j, t, null);
        }
    }

    static void convert(Json j, Map<String, Object> in) throws Exception {
        String type = (String) in.get("type");
        String raw = (String) in.get("raw");
        if ("yaml".equals(in.get("source"))) {
            if (!readsFile("config.yaml")) {
                j.key("skipped").str("config.yaml is not read by this version");
                return;
            }
            Path dir = Files.createTempDirectory(tmpRoot, "conv");
            Files.write(dir.resolve("config.yaml"),
                    (KEY + ": " + raw + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Configuration c = GlobalConfiguration.loadConfiguration(dir.toString());
                j.key("stored").str(storedType(confData(c)));
                readBack(j, c, type);
            } catch (Throwable t) {
                j.key("error");
                error(j, t, dir.toString());
            } finally {
                deleteTree(dir.toFile());
            }
            return;
        }
        Constructor<Configuration> modeCtor = modeConstructor();
        if (modeCtor == null) {
            Configuration c = new Configuration();
            c.set(ConfigOptions.key(KEY).stringType().noDefaultValue(), raw);
            readBack(j, c, type);
        } else {
            // 1.19/1.20: the mode follows which file was loaded; record both.
            Configuration std = modeCtor.newInstance(true);
            std.set(ConfigOptions.key(KEY).stringType().noDefaultValue(), raw);
            readBack(j, std, type);
            Configuration leg = modeCtor.newInstance(false);
            leg.set(ConfigOptions.key(KEY).stringType().noDefaultValue(), raw);
            j.key("legacy").obj();
            readBack(j, leg, type);
            j.end();
        }
    }

    /** Simple class name of the stored object, "prefix-map" for KEY.x entries, or "absent". */
    static String storedType(Map<String, Object> data) {
        Object stored = data.get(KEY);
        if (stored != null) {
            return stored.getClass().getSimpleName();
        }
        for (String k : data.keySet()) {
            if (k.startsWith(KEY + ".")) {
                return "prefix-map";
            }
        }
        return "absent";
    }

    static void readBack(Json j, Configuration c, String type) {
        Object v; // String, List<String> or List<String[]>; written only after success
        try {
            v = readValue(c, type);
        } catch (Throwable t) {
            j.key("error");
            error(j, t, null);
            return;
        }
        j.key("value");
        if (v instanceof String) {
            j.str((String) v);
        } else {
            j.arr();
            for (Object o : (List<?>) v) {
                if (o instanceof String[]) {
                    String[] kv = (String[]) o;
                    j.arr().str(kv[0]).strOrNull(kv[1]).end();
                } else {
                    j.strOrNull((String) o);
                }
            }
            j.end();
        }
    }

    static Object readValue(Configuration c, String type) {
        switch (type) {
            case "Integer":
                return Integer.toString(c.get(ConfigOptions.key(KEY).intType().noDefaultValue()));
            case "Long":
                return Long.toString(c.get(ConfigOptions.key(KEY).longType().noDefaultValue()));
            case "Float":
                return Float.toString(c.get(ConfigOptions.key(KEY).floatType().noDefaultValue()));
            case "Double":
                return Double.toString(c.get(ConfigOptions.key(KEY).doubleType().noDefaultValue()));
            case "Boolean":
                return Boolean.toString(
                        c.get(ConfigOptions.key(KEY).booleanType().noDefaultValue()));
            case "Duration": {
                Duration d = c.get(ConfigOptions.key(KEY).durationType().noDefaultValue());
                return BigInteger.valueOf(d.getSeconds())
                        .multiply(BigInteger.valueOf(1_000_000_000L))
                        .add(BigInteger.valueOf(d.getNano()))
                        .toString();
            }
            case "MemorySize":
                return Long.toString(
                        c.get(ConfigOptions.key(KEY).memoryType().noDefaultValue()).getBytes());
            case "Map": {
                Map<String, String> m = c.get(ConfigOptions.key(KEY).mapType().noDefaultValue());
                List<String> ks = new ArrayList<>(m.keySet());
                ks.sort(CODE_POINT_ORDER);
                List<String[]> out = new ArrayList<>();
                for (String k : ks) {
                    out.add(new String[] {k, m.get(k)});
                }
                return out;
            }
            case "List<String>":
                return new ArrayList<>(
                        c.get(ConfigOptions.key(KEY).stringType().asList().noDefaultValue()));
            default:
                throw new IllegalStateException("unknown type " + type);
        }
    }

    static void sensitiveList(Json j) {
        try {
            Field f = GlobalConfiguration.class.getDeclaredField("SENSITIVE_KEYS");
            f.setAccessible(true);
            Object v = f.get(null);
            j.key("keys").arr();
            if (v instanceof String[]) {
                for (String s : (String[]) v) {
                    j.str(s);
                }
            } else {
                for (Object o : (Iterable<?>) v) {
                    j.str(String.valueOf(o));
                }
            }
            j.end();
        } catch (Throwable t) {
            j.key("error");
            error(j, t, null);
        }
    }

    // ------------------------------------------------------------------------------ errors

    static void error(Json j, Throwable t, String dir) {
        j.obj();
        j.key("class").str(t.getClass().getName());
        j.key("message").strOrNull(clean(t.getMessage(), dir));
        j.key("causes").arr();
        Throwable c = t.getCause();
        int depth = 0;
        while (c != null && c != t && depth++ < 20) {
            j.obj().key("class").str(c.getClass().getName())
                    .key("message").strOrNull(clean(c.getMessage(), dir)).end();
            Throwable next = c.getCause();
            if (next == c) {
                break;
            }
            c = next;
        }
        j.end();
        j.end();
    }

    static String clean(String msg, String dir) {
        if (msg == null) {
            return null;
        }
        if (dir != null) {
            msg = msg.replace(dir, "<confdir>");
        }
        return msg.replace(tmpRoot.toString(), "<tmp>");
    }

    // ------------------------------------------------------------------------------ io

    static void writeFile(Path p, String s) throws IOException {
        try (OutputStream o = Files.newOutputStream(p)) {
            o.write(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    static void deleteTree(File f) {
        File[] kids = f.listFiles();
        if (kids != null) {
            for (File k : kids) {
                deleteTree(k);
            }
        }
        f.delete();
    }

    /** Minimal JSON writer; escapes everything outside printable ASCII as \\uXXXX. */
    static final class Json {
        private final StringBuilder sb = new StringBuilder();
        private final ArrayList<Boolean> first = new ArrayList<>();
        private final ArrayList<Character> closers = new ArrayList<>();
        private boolean afterKey;

        private void sep() {
            if (afterKey) {
                afterKey = false;
                return;
            }
            int n = first.size();
            if (n > 0) {
                if (!first.get(n - 1)) {
                    sb.append(", ");
                }
                first.set(n - 1, false);
            }
        }

        Json obj() {
            sep();
            sb.append('{');
            first.add(true);
            closers.add('}');
            return this;
        }

        Json arr() {
            sep();
            sb.append('[');
            first.add(true);
            closers.add(']');
            return this;
        }

        Json end() {
            char close = closers.remove(closers.size() - 1);
            first.remove(first.size() - 1);
            sb.append(close);
            return this;
        }

        Json key(String k) {
            sep();
            quote(k);
            sb.append(": ");
            afterKey = true;
            return this;
        }

        Json str(String s) {
            sep();
            quote(s);
            return this;
        }

        Json strOrNull(String s) {
            return s == null ? nul() : str(s);
        }

        Json num(long n) {
            sep();
            sb.append(n);
            return this;
        }

        Json bool(boolean b) {
            sep();
            sb.append(b);
            return this;
        }

        Json nul() {
            sep();
            sb.append("null");
            return this;
        }

        @SuppressWarnings("unchecked")
        Json value(Object o) {
            if (o == null) {
                return nul();
            } else if (o instanceof String) {
                return str((String) o);
            } else if (o instanceof Boolean) {
                return bool((Boolean) o);
            } else if (o instanceof Number) {
                sep();
                sb.append(o.toString());
                return this;
            } else if (o instanceof Map) {
                obj();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
                    key(e.getKey());
                    value(e.getValue());
                }
                return end();
            } else if (o instanceof List) {
                arr();
                for (Object x : (List<Object>) o) {
                    value(x);
                }
                return end();
            }
            throw new IllegalArgumentException(o.getClass().toString());
        }

        private void quote(String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '"':
                        sb.append("\\\"");
                        break;
                    case '\\':
                        sb.append("\\\\");
                        break;
                    case '\n':
                        sb.append("\\n");
                        break;
                    case '\r':
                        sb.append("\\r");
                        break;
                    case '\t':
                        sb.append("\\t");
                        break;
                    default:
                        if (ch < 0x20 || ch > 0x7e) {
                            sb.append(String.format("\\u%04x", (int) ch));
                        } else {
                            sb.append(ch);
                        }
                }
            }
            sb.append('"');
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    /** Minimal JSON reader (objects keep key order). */
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
                throw new IllegalArgumentException("trailing data at " + i);
            }
            return v;
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
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
            } else if (c == '[') {
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
            } else if (c == '"') {
                return string();
            } else if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            } else if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            } else if (s.startsWith("null", i)) {
                i += 4;
                return null;
            } else {
                int st = i;
                while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                String num = s.substring(st, i);
                if (num.matches("-?[0-9]+")) {
                    return new BigInteger(num);
                }
                return Double.valueOf(num);
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"':
                    case '\\':
                    case '/':
                        b.append(e);
                        break;
                    case 'b':
                        b.append('\b');
                        break;
                    case 'f':
                        b.append('\f');
                        break;
                    case 'n':
                        b.append('\n');
                        break;
                    case 'r':
                        b.append('\r');
                        break;
                    case 't':
                        b.append('\t');
                        break;
                    case 'u':
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default:
                        throw new IllegalArgumentException("bad escape " + e);
                }
            }
        }
    }
}
