// The DataSet API (1.x only; removed in 2.0) counterpart of Plans.java: for one small batch job,
//   dataset.execution-plan.json  ExecutionEnvironment.getExecutionPlan() (the optimizer's plan
//                                dump, which `flink info` prints for DataSet programs)
//   dataset.rest-plan.json       GET /jobs/:jobid/plan of the JobGraph the optimizer's
//                                JobGraphGenerator builds from that plan
//   java -cp <flink-dist>:<out> DataSetPlans <out-dir>

import org.apache.flink.api.common.Plan;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.ExecutionEnvironment;
import org.apache.flink.api.java.io.DiscardingOutputFormat;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.optimizer.DataStatistics;
import org.apache.flink.optimizer.Optimizer;
import org.apache.flink.optimizer.plan.OptimizedPlan;
import org.apache.flink.optimizer.plantranslate.JobGraphGenerator;
import org.apache.flink.runtime.jobgraph.JobGraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

public class DataSetPlans {

    static final class Pair implements MapFunction<Long, Tuple2<Long, Long>> {
        @Override
        public Tuple2<Long, Long> map(Long v) {
            return Tuple2.of(v % 7, v);
        }
    }

    /** generateSequence(2) -> map(2) -> groupBy(0).sum(1) (4) -> rebalance -> sink (3). */
    static void build(ExecutionEnvironment env) {
        env.generateSequence(0, 1000).name("numbers").setParallelism(2)
                .map(new Pair()).name("pair").setParallelism(2)
                .groupBy(0).sum(1).name("sum").setParallelism(4)
                .rebalance()
                .output(new DiscardingOutputFormat<>()).name("sink").setParallelism(3);
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        Files.createDirectories(out);
        ExecutionEnvironment env = ExecutionEnvironment.createCollectionsEnvironment();
        env.setParallelism(1);
        build(env);
        Plans.write(out.resolve("dataset.execution-plan.json"), env.getExecutionPlan());

        ExecutionEnvironment env2 = ExecutionEnvironment.createCollectionsEnvironment();
        env2.setParallelism(1);
        build(env2);
        Plan plan = env2.createProgramPlan("dataset");
        // The optimizer's JobGraphGenerator gives job vertices random ids (AbstractID's static
        // Random); seed it so that a regeneration only changes the file when Flink's output does.
        java.lang.reflect.Field rnd = org.apache.flink.util.AbstractID.class.getDeclaredField("RND");
        rnd.setAccessible(true);
        ((java.util.Random) rnd.get(null)).setSeed(42L);
        Configuration conf = new Configuration();
        OptimizedPlan optimized = new Optimizer(new DataStatistics(), conf).compile(plan);
        JobGraph jobGraph = new JobGraphGenerator(conf).compileJobGraph(optimized, new org.apache.flink.api.common.JobID(0L, 0L));
        Plans.write(out.resolve("dataset.rest-plan.json"), Plans.restPlan(jobGraph));
    }
}
