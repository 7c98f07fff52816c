package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.Synthetic;
import dev.simdsgd.kernel.DelegatingKernels;
import dev.simdsgd.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer reads rows ahead for batches under 8 rows: every row of every epoch is covered by a
 * {@link Kernels#readAhead} call made before the step that uses it, over the trainer's own row
 * order; from 8 rows on it leaves that to the batch gradient and never calls it. The read-ahead
 * changes no result: the trained weights equal those of a kernel whose readAhead does nothing.
 */
class TrainerReadAheadTest {

  /** Scalar kernels that log each readAhead range and each logistic batch-gradient range, in call order. */
  static final class Recording extends DelegatingKernels {
    final boolean readAheadDoesNothing;
    /** {kind, rows identity, from, m}: kind 0 = readAhead, 1 = batch gradient. */
    final List<Object[]> calls = new ArrayList<>();

    Recording(boolean readAheadDoesNothing) {
      super(Kernels.scalar());
      this.readAheadDoesNothing = readAheadDoesNothing;
    }

    @Override
    public float logisticBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] labels,
        float[] w, float bias, float[] g) {
      calls.add(new Object[] {1, rows, from, m});
      return super.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g);
    }

    @Override
    public float logisticBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] labels,
        float[] w, float bias, float[] g, float[] stats) {
      calls.add(new Object[] {1, rows, from, m});
      return super.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats);
    }

    @Override
    public void readAhead(float[] X, int d, int[] rows, int from, int m) {
      calls.add(new Object[] {0, rows, from, m});
      if (!readAheadDoesNothing) {
        super.readAhead(X, d, rows, from, m);
      }
    }

    @Override
    public void readAhead(float[] X, int d, int[] rows, int from, int m, float[] labels) {
      calls.add(new Object[] {0, rows, from, m});
      if (!readAheadDoesNothing) {
        super.readAhead(X, d, rows, from, m, labels);
      }
    }
  }

  private static final int N = 103;

  private static SgdTrainer trainer(Dataset data, int batchSize, Kernels kernels) {
    return new SgdTrainer(data, TrainOptions.builder().batchSize(batchSize).epochs(3).learningRate(0.05)
        .momentum(0.5).seed(7).kernels(kernels).evaluateEachEpoch(false).build());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 7})
  void smallBatchesReadEveryRowAheadBeforeUsingIt(int batchSize) {
    Dataset data = Synthetic.logistic(N, 6, 3).data();
    Recording k = new Recording(false);
    trainer(data, batchSize, k).train();
    int readAheads = 0;
    int readUpTo = 0; // rows [0, readUpTo) of this epoch's order have been read ahead
    int[] rowsSeen = null;
    int[] readCount = new int[N];
    for (Object[] c : k.calls) {
      int from = (Integer) c[2];
      int m = (Integer) c[3];
      if ((Integer) c[0] == 0) {
        readAheads++;
        if (from == 0) {
          readUpTo = 0; // a new epoch
          rowsSeen = (int[]) c[1];
        }
        assertEquals(readUpTo, from, "readAhead skips or repeats rows");
        assertTrue(m > 0 && m <= 32, "readAhead of " + m + " rows");
        readUpTo = from + m;
        for (int i = from; i < from + m; i++) {
          readCount[i]++;
        }
      } else {
        assertTrue(rowsSeen == c[1], "readAhead and the step use different row orders");
        assertTrue(from + m <= readUpTo, "step [" + from + ", " + (from + m) + ") runs before rows up to "
            + readUpTo + " were read ahead");
      }
    }
    assertEquals(3 * ((N + 31) / 32), readAheads, "one readAhead per 32 rows per epoch");
    int[] expected = new int[N];
    Arrays.fill(expected, 3);
    assertArrayEquals(expected, readCount, "every position of the order read ahead once per epoch");
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 32})
  void largerBatchesLeaveReadAheadToTheKernel(int batchSize) {
    Recording k = new Recording(false);
    trainer(Synthetic.logistic(N, 6, 3).data(), batchSize, k).train();
    assertTrue(k.calls.stream().noneMatch(c -> (Integer) c[0] == 0), "readAhead called at batch " + batchSize);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void readAheadChangesNoResult(int batchSize) {
    Dataset data = Synthetic.logistic(N, 6, 3).data();
    float[] with = trainer(data, batchSize, new Recording(false)).train().model().weights();
    float[] without = trainer(data, batchSize, new Recording(true)).train().model().weights();
    assertArrayEquals(without, with);
  }
}
