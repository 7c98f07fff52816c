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
 * Time of {@link Kernels#dot} (n = 4096, in L1) on normal inputs and on denormal-heavy ones: one
 * operand's values scaled into the subnormal range (about 1e-39), so every product and partial sum
 * is subnormal too. Dividing the two times, per width, gives the cost of subnormal arithmetic on
 * this CPU. Correctness on subnormal inputs is covered by the unit tests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class DenormalBench {
  private static final int N = 4096;

  /** normal (values in [-1, 1]) or denormal (the same values times 1e-39f). */
  @Param({"normal", "denormal"})
  public String values;

  /** scalar, 128, 256, 512 or preferred (see {@link Widths}). */
  @Param({"scalar", "128", "256", "512", "preferred"})
  public String width;

  private Kernels kernels;
  private float[] a;
  private float[] b;

  /** Builds the inputs once per trial. */
  @Setup
  public void setup() {
    kernels = Widths.kernels(width);
    a = Data.features(N, 21);
    b = Data.features(N, 22);
    if ("denormal".equals(values)) {
      for (int i = 0; i < N; i++) {
        a[i] *= 1e-39f; // subnormal: below Float.MIN_NORMAL (1.18e-38)
      }
    } else if (!"normal".equals(values)) {
      throw new IllegalArgumentException("values must be normal or denormal, was " + values);
    }
  }

  /** One dot product of n = 4096 (a is subnormal in the denormal case). */
  @Benchmark
  public float dot() {
    return kernels.dot(a, 0, b, 0, N);
  }
}
