package dev.simdsgd.peers;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DRAM load-to-use latency, measured in the same run as the kernels: a dependent chase through a
 * random single-cycle permutation of a 512 MiB int[] (each step a cache miss, no overlap). One op
 * is one step, so the score is ns per dependent random DRAM access. Together with the streaming
 * bandwidth of {@link RooflineBench} it bounds what shuffled, row-at-a-time SGD can reach.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LatencyBench {
  /** Dependent steps per call. */
  static final int STEPS = 1 << 16;
  private static final int SIZE = 128 << 20; // ints: 512 MiB

  private int[] next;
  private int at;

  /** Builds one random cycle through all slots (Sattolo's algorithm). */
  @Setup
  public void setup() {
    next = new int[SIZE];
    int[] order = PeerData.identity(SIZE);
    SplittableRandom random = new SplittableRandom(99);
    for (int i = SIZE - 1; i > 0; i--) {
      int j = random.nextInt(i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int i = 0; i < SIZE; i++) {
      next[order[i]] = order[(i + 1) % SIZE];
    }
  }

  /** {@value #STEPS} dependent random loads. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public int chase() {
    int p = at;
    int[] n = next;
    for (int s = 0; s < STEPS; s++) {
      p = n[p];
    }
    at = p;
    return p;
  }
}
