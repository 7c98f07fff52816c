package dev.simdsgd.peers;

import static dev.simdsgd.peers.EpochProblem.D;
import static dev.simdsgd.peers.EpochProblem.N;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory floor of one shuffled SGD epoch over the {@link EpochProblem}: the time to read
 * every 64-byte line of all N float32 rows (d = 128: 512 B, spanning 8 or 9 lines) and each row's
 * label, in a shuffled order, computing nothing else. Every load is independent of the others,
 * so the CPU keeps as many misses in flight as it can; a trainer that reads these rows in a
 * shuffled order from memory cannot finish an epoch faster. The order is reshuffled before each
 * measurement iteration (outside the timing). One op = one epoch's reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EpochFloorBench {
  private EpochProblem problem;
  private final int[] order = PeerData.identity(N);
  private final SplittableRandom random = new SplittableRandom(45);

  /** Builds the problem once per trial. */
  @Setup
  public void setup() {
    problem = new EpochProblem();
  }

  /** A fresh row order for each iteration. */
  @Setup(Level.Iteration)
  public void reshuffle() {
    PeerData.shuffle(order, random);
  }

  /** Reads all rows in the shuffled order; returns the OR of the bits read so nothing is removed. */
  @Benchmark
  public int readShuffledRows() {
    float[] x = problem.x;
    float[] labels = problem.labels;
    int[] rows = order;
    int bits = 0;
    for (int k = 0; k < N; k++) {
      int row = rows[k];
      bits |= PeerData.readRowLines(x, D, row);
      bits |= Float.floatToRawIntBits(labels[row]);
    }
    return bits;
  }
}
