// The Table API / SQL counterpart of Plans.java (1.14+, where a statement set can be attached
// to a StreamExecutionEnvironment): one INSERT with a join and a grouped aggregation, planned
// for streaming and for batch, written as the same three kinds of plan. The planner's
// descriptions are long and its batch exchanges print "HASH[fields]" (BinaryHashPartitioner).
//   java -cp <lib/*.jar>:<out> SqlPlans <out-dir>

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

public class SqlPlans {

    static void build(StreamExecutionEnvironment env) {
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.executeSql("CREATE TABLE orders (id BIGINT, customer INT, amount INT) "
                + "WITH ('connector' = 'datagen', 'number-of-rows' = '100')");
        t.executeSql("CREATE TABLE customers (id INT, region STRING) "
                + "WITH ('connector' = 'datagen', 'number-of-rows' = '10')");
        t.executeSql("CREATE TABLE totals (region STRING, total BIGINT) WITH ('connector' = 'blackhole')");
        StreamStatementSet set = t.createStatementSet();
        set.addInsertSql("INSERT INTO totals SELECT c.region, SUM(o.amount) FROM orders o "
                + "JOIN customers c ON o.customer = c.id WHERE o.amount > 5 GROUP BY c.region");
        set.attachAsDataStream();
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        Files.createDirectories(out);
        for (String name : new String[] {"sql-streaming", "sql-batch"}) {
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
            env.setParallelism(2);
            if (name.equals("sql-batch")) env.setRuntimeMode(RuntimeExecutionMode.BATCH);
            build(env);
            Plans.write(out.resolve(name + ".execution-plan.json"), env.getExecutionPlan());
            StreamGraph sg = env.getStreamGraph();
            sg.setJobName(name);
            String streamGraph = Plans.streamGraphJson(sg);
            if (streamGraph != null) Plans.write(out.resolve(name + ".stream-graph.json"), streamGraph);
            Plans.write(out.resolve(name + ".rest-plan.json"), Plans.restPlan(Plans.jobGraph(sg)));
        }
    }
}
