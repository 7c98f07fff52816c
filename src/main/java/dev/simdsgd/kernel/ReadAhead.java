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
 * <p>Cost: ⌈d/16⌉ + 1 scalar loads per row that does not follow its predecessor in X; a row
 * already in cache costs a few L1 hits.
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
   * {@code X} (none if the range is empty) and returns the OR of their bits, which the caller
   * must store somewhere (a plain field write suffices) so that the loads are not optimized away.
   * A row that directly follows the previous listed row in X is skipped: a run of consecutive rows
   * is one sequential stream, which the hardware prefetcher follows by itself (and in cache, as
   * in an unshuffled batch, touching it is pure overhead: 14% of a hot m = 64, d = 64 batch).
   */
  static int touchRows(float[] X, int d, int[] rows, int from, int to) {
    int bits = 0;
    int previousRow = -2;
    for (int k = from; k < to; k++) {
      int row = rows[k];
      boolean followsPrevious = row == previousRow + 1;
      previousRow = row;
      if (followsPrevious) {
        continue; // the line after the previous row's: the hardware prefetcher streams it
      }
      int off = row * d;
      for (int i = 0; i < d; i += FLOATS_PER_LINE) {
        bits |= Float.floatToRawIntBits(X[off + i]);
      }
      bits |= Float.floatToRawIntBits(X[off + d - 1]); // the row may straddle one more line
    }
    return bits;
  }
}
