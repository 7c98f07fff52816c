package dev.simdsgd.kernel;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures, in its own JVM, the bytes per call of each kernel at one lane width once C2 has
 * compiled it, for {@link KernelAllocationTest}. Each shape is called in rounds of
 * {@value #CALLS_PER_ROUND} calls until a round allocates less than one byte per call or the
 * budget runs out; prints one line per shape, "shape TAB fewest-bytes-per-call TAB rounds", then
 * "end". Measures no time.
 *
 * <p>The shapes cover the 8-row blocks with and without a scalar tail, the 16-row blocks (with a
 * tail, followed by an 8-row block), the small-batch and single-row paths, the loss-statistics
 * pass, the per-example gradient, the momentum update, the fused per-example SGD steps, the update
 * fused with the next row's dot, and a dot long enough to be compiled through on-stack
 * replacement.
 */
public final class KernelAllocationProbe {
  private static final long BUDGET_NANOS = 15_000_000_000L;
  private static final int CALLS_PER_ROUND = 2_000;

  /** One kernel call on prepared data; returns something so that the call cannot be dropped. */
  private interface Call {
    float run();
  }

  private KernelAllocationProbe() {}

  /** args[0]: the lane width in bits; args[1], optional: a regular expression; only the shapes whose name it finds run. */
  public static void main(String[] args) {
    Kernels k = Kernels.ofBits(Integer.parseInt(args[0]));
    Map<String, Call> shapes = new LinkedHashMap<>();
    shapes.put("dot n=256", dot(k, 256));
    shapes.put("dot n=1048576", dot(k, 1 << 20));
    shapes.put("logistic batch m=32 d=1024", batch(k, true, 32, 1024, false));
    shapes.put("logistic batch m=64 d=64 with stats", batch(k, true, 64, 64, true));
    shapes.put("logistic batch m=13 d=37 (tails)", batch(k, true, 13, 37, false));
    shapes.put("logistic batch m=40 d=100 (16-row blocks, tails)", batch(k, true, 40, 100, false));
    shapes.put("logistic batch m=5 d=64 (small batch)", batch(k, true, 5, 64, false));
    shapes.put("squared batch m=24 d=256 with stats", batch(k, false, 24, 256, true));
    shapes.put("logistic example d=300", example(k, 300));
    shapes.put("momentum update d=1000", momentum(k, 1000));
    shapes.put("logistic sgd step d=128", step(k, true, 128));
    shapes.put("squared sgd step d=1003 (tails)", step(k, false, 1003));
    shapes.put("update then dot d=128", updateThenDot(k, 128));
    shapes.put("update then dot d=1003 (tails)", updateThenDot(k, 1003));
    if (args.length > 1) {
      java.util.regex.Pattern wanted = java.util.regex.Pattern.compile(args[1]);
      shapes.keySet().removeIf(name -> !wanted.matcher(name).find());
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    float sink = 0f;
    for (Map.Entry<String, Call> shape : shapes.entrySet()) {
      Call call = shape.getValue();
      long start = System.nanoTime();
      double fewest = Double.MAX_VALUE;
      int rounds = 0;
      while (fewest >= 1.0 && System.nanoTime() - start < BUDGET_NANOS) {
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < CALLS_PER_ROUND; i++) {
          sink += call.run();
        }
        fewest = Math.min(fewest, (threads.getThreadAllocatedBytes(id) - before) / (double) CALLS_PER_ROUND);
        rounds++;
      }
      System.out.println(shape.getKey() + "\t" + fewest + "\t" + rounds);
    }
    System.err.println("sink " + sink); // keeps the results alive
    System.out.println("end");
  }

  private static float[] gaussian(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static Call dot(Kernels k, int n) {
    float[] a = gaussian(n, 1);
    float[] b = gaussian(n, 2);
    return () -> k.dot(a, 0, b, 0, n);
  }

  /** Batches of m rows taken in turn from a shuffled order of 64·m rows. */
  private static Call batch(Kernels k, boolean logistic, int m, int d, boolean withStats) {
    int rows = 64 * m;
    float[] X = gaussian(rows * d, 3);
    float[] labels = new float[rows];
    SplittableRandom random = new SplittableRandom(4);
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = logistic ? random.nextInt(2) : (float) random.nextGaussian();
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    float[] w = gaussian(d, 5);
    for (int i = 0; i < d; i++) {
      w[i] *= 0.1f;
    }
    float[] g = new float[d];
    float[] stats = new float[1];
    int[] cursor = {0};
    return () -> {
      int from = cursor[0];
      cursor[0] = (from + m) % rows;
      if (withStats) {
        return logistic
            ? k.logisticBatchGradient(X, d, order, from, m, labels, w, 0.1f, g, stats)
            : k.squaredBatchGradient(X, d, order, from, m, labels, w, 0.1f, g, stats);
      }
      return logistic
          ? k.logisticBatchGradient(X, d, order, from, m, labels, w, 0.1f, g)
          : k.squaredBatchGradient(X, d, order, from, m, labels, w, 0.1f, g);
    };
  }

  private static Call example(Kernels k, int d) {
    float[] x = gaussian(d, 6);
    float[] w = gaussian(d, 7);
    float[] g = new float[d];
    return () -> k.logisticGradient(x, 0, d, 1f, w, 0.1f, g);
  }

  private static Call momentum(Kernels k, int d) {
    float[] g = gaussian(d, 8);
    float[] v = new float[d];
    float[] w = new float[d];
    return () -> {
      k.momentumUpdate(1e-6f, 0.9f, 1e-4f, g, v, w, d);
      return w[0];
    };
  }

  private static Call step(Kernels k, boolean logistic, int d) {
    float[] x = gaussian(d, 9);
    float[] w = new float[d];
    float[] v = new float[d];
    return logistic
        ? () -> k.logisticSgdStep(x, 0, d, 1f, w, 0.1f, v, 1e-6f, 0.9f, 1e-4f)
        : () -> k.squaredSgdStep(x, 0, d, 0.5f, w, 0.1f, v, 1e-6f, 0.9f, 1e-4f);
  }

  /** The pipelined step's update and next dot, over two rows of one matrix in turn. */
  private static Call updateThenDot(Kernels k, int d) {
    float[] X = gaussian(2 * d, 10);
    float[] w = new float[d];
    float[] v = new float[d];
    int[] row = {0};
    return () -> {
      int off = row[0] * d;
      row[0] ^= 1;
      return k.sgdUpdateThenDot(0.25f, X, off, d, w, v, 1e-6f, 0.9f, 1e-4f, X, row[0] * d);
    };
  }
}
