package dev.simdsgd.peers;

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
 * One mean logistic-loss gradient of an m-row mini-batch of dimension d: {@code ours} is the fused
 * {@link Kernels#logisticBatchGradient} (reads each row in place, once); {@code netlibJava} and
 * {@code openblasJni} (parameter {@code method}) are the {@link GemvPair} (gather into a contiguous block, then two sgemv
 * calls that each read the block).
 *
 * <p>{@code data=shuffled}: the batch is the next m entries of a shuffled permutation of a 128 MiB
 * dataset (larger than L3), as in training; the pair gathers the rows first. {@code data=hot}:
 * the dataset is exactly the m rows, in order, so it stays in cache and is already contiguous;
 * the pair runs its two sgemv calls on it directly, with no gather.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g",
    PeerData.PIN_ARRAY_PLACEMENT})
public class PeerBatchGradientBench {
  /** Mini-batch size. */
  @Param({"16", "64", "256"})
  public int m;

  /** Feature dimension. */
  @Param({"64", "256", "1024"})
  public int d;

  /** shuffled (rows from a 128 MiB dataset) or hot (m contiguous rows, in cache). */
  @Param({"shuffled", "hot"})
  public String data;

  /** ours, netlibJava or openblasJni (named apart from PeerDotBench's impl, so -p can differ). */
  @Param({"ours", "netlibJava", "openblasJni"})
  public String method;

  private Kernels kernels;
  private GemvPair pair;
  private boolean gather;
  private float[] X;
  private float[] labels;
  private int[] order;
  private int rows;
  private float[] w;
  private float[] g;
  private int cursor;

  /**
   * Builds the dataset once per trial, checks the implementation against the scalar kernel and
   * pre-warms it ({@link #preWarm}).
   */
  @Setup
  public void setup() {
    gather = data.equals("shuffled");
    if (!gather && !data.equals("hot")) {
      throw new IllegalArgumentException("data must be shuffled or hot, was " + data);
    }
    rows = gather ? (int) (PeerData.LARGE_DATASET_BYTES / Float.BYTES / d) : m;
    X = PeerData.features(rows * d, 31);
    w = PeerData.weights(d, 32);
    labels = PeerData.logisticLabels(X, d, w, 0.1f, 33);
    order = gather ? PeerData.permutation(rows, 34) : PeerData.identity(rows);
    g = new float[d];
    if (method.equals("ours")) {
      kernels = Kernels.preferred();
    } else {
      pair = new GemvPair(Blas.of(method), m, d);
    }
    check();
    preWarm();
  }

  /**
   * Runs the benchmark's own operation {@link PreWarm#callsFor}(m) times, about
   * {@link PreWarm#ROOT_CALLS} root calls of our kernel (the same number of calls for every method,
   * so that each is timed after the same treatment), then rewinds the batch cursor.
   */
  private void preWarm() {
    PreWarm.run(m, this::gradient);
    cursor = 0;
  }

  private void check() {
    float[] expected = new float[d];
    float eb = Kernels.scalar().logisticBatchGradient(X, d, order, 0, m, labels, w, 0.1f, expected);
    cursor = 0;
    float gotBias = gradient();
    cursor = 0;
    double tol = 1e-4;
    boolean ok = Math.abs(gotBias - eb) <= tol;
    for (int j = 0; j < d && ok; j++) {
      ok = Math.abs(g[j] - expected[j]) <= tol;
    }
    if (!ok) {
      throw new IllegalStateException(method + " batch gradient disagrees with the scalar kernel (m="
          + m + ", d=" + d + ")");
    }
  }

  /** One mini-batch gradient into g; returns the bias gradient so it cannot be optimized away. */
  @Benchmark
  public float gradient() {
    int from = cursor;
    if (from > rows - m) {
      from = 0;
    }
    cursor = from + m;
    if (kernels != null) {
      return kernels.logisticBatchGradient(X, d, order, from, m, labels, w, 0.1f, g);
    }
    return pair.gradient(X, d, order, from, m, labels, w, 0.1f, g, gather);
  }
}
