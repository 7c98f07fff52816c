package dev.simdsgd.bench.report;

import java.util.List;
import java.util.Map;

/**
 * One JMH result row: a benchmark at one parameter point, with its score, the 99.9% confidence
 * half-width JMH reports as its error, and the normalized allocation rate from {@code -prof gc}.
 *
 * @param benchmark simple class name, e.g. {@code BatchGradientBench}
 * @param params the JMH parameters, e.g. {@code batchSize=64, d=256, width=512}
 * @param score mean time per operation in {@code unit}
 * @param error 99.9% confidence half-width of {@code score} (NaN when JMH had too few samples)
 * @param unit e.g. {@code ns/op}
 * @param allocPerOp {@code gc.alloc.rate.norm} in bytes per operation (NaN when not recorded)
 * @param allocError its error
 * @param forks forks run
 * @param warmup warmup iterations and time, e.g. {@code 3 x 500 ms}
 * @param measurement measurement iterations and time
 * @param measurementSeconds length of one measurement iteration in seconds
 * @param jvmArgs the arguments of the forked JVMs
 * @param jdkVersion the forks' JDK version
 * @param forkSpread (largest − smallest fork mean) ÷ score, NaN with fewer than two forks
 */
record Result(
    String benchmark,
    Map<String, String> params,
    double score,
    double error,
    String unit,
    double allocPerOp,
    double allocError,
    int forks,
    String warmup,
    String measurement,
    double measurementSeconds,
    List<String> jvmArgs,
    String jdkVersion,
    double forkSpread) {

  String width() {
    return params.get("width");
  }

  int intParam(String name) {
    return Integer.parseInt(params.get(name));
  }

  /** The parameters other than width, as one comparable key. */
  String pointKey() {
    StringBuilder key = new StringBuilder(benchmark);
    params.forEach((k, v) -> {
      if (!"width".equals(k)) {
        key.append(' ').append(k).append('=').append(v);
      }
    });
    return key.toString();
  }
}
