package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which floats the read-ahead loads: one per 64-byte line (every 16th float of a row) plus each
 * row's last float and, when given, its label; in groups of eight rows, and never a row that only
 * continues a sequential run. A marker bit placed at one position shows whether that position was
 * read, since touchRows returns the OR of the bits it read (and the public readAhead stores it).
 */
class ReadAheadTest {

  private static final int MARK = 1; // the bits of the smallest subnormal

  /** Whether touchRows reads X[position] (labels == null) or labels[position - X.length]. */
  private static boolean reads(int d, int[] rows, int from, int to, int datasetRows, int position, boolean withLabels) {
    float[] X = new float[datasetRows * d];
    float[] labels = withLabels ? new float[datasetRows] : null;
    if (position < X.length) {
      X[position] = Float.intBitsToFloat(MARK);
    } else {
      labels[position - X.length] = Float.intBitsToFloat(MARK);
    }
    return (ReadAhead.touchRows(X, d, rows, from, to, labels) & MARK) != 0;
  }

  /** The positions a full read of row {@code row} loads: every 16th float from its start, and its last. */
  private static List<Integer> linePositions(int d, int row) {
    List<Integer> p = new ArrayList<>();
    for (int i = 0; i < d; i += ReadAhead.FLOATS_PER_LINE) {
      p.add(row * d + i);
    }
    p.add(row * d + d - 1);
    return p;
  }

  @Test
  void shuffledRowsAreReadLineByLineWithTheirLabels() {
    int datasetRows = 40;
    int[] rows = {17, 3, 29, 8, 0, 35, 12, 21, 5, 39, 14}; // one group of eight and three more
    for (int d : new int[] {1, 15, 16, 37, 64, 130}) {
      for (int k = 0; k < rows.length; k++) {
        for (int position : linePositions(d, rows[k])) {
          assertTrue(reads(d, rows, 0, rows.length, datasetRows, position, false), "d=" + d + " row " + rows[k] + " @" + position);
        }
        int label = datasetRows * d + rows[k];
        assertTrue(reads(d, rows, 0, rows.length, datasetRows, label, true), "label of row " + rows[k]);
      }
      // Between line starts nothing else is read (d = 64: float 5 of row 17), nor unlisted rows.
      if (d == 64) {
        assertFalse(reads(d, rows, 0, rows.length, datasetRows, 17 * d + 5, true));
        assertFalse(reads(d, rows, 0, rows.length, datasetRows, 1 * d, true));
        assertFalse(reads(d, rows, 1, rows.length, datasetRows, 17 * d, true), "outside [from, to)");
      }
    }
  }

  @Test
  void aRunOfConsecutiveRowsIsReadOnlyWhereItStarts() {
    int d = 32;
    int datasetRows = 40;
    int[] rows = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 30, 31};
    // Group [10..17]: a run, only row 10 read; group [18..25] continues it: nothing read; then
    // 30 (a jump) is read and 31 (follows 30) is not.
    assertTrue(reads(d, rows, 0, rows.length, datasetRows, 10 * d, false));
    assertTrue(reads(d, rows, 0, rows.length, datasetRows, datasetRows * d + 10, true), "its label");
    assertFalse(reads(d, rows, 0, rows.length, datasetRows, 11 * d, false));
    assertFalse(reads(d, rows, 0, rows.length, datasetRows, 18 * d, false));
    assertFalse(reads(d, rows, 0, rows.length, datasetRows, 25 * d + d - 1, false));
    assertTrue(reads(d, rows, 0, rows.length, datasetRows, 30 * d + 16, false));
    assertFalse(reads(d, rows, 0, rows.length, datasetRows, 31 * d, false));
    // A group with one row out of order is not a run: all eight are read.
    int[] almost = {10, 11, 12, 13, 14, 15, 17, 16};
    for (int r : almost) {
      assertTrue(reads(d, almost, 0, 8, datasetRows, r * d, false), "row " + r);
    }
  }

  /** The bits the public readAhead with labels read, through the sink that keeps its loads alive. */
  private static int readAheadBits(Kernels k, float[] X, int d, int[] rows, float[] labels) {
    k.readAhead(X, d, rows, 0, rows.length, labels);
    return ((AbstractKernels) k).readAheadSink;
  }

  @Test
  void withLabelsTheLabelsOfLongRowsAreReadButNotTheRows() {
    int d = ReadAhead.MAX_D + 44;
    int[] rows = {2, 0, 5};
    for (Kernels k : Kernels.available()) {
      for (int position = 0; position < 6; position++) {
        float[] labels = new float[6];
        labels[position] = Float.intBitsToFloat(MARK);
        boolean listed = position == 2 || position == 0 || position == 5;
        assertEquals(listed, (readAheadBits(k, new float[6 * d], d, rows, labels) & MARK) != 0,
            k.name() + " label " + position);
      }
      float[] X = new float[6 * d];
      X[2 * d] = Float.intBitsToFloat(MARK);
      assertEquals(0, readAheadBits(k, X, d, rows, new float[6]) & MARK, k.name() + ": a row of d > 256 was read");
      // At d <= 256 the rows are read too, with their labels.
      int shortD = ReadAhead.MAX_D;
      float[] shortX = new float[6 * shortD];
      shortX[5 * shortD + 16] = Float.intBitsToFloat(MARK);
      assertTrue((readAheadBits(k, shortX, shortD, rows, new float[6]) & MARK) != 0, k.name() + " d = 256");
    }
  }

  @Test
  void anEmptyRangeReadsNothing() {
    assertEquals(0, ReadAhead.touchRows(new float[] {1f, 2f}, 1, new int[] {0, 1}, 1, 1, new float[] {1f, 1f}));
  }
}
