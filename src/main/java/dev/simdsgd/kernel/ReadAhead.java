package dev.simdsgd.kernel;

/**
 * Starts shuffled rows on their way from memory before they are computed on. The JVM has no
 * prefetch instruction, so this reads one float of every 64-byte line of each row; the reads of a
 * chunk of rows are independent, so the CPU keeps many cache misses in flight at once instead of
 * waiting for one row after another. Nothing is computed and nothing is written but one int.
 *
 * <p>Only short rows are read ahead: a row of more than {@link #MAX_D} floats is streamed by the
 * hardware prefetcher once its first line arrives (touching such rows was measured slower).
 *
 * <p>Cost: ⌈d/16⌉ + 1 scalar loads per row read (plus its label when labels are given); a row
 * already in cache costs a few L1 hits, and a run of consecutive rows costs only its first row.
 */
final class ReadAhead {

  /** Floats in a 64-byte cache line: the stride of the reads. */
  static final int FLOATS_PER_LINE = 16;

  /** Rows of at most this many floats (1 KiB) are read ahead; longer rows are left alone. */
  static final int MAX_D = 256;

  /** Floats read ahead per chunk of rows: 32 KiB, the L1 data cache of current x86 cores. */
  private static final int CHUNK_FLOATS = 1 << 13;

  private ReadAhead() {}

  /**
   * Rows per read-ahead chunk for rows of d floats: about {@link #CHUNK_FLOATS} floats, a whole
   * number of the batch kernels' 8-row blocks.
   */
  static int chunkRows(int d) {
    return Math.max(8, (CHUNK_FLOATS / d) & ~7);
  }

  /**
   * Reads one float in every 64-byte line of the rows {@code rows[from..to)} of the row-major
   * {@code X} (none if the range is empty), and each of their labels when {@code labels} is not
   * null, and returns the OR of their bits, which the caller must store somewhere (a plain field
   * write suffices) so that the loads are not optimized away.
   *
   * <p>Rows go eight at a time, line by line across the eight (line 0 of each row, then line 1 of
   * each, ...), so that eight rows' misses are in flight together rather than one row's lines
   * after another; with their labels, this read a shuffled batch of 64 rows 10% (d = 64) to 21%
   * (d = 256) faster than row by row without labels (scratch JMH, 3 forks, 128 MiB dataset). A
   * group of eight consecutive rows of X is one sequential stream, which the hardware prefetcher
   * follows by itself (and in cache, as in an unshuffled batch, touching it is pure overhead: 14%
   * of a hot m = 64, d = 64 batch): only its first row is read, and only when it does not follow
   * the previous group. The last to − from mod 8 rows go one at a time, each skipped when it
   * follows the previous listed row.
   */
  static int touchRows(float[] X, int d, int[] rows, int from, int to, float[] labels) {
    int bits = 0;
    int previousRow = -2;
    int k = from;
    for (; k + 8 <= to; k += 8) {
      int row0 = rows[k];
      if (isRunOfEight(rows, k)) {
        if (row0 != previousRow + 1) {
          bits |= touchRow(X, d, row0, labels);
        }
        previousRow = row0 + 7;
        continue;
      }
      int off0 = row0 * d;
      int off1 = rows[k + 1] * d;
      int off2 = rows[k + 2] * d;
      int off3 = rows[k + 3] * d;
      int off4 = rows[k + 4] * d;
      int off5 = rows[k + 5] * d;
      int off6 = rows[k + 6] * d;
      int off7 = rows[k + 7] * d;
      for (int i = 0; i < d; i += FLOATS_PER_LINE) {
        bits |= Float.floatToRawIntBits(X[off0 + i]) | Float.floatToRawIntBits(X[off1 + i])
            | Float.floatToRawIntBits(X[off2 + i]) | Float.floatToRawIntBits(X[off3 + i])
            | Float.floatToRawIntBits(X[off4 + i]) | Float.floatToRawIntBits(X[off5 + i])
            | Float.floatToRawIntBits(X[off6 + i]) | Float.floatToRawIntBits(X[off7 + i]);
      }
      for (int j = k; j < k + 8; j++) { // each row may straddle one more line
        int row = rows[j];
        bits |= Float.floatToRawIntBits(X[row * d + d - 1]);
        if (labels != null) {
          bits |= Float.floatToRawIntBits(labels[row]);
        }
      }
      previousRow = rows[k + 7];
    }
    for (; k < to; k++) {
      int row = rows[k];
      if (row != previousRow + 1) {
        bits |= touchRow(X, d, row, labels);
      }
      previousRow = row;
    }
    return bits;
  }

  /**
   * Reads {@code labels[rows[k]]} for k in [from, to) and returns the OR of their bits (to be
   * stored, as for {@link #touchRows}): the labels alone, for rows too long to read ahead.
   */
  static int touchLabels(int[] rows, int from, int to, float[] labels) {
    int bits = 0;
    for (int k = from; k < to; k++) {
      bits |= Float.floatToRawIntBits(labels[rows[k]]);
    }
    return bits;
  }

  /** Whether rows[k..k+8) are eight consecutive rows of X, in order. */
  private static boolean isRunOfEight(int[] rows, int k) {
    int row0 = rows[k];
    for (int j = 1; j < 8; j++) {
      if (rows[k + j] != row0 + j) {
        return false;
      }
    }
    return true;
  }

  /** One float of every line of row {@code row} and, if labels is not null, its label. */
  private static int touchRow(float[] X, int d, int row, float[] labels) {
    int off = row * d;
    int bits = 0;
    for (int i = 0; i < d; i += FLOATS_PER_LINE) {
      bits |= Float.floatToRawIntBits(X[off + i]);
    }
    bits |= Float.floatToRawIntBits(X[off + d - 1]); // the row may straddle one more line
    return labels == null ? bits : bits | Float.floatToRawIntBits(labels[row]);
  }
}
