// Network-buffer threshold harness: for each matrix point, find by search the smallest number of
// network buffers per TaskManager with which a real Flink MiniCluster deploys (streaming: every
// task RUNNING) or finishes (batch) the point's DataStream job, and record Flink's own failure
// message one buffer below. One JVM per Flink release line, one MiniCluster per trial.
//
// Compiled separately against each release's flink-dist jar (see generate.sh); it only calls
// Flink's public / internal APIs, it contains no Flink code.
//
//   java -cp <flink-dist>:<lib jars>:<build> NetBench --minor 1.20 --patch 1.20.5 \
//        --matrix harness/network/matrix.txt --golden tests/golden/network/thresholds.jsonl \
//        --lock <file> [--only id,id] [--confirm 1]

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.taskmanager.TaskManagerLocation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class NetBench {

    static final int SEG = 32768;
    static final AtomicLong TRIALS = new AtomicLong();

    // ---------------------------------------------------------------- matrix

    static final class Vertex {
        final String name;
        final int p; // -1: not set, the scheduler decides (AdaptiveBatchScheduler auto-parallelism)
        Vertex(String name, int p) { this.name = name; this.p = p; }
    }

    static final class Edge {
        final String ship; // hash | rebalance | rescale | broadcast | forward
        final boolean chained;
        Edge(String ship, boolean chained) { this.ship = ship; this.chained = chained; }
    }

    static final class Point {
        String id;
        String mode; // streaming | batch
        int tms, slots;
        final List<Vertex> vertices = new ArrayList<>();
        final List<Edge> edges = new ArrayList<>(); // edges.get(i): vertices i -> i+1
        final Map<String, String> conf = new LinkedHashMap<>();
        String versions = "";
        int order;

        boolean batch() { return mode.equals("batch"); }
        boolean auto() { for (Vertex v : vertices) if (v.p < 0) return true; return false; }
        int maxP() { int m = 0; for (Vertex v : vertices) m = Math.max(m, v.p); return m; }
    }

    static final Pattern EDGE_TOKEN = Pattern.compile("-(hash|rebalance|rescale|broadcast|forward)->|=forward=>");

    static List<Point> readMatrix(Path file) throws IOException {
        List<Point> out = new ArrayList<>();
        int order = 0;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.replaceAll("#.*", "").trim();
            if (line.isEmpty()) continue;
            String[] t = line.split("\\s+");
            if (t.length < 5) throw new IllegalArgumentException("bad matrix line: " + raw);
            Point p = new Point();
            p.id = t[0];
            p.mode = t[1];
            if (!p.mode.equals("streaming") && !p.mode.equals("batch"))
                throw new IllegalArgumentException("bad mode in: " + raw);
            String[] ts = t[2].split("x");
            p.tms = Integer.parseInt(ts[0]);
            p.slots = Integer.parseInt(ts[1]);
            boolean expectVertex = true;
            for (int i = 3; i < t.length; i++) {
                String tok = t[i];
                if (tok.contains("=") && !EDGE_TOKEN.matcher(tok).matches()) {
                    int eq = tok.indexOf('=');
                    String k = tok.substring(0, eq), v = tok.substring(eq + 1);
                    if (k.equals("versions")) p.versions = v; else p.conf.put(k, v);
                    continue;
                }
                if (expectVertex) {
                    String[] nv = tok.split(":");
                    p.vertices.add(new Vertex(nv[0], nv[1].equals("auto") ? -1 : Integer.parseInt(nv[1])));
                } else {
                    Matcher m = EDGE_TOKEN.matcher(tok);
                    if (!m.matches()) throw new IllegalArgumentException("bad edge '" + tok + "' in: " + raw);
                    if (tok.startsWith("=")) p.edges.add(new Edge("forward", true));
                    else p.edges.add(new Edge(m.group(1), false));
                }
                expectVertex = !expectVertex;
            }
            if (expectVertex || p.vertices.isEmpty()) throw new IllegalArgumentException("chain must end with a vertex: " + raw);
            for (int i = 0; i < p.edges.size(); i++) {
                Edge e = p.edges.get(i);
                if (p.vertices.get(0).p < 0) throw new IllegalArgumentException("the first vertex needs a parallelism: " + raw);
                if (e.ship.equals("forward") && p.vertices.get(i).p != p.vertices.get(i + 1).p)
                    throw new IllegalArgumentException("forward needs equal parallelism: " + raw);
            }
            p.order = order++;
            out.add(p);
        }
        return out;
    }

    static int[] ver(String v) {
        String[] s = v.split("\\.");
        return new int[] {Integer.parseInt(s[0]), Integer.parseInt(s[1])};
    }

    static int cmpVer(String a, String b) {
        int[] x = ver(a), y = ver(b);
        return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
    }

    /** versions=A-B, A- or -B (inclusive); empty means every version. */
    static boolean appliesTo(Point p, String minor) {
        if (p.versions.isEmpty()) return true;
        String[] r = p.versions.split("-", -1);
        if (r.length == 1) return cmpVer(minor, r[0]) == 0;
        if (!r[0].isEmpty() && cmpVer(minor, r[0]) < 0) return false;
        if (!r[1].isEmpty() && cmpVer(minor, r[1]) > 0) return false;
        return true;
    }

    // ---------------------------------------------------------------- the job's functions

    /** Per trial and vertex: a latch over all subtasks of the vertex, and where each subtask ran. */
    static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
    static final Map<String, String> USER_PLACEMENT = new ConcurrentHashMap<>(); // trial/vertex/subtask -> tm id
    static final AtomicLong BARRIER_TIMEOUTS = new AtomicLong();

    /**
     * The operator of every vertex. Streaming: the source vertex's instance blocks forever on its
     * first record, so no source finishes and no data flows. Batch: on its first record each
     * subtask waits until every subtask of its vertex has reached its first record, so all
     * subtasks of a stage hold their buffers at the same time.
     */
    public static final class Hold extends RichMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        final long trial;
        final String vertex;
        final int parallelism;
        final boolean holdForever;
        final boolean barrier;
        transient boolean seen;

        Hold(long trial, String vertex, int parallelism, boolean holdForever, boolean barrier) {
            this.trial = trial;
            this.vertex = vertex;
            this.parallelism = parallelism;
            this.holdForever = holdForever;
            this.barrier = barrier;
        }

        /**
         * Batch: called in the task thread while the operator chain is set up, after the task's
         * partitions and gates exist and before its input channels request their exclusive
         * buffers and partitions. Waiting here until every subtask of the vertex is deployed
         * makes all of them request their exclusive buffers at about the same time, before data
         * flows (data arriving early lets floating pools grab the physical segments that another
         * task's exclusive request then waits for).
         */
        @Override
        public void setRuntimeContext(RuntimeContext ctx) {
            super.setRuntimeContext(ctx);
            if (barrier) {
                int n = parallelism > 0 ? parallelism : subtasks(ctx);
                CountDownLatch l = LATCHES.computeIfAbsent(trial + "/" + vertex + "/setup", k -> new CountDownLatch(n));
                l.countDown();
                try {
                    if (!l.await(20, TimeUnit.SECONDS)) BARRIER_TIMEOUTS.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RuntimeException(e);
                }
            }
        }

        @Override
        public Long map(Long value) throws Exception {
            if (!seen) {
                seen = true;
                Map<String, String> vars = getRuntimeContext().getMetricGroup().getAllVariables();
                USER_PLACEMENT.put(trial + "/" + vertex + "/" + vars.get("<subtask_index>"), String.valueOf(vars.get("<tm_id>")));
                if (holdForever) {
                    while (true) Thread.sleep(60_000L);
                }
                if (barrier) {
                    int n = parallelism > 0 ? parallelism : subtasks(getRuntimeContext());
                    CountDownLatch l = LATCHES.computeIfAbsent(trial + "/" + vertex, k -> new CountDownLatch(n));
                    l.countDown();
                    if (!l.await(20, TimeUnit.SECONDS)) BARRIER_TIMEOUTS.incrementAndGet();
                    else Thread.sleep(100); // keep the whole stage alive long enough for the R probe
                }
            }
            return value;
        }
    }

    /** Parallelism of the running vertex: RuntimeContext.getTaskInfo() (1.19+), else the 1.x getter. */
    static int subtasks(RuntimeContext ctx) {
        try {
            Object ti = ctx.getClass().getMethod("getTaskInfo").invoke(ctx);
            return (Integer) ti.getClass().getMethod("getNumberOfParallelSubtasks").invoke(ti);
        } catch (ReflectiveOperationException e) {
            try {
                return (Integer) ctx.getClass().getMethod("getNumberOfParallelSubtasks").invoke(ctx);
            } catch (ReflectiveOperationException e2) {
                throw new IllegalStateException(e2);
            }
        }
    }

    public static final class Ident implements KeySelector<Long, Long> {
        private static final long serialVersionUID = 1L;
        @Override public Long getKey(Long v) { return v; }
    }

    public static final class DropAll implements FilterFunction<Long> {
        private static final long serialVersionUID = 1L;
        @Override public boolean filter(Long v) { return false; }
    }

    static void build(StreamExecutionEnvironment env, Point pt, long trial) {
        boolean batch = pt.batch();
        Vertex v0 = pt.vertices.get(0);
        long records = batch ? 1000L * Math.max(1, pt.maxP()) : (1L << 40);
        DataStream<Long> s = env.fromSequence(0, records - 1).name("v:" + v0.name).setParallelism(v0.p)
                .map(new Hold(trial, v0.name, v0.p, !batch, batch)).name("h:" + v0.name).setParallelism(v0.p);
        for (int i = 0; i < pt.edges.size(); i++) {
            Edge e = pt.edges.get(i);
            Vertex v = pt.vertices.get(i + 1);
            Hold h = new Hold(trial, v.name, v.p, false, batch);
            SingleOutputStreamOperator<Long> m;
            switch (e.ship) {
                case "hash": m = s.keyBy(new Ident()).map(h); break;
                case "rebalance": m = s.rebalance().map(h); break;
                case "rescale": m = s.rescale().map(h); break;
                case "broadcast": m = s.broadcast().map(h); break;
                case "forward": m = s.forward().map(h); break;
                default: throw new IllegalStateException(e.ship);
            }
            m = m.name("h:" + v.name);
            if (v.p > 0) m = m.setParallelism(v.p);
            if (e.ship.equals("forward") && !e.chained) m = m.startNewChain();
            s = m;
        }
        int pl = pt.vertices.get(pt.vertices.size() - 1).p;
        if (pl > 0) s.filter(new DropAll()).name("h:drop").setParallelism(pl).print().name("sink").setParallelism(pl);
        else s.filter(new DropAll()).name("h:drop").print().name("sink");
    }

    // ---------------------------------------------------------------- one trial

    enum Kind { OK, INSUFFICIENT, TIMEOUT, OTHER }

    static final class Outcome {
        Kind kind;
        String message;             // the Flink message (insufficient / timeout) or a summary
        Integer required, available, total, segBytes;
        long millis;
        Map<String, List<Integer>> placement;   // logical vertex -> TM index per subtask
        List<String> jobVertices;              // "name (p)" as the JobManager saw them
        int barrierTimeouts;
        RProbe probe;
        List<Integer> requiredPeak;              // R probe: peak required buffers per TM (placement's TM order)
    }

    // ---------------------------------------------------------------- R probe
    // Reads, in this JVM, each MiniCluster TaskManager's NetworkBufferPool counter of required
    // buffers (the number the "Insufficient number of network buffers" check compares with the
    // pool size) every 2 ms and keeps the peak per TaskManager. Private fields, read by reflection:
    // MiniCluster.taskManagers, TaskExecutor.shuffleEnvironment,
    // NetworkBufferPool.numTotalRequiredBuffers (guarded by NetworkBufferPool.factoryLock); the
    // same names in 1.13 to 2.3.

    static final class RProbe implements Runnable {
        final List<Object[]> pools = new ArrayList<>(); // {resourceId, pool, lock}
        final Map<String, Integer> peak = new ConcurrentHashMap<>();
        volatile boolean stop;
        Thread thread;
        String error;

        RProbe(MiniCluster mc) {
            try {
                java.lang.reflect.Field tmsF = MiniCluster.class.getDeclaredField("taskManagers");
                tmsF.setAccessible(true);
                List<?> tms;
                tms = new ArrayList<>((List<?>) tmsF.get(mc)); // filled once while the cluster starts
                for (Object te : tms) {
                    java.lang.reflect.Field seF = te.getClass().getDeclaredField("shuffleEnvironment");
                    seF.setAccessible(true);
                    Object se = seF.get(te);
                    Object pool = se.getClass().getMethod("getNetworkBufferPool").invoke(se);
                    java.lang.reflect.Field lockF = pool.getClass().getDeclaredField("factoryLock");
                    lockF.setAccessible(true);
                    String rid = String.valueOf(te.getClass().getMethod("getResourceID").invoke(te));
                    pools.add(new Object[] {rid, pool, lockF.get(pool)});
                }
            } catch (Exception e) {
                error = e.toString();
            }
        }

        void start() {
            thread = new Thread(this, "netbench-rprobe");
            thread.setDaemon(true);
            thread.start();
        }

        public void run() {
            try {
                java.lang.reflect.Field rf = null;
                while (!stop) {
                    for (Object[] p : pools) {
                        if (rf == null) {
                            rf = p[1].getClass().getDeclaredField("numTotalRequiredBuffers");
                            rf.setAccessible(true);
                        }
                        int r;
                        synchronized (p[2]) { r = rf.getInt(p[1]); }
                        peak.merge((String) p[0], r, Math::max);
                    }
                    Thread.sleep(2);
                }
            } catch (InterruptedException ignored) {
            } catch (Exception e) {
                error = e.toString();
            }
        }

        void stop() {
            stop = true;
            if (thread != null) {
                try { thread.join(1000); } catch (InterruptedException ignored) { }
            }
        }
    }

    static final Pattern INSUFF = Pattern.compile(
            "Insufficient number of network buffers: required (\\d+), but only (\\d+) available\\. "
                    + "The total number of network buffers is currently set to (\\d+) of (\\d+) bytes each\\.");

    static Configuration trialConf(Point pt, int buffers, String minor) {
        Configuration c = new Configuration();
        String bytes = Long.toString((long) buffers * SEG);
        c.setString("taskmanager.memory.network.min", bytes);
        c.setString("taskmanager.memory.network.max", bytes);
        c.setString("taskmanager.memory.segment-size", "32kb");
        c.setString("taskmanager.numberOfTaskSlots", Integer.toString(pt.slots));
        c.setString("local.number-taskmanager", Integer.toString(pt.tms));
        c.setString("minicluster.number-of-taskmanagers", Integer.toString(pt.tms));
        c.setString("execution.runtime-mode", pt.batch() ? "BATCH" : "STREAMING");
        c.setString("execution.attached", "true");
        c.setString("restart-strategy", "none");
        c.setString("restart-strategy.type", "none");
        // Not for points with a vertex left to the scheduler: parallelism.default would cap it.
        if (!pt.auto()) c.setString("parallelism.default", Integer.toString(pt.maxP()));
        // Fail fast instead of 30 s when a physical segment cannot be had (a "timeout-like" result).
        c.setString("taskmanager.network.memory.exclusive-buffers-request-timeout-ms", "3000");
        c.setString("taskmanager.network.memory.buffers-request-timeout", "3 s");
        // Loopback only.
        c.setString("rest.bind-address", "127.0.0.1");
        c.setString("rest.address", "127.0.0.1");
        c.setString("rest.port", "0");
        c.setString("jobmanager.rpc.address", "127.0.0.1");
        c.setString("jobmanager.bind-host", "127.0.0.1");
        c.setString("taskmanager.host", "127.0.0.1");
        c.setString("taskmanager.bind-host", "127.0.0.1");
        c.setString("metrics.internal.query-service.port", "0");
        if (pt.batch()) {
            // Keyed batch operators would otherwise read and sort their whole input before the first
            // record reaches the operator; the stage barrier needs records to arrive while the
            // input channels are still open.
            c.setString("execution.sorted-inputs.enabled", "false");
            c.setString("execution.batch-state-backend.enabled", "false");
        }
        for (Map.Entry<String, String> e : pt.conf.entrySet()) c.setString(e.getKey(), e.getValue());
        return c;
    }

    static Outcome trial(Point pt, int buffers, String minor, long deployTimeoutMs) throws Exception {
        long trial = TRIALS.incrementAndGet();
        long t0 = System.nanoTime();
        Configuration conf = trialConf(pt, buffers, minor);
        MiniCluster[] mc = new MiniCluster[1];
        LocalExecutor executor = LocalExecutor.createWithFactory(conf, cfg -> {
            mc[0] = new MiniCluster(cfg);
            return mc[0];
        });
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        build(env, pt, trial);
        Outcome o = new Outcome();
        RProbe probe = null;
        Map<String, String> egPlacement = new HashMap<>();    // vertex/subtask -> tm id (from JobManager)
        Set<String> jobVertices = new LinkedHashSet<>();
        JobClient client = null;
        try {
            try {
                client = executor.execute(env.getStreamGraph(), conf, NetBench.class.getClassLoader()).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                classify(o, e);
                o.message = "harness: submission failed: " + o.message;
                return finish(o, pt, trial, t0, egPlacement, jobVertices);
            }
            JobID job = client.getJobID();
            probe = new RProbe(mc[0]);
            probe.start();
            long allRunningSince = -1;
            long deadline = System.currentTimeMillis() + deployTimeoutMs;
            boolean terminal = false;
            while (true) {
                JobStatus st;
                try {
                    st = client.getJobStatus().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    st = null; // cluster already shutting down after the job ended
                }
                if (st == null || st.isGloballyTerminalState()) { terminal = true; break; }
                AccessExecutionGraph eg = null;
                try {
                    eg = mc[0].getExecutionGraph(job).get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                }
                if (eg != null) {
                    boolean allRunning = true;
                    int n = 0;
                    for (AccessExecutionJobVertex jv : eg.getVerticesTopologically()) {
                        jobVertices.add(jv.getName() + " (" + jv.getParallelism() + ")");
                        for (AccessExecutionVertex ev : jv.getTaskVertices()) {
                            n++;
                            TaskManagerLocation loc = ev.getCurrentAssignedResourceLocation();
                            if (loc != null) {
                                for (String lv : logicalNames(jv.getName()))
                                    egPlacement.put(lv + "/" + ev.getParallelSubtaskIndex(), loc.getResourceID().toString());
                            }
                            if (ev.getExecutionState() != ExecutionState.RUNNING) allRunning = false;
                        }
                    }
                    // Exclusive buffers of remote channels are requested when the task requests its
                    // partitions, which can be just after it reports RUNNING: only a job that stays
                    // fully RUNNING for GRACE_MS counts as deployed.
                    if (!pt.batch() && allRunning && n > 0 && st == JobStatus.RUNNING) {
                        if (allRunningSince < 0) allRunningSince = System.currentTimeMillis();
                        else if (System.currentTimeMillis() - allRunningSince >= GRACE_MS) {
                            o.kind = Kind.OK;
                            break;
                        }
                    } else {
                        allRunningSince = -1;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    o.kind = Kind.TIMEOUT;
                    o.message = "harness: job did not " + (pt.batch() ? "finish" : "reach RUNNING for all tasks")
                            + " within " + deployTimeoutMs + " ms";
                    break;
                }
                Thread.sleep(20);
            }
            if (terminal) {
                try {
                    client.getJobExecutionResult().get(60, TimeUnit.SECONDS);
                    o.kind = pt.batch() ? Kind.OK : Kind.OTHER;
                    if (!pt.batch()) o.message = "harness: streaming job ended before all tasks were RUNNING";
                } catch (Exception e) {
                    classify(o, e);
                }
            }
        } finally {
            if (probe != null) {
                probe.stop();
                o.probe = probe;
            }
            if (client != null) {
                try {
                    JobStatus st = client.getJobStatus().get(5, TimeUnit.SECONDS);
                    if (!st.isGloballyTerminalState()) client.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                }
            }
            if (mc[0] != null) {
                try {
                    mc[0].closeAsync().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("warning: MiniCluster close: " + e);
                }
            }
        }
        return finish(o, pt, trial, t0, egPlacement, jobVertices);
    }

    static long GRACE_MS = 1000;

    static Outcome finish(Outcome o, Point pt, long trial, long t0, Map<String, String> egPlacement, Set<String> jobVertices) {
        o.millis = (System.nanoTime() - t0) / 1_000_000L;
        // Placement: what the user code saw (batch) merged over what the JobManager saw.
        Map<String, String> all = new HashMap<>(egPlacement);
        String prefix = trial + "/";
        for (Map.Entry<String, String> e : USER_PLACEMENT.entrySet())
            if (e.getKey().startsWith(prefix)) all.put(e.getKey().substring(prefix.length()), e.getValue());
        USER_PLACEMENT.keySet().removeIf(k -> k.startsWith(prefix));
        LATCHES.keySet().removeIf(k -> k.startsWith(prefix));
        Map<String, Integer> tmIndex = new LinkedHashMap<>();
        o.placement = canonicalPlacement(pt, all, tmIndex);
        if (o.probe != null && o.probe.error == null && !o.probe.peak.isEmpty()) {
            for (String rid : o.probe.peak.keySet()) tmIndex.putIfAbsent(rid, tmIndex.size());
            Integer[] arr = new Integer[tmIndex.size()];
            for (Map.Entry<String, Integer> e : tmIndex.entrySet()) arr[e.getValue()] = o.probe.peak.get(e.getKey());
            o.requiredPeak = Arrays.asList(arr);
        } else if (o.probe != null && o.probe.error != null) {
            System.err.println("warning: R probe: " + o.probe.error);
        }
        o.jobVertices = new ArrayList<>(jobVertices);
        o.barrierTimeouts = (int) BARRIER_TIMEOUTS.getAndSet(0);
        return o;
    }

    static final Pattern LOGICAL = Pattern.compile("[vh]:([A-Za-z0-9_]+)");

    static Set<String> logicalNames(String jobVertexName) {
        Set<String> s = new LinkedHashSet<>();
        Matcher m = LOGICAL.matcher(jobVertexName);
        while (m.find()) if (!m.group(1).equals("drop")) s.add(m.group(1));
        return s;
    }

    /** TM ids numbered 0, 1, ... in order of first appearance (vertex order, then subtask index). */
    static Map<String, List<Integer>> canonicalPlacement(Point pt, Map<String, String> raw, Map<String, Integer> idx) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (Vertex v : pt.vertices) {
            List<Integer> l = new ArrayList<>();
            boolean any = false;
            int count = v.p;
            if (count < 0) {
                for (String k : raw.keySet()) {
                    if (k.startsWith(v.name + "/")) count = Math.max(count, Integer.parseInt(k.substring(v.name.length() + 1)) + 1);
                }
            }
            for (int i = 0; i < count; i++) {
                String tm = raw.get(v.name + "/" + i);
                if (tm == null) { l.add(-1); continue; }
                any = true;
                Integer k = idx.get(tm);
                if (k == null) { k = idx.size(); idx.put(tm, k); }
                l.add(k);
            }
            if (any) out.put(v.name, l);
        }
        return out;
    }

    static void classify(Outcome o, Throwable t) {
        List<String> msgs = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        collect(t, msgs, seen);
        for (String m : msgs) {
            int i = m.indexOf("Insufficient number of network buffers");
            if (i >= 0) {
                o.kind = Kind.INSUFFICIENT;
                o.message = m.substring(i);
                Matcher x = INSUFF.matcher(o.message);
                if (x.find()) {
                    o.required = Integer.valueOf(x.group(1));
                    o.available = Integer.valueOf(x.group(2));
                    o.total = Integer.valueOf(x.group(3));
                    o.segBytes = Integer.valueOf(x.group(4));
                }
                return;
            }
        }
        for (String m : msgs) {
            int i = m.indexOf("Timeout triggered when requesting exclusive buffers");
            if (i >= 0) {
                o.kind = Kind.TIMEOUT;
                o.message = m.substring(i);
                return;
            }
        }
        o.kind = Kind.OTHER;
        StringBuilder sb = new StringBuilder();
        for (String m : msgs) {
            if (sb.length() > 0) sb.append(" | ");
            sb.append(m);
            if (sb.length() > 600) break;
        }
        o.message = sb.toString();
    }

    static void collect(Throwable t, List<String> out, Set<Throwable> seen) {
        while (t != null && seen.add(t)) {
            String m = t.getMessage();
            out.add(t.getClass().getName() + ": " + (m == null ? "" : m));
            // Remote failures arrive as SerializedThrowable: same message, cause chain rebuilt.
            for (Throwable s : t.getSuppressed()) collect(s, out, seen);
            t = t.getCause();
        }
    }

    // ---------------------------------------------------------------- search

    static final class Search {
        final Point pt;
        final String minor;
        final Map<Integer, Outcome> result = new TreeMap<>();
        final List<String> log = new ArrayList<>();
        int trials;
        boolean flaky;
        final Map<Integer, Integer> timeouts = new TreeMap<>();
        final Set<String> placements = new LinkedHashSet<>();
        final Set<String> peaks = new LinkedHashSet<>(); // sorted per-TM R peaks of passing runs
        /** per complete placement signature: smallest passing B and largest B failing with "Insufficient". */
        final Map<String, int[]> byPlacement = new LinkedHashMap<>();
        long deployTimeoutMs;

        Search(Point pt, String minor, long deployTimeoutMs) {
            this.pt = pt;
            this.minor = minor;
            this.deployTimeoutMs = deployTimeoutMs;
        }

        Outcome once(int b) throws Exception {
            Outcome o = trial(pt, b, minor, deployTimeoutMs);
            trials++;
            String sig = signature(o.placement);
            String s = b + ":" + o.kind.name().toLowerCase()
                    + (o.required != null ? "(required " + o.required + ", available " + o.available + ")" : "")
                    + " " + o.millis + "ms" + (sig.isEmpty() ? "" : " " + sig)
                    + (o.requiredPeak != null ? " peak=" + o.requiredPeak.toString().replace(" ", "") : "");
            if (!sig.isEmpty() && !sig.contains("?") && (o.kind == Kind.OK || o.kind == Kind.INSUFFICIENT)) {
                int[] r = byPlacement.computeIfAbsent(sig, k -> new int[] {Integer.MAX_VALUE, -1});
                if (o.kind == Kind.OK) r[0] = Math.min(r[0], b); else r[1] = Math.max(r[1], b);
            }
            log.add(s);
            System.err.printf("  %-28s B=%-6d %-12s %5d ms%s%s%s%n", pt.id, b, o.kind, o.millis,
                    o.requiredPeak != null ? "  peak " + o.requiredPeak : "",
                    o.required != null ? "  required " + o.required + ", available " + o.available : "",
                    o.kind == Kind.OTHER || o.kind == Kind.TIMEOUT ? "  " + shorten(o.message) : "");
            return o;
        }

        /** One decision for B: retried once if the first run is not a clean pass / insufficient. */
        boolean ok(int b) throws Exception {
            // A timeout (Flink's exclusive-buffer request timeout, or the harness deadline) is not a
            // verdict: rerun up to twice. Anything unexpected: rerun once, then give up on the point.
            Outcome o = once(b);
            int timeoutsLeft = 2;
            boolean otherRetried = false;
            while (o.kind == Kind.TIMEOUT || o.kind == Kind.OTHER) {
                flaky = true;
                if (o.kind == Kind.TIMEOUT) {
                    timeouts.merge(b, 1, Integer::sum);
                    if (timeoutsLeft-- == 0) break;
                } else {
                    if (otherRetried) throw new IllegalStateException("trial at B=" + b + " failed twice: " + o.message);
                    otherRetried = true;
                }
                o = once(b);
            }
            result.put(b, o);
            if (o.placement != null && o.kind == Kind.OK && complete(o.placement)) placements.add(o.placement.toString());
            if (o.kind == Kind.OK && o.requiredPeak != null) peaks.add(sortedPeak(o));
            return o.kind == Kind.OK;
        }

        int run(int guess, int confirm) throws Exception {
            int lo, hi; // lo: largest known failing B (-1: none below), hi: smallest known passing B
            int g = Math.max(0, guess);
            if (ok(g)) {
                hi = g;
                int step = 1;
                while (true) {
                    int x = hi - step;
                    if (x < 0) { lo = -1; if (hi > 0) { if (ok(0)) { hi = 0; } else { lo = 0; } } break; }
                    if (ok(x)) { hi = x; step *= 2; } else { lo = x; break; }
                }
            } else {
                lo = g;
                int step = Math.max(1, g / 8);
                while (true) {
                    int x = lo + step;
                    if (x > 200_000) throw new IllegalStateException("no passing B up to " + x);
                    if (ok(x)) { hi = x; break; } else { lo = x; step *= 2; }
                }
            }
            while (hi - lo > 1) {
                int mid = lo + (hi - lo) / 2;
                if (ok(mid)) hi = mid; else lo = mid;
            }
            for (int i = 0; i < confirm; i++) {
                Outcome c = once(hi);
                if (c.kind == Kind.TIMEOUT) timeouts.merge(hi, 1, Integer::sum);
                if (c.kind == Kind.OK && c.placement != null && complete(c.placement)) placements.add(c.placement.toString());
                if (c.kind == Kind.OK && c.requiredPeak != null) peaks.add(sortedPeak(c));
                if (c.kind != Kind.OK) {
                    flaky = true;
                    System.err.println("  !! confirm run at threshold " + hi + " gave " + c.kind);
                }
                if (hi > 0) {
                    Outcome d = once(hi - 1);
                    if (d.kind == Kind.OK) {
                        flaky = true;
                        System.err.println("  !! confirm run at threshold-1 " + (hi - 1) + " passed");
                    }
                }
            }
            // Batch jobs near the threshold can fail with "Timeout triggered when requesting
            // exclusive buffers" although the required-buffers check passes. If the peak of
            // required buffers at the threshold is below it, also record what one buffer below
            // that peak gives (expected: "Insufficient ...").
            Outcome at = result.get(hi);
            if (at != null && at.requiredPeak != null) {
                int peak = 0;
                for (Integer x : at.requiredPeak) if (x != null) peak = Math.max(peak, x);
                if (peak < hi && peak > 0) {
                    requiredPeakMax = peak;
                    Outcome o = once(peak - 1);
                    if (o.kind == Kind.TIMEOUT) o = once(peak - 1);
                    belowPeak = o;
                }
            }
            return hi;
        }
        int requiredPeakMax = -1;
        Outcome belowPeak;
    }

    /** "src=0011,agg=0101": TM index (base 36) per subtask, '?' where unknown. */
    static String signature(Map<String, List<Integer>> pl) {
        if (pl == null || pl.isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Integer>> e : pl.entrySet()) {
            if (b.length() > 0) b.append(',');
            b.append(e.getKey()).append('=');
            for (int x : e.getValue()) b.append(x < 0 ? '?' : Character.forDigit(x, 36));
        }
        return b.toString();
    }

    static String sortedPeak(Outcome o) {
        List<Integer> l = new ArrayList<>();
        for (Integer x : o.requiredPeak) l.add(x == null ? -1 : x);
        Collections.sort(l, Collections.reverseOrder());
        return l.toString();
    }

    static boolean complete(Map<String, List<Integer>> pl) {
        for (List<Integer> l : pl.values()) if (l.contains(-1)) return false;
        return true;
    }

    static String shorten(String s) {
        if (s == null) return "";
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    // ---------------------------------------------------------------- crude first guess
    // Only decides where the search starts probing; the result is whatever Flink does. Model:
    // slot k = TM k / S holds subtask k of each vertex; outputs need n+1 (or the sort-shuffle
    // minimum), gates 1 + 2 per remote channel; batch takes the largest single stage.

    static int guess(Point pt, String minor) {
        int S = pt.slots;
        int nv = pt.vertices.size();
        int sortMin = Integer.parseInt(pt.conf.getOrDefault("taskmanager.network.sort-shuffle.min-buffers", "16"));
        boolean sort = pt.batch() && !pt.conf.getOrDefault("execution.batch-shuffle-mode", "").contains("PIPELINED")
                && !(pt.conf.containsKey("taskmanager.network.sort-shuffle.min-parallelism"));
        int best = 0;
        int tms = pt.tms;
        int[] stageReq = new int[nv];
        int total = 0;
        for (int t = 0; t < tms; t++) {
            Arrays.fill(stageReq, 0);
            for (int i = 0; i < pt.edges.size(); i++) {
                Edge e = pt.edges.get(i);
                if (e.chained) continue;
                Vertex u = pt.vertices.get(i), v = pt.vertices.get(i + 1);
                boolean a2a = !(e.ship.equals("forward") || e.ship.equals("rescale"));
                for (int k = t * S; k < Math.min((t + 1) * S, u.p); k++) {
                    int n = a2a ? v.p : Math.max(1, (int) Math.ceil((double) v.p / u.p));
                    stageReq[i] += sort ? sortMin : n + 1;
                }
                for (int k = t * S; k < Math.min((t + 1) * S, v.p); k++) {
                    int local = 0, chans;
                    if (a2a) {
                        chans = u.p;
                        local = Math.max(0, Math.min((t + 1) * S, u.p) - t * S);
                    } else {
                        chans = Math.max(1, u.p / v.p);
                        local = chans;
                    }
                    stageReq[i + 1] += 1 + 2 * (chans - Math.min(local, chans));
                }
            }
            int req = 0;
            if (pt.batch() && sort) for (int x : stageReq) req = Math.max(req, x);
            else for (int x : stageReq) req += x;
            best = Math.max(best, req);
        }
        return best;
    }

    // ---------------------------------------------------------------- golden file

    static String js(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String line(Point pt, String minor, String patch, int threshold, Search s, long millis) {
        StringBuilder b = new StringBuilder("{");
        b.append("\"flink_version\":").append(js(minor));
        b.append(",\"flink_patch\":").append(js(patch));
        b.append(",\"id\":").append(js(pt.id));
        b.append(",\"mode\":").append(js(pt.mode));
        b.append(",\"taskmanagers\":").append(pt.tms);
        b.append(",\"slots\":").append(pt.slots);
        b.append(",\"topology\":{\"vertices\":[");
        for (int i = 0; i < pt.vertices.size(); i++) {
            Vertex v = pt.vertices.get(i);
            b.append(i > 0 ? "," : "").append("{\"name\":").append(js(v.name)).append(",\"parallelism\":").append(v.p > 0 ? String.valueOf(v.p) : "null").append('}');
        }
        Vertex last = pt.vertices.get(pt.vertices.size() - 1);
        b.append(",{\"name\":\"sink\",\"parallelism\":").append(last.p > 0 ? String.valueOf(last.p) : "null").append("}],\"edges\":[");
        for (int i = 0; i < pt.edges.size(); i++) {
            Edge e = pt.edges.get(i);
            b.append(i > 0 ? "," : "").append("{\"from\":").append(js(pt.vertices.get(i).name))
                    .append(",\"to\":").append(js(pt.vertices.get(i + 1).name))
                    .append(",\"ship\":").append(js(e.ship)).append(",\"chained\":").append(e.chained).append('}');
        }
        b.append(pt.edges.isEmpty() ? "" : ",").append("{\"from\":").append(js(last.name))
                .append(",\"to\":\"sink\",\"ship\":\"forward\",\"chained\":true}]}");
        b.append(",\"config\":{");
        int i = 0;
        for (Map.Entry<String, String> e : pt.conf.entrySet())
            b.append(i++ > 0 ? "," : "").append(js(e.getKey())).append(':').append(js(e.getValue()));
        b.append('}');
        b.append(",\"segment_size\":").append(SEG);
        b.append(",\"threshold_buffers\":").append(threshold);
        Outcome f = s.result.get(threshold - 1);
        b.append(",\"failure_at_threshold_minus_one\":");
        if (f == null) {
            b.append("null");
        } else {
            b.append("{\"kind\":").append(js(f.kind.name().toLowerCase()));
            b.append(",\"message\":").append(js(f.message));
            b.append(",\"required\":").append(f.required);
            b.append(",\"available\":").append(f.available);
            b.append(",\"total\":").append(f.total);
            b.append('}');
        }
        if (s.belowPeak != null) {
            Outcome p = s.belowPeak;
            b.append(",\"failure_at_required_peak_minus_one\":{\"buffers\":").append(s.requiredPeakMax - 1);
            b.append(",\"kind\":").append(js(p.kind.name().toLowerCase()));
            b.append(",\"message\":").append(js(p.message));
            b.append(",\"required\":").append(p.required);
            b.append(",\"available\":").append(p.available);
            b.append(",\"total\":").append(p.total);
            b.append('}');
        }
        Outcome ok = s.result.get(threshold);
        b.append(",\"placement_at_threshold\":{");
        i = 0;
        if (ok != null && ok.placement != null) {
            for (Map.Entry<String, List<Integer>> e : ok.placement.entrySet()) {
                b.append(i++ > 0 ? "," : "").append(js(e.getKey())).append(":[");
                for (int k = 0; k < e.getValue().size(); k++) b.append(k > 0 ? "," : "").append(e.getValue().get(k));
                b.append(']');
            }
        }
        b.append("},\"job_vertices\":[");
        if (ok != null && ok.jobVertices != null)
            for (int k = 0; k < ok.jobVertices.size(); k++) b.append(k > 0 ? "," : "").append(js(ok.jobVertices.get(k)));
        b.append(']');
        b.append(",\"required_peak_per_tm\":");
        if (ok != null && ok.requiredPeak != null) {
            b.append('[');
            for (int k = 0; k < ok.requiredPeak.size(); k++) b.append(k > 0 ? "," : "").append(ok.requiredPeak.get(k));
            b.append(']');
        } else {
            b.append("null");
        }
        int largestInsufficient = -1;
        for (Map.Entry<Integer, Outcome> e : s.result.entrySet())
            if (e.getValue().kind == Kind.INSUFFICIENT) largestInsufficient = Math.max(largestInsufficient, e.getKey());
        for (String l : s.log) {
            if (l.contains(":insufficient")) largestInsufficient = Math.max(largestInsufficient, Integer.parseInt(l.substring(0, l.indexOf(':'))));
        }
        b.append(",\"largest_insufficient\":").append(largestInsufficient < 0 ? "null" : String.valueOf(largestInsufficient));
        b.append(",\"placement_varied\":").append(s.placements.size() > 1);
        b.append(",\"required_peak_varied\":").append(s.peaks.size() > 1);
        if (s.peaks.size() > 1) {
            b.append(",\"by_placement\":[");
            int k = 0;
            for (Map.Entry<String, int[]> e : s.byPlacement.entrySet()) {
                b.append(k++ > 0 ? "," : "").append("{\"placement\":").append(js(e.getKey()))
                        .append(",\"smallest_ok\":").append(e.getValue()[0] == Integer.MAX_VALUE ? "null" : String.valueOf(e.getValue()[0]))
                        .append(",\"largest_insufficient\":").append(e.getValue()[1] < 0 ? "null" : String.valueOf(e.getValue()[1])).append('}');
            }
            b.append(']');
        }
        b.append(",\"timeouts_at_threshold\":").append(s.timeouts.getOrDefault(threshold, 0));
        b.append(",\"trials\":").append(s.trials);
        b.append(",\"flaky\":").append(s.flaky);
        b.append(",\"trial_log\":[");
        for (int k = 0; k < s.log.size(); k++) b.append(k > 0 ? "," : "").append(js(s.log.get(k)));
        b.append(']');
        b.append(",\"seconds\":").append(String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0));
        b.append('}');
        return b.toString();
    }

    static final Pattern KEY_VER = Pattern.compile("\"flink_version\":\"([^\"]+)\"");
    static final Pattern KEY_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    static final Pattern KEY_THR = Pattern.compile("\"threshold_buffers\":(\\d+)");

    /** Replace or add one line, keep the file sorted by version then matrix order; under a file lock. */
    static void upsert(Path golden, Path lock, List<Point> matrix, String minor, String id, String newLine) throws IOException {
        Files.createDirectories(golden.toAbsolutePath().getParent());
        Files.createDirectories(lock.toAbsolutePath().getParent());
        Map<String, Integer> order = new HashMap<>();
        for (Point p : matrix) order.put(p.id, p.order);
        try (RandomAccessFile raf = new RandomAccessFile(lock.toFile(), "rw"); FileLock l = raf.getChannel().lock()) {
            List<String> lines = new ArrayList<>();
            if (Files.exists(golden))
                for (String s : Files.readAllLines(golden, StandardCharsets.UTF_8)) if (!s.isBlank()) lines.add(s);
            lines.removeIf(s -> minor.equals(field(KEY_VER, s)) && id.equals(field(KEY_ID, s)));
            lines.add(newLine);
            lines.sort((a, b) -> {
                int c = cmpVer(field(KEY_VER, a), field(KEY_VER, b));
                if (c != 0) return c;
                return Integer.compare(order.getOrDefault(field(KEY_ID, a), Integer.MAX_VALUE),
                        order.getOrDefault(field(KEY_ID, b), Integer.MAX_VALUE));
            });
            Path tmp = golden.resolveSibling(golden.getFileName() + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String s : lines) { w.write(s); w.write('\n'); }
            }
            Files.move(tmp, golden, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static String field(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : "";
    }

    /** A measured threshold of the same point on the nearest other version, if any (a better first guess). */
    static Integer knownThreshold(Path golden, String minor, String id) throws IOException {
        if (!Files.exists(golden)) return null;
        Integer best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String s : Files.readAllLines(golden, StandardCharsets.UTF_8)) {
            if (!id.equals(field(KEY_ID, s))) continue;
            String v = field(KEY_VER, s);
            String thr = field(KEY_THR, s);
            if (v.isEmpty() || thr.isEmpty()) continue;
            int[] a = ver(v), b = ver(minor);
            int dist = Math.abs((a[0] * 100 + a[1]) - (b[0] * 100 + b[1]));
            if (dist < bestDist) { bestDist = dist; best = Integer.valueOf(thr); }
        }
        return best;
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String minor = a.get("minor"), patch = a.get("patch");
        Path matrixFile = Paths.get(a.get("matrix")), golden = Paths.get(a.get("golden")), lock = Paths.get(a.get("lock"));
        int confirm = Integer.parseInt(a.getOrDefault("confirm", "1"));
        long deployTimeoutMs = Long.parseLong(a.getOrDefault("deploy-timeout-ms", "30000"));
        GRACE_MS = Long.parseLong(a.getOrDefault("grace-ms", "1000"));
        Set<String> only = a.containsKey("only") ? new LinkedHashSet<>(Arrays.asList(a.get("only").split(","))) : null;
        boolean dryRun = a.containsKey("dry-run");

        List<Point> matrix = readMatrix(matrixFile);
        long start = System.nanoTime();
        int done = 0, failed = 0;
        for (Point pt : matrix) {
            if (!appliesTo(pt, minor)) continue;
            if (only != null && !only.contains(pt.id)) continue;
            Integer known = knownThreshold(golden, minor, pt.id);
            int g = known != null ? known : guess(pt, minor);
            System.err.printf("%s %s (%s %dx%d), first probe %d%s%n", minor, pt.id, pt.mode, pt.tms, pt.slots, g,
                    known != null ? " (measured on another version)" : " (rough estimate)");
            if (dryRun) continue;
            long t0 = System.nanoTime();
            Search s = new Search(pt, minor, pt.batch() ? 60_000L : deployTimeoutMs);
            try {
                int thr = s.run(g, confirm);
                long ms = (System.nanoTime() - t0) / 1_000_000L;
                upsert(golden, lock, matrix, minor, pt.id, line(pt, minor, patch, thr, s, ms));
                Outcome f = s.result.get(thr - 1);
                System.err.printf("=> %s %s threshold %d%s  (%d trials, %.1f s%s)%n", minor, pt.id, thr,
                        f != null && f.required != null ? ", at " + (thr - 1) + ": required " + f.required + " available " + f.available : "",
                        s.trials, ms / 1000.0, s.flaky ? ", FLAKY" : "");
                done++;
            } catch (Exception e) {
                failed++;
                System.err.println("!! " + minor + " " + pt.id + " aborted: " + e);
            }
            System.gc();
        }
        System.err.printf("%s: %d points measured, %d aborted, %.1f s%n", minor, done, failed, (System.nanoTime() - start) / 1e9);
        System.exit(failed > 0 ? 1 : 0);
    }
}
