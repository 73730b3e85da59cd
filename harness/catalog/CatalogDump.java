// flinkmem option catalog generator.
//
// Loads every jar of one Flink distribution (lib/, opt/, plugins/*/, plus the planner jar nested in
// lib/flink-table-planner-loader-*.jar) into one class loader, finds every ConfigOption held in a
// static field (or in a field of a Scala object) of every org.apache.flink class, and writes one TSV
// line per key. See README.md next to this file for the output format.
//
// No compile-time dependency on Flink: everything Flink-specific goes through reflection, so one
// compiled copy serves every Flink version.
//
//   java CatalogDump --minor 1.20 --patch 1.20.5 --deps <.../deps> --work <scratch dir> --out <file.tsv>
//
// System properties: -Dcatalog.verbose=true lists every class-load failure and every duplicate key.

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public final class CatalogDump {

    private static final String CONFIG_OPTION = "org.apache.flink.configuration.ConfigOption";
    private static final String CONFIG_OPTION_DESC = "Lorg/apache/flink/configuration/ConfigOption;";

    /**
     * Prefixes for options whose key is relative to a dynamic prefix, where the Flink version at hand
     * does not say so through a valued {@code @Documentation.SuffixOption} (1.13-1.15 have a marker-only
     * annotation; a few relative keys carry no annotation at all). The prefixes are the ones later Flink
     * versions document for the same options, so keys stay stable across versions. Keyed by class name
     * or by "class#FIELD"; applied only when no valued annotation exists.
     */
    private static final Map<String, String> IMPLIED_PREFIXES = new TreeMap<>();

    static {
        // marker-only @SuffixOption in 1.13-1.15; 1.16+ state these prefixes themselves
        IMPLIED_PREFIXES.put(
                "org.apache.flink.metrics.influxdb.InfluxdbReporterOptions", "metrics.reporter.influxdb");
        IMPLIED_PREFIXES.put(
                "org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporterOptions",
                "metrics.reporter.prometheus");
        // deprecated reporter class option, key "class" without annotation in 1.16-1.20
        // (1.13-1.15 declare it as metrics.reporter.<name>.class)
        IMPLIED_PREFIXES.put(
                "org.apache.flink.configuration.MetricOptions#REPORTER_CLASS", "metrics.reporter.<name>");
        // 1.15 declares the reporter's additional scope variables here, relative to the reporter
        IMPLIED_PREFIXES.put("org.apache.flink.runtime.metrics.ReporterSetup", "metrics.reporter.<name>");
        // GPU driver parameters before 1.20 (1.20+ moved them to GPUDriverOptions with this prefix)
        IMPLIED_PREFIXES.put(
                "org.apache.flink.externalresource.gpu.GPUDriver", "external-resource.<resource_name>.param");
    }

    // ---------------------------------------------------------------------------------------------

    /** What the class file says about a class, before loading it. */
    private static final class ClassInfo {
        final String jar;
        final List<String> staticOptionFields = new ArrayList<>();
        final List<String> instanceOptionFields = new ArrayList<>();
        boolean scalaModule; // has "public static <Self> MODULE$"

        ClassInfo(String jar) {
            this.jar = jar;
        }

        boolean holdsOptions() {
            return !staticOptionFields.isEmpty() || (scalaModule && !instanceOptionFields.isEmpty());
        }
    }

    /** One ConfigOption field, rendered. */
    private static final class Entry {
        String key;
        String type;
        String dflt; // rendered; null = no default
        String alternatives;
        String declaringClass;
        String field;
        boolean deprecated;
        boolean roundTrips = true;

        String line() {
            return esc(key) + '\t' + type + '\t' + (dflt == null ? "\\N" : esc(dflt)) + '\t'
                    + alternatives + '\t' + declaringClass;
        }

        String describe() {
            return declaringClass + "." + field + (deprecated ? " (deprecated)" : "") + " [" + type
                    + " | " + (dflt == null ? "\\N" : esc(dflt)) + " | " + alternatives + "]";
        }
    }

    private final String minor;
    private final String patch;
    private final Path deps;
    private final Path work;
    private final Path out;
    private final PrintStream err;
    private final boolean verbose = Boolean.getBoolean("catalog.verbose");

    private URLClassLoader loader;
    private Class<?> configOptionClass;
    private Method optKey;
    private Method optHasDefault;
    private Method optDefault;
    private Method optFallbackKeys;
    private Method getClazz;
    private Method isList;
    private Method flinkToString; // ConfigurationUtils.convertToString, (Object) or (Object, boolean)
    private boolean flinkToStringIsLegacy; // false when it renders YAML (2.x)
    private Method convertValue; // (Object, Class) or (Object, Class, boolean)
    private Method convertToList; // (Object, Class) or (Object, Class, boolean)
    private Method escapeWithSingleQuote; // StructuredOptionsSplitter.escapeWithSingleQuote(String, String...)
    private Class<?> memorySizeClass;
    private Class<? extends Annotation> suffixAnnotation;
    private Method suffixValue; // null for the marker-only annotation

    // statistics
    private int classesSeen;
    private int classesLoaded;
    private final List<String> loadFailures = new ArrayList<>();
    private final List<String> missed = new ArrayList<>(); // option fields we could not read
    private final List<String> notes = new ArrayList<>();
    private final Set<String> noteSet = new HashSet<>();
    private final List<String> duplicateNotes = new ArrayList<>();
    private final Map<String, Integer> typeCounts = new TreeMap<>();
    private final Map<String, String> prefixesUsed = new TreeMap<>();
    private int optionFields;
    private int scalaOptionFields;
    private int flinkStringDiffers;
    private final List<String> flinkStringDiffExamples = new ArrayList<>();

    private CatalogDump(String minor, String patch, Path deps, Path work, Path out, PrintStream err) {
        this.minor = minor;
        this.patch = patch;
        this.deps = deps;
        this.work = work;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        for (String req : new String[] {"--minor", "--patch", "--deps", "--work", "--out"}) {
            if (!a.containsKey(req)) {
                System.err.println(
                        "usage: CatalogDump --minor M --patch P --deps DIR --work DIR --out FILE");
                System.exit(2);
            }
        }
        // Static initialisers of Flink and third-party classes must not write to our streams.
        PrintStream realErr = System.err;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        int rc;
        try {
            rc = new CatalogDump(
                            a.get("--minor"),
                            a.get("--patch"),
                            Paths.get(a.get("--deps")),
                            Paths.get(a.get("--work")),
                            Paths.get(a.get("--out")),
                            realErr)
                    .run();
        } catch (Throwable t) {
            t.printStackTrace(realErr);
            rc = 1;
        }
        realErr.flush();
        // Some static initialisers start non-daemon threads; don't wait for them.
        Runtime.getRuntime().halt(rc);
    }

    // ---------------------------------------------------------------------------------------------

    private int run() throws Exception {
        long t0 = System.nanoTime();
        List<Path> jars = collectJars();
        Map<String, ClassInfo> classes = new LinkedHashMap<>();
        for (Path jar : jars) {
            scanJar(jar, classes);
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        System.setProperty("log4j2.level", "OFF");
        System.setProperty("log4j2.statusLoggerLevel", "OFF");
        System.setProperty("log4j2.StatusLogger.level", "OFF");
        loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        resolveFlinkApi();

        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, ClassInfo> c : classes.entrySet()) {
            classesSeen++;
            ClassInfo info = c.getValue();
            Class<?> cls;
            try {
                cls = Class.forName(c.getKey(), false, loader);
                classesLoaded++;
            } catch (Throwable t) {
                loadFailures.add(c.getKey() + " (" + info.jar + "): " + brief(t));
                if (info.holdsOptions()) {
                    missed.add(c.getKey() + " " + info.staticOptionFields + info.instanceOptionFields
                            + ": class does not load: " + brief(t));
                }
                continue;
            }
            if (info.holdsOptions()) {
                collectFromClass(cls, info, entries);
            }
        }

        String sensitive = sensitiveKeys();
        Map<String, Entry> byKey = dedupe(entries);

        StringBuilder sb = new StringBuilder();
        sb.append("# flinkmem option catalog: Flink ")
                .append(minor)
                .append(" (apache-flink-libraries ")
                .append(patch)
                .append("). Generated by harness/catalog/generate.sh; do not edit.\n");
        sb.append("#sensitive\t").append(esc(sensitive)).append('\n');
        int noRoundTrip = 0;
        for (Entry e : byKey.values()) {
            sb.append(e.line()).append('\n');
            String t = e.type.replaceAll("^(List:)?(Enum|Other):.*", "$1$2");
            typeCounts.merge(t, 1, Integer::sum);
            if (!e.roundTrips) {
                noRoundTrip++;
                note("default does not parse back: " + e.describe());
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, sb.toString().getBytes(StandardCharsets.UTF_8));

        // ---- summary on stderr -------------------------------------------------------------
        for (String n : notes) {
            err.println("  note: " + n);
        }
        for (String n : duplicateNotes) {
            err.println("  " + n);
        }
        err.println("  classes (org.apache.flink, unshaded): " + classesSeen + ", loaded " + classesLoaded
                + ", failed to load " + loadFailures.size());
        if (verbose) {
            for (String f : loadFailures) {
                err.println("    load failure: " + f);
            }
        }
        err.println("  option fields read: " + optionFields + " (in Scala objects: " + scalaOptionFields
                + "), not readable: " + missed.size());
        for (String m : missed) {
            err.println("    MISSED " + m);
        }
        for (Map.Entry<String, String> p : prefixesUsed.entrySet()) {
            err.println("  prefix " + p.getValue() + " <- " + p.getKey());
        }
        err.println("  distinct keys: " + byKey.size() + "; types: " + typeCounts);
        err.println("  defaults that do not parse back: " + noRoundTrip + "; rendered differently from "
                + (flinkToStringIsLegacy ? "" : "(YAML) ") + "ConfigurationUtils.convertToString: "
                + flinkStringDiffers + (flinkStringDiffExamples.isEmpty() ? "" : " e.g. "
                        + flinkStringDiffExamples));
        err.println("  sensitive: " + sensitive);
        err.printf("  wrote %s in %.1fs%n", out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private void note(String n) {
        if (noteSet.add(n)) {
            notes.add(n);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // jars and class files

    private List<Path> collectJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        jars.addAll(listJars(deps.resolve("lib")));
        jars.addAll(listJars(deps.resolve("opt")));
        Path plugins = deps.resolve("plugins");
        if (Files.isDirectory(plugins)) {
            List<Path> dirs = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(plugins)) {
                for (Path p : ds) {
                    if (Files.isDirectory(p)) {
                        dirs.add(p);
                    }
                }
            }
            Collections.sort(dirs);
            for (Path d : dirs) {
                jars.addAll(listJars(d));
            }
        }
        // The planner hides inside flink-table-planner-loader as a jar-in-jar; unpack it.
        List<Path> nested = new ArrayList<>();
        for (Path jar : jars) {
            String n = jar.getFileName().toString();
            if (!n.startsWith("flink-table-planner-loader")) {
                continue;
            }
            int before = nested.size();
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (JarEntry je : Collections.list(jf.entries())) {
                    String en = je.getName();
                    if (en.contains("/") || !en.startsWith("flink-table-planner") || !en.endsWith(".jar")) {
                        continue;
                    }
                    Path dir = work.resolve("nested");
                    Files.createDirectories(dir);
                    Path target = dir.resolve(en);
                    if (!Files.exists(target) || Files.size(target) != je.getSize()) {
                        Path tmp = dir.resolve(en + ".tmp");
                        try (InputStream in = jf.getInputStream(je)) {
                            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        }
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    nested.add(target);
                }
            }
            if (nested.size() == before) {
                note("no nested planner jar found in " + n);
            }
        }
        jars.addAll(nested);
        return jars;
    }

    private static List<Path> listJars(Path dir) throws IOException {
        List<Path> r = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return r;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : ds) {
                r.add(p);
            }
        }
        Collections.sort(r);
        return r;
    }

    private void scanJar(Path jar, Map<String, ClassInfo> classes) throws IOException {
        String jarName = jar.getFileName().toString();
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (JarEntry je : Collections.list(jf.entries())) {
                String n = je.getName();
                if (!n.endsWith(".class") || !n.startsWith("org/apache/flink/")
                        || n.endsWith("module-info.class") || n.endsWith("package-info.class")) {
                    continue;
                }
                String cn = n.substring(0, n.length() - 6).replace('/', '.');
                if (isShaded(cn) || classes.containsKey(cn)) {
                    continue; // first jar wins, as in the class loader
                }
                byte[] b;
                try (InputStream in = jf.getInputStream(je)) {
                    b = in.readAllBytes();
                }
                ClassInfo info = new ClassInfo(jarName);
                try {
                    readFields(b, info);
                } catch (Exception e) {
                    note("unparseable class file " + n + " in " + jarName + ": " + e);
                }
                classes.put(cn, info);
            }
        }
    }

    /** Relocated third-party code lives in packages with a "shaded" segment. */
    private static boolean isShaded(String cn) {
        for (String seg : cn.split("\\.")) {
            if (seg.equals("shaded")) {
                return true;
            }
        }
        return false;
    }

    /** Minimal class-file reader: the ConfigOption-typed fields and whether this is a Scala object. */
    private static void readFields(byte[] b, ClassInfo info) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("bad magic");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int cpCount = in.readUnsignedShort();
        String[] utf8 = new String[cpCount];
        int[] classNameIndex = new int[cpCount];
        for (int i = 1; i < cpCount; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1:
                    utf8[i] = in.readUTF();
                    break;
                case 7:
                    classNameIndex[i] = in.readUnsignedShort();
                    break;
                case 8: case 16: case 19: case 20:
                    in.readUnsignedShort();
                    break;
                case 15:
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    in.readInt();
                    break;
                case 5: case 6:
                    in.readLong();
                    i++;
                    break;
                default:
                    throw new IOException("constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access
        String self = utf8[classNameIndex[in.readUnsignedShort()]];
        in.readUnsignedShort(); // super
        int ifaces = in.readUnsignedShort();
        for (int i = 0; i < ifaces; i++) {
            in.readUnsignedShort();
        }
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            int access = in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String desc = utf8[in.readUnsignedShort()];
            int attrs = in.readUnsignedShort();
            for (int k = 0; k < attrs; k++) {
                in.readUnsignedShort();
                in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
            }
            boolean isStatic = (access & 0x0008) != 0;
            if (CONFIG_OPTION_DESC.equals(desc)) {
                (isStatic ? info.staticOptionFields : info.instanceOptionFields).add(name);
            } else if (isStatic && "MODULE$".equals(name) && ("L" + self + ";").equals(desc)) {
                info.scalaModule = true;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Flink API lookup (reflective; signatures vary between versions)

    @SuppressWarnings("unchecked")
    private void resolveFlinkApi() throws Exception {
        configOptionClass = loader.loadClass(CONFIG_OPTION);
        optKey = configOptionClass.getMethod("key");
        optHasDefault = configOptionClass.getMethod("hasDefaultValue");
        optDefault = configOptionClass.getMethod("defaultValue");
        optFallbackKeys = configOptionClass.getMethod("fallbackKeys");
        getClazz = configOptionClass.getDeclaredMethod("getClazz");
        getClazz.setAccessible(true);
        isList = configOptionClass.getDeclaredMethod("isList");
        isList.setAccessible(true);
        memorySizeClass = loader.loadClass("org.apache.flink.configuration.MemorySize");
        Class<?> utils = loader.loadClass("org.apache.flink.configuration.ConfigurationUtils");
        flinkToString = staticMethod(utils, "convertToString", Object.class, boolean.class);
        flinkToStringIsLegacy = flinkToString != null;
        if (flinkToString == null) {
            flinkToString = staticMethod(utils, "convertToString", Object.class);
        }
        convertValue = staticMethod(utils, "convertValue", Object.class, Class.class, boolean.class);
        if (convertValue == null) {
            convertValue = staticMethod(utils, "convertValue", Object.class, Class.class);
        }
        convertToList = staticMethod(utils, "convertToList", Object.class, Class.class, boolean.class);
        if (convertToList == null) {
            convertToList = staticMethod(utils, "convertToList", Object.class, Class.class);
        }
        if (flinkToString == null || convertValue == null || convertToList == null) {
            throw new IllegalStateException("ConfigurationUtils conversions not found");
        }
        if (!flinkToStringIsLegacy) {
            // Before 1.19 the single-argument convertToString is the legacy one; 2.x made it YAML.
            flinkToStringIsLegacy = !hasClass("org.apache.flink.configuration.YamlParserUtils");
        }
        Class<?> splitter = loader.loadClass("org.apache.flink.configuration.StructuredOptionsSplitter");
        escapeWithSingleQuote =
                staticMethod(splitter, "escapeWithSingleQuote", String.class, String[].class);
        if (escapeWithSingleQuote == null) {
            throw new IllegalStateException("StructuredOptionsSplitter.escapeWithSingleQuote not found");
        }
        try {
            suffixAnnotation =
                    (Class<? extends Annotation>)
                            loader.loadClass("org.apache.flink.annotation.docs.Documentation$SuffixOption");
            try {
                suffixValue = suffixAnnotation.getDeclaredMethod("value");
            } catch (NoSuchMethodException e) {
                suffixValue = null;
            }
        } catch (ClassNotFoundException e) {
            suffixAnnotation = null;
        }
    }

    private boolean hasClass(String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static Method staticMethod(Class<?> c, String name, Class<?>... params) {
        try {
            Method m = c.getDeclaredMethod(name, params);
            if (!Modifier.isStatic(m.getModifiers())) {
                return null;
            }
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // options

    private void collectFromClass(Class<?> cls, ClassInfo info, List<Entry> entries) {
        boolean classDeprecated = cls.isAnnotationPresent(Deprecated.class);
        Map<String, Field> byName = new TreeMap<>();
        try {
            for (Field f : cls.getDeclaredFields()) {
                byName.put(f.getName(), f);
            }
        } catch (Throwable t) {
            // Some unrelated field's type does not resolve; fall back to per-field handles below.
            note("field listing failed for " + cls.getName() + " (" + brief(t) + "), reading "
                    + info.staticOptionFields + " through method handles");
        }
        Object module = null;
        if (info.scalaModule && !info.instanceOptionFields.isEmpty()) {
            try {
                Field m = cls.getDeclaredField("MODULE$");
                m.setAccessible(true);
                module = m.get(null);
            } catch (Throwable t) {
                missed.add(cls.getName() + " " + info.instanceOptionFields + ": Scala object: " + brief(t));
            }
        }
        List<String> names = new ArrayList<>(info.staticOptionFields);
        if (module != null) {
            names.addAll(info.instanceOptionFields);
        }
        for (String name : names) {
            boolean isStatic = info.staticOptionFields.contains(name);
            Field f = byName.get(name);
            Object opt;
            try {
                if (f != null) {
                    f.setAccessible(true);
                    opt = f.get(isStatic ? null : module);
                    if (opt == null && !isStatic) {
                        opt = lazyVal(cls, module, name);
                    }
                } else {
                    MethodHandles.Lookup l = MethodHandles.privateLookupIn(cls, MethodHandles.lookup());
                    opt = isStatic
                            ? l.findStaticGetter(cls, name, configOptionClass).invoke()
                            : l.findGetter(cls, name, configOptionClass).invoke(module);
                }
            } catch (Throwable t) {
                missed.add(cls.getName() + "." + name + ": " + brief(t));
                continue;
            }
            if (opt == null) {
                missed.add(cls.getName() + "." + name + ": field is null");
                continue;
            }
            optionFields++;
            if (!isStatic) {
                scalaOptionFields++;
            }
            try {
                Entry e = render(cls, f, name, opt);
                e.deprecated = classDeprecated || (f != null && f.isAnnotationPresent(Deprecated.class));
                entries.add(e);
            } catch (Throwable t) {
                missed.add(cls.getName() + "." + name + ": cannot render: " + brief(t));
            }
        }
    }

    /** A Scala lazy val's field stays null until its accessor runs. */
    private static Object lazyVal(Class<?> cls, Object module, String name) throws Exception {
        Method m = cls.getDeclaredMethod(name);
        m.setAccessible(true);
        return m.invoke(module);
    }

    private Entry render(Class<?> cls, Field f, String fieldName, Object opt) throws Exception {
        Entry e = new Entry();
        e.declaringClass = cls.getName();
        e.field = fieldName;
        String key = (String) optKey.invoke(opt);
        e.key = applyPrefix(cls, f, fieldName, key);

        Class<?> clazz = (Class<?>) getClazz.invoke(opt);
        boolean list = (Boolean) isList.invoke(opt);
        e.type = list ? "List:" + typeName(clazz) : typeName(clazz);

        Object dv = (Boolean) optHasDefault.invoke(opt) ? optDefault.invoke(opt) : null;
        if (dv != null) {
            e.dflt = canonical(dv);
            String flink = flinkString(dv);
            if (!e.dflt.equals(flink)) {
                flinkStringDiffers++;
                if (verbose) {
                    note("rendered '" + esc(e.dflt) + "', ConfigurationUtils says '" + esc(flink) + "': "
                            + cls.getName() + "." + fieldName + " [" + e.type + "]");
                }
                if (flinkStringDiffExamples.size() < 3) {
                    flinkStringDiffExamples.add("'" + esc(e.dflt) + "' vs '" + esc(flink) + "'");
                }
            }
            e.roundTrips = Objects.equals(dv, parse(e.dflt, clazz, list));
        }

        StringBuilder alt = new StringBuilder();
        for (Object fb : (Iterable<?>) optFallbackKeys.invoke(opt)) {
            Method gk = fb.getClass().getMethod("getKey");
            Method dep = fb.getClass().getMethod("isDeprecated");
            if (alt.length() > 0) {
                alt.append(',');
            }
            alt.append((Boolean) dep.invoke(fb) ? "d:" : "f:").append(esc((String) gk.invoke(fb)));
        }
        e.alternatives = alt.length() == 0 ? "-" : alt.toString();
        return e;
    }

    /**
     * The full key: the declared key behind the prefix from {@code @Documentation.SuffixOption} on the
     * field or its class, or behind an implied prefix (see IMPLIED_PREFIXES), or as declared.
     */
    private String applyPrefix(Class<?> cls, Field f, String fieldName, String key) throws Exception {
        Annotation a = null;
        if (suffixAnnotation != null) {
            a = f != null ? f.getAnnotation(suffixAnnotation) : null;
            if (a == null) {
                a = cls.getAnnotation(suffixAnnotation);
            }
        }
        String p;
        String how;
        if (a != null && suffixValue != null) {
            p = (String) suffixValue.invoke(a);
            how = "@SuffixOption";
        } else {
            p = IMPLIED_PREFIXES.get(cls.getName() + "#" + fieldName);
            if (p == null) {
                p = IMPLIED_PREFIXES.get(cls.getName());
            }
            how = "implied";
            if (a != null && p == null) {
                note("marker @SuffixOption without a known prefix: " + cls.getName() + "." + fieldName
                        + "; key left as declared");
            }
        }
        if (p == null) {
            return key;
        }
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (key.startsWith(p + ".")) {
            return key; // already absolute
        }
        prefixesUsed.merge(cls.getName() + " (" + how + ")", p, (x, y) -> x.equals(y) ? x : x + "|" + y);
        return p + "." + key;
    }

    private String typeName(Class<?> c) {
        switch (c.getName()) {
            case "org.apache.flink.configuration.MemorySize":
                return "MemorySize";
            case "java.lang.Integer":
                return "Integer";
            case "java.lang.Long":
                return "Long";
            case "java.lang.Float":
                return "Float";
            case "java.lang.Double":
                return "Double";
            case "java.lang.Boolean":
                return "Boolean";
            case "java.lang.String":
                return "String";
            case "java.time.Duration":
                return "Duration";
            case "java.util.Map":
                return "Map";
            default:
                break;
        }
        Class<?> ec = c;
        if (!ec.isEnum() && ec.getSuperclass() != null && ec.getSuperclass().isEnum()) {
            ec = ec.getSuperclass();
        }
        if (ec.isEnum()) {
            // Flink matches enum values against toString(), case-insensitively; for all but a few
            // table-connector enums that is name() up to case.
            StringBuilder sb = new StringBuilder("Enum:");
            Set<String> seen = new HashSet<>();
            Object[] constants = ec.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                Enum<?> k = (Enum<?>) constants[i];
                String s = k.toString();
                if (s == null || s.isEmpty() || s.contains(",") || s.contains("\t") || s.contains("\n")
                        || !seen.add(s.toUpperCase(java.util.Locale.ROOT))) {
                    note("enum " + ec.getName() + "." + k.name() + " toString() '" + s
                            + "' unusable, listed by name()");
                    s = k.name();
                } else if (!s.equalsIgnoreCase(k.name())) {
                    note("enum " + ec.getName() + "." + k.name() + " is written '" + s + "' (toString)");
                }
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(s);
            }
            return sb.toString();
        }
        note("unexpected option type " + c.getName());
        return "Other:" + c.getSimpleName();
    }

    // ---------------------------------------------------------------------------------------------
    // value <-> string

    /**
     * The legacy (flink-conf.yaml) string form of a default value: what 1.14-1.20's
     * ConfigurationUtils.convertToString(value, false) produces, for every version. Lists join their
     * elements with ';', maps join "key:value" pairs with ',', both quoting separators with Flink's own
     * escape helper. Durations use the largest unit that represents the value exactly.
     */
    private String canonical(Object v) throws Exception {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Duration) {
            return duration((Duration) v);
        }
        if (v instanceof List) {
            List<?> l = (List<?>) v;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(';');
                }
                sb.append(escape(canonical(l.get(i)), ";"));
            }
            return sb.toString();
        }
        if (v instanceof Map) {
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (Map.Entry<?, ?> en : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                String pair = escape(en.getKey().toString(), ":") + ":" + escape(en.getValue().toString(), ":");
                sb.append(escape(pair, ","));
            }
            return sb.toString();
        }
        return v.toString();
    }

    private String escape(String s, String sep) throws Exception {
        return (String) escapeWithSingleQuote.invoke(null, s, new String[] {sep});
    }

    private static final String[] UNIT_LABELS = {"d", "h", "min", "s", "ms", "\u00b5s", "ns"};
    private static final BigInteger[] UNIT_NANOS = {
        BigInteger.valueOf(86_400_000_000_000L),
        BigInteger.valueOf(3_600_000_000_000L),
        BigInteger.valueOf(60_000_000_000L),
        BigInteger.valueOf(1_000_000_000L),
        BigInteger.valueOf(1_000_000L),
        BigInteger.valueOf(1_000L),
        BigInteger.ONE
    };

    static String duration(Duration d) {
        BigInteger nanos = BigInteger.valueOf(d.getSeconds())
                .multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(d.getNano()));
        if (nanos.signum() == 0) {
            return "0 ms";
        }
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            if (nanos.remainder(UNIT_NANOS[i]).signum() == 0) {
                return nanos.divide(UNIT_NANOS[i]) + " " + UNIT_LABELS[i];
            }
        }
        throw new AssertionError();
    }

    private String flinkString(Object v) {
        try {
            return flinkToString.getParameterCount() == 2
                    ? (String) flinkToString.invoke(null, v, false)
                    : (String) flinkToString.invoke(null, v);
        } catch (Throwable t) {
            return "<" + brief(t) + ">";
        }
    }

    /** Parse with Flink's own converter (legacy flavour where the version has a choice). */
    private Object parse(String s, Class<?> clazz, boolean list) {
        try {
            Method m = list ? convertToList : convertValue;
            return m.getParameterCount() == 3 ? m.invoke(null, s, clazz, false) : m.invoke(null, s, clazz);
        } catch (Throwable t) {
            return new Object(); // never equal to a default
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * One entry per key. Preference: a non-deprecated declaration, then one in
     * org.apache.flink.configuration, then the lexicographically first class, then field name.
     */
    private Map<String, Entry> dedupe(List<Entry> entries) {
        Map<String, List<Entry>> groups = new TreeMap<>();
        for (Entry e : entries) {
            groups.computeIfAbsent(e.key, k -> new ArrayList<>()).add(e);
        }
        Map<String, Entry> r = new TreeMap<>();
        for (Map.Entry<String, List<Entry>> g : groups.entrySet()) {
            List<Entry> l = g.getValue();
            l.sort((x, y) -> {
                if (x.deprecated != y.deprecated) {
                    return x.deprecated ? 1 : -1;
                }
                boolean xc = x.declaringClass.startsWith("org.apache.flink.configuration.");
                boolean yc = y.declaringClass.startsWith("org.apache.flink.configuration.");
                if (xc != yc) {
                    return xc ? -1 : 1;
                }
                int c = x.declaringClass.compareTo(y.declaringClass);
                return c != 0 ? c : x.field.compareTo(y.field);
            });
            Entry chosen = l.get(0);
            List<String> disagree = new ArrayList<>();
            TreeSet<String> where = new TreeSet<>();
            for (Entry o : l) {
                where.add(o.declaringClass + "." + o.field);
                if (!o.type.equals(chosen.type) || !Objects.equals(o.dflt, chosen.dflt)
                        || !o.alternatives.equals(chosen.alternatives)) {
                    disagree.add(o.describe());
                }
            }
            if (!disagree.isEmpty()) {
                duplicateNotes.add("DUPLICATE DISAGREES " + g.getKey() + ": chose " + chosen.describe()
                        + "; also " + String.join("; ", disagree));
            } else if (verbose && l.size() > 1) {
                duplicateNotes.add("duplicate " + g.getKey() + " (agree): " + where);
            }
            r.put(g.getKey(), chosen);
        }
        return r;
    }

    private String sensitiveKeys() {
        try {
            Class<?> gc = loader.loadClass("org.apache.flink.configuration.GlobalConfiguration");
            Field f = gc.getDeclaredField("SENSITIVE_KEYS");
            f.setAccessible(true);
            Object v = f.get(null);
            List<String> keys = new ArrayList<>();
            if (v != null && v.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(v); i++) {
                    keys.add(String.valueOf(Array.get(v, i)));
                }
            } else if (v instanceof Collection) {
                for (Object o : (Collection<?>) v) {
                    keys.add(String.valueOf(o));
                }
            } else {
                throw new IllegalStateException("unexpected SENSITIVE_KEYS " + v);
            }
            return String.join(",", keys);
        } catch (Throwable t) {
            note("could not read GlobalConfiguration.SENSITIVE_KEYS: " + brief(t));
            return "";
        }
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String brief(Throwable t) {
        Throwable r = t;
        while ((r instanceof java.lang.reflect.InvocationTargetException
                        || r instanceof ExceptionInInitializerError)
                && r.getCause() != null) {
            r = r.getCause();
        }
        String m = r.getMessage();
        if (m != null && m.length() > 160) {
            m = m.substring(0, 160) + "...";
        }
        return r.getClass().getSimpleName() + (m == null ? "" : " " + m.replace('\n', ' '));
    }
}
