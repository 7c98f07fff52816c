package dev.simdsgd.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed workload over every kernel, recorded as the bits of every result, for the determinism
 * and thread-safety tests. {@link #main} prints it for every width of {@link Kernels#available()}
 * so that child JVMs started with {@code -Xint}, {@code -XX:TieredStopAtLevel=1} or default flags
 * can be compared with each other and with the test JVM.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp ... dev.simdsgd.kernel.DeterminismProbe
 * WARMUP}, where WARMUP is how many times the workload runs (and must repeat itself exactly)
 * before it is printed, so that a default JVM prints results computed by C2.
 *
 * <p>Bits are {@link Float#floatToIntBits}: every NaN counts as one value, because Java leaves
 * NaN signs and payloads open and HotSpot's tiers do produce different ones (see
 * {@link KernelPropertiesTest#sameBits}). All other results are compared exactly.
 */
public final class DeterminismProbe {

  /** Sizes of the workload: small for the determinism probe (it also runs under -Xint). */
  record Size(int d, int m, int rowsInX, int[] dotLengths) {}

  static final Size SMALL = new Size(37, 11, 15, new int[] {0, 1, 3, 7, 16, 33, 64, 100});
  static final Size LARGE = new Size(257, 24, 40, new int[] {0, 5, 63, 64, 65, 255, 1000, 4096});

  private DeterminismProbe() {}

  /** The bits of every result of a fixed sequence of calls of {@code k} on data drawn from {@code seed}. */
  static int[] trace(Kernels k, long seed, Size size) {
    SplittableRandom r = new SplittableRandom(seed);
    Bits out = new Bits();
    int d = size.d();
    int m = size.m();
    int maxLength = Arrays.stream(size.dotLengths()).max().orElse(0);
    float[] a = gaussian(r, maxLength + 3);
    float[] b = gaussian(r, maxLength + 3);
    for (int n : size.dotLengths()) {
      out.add(k.dot(a, 0, b, 0, n));
      out.add(k.dot(a, 3, b, 1, n));
    }
    float[] y = gaussian(r, maxLength + 3);
    k.axpy(0.37f, a, 1, y, 2, maxLength);
    out.add(y);

    float[] X = gaussian(r, size.rowsInX() * d);
    float[] labels = new float[size.rowsInX()];
    float[] targets = gaussian(r, size.rowsInX());
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3 == 0 ? 0f : i % 3 == 1 ? 1f : (float) r.nextDouble();
    }
    int[] rows = new int[m + 2];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = r.nextInt(size.rowsInX());
    }
    float[] w = gaussian(r, d);
    for (int j = 0; j < d; j++) {
      w[j] *= 0.3f;
    }
    float[] g = gaussian(r, d);
    out.add(k.logisticGradient(X, d, d, 1f, w, 0.2f, g));
    out.add(k.squaredGradient(X, 2 * d, d, 0.7f, w, -0.1f, g));
    out.add(g);

    float[] stats = new float[1];
    out.add(k.logisticBatchGradient(X, d, rows, 1, m, labels, w, 0.05f, g, stats));
    out.add(stats[0]);
    out.add(g);
    out.add(k.logisticBatchGradient(X, d, rows, 2, m, labels, w, 0.05f, g));
    out.add(g);
    out.add(k.squaredBatchGradient(X, d, rows, 0, m, targets, w, 0.05f, g, stats));
    out.add(stats[0]);
    out.add(g);
    out.add(k.squaredBatchGradient(X, d, rows, 1, m - 1, targets, w, 0.05f, g));
    out.add(g);

    // A few steps of mini-batch SGD with momentum and L2: every kernel feeds the next.
    float[] v = new float[d];
    for (int step = 0; step < 5; step++) {
      out.add(k.logisticBatchGradient(X, d, rows, step % 3, m, labels, w, 0.05f, g, stats));
      out.add(stats[0]);
      k.momentumUpdate(0.5f, 0.9f, 1e-3f, g, v, w, d);
    }
    out.add(v);
    out.add(w);

    // A few fused per-example steps, both losses, with momentum and L2.
    for (int step = 0; step < 5; step++) {
      int row = rows[step % rows.length];
      out.add(k.logisticSgdStep(X, row * d, d, labels[row], w, 0.05f, v, 0.5f, 0.9f, 1e-3f));
      out.add(k.squaredSgdStep(X, row * d, d, targets[row], w, 0.05f, v, 0.01f, 0f, 0f));
    }
    out.add(v);
    out.add(w);

    // The same kind of steps pipelined: each update fused with the next row's dot.
    float z = k.dot(X, rows[0] * d, w, 0, d) + 0.05f;
    for (int step = 0; step < 5; step++) {
      int row = rows[step % rows.length];
      int next = rows[(step + 1) % rows.length];
      float residual = Logistic.residual(z, labels[row]);
      out.add(residual);
      z = k.sgdUpdateThenDot(residual, X, row * d, d, w, v, 0.5f, 0.9f, 1e-3f, X, next * d) + 0.05f;
    }
    out.add(z);
    out.add(v);
    out.add(w);

    // Inputs with NaN, ±Inf, ±MAX and subnormals: the special results must repeat too.
    float[] xs = gaussian(r, d);
    xs[1] = Float.MIN_VALUE;
    xs[2] = -Float.MAX_VALUE;
    xs[d - 1] = Float.NaN;
    out.add(k.dot(xs, 0, w, 0, d - 1));
    out.add(k.dot(xs, 0, w, 0, d));
    float[] g2 = new float[d];
    out.add(k.logisticGradient(xs, 0, d - 1, 0f, w, Float.POSITIVE_INFINITY, g2));
    out.add(g2);
    return out.toArray();
  }

  /** Bits of σ and the log-loss on 2 000 seeded z of every magnitude, plus the specials. */
  static int[] logisticTrace() {
    SplittableRandom r = new SplittableRandom(77);
    Bits out = new Bits();
    float[] specials = {0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, 17f, -104f, 88.7f};
    List<Float> zs = new ArrayList<>();
    for (float s : specials) {
      zs.add(s);
    }
    for (int i = 0; i < 2000; i++) {
      zs.add((float) ((r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-8, 3))));
    }
    for (float z : zs) {
      out.add(Logistic.sigmoid(z));
      out.add(Logistic.logLoss(z, 0f));
      out.add(Logistic.logLoss(z, 1f));
      out.add(Logistic.logLoss(z, 0.3f));
    }
    return out.toArray();
  }

  /** The printed form: one header line per width, then the hex bits, 16 to a line. */
  static List<String> lines(int warmup) {
    List<String> lines = new ArrayList<>();
    for (Kernels k : Kernels.available()) {
      int[] first = trace(k, 42, SMALL);
      for (int i = 0; i < warmup; i++) {
        int[] again = trace(k, 42, SMALL);
        if (!Arrays.equals(first, again)) {
          throw new IllegalStateException(k.name() + ": the workload changed its result at repetition " + i
              + " (first differing entry " + KernelDeterminismTest.firstDifference(first, again) + ")");
        }
      }
      lines.add("kernels " + k.name());
      addHex(lines, first);
    }
    int[] logistic = logisticTrace();
    for (int i = 0; i < warmup; i++) {
      if (!Arrays.equals(logistic, logisticTrace())) {
        throw new IllegalStateException("Logistic changed its result at repetition " + i);
      }
    }
    lines.add("logistic");
    addHex(lines, logistic);
    return lines;
  }

  private static void addHex(List<String> lines, int[] bits) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < bits.length; i++) {
      line.append(String.format("%08x", bits[i]));
      if (i % 16 == 15 || i == bits.length - 1) {
        lines.add(line.toString());
        line.setLength(0);
      } else {
        line.append(' ');
      }
    }
  }

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    System.out.println("vm " + System.getProperty("java.vm.info"));
    for (String line : lines(warmup)) {
      System.out.println(line);
    }
    System.out.println("end");
  }

  static float[] gaussian(SplittableRandom r, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }

  /** A growing list of result bits. */
  static final class Bits {
    private int[] bits = new int[256];
    private int size;

    void add(float f) {
      if (size == bits.length) {
        bits = Arrays.copyOf(bits, 2 * size);
      }
      bits[size++] = Float.floatToIntBits(f);
    }

    void add(float[] a) {
      for (float f : a) {
        add(f);
      }
    }

    int[] toArray() {
      return Arrays.copyOf(bits, size);
    }
  }
}
