package dev.simdsgd.bench;

import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.machine.PreWarm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one mini-batch {@link Kernels#logisticBatchGradient} call: {@code batchSize} rows of
 * dimension {@code d}, taken in shuffled order from a 128 MiB dataset (larger than L3), as an SGD
 * epoch reads them. Each call takes the next {@code batchSize} entries of a shuffled permutation
 * of all rows, so consecutive calls read rows from all over the dataset. Per-example and
 * per-element costs are (ns/op) / batchSize and (ns/op) / (batchSize·d); the report derives them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class BatchGradientBench {
  /** Mini-batch size m. */
  @Param({"1", "2", "4", "8", "16", "32", "64", "128", "256", "512", "1024"})
  public int batchSize;

  /** Feature dimension. */
  @Param({"16", "64", "256", "1024"})
  public int d;

  /** scalar, 128, 256, 512 or preferred (see {@link Widths}). */
  @Param({"scalar", "128", "256", "512", "preferred"})
  public String width;

  private Kernels kernels;
  private float[] X;
  private float[] labels;
  private int[] order;
  private int rows;
  private float[] w;
  private float[] g;
  private int cursor;

  /**
   * Builds the 128 MiB dataset, its labels and a shuffled row order once per trial, then calls the
   * kernel {@link PreWarm#callsFor} times so that C2 has its roots before the timed warm-up.
   */
  @Setup
  public void setup() {
    kernels = Widths.kernels(width);
    rows = (int) (Data.LARGE_DATASET_BYTES / Float.BYTES / d);
    X = Data.features(rows * d, 31);
    w = Data.weights(d, 32);
    labels = Data.logisticLabels(X, d, w, 0.1f, 33);
    order = Data.permutation(rows, 34);
    g = new float[d];
    PreWarm.run(batchSize, this::logisticBatchGradient);
    cursor = 0;
  }

  /** One mini-batch gradient into g; returns the bias gradient so it cannot be optimized away. */
  @Benchmark
  public float logisticBatchGradient() {
    int from = cursor;
    if (from > rows - batchSize) {
      from = 0;
    }
    cursor = from + batchSize;
    return kernels.logisticBatchGradient(X, d, order, from, batchSize, labels, w, 0.1f, g);
  }
}
