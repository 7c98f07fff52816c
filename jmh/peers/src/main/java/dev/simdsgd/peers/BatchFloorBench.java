package dev.simdsgd.peers;

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
 * The memory floor of one shuffled mini-batch of {@link PeerBatchGradientBench}: the time to read
 * every 64-byte line of the batch's m rows and their labels, from the same 128 MiB dataset in the
 * same shuffled order, computing nothing else. Every load is independent of the others, so the
 * CPU keeps as many misses in flight as it can. Any batch gradient over these rows, ours or the
 * gather + sgemv pair, has to bring the same lines in, so none can take less time per batch; a
 * peer's time over this floor is therefore the highest speedup any kernel could have over it.
 * One op = one batch's reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", PeerData.PIN_ARRAY_PLACEMENT})
public class BatchFloorBench {
  /** Rows per mini-batch. */
  @Param({"16", "64", "256"})
  public int m;

  /** Feature dimension. */
  @Param({"64", "256", "1024"})
  public int d;

  private float[] X;
  private float[] labels;
  private int[] order;
  private int rows;
  private int cursor;

  /** The dataset and order of PeerBatchGradientBench's shuffled case (same sizes and seeds). */
  @Setup
  public void setup() {
    rows = (int) (PeerData.LARGE_DATASET_BYTES / Float.BYTES / d);
    X = PeerData.features(rows * d, 31);
    labels = PeerData.logisticLabels(X, d, PeerData.weights(d, 32), 0.1f, 33);
    order = PeerData.permutation(rows, 34);
  }

  /** The first order index of the next batch, as PeerBatchGradientBench walks the order. */
  private int nextBatch() {
    int from = cursor;
    if (from > rows - m) {
      from = 0;
    }
    cursor = from + m;
    return from;
  }

  /** Reads the next batch's rows and labels; returns the OR of the bits read. */
  @Benchmark
  public int readBatch() {
    int from = nextBatch();
    int bits = 0;
    for (int k = from; k < from + m; k++) {
      int row = order[k];
      bits |= PeerData.readRowLines(X, d, row);
      bits |= Float.floatToRawIntBits(labels[row]);
    }
    return bits;
  }

  /**
   * The same reads, eight rows at a time, line by line across the eight (line 0 of each, then line
   * 1 of each, ...): eight sequential streams at once, which long rows need for the hardware
   * prefetcher to run ahead on all of them (one row after another leaves it one stream).
   */
  @Benchmark
  public int readBatchEightRowsAtOnce() {
    int from = nextBatch();
    int bits = 0;
    int k = from;
    for (; k + 8 <= from + m; k += 8) {
      int off0 = order[k] * d;
      int off1 = order[k + 1] * d;
      int off2 = order[k + 2] * d;
      int off3 = order[k + 3] * d;
      int off4 = order[k + 4] * d;
      int off5 = order[k + 5] * d;
      int off6 = order[k + 6] * d;
      int off7 = order[k + 7] * d;
      for (int i = 0; i < d; i += PeerData.FLOATS_PER_LINE) {
        bits |= Float.floatToRawIntBits(X[off0 + i]) | Float.floatToRawIntBits(X[off1 + i])
            | Float.floatToRawIntBits(X[off2 + i]) | Float.floatToRawIntBits(X[off3 + i])
            | Float.floatToRawIntBits(X[off4 + i]) | Float.floatToRawIntBits(X[off5 + i])
            | Float.floatToRawIntBits(X[off6 + i]) | Float.floatToRawIntBits(X[off7 + i]);
      }
      for (int j = k; j < k + 8; j++) {
        bits |= Float.floatToRawIntBits(X[order[j] * d + d - 1]) | Float.floatToRawIntBits(labels[order[j]]);
      }
    }
    for (; k < from + m; k++) {
      bits |= PeerData.readRowLines(X, d, order[k]) | Float.floatToRawIntBits(labels[order[k]]);
    }
    return bits;
  }
}
