package dev.simdsgd.peers;

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
 * What holds the hot mini-batch gradient at large d: the fused kernel on m hot rows against plain
 * vector reads of the same rows ({@link RooflineBench#sum}), on the peers' pinned array placement.
 * An 8-row block of the kernel issues 18 vector loads per L lanes of a row (8 row loads for the
 * dots, 8 again for the g pass, one of w, one of g), so comparing its time per block with the time
 * the plain reads take for that many loads gives the fraction of the load rate it reaches, with
 * the rows in L1 (m = 8 at d = 1024: 32 KiB) or in L2 (m ≥ 16).
 *
 * <p>Not part of the default peers run; run it alone with {@code java -cp
 * 'jmh/peers/target/simd-sgd-jmh-peers.jar:jmh/peers/target/lib/*' org.openjdk.jmh.Main
 * BlockLoadRateBench -prof gc}. The README's "What bounds each miss" quotes it. Cost: 18 forks of
 * about 6 s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g",
    PeerData.PIN_ARRAY_PLACEMENT})
public class BlockLoadRateBench {
  /** Rows, all hot: 8 is one block. */
  @Param({"8", "16", "64"})
  public int m;

  /** Feature dimension. */
  @Param({"1024"})
  public int d;

  /** gradient (the fused kernel) or read (the same rows' floats summed with plain vector loads). */
  @Param({"gradient", "read"})
  public String op;

  private Kernels kernels;
  private boolean read;
  private float[] X;
  private float[] labels;
  private int[] rows;
  private float[] w;
  private float[] g;

  /** Builds m rows in order, so the batch is hot and contiguous, as PeerBatchGradientBench's hot data. */
  @Setup
  public void setup() {
    read = op.equals("read");
    if (!read && !op.equals("gradient")) {
      throw new IllegalArgumentException("op must be gradient or read, was " + op);
    }
    kernels = Kernels.preferred();
    X = PeerData.features(m * d, 31);
    w = PeerData.weights(d, 32);
    labels = PeerData.logisticLabels(X, d, w, 0.1f, 33);
    rows = PeerData.identity(m);
    g = new float[d];
  }

  /** One gradient of the m rows, or one read of them; returns a value so nothing is removed. */
  @Benchmark
  public float run() {
    if (read) {
      return RooflineBench.sum(X);
    }
    return kernels.logisticBatchGradient(X, d, rows, 0, m, labels, w, 0.1f, g);
  }
}
