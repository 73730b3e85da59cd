// Cross-check of the in-process runner against the real thing: for a sample of cases, start
// BashJavaUtils.main in its own JVM exactly as bin/config.sh does (class path
// bash-java-utils.jar:flink-dist.jar, command line "<CMD> --configDir <dir> -D k=v ..."), and
// compare with the stored golden line:
//   success -> the BASH_JAVA_UTILS_EXEC_RESULT: lines on stdout must equal the stored lines;
//   error   -> the JVM's stack trace must show the stored class/message and every cause.
//
//   java -cp <build dir> CrossCheck --minor 1.20 --cases cases.jsonl --results flink-1.20.jsonl \
//        --cp <bash-java-utils.jar>:<flink-dist.jar> --every 10 --work <scratch dir> [--ids <regex>]

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class CrossCheck {
    static final String PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    public static void main(String[] argv) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            o.put(argv[i], argv[i + 1]);
        }
        String minor = o.get("--minor");
        int every = Integer.parseInt(o.getOrDefault("--every", "10"));
        java.util.regex.Pattern only = o.containsKey("--ids")
                ? java.util.regex.Pattern.compile(o.get("--ids")) : null;
        Path work = Paths.get(o.get("--work"));
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        for (String l : Files.readAllLines(Paths.get(o.get("--results")), StandardCharsets.UTF_8)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) new Run.Json(l).parseValue();
            results.put((String) m.get("id"), m);
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        int n = 0, checked = 0, bad = 0;
        for (String l : Files.readAllLines(Paths.get(o.get("--cases")), StandardCharsets.UTF_8)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) new Run.Json(l).parseValue();
            String id = (String) c.get("id");
            Map<String, Object> res = results.get(id);
            if (res == null || (only != null ? !only.matcher(id).find() : n++ % every != 0)) {
                continue;
            }
            Path dir = work.resolve(id);
            Files.createDirectories(dir);
            Files.write(dir.resolve((String) c.get("file")),
                    ((String) c.get("text")).getBytes(StandardCharsets.UTF_8));
            for (String[] side : new String[][] {{"taskmanager", "GET_TM_RESOURCE_PARAMS"},
                    {"jobmanager", "GET_JM_RESOURCE_PARAMS"}}) {
                List<String> cmd = new ArrayList<>(List.of(java, "-Dfile.encoding=UTF-8",
                        "-Duser.language=en", "-Duser.country=US", "-classpath", o.get("--cp"),
                        "org.apache.flink.runtime.util.bash.BashJavaUtils", side[1],
                        "--configDir", dir.toString()));
                @SuppressWarnings("unchecked")
                List<Object> dyn = (List<Object>) c.get("dynamic");
                for (Object kv : dyn) {
                    @SuppressWarnings("unchecked")
                    List<Object> p = (List<Object>) kv;
                    cmd.add("-D");
                    cmd.add(p.get(0) + "=" + p.get(1));
                }
                ProcessBuilder pb = new ProcessBuilder(cmd);
                pb.environment().remove("FLINK_TM_HEAP");
                pb.environment().remove("FLINK_JM_HEAP");
                pb.environment().remove("FLINK_CONF_DIR");
                Path outF = dir.resolve("stdout"), errF = dir.resolve("stderr");
                pb.redirectOutput(outF.toFile()).redirectError(errF.toFile());
                pb.start().waitFor();
                String out = Files.readString(outF, StandardCharsets.UTF_8);
                String err = Files.readString(errF, StandardCharsets.UTF_8);
                List<String> lines = new ArrayList<>();
                for (String s : out.split("\n", -1)) {
                    if (s.startsWith(PREFIX)) {
                        lines.add(s.substring(PREFIX.length()));
                    }
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) res.get(side[0]);
                String problem = null;
                if (r.containsKey("error")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> e = (Map<String, Object>) r.get("error");
                    String all = out + err;
                    String top = "Exception in thread \"main\" " + e.get("class")
                            + (e.get("message") == null ? "" : ": " + e.get("message"));
                    top = top.replace(Run.CONF_DIR_PLACEHOLDER, dir.toString());
                    if (!lines.isEmpty() || !all.contains(top)) {
                        problem = "expected " + top;
                    }
                    @SuppressWarnings("unchecked")
                    List<Object> causes = (List<Object>) e.get("causes");
                    for (Object co : causes) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> cm = (Map<String, Object>) co;
                        String want = "Caused by: " + cm.get("class")
                                + (cm.get("message") == null ? "" : ": " + cm.get("message"));
                        want = want.replace(Run.CONF_DIR_PLACEHOLDER, dir.toString());
                        if (!all.contains(want)) {
                            problem = "missing " + want;
                        }
                    }
                } else {
                    List<Object> want = new ArrayList<>();
                    if (r.containsKey("lines")) {
                        @SuppressWarnings("unchecked")
                        List<Object> w = (List<Object>) r.get("lines");
                        want.addAll(w);
                    } else {
                        want.add(r.get("jvm_params"));
                        want.add(r.get("dynamic_configs"));
                    }
                    if (!want.equals(new ArrayList<Object>(lines))) {
                        problem = "expected " + want + " got " + lines;
                    }
                }
                checked++;
                if (problem != null) {
                    bad++;
                    System.err.println("MISMATCH flink-" + minor + " " + id + " " + side[0] + ": " + problem);
                }
            }
            Run.deleteTree(dir);
        }
        System.err.printf("flink-%s: cross-checked %d results in separate JVMs, %d mismatches%n",
                minor, checked, bad);
        System.exit(bad == 0 ? 0 : 1);
    }
}
