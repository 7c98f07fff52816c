package dev.simdsgd.peers;

import java.util.SplittableRandom;

/**
 * Seeded synthetic data for the peer benchmarks (a copy of the main suite's generators, kept here
 * so this module compiles on its own): unit-variance float32 features, weights of variance 1/d,
 * 0/1 labels drawn from a logistic model, and shuffled row orders. Measures nothing.
 */
public final class PeerData {
  /** Bytes of feature data in the shuffled mini-batch benchmark: larger than this CPU's L3. */
  public static final long LARGE_DATASET_BYTES = 128L << 20;

  /**
   * The JVM flag that pins where every Java array's elements start: objects on 64-byte lines, so
   * element 0 sits 16 bytes past a line (after the array header), the placement of the C
   * harness's "+16 B" columns. With the default 8-byte object alignment each fork draws one of
   * eight placements (one aligned, seven that split every 512-bit load across two lines), which
   * moved the same dot at n = 1024 between 47 and 70 ns per fork. Pinned, every implementation
   * runs on the same placement, one that splits every 512-bit load as seven of the eight default
   * placements do.
   */
  public static final String PIN_ARRAY_PLACEMENT = "-XX:ObjectAlignmentInBytes=64";

  /** Floats in a 64-byte cache line. */
  public static final int FLOATS_PER_LINE = 16;

  private PeerData() {}

  /**
   * Passes of RooflineBench's read kernel over its {@code kib}-KiB array per op: enough for
   * ≥ 1 MiB of loads per op, so the per-op overhead of JMH and of the final reduction does not
   * count against the small (L1) working sets. Bytes loaded per op = kib·1024·passes.
   */
  public static int readPasses(int kib) {
    return Math.max(1, 1024 / kib);
  }

  /**
   * Reads one float of every 64-byte line that row {@code row} of the row-major {@code x} (rows
   * of d floats) spans, and returns the OR of their bits (so the reads cannot be removed): the
   * loads a memory floor makes per row, each independent of the others.
   */
  public static int readRowLines(float[] x, int d, int row) {
    int off = row * d;
    int bits = 0;
    for (int i = 0; i < d; i += FLOATS_PER_LINE) {
      bits |= Float.floatToRawIntBits(x[off + i]);
    }
    return bits | Float.floatToRawIntBits(x[off + d - 1]); // the row may straddle one more line
  }

  /** Uniform floats in [-√3, √3): mean 0, variance 1. */
  public static float[] features(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[count];
    float scale = (float) Math.sqrt(3.0);
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextDouble(-1.0, 1.0) * scale);
    }
    return values;
  }

  /** Weights with variance 1/d, so that w·x has unit variance on {@link #features} rows. */
  public static float[] weights(int d, long seed) {
    float[] w = features(d, seed);
    float scale = (float) (1.0 / Math.sqrt(d));
    for (int j = 0; j < d; j++) {
      w[j] *= scale;
    }
    return w;
  }

  /** Labels y_i ~ Bernoulli(σ(w*·x_i + b*)) for every row of the row-major {@code X}. */
  public static float[] logisticLabels(float[] X, int d, float[] trueW, float trueBias, long seed) {
    int rows = X.length / d;
    SplittableRandom random = new SplittableRandom(seed);
    float[] labels = new float[rows];
    for (int i = 0; i < rows; i++) {
      double z = trueBias;
      int off = i * d;
      for (int j = 0; j < d; j++) {
        z += X[off + j] * trueW[j];
      }
      labels[i] = random.nextDouble() < 1.0 / (1.0 + Math.exp(-z)) ? 1f : 0f;
    }
    return labels;
  }

  /** 0, 1, ..., n-1 in order. */
  public static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /** 0, 1, ..., n-1 in a seeded random order. */
  public static int[] permutation(int n, long seed) {
    int[] order = identity(n);
    shuffle(order, new SplittableRandom(seed));
    return order;
  }

  /** Fisher–Yates shuffle in place; allocates nothing. */
  public static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
