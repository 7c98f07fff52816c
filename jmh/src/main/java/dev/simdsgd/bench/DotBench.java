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
 * Time of one {@link Kernels#dot} call of length {@code n} on two arrays that stay in the cache
 * level they fit in (n = 1 Mi is 8 MB, beyond L2). 2n flops per call, so GFLOP/s = 2n / (ns/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class DotBench {
  /** Vector length. */
  @Param({"16", "64", "256", "1024", "4096", "65536", "1048576"})
  public int n;

  /** scalar, 128, 256, 512 or preferred (see {@link Widths}). */
  @Param({"scalar", "128", "256", "512", "preferred"})
  public String width;

  private Kernels kernels;
  private float[] a;
  private float[] b;

  /** Builds the two input vectors once per trial. */
  @Setup
  public void setup() {
    kernels = Widths.kernels(width);
    a = Data.features(n, 11);
    b = Data.features(n, 12);
  }

  /** One dot product; the result is returned so it cannot be optimized away. */
  @Benchmark
  public float dot() {
    return kernels.dot(a, 0, b, 0, n);
  }
}
