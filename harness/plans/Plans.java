// Writes, for a few small DataStream jobs, the two plan JSONs Flink prints for them:
//   <job>.execution-plan.json  StreamExecutionEnvironment.getExecutionPlan() (the StreamGraph,
//                              before chaining; the same text `flink info` prints)
//   <job>.rest-plan.json       the body of the REST API's GET /jobs/:jobid/plan: JobPlanInfo of
//                              JsonPlanGenerator.generatePlan(jobGraph), serialized with the REST
//                              server's object mapper (job vertices, after chaining)
// Compiled against one release line's flink-dist jar; the same source serves 1.13 to 2.x, so
// version-dependent calls go through reflection. Nothing is executed on a cluster.
//   java -cp <flink-dist>:<out> Plans <out-dir>

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.CoMapFunction;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

public class Plans {

    static final class Inc implements MapFunction<Long, Long> {
        @Override
        public Long map(Long v) {
            return v + 1;
        }
    }

    static final class Sum implements ReduceFunction<Long> {
        @Override
        public Long reduce(Long a, Long b) {
            return a + b;
        }
    }

    static final class Mod implements KeySelector<Long, Long> {
        @Override
        public Long getKey(Long v) {
            return v % 7;
        }
    }

    static final class ByValue implements Partitioner<Long> {
        @Override
        public int partition(Long key, int n) {
            return (int) (key % n);
        }
    }

    static final class Both implements CoMapFunction<Long, Long, Long> {
        @Override
        public Long map1(Long v) {
            return v;
        }

        @Override
        public Long map2(Long v) {
            return -v;
        }
    }

    /** source(2) -> map(2, chained) -> keyBy -> reduce(4) -> sink(4, chained). */
    static void keyed(StreamExecutionEnvironment env) {
        env.fromSequence(0, 1000).name("orders").setParallelism(2)
                .map(new Inc()).name("parse").setParallelism(2)
                .keyBy(new Mod())
                .reduce(new Sum()).name("total per key").setParallelism(4)
                .print().name("sink").setParallelism(4);
    }

    /**
     * Every partitioner of the DataStream API, chaining breaks and a two-input operator:
     * a(4) -rescale-> b(2) -forward, startNewChain-> c(2) -shuffle-> d(3, disableChaining)
     * -global-> e(1); x(3) -broadcast-> connect(a union, x) -> co(3) -custom-> f(3)
     * -rebalance-> g(2, slot sharing group "other") -forward-> sink(2).
     */
    static void mixed(StreamExecutionEnvironment env) {
        DataStream<Long> a = env.fromSequence(0, 1000).name("a").setParallelism(4);
        DataStream<Long> b = a.rescale().map(new Inc()).name("b").setParallelism(2);
        DataStream<Long> c = b.forward().map(new Inc()).name("c").setParallelism(2).startNewChain();
        DataStream<Long> d = c.shuffle().map(new Inc()).name("d").setParallelism(3).disableChaining();
        d.global().map(new Inc()).name("e").setParallelism(1).print().name("e-sink").setParallelism(1);
        DataStream<Long> x = env.fromSequence(0, 10).name("x").setParallelism(3);
        DataStream<Long> u = a.union(d);
        DataStream<Long> co = u.connect(x.broadcast()).map(new Both()).name("co").setParallelism(3);
        co.partitionCustom(new ByValue(), new Mod()).map(new Inc()).name("f").setParallelism(3)
                .rebalance().map(new Inc()).name("g").setParallelism(2).slotSharingGroup("other")
                .forward().print().name("sink").setParallelism(2);
    }

    /** The keyed job in BATCH mode: blocking exchanges, JobType BATCH. */
    static void batch(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromSequence(0, 1000).name("orders").setParallelism(2)
                .map(new Inc()).name("parse").setParallelism(2)
                .keyBy(new Mod())
                .reduce(new Sum()).name("total per key").setParallelism(4)
                .rebalance()
                .print().name("sink").setParallelism(3);
    }

    /**
     * Operators without an explicit parallelism (the environment's default is not set either):
     * what a plan shows when the parallelism is left to parallelism.default or, in batch, to the
     * adaptive batch scheduler.
     */
    static void unset(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromSequence(0, 1000).name("numbers").setParallelism(2)
                .keyBy(new Mod())
                .reduce(new Sum()).name("sum")
                .print().name("sink");
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        Files.createDirectories(out);
        Map<String, Consumer<StreamExecutionEnvironment>> jobs = new LinkedHashMap<>();
        jobs.put("keyed", Plans::keyed);
        jobs.put("mixed", Plans::mixed);
        jobs.put("batch", Plans::batch);
        jobs.put("unset", Plans::unset);
        for (Map.Entry<String, Consumer<StreamExecutionEnvironment>> job : jobs.entrySet()) {
            String name = job.getKey();
            boolean keepDefault = name.equals("unset");
            StreamExecutionEnvironment env = environment(keepDefault);
            job.getValue().accept(env);
            String executionPlan = env.getExecutionPlan();
            write(out.resolve(name + ".execution-plan.json"), executionPlan);
            StreamGraph sg = env.getStreamGraph();
            sg.setJobName(name);
            String streamGraph = streamGraphJson(sg);
            if (streamGraph != null) write(out.resolve(name + ".stream-graph.json"), streamGraph);
            Object jobGraph = jobGraph(sg);
            write(out.resolve(name + ".rest-plan.json"), restPlan(jobGraph));
        }
    }

    /** An environment with a fixed default parallelism (not the machine's core count). */
    static StreamExecutionEnvironment environment(boolean keepDefault) {
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        if (!keepDefault) env.setParallelism(1);
        return env;
    }

    static void write(Path file, String text) throws Exception {
        if (!text.endsWith("\n")) text = text + "\n";
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + file);
    }

    /** The JobGraph as a client submits it (StreamGraph.getJobGraph), with a fixed job id. */
    static Object jobGraph(StreamGraph sg) throws Exception {
        Class<?> jobId = Class.forName("org.apache.flink.api.common.JobID");
        Object fixed = jobId.getConstructor(long.class, long.class).newInstance(0L, 0L);
        ClassLoader loader = Plans.class.getClassLoader();
        try {
            // 1.14+: getJobGraph(ClassLoader, JobID)
            return StreamGraph.class.getMethod("getJobGraph", ClassLoader.class, jobId).invoke(sg, loader, fixed);
        } catch (NoSuchMethodException e) {
            // 1.13: getJobGraph(JobID)
            return StreamGraph.class.getMethod("getJobGraph", jobId).invoke(sg, fixed);
        }
    }

    /**
     * 2.0+: the "stream-graph" member of GET /jobs/:jobid (JsonPlanGenerator.generateStreamGraphJson),
     * the operators before chaining, here without job_vertex_id (a running job adds it for the
     * operators already turned into job vertices). Null before 2.0.
     */
    static String streamGraphJson(StreamGraph sg) throws Exception {
        Class<?> gen = Class.forName("org.apache.flink.runtime.jobgraph.jsonplan.JsonPlanGenerator");
        Method m;
        try {
            m = gen.getMethod("generateStreamGraphJson", StreamGraph.class, Map.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
        return (String) m.invoke(null, sg, new java.util.HashMap<>());
    }

    /** What GET /jobs/:jobid/plan answers: {"plan": ...}, as the REST server serializes it. */
    static String restPlan(Object jobGraph) throws Exception {
        Class<?> jg = Class.forName("org.apache.flink.runtime.jobgraph.JobGraph");
        Class<?> gen = Class.forName("org.apache.flink.runtime.jobgraph.jsonplan.JsonPlanGenerator");
        Object plan = gen.getMethod("generatePlan", jg).invoke(null, jobGraph);
        Class<?> info = Class.forName("org.apache.flink.runtime.rest.messages.JobPlanInfo");
        Object body = null;
        for (Constructor<?> c : info.getConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0].isInstance(plan)) {
                body = c.newInstance(plan);
            }
        }
        if (body == null) throw new IllegalStateException("no JobPlanInfo constructor for " + plan.getClass());
        Object mapper = Class.forName("org.apache.flink.runtime.rest.util.RestMapperUtils")
                .getMethod("getStrictObjectMapper").invoke(null);
        return (String) mapper.getClass().getMethod("writeValueAsString", Object.class).invoke(mapper, body);
    }
}
