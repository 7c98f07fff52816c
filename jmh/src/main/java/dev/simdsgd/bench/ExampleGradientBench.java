package dev.simdsgd.bench;

import dev.simdsgd.kernel.Kernels;
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
 * Time of one per-example {@link Kernels#logisticGradient} call in dimension {@code d}: the fused
 * dot, sigmoid residual and g += r·x. The 8 rows it cycles through stay in L1/L2, so this is the
 * compute cost of one example, without memory traffic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class ExampleGradientBench {
  private static final int ROWS = 8;

  /** Feature dimension. */
  @Param({"16", "64", "256", "1024"})
  public int d;

  /** scalar, 128, 256, 512 or preferred (see {@link Widths}). */
  @Param({"scalar", "128", "256", "512", "preferred"})
  public String width;

  private Kernels kernels;
  private float[] x;
  private float[] labels;
  private float[] w;
  private float[] g;
  private int next;

  /** Builds the rows, labels and weights once per trial. */
  @Setup
  public void setup() {
    kernels = Widths.kernels(width);
    x = Data.features(ROWS * d, 21);
    w = Data.weights(d, 22);
    labels = Data.logisticLabels(x, d, w, 0.1f, 23);
    g = new float[d];
  }

  /** One example's gradient, accumulated into g; returns the residual r (the bias gradient). */
  @Benchmark
  public float logisticGradient() {
    int row = next;
    next = (row + 1) & (ROWS - 1);
    return kernels.logisticGradient(x, row * d, d, labels[row], w, 0.1f, g);
  }
}
