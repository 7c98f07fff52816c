package dev.simdsgd.bench;

import dev.simdsgd.kernel.Kernels;

/**
 * Maps the {@code width} benchmark parameter to a kernel instance: {@code scalar}, {@code 128},
 * {@code 256}, {@code 512} or {@code preferred}. Measures nothing itself.
 *
 * <p>A width this JVM does not run natively makes {@link Kernels#ofBits(int)} throw; run-bench.sh
 * never passes such a width (it asks {@link EnvProbe} first), so no benchmark is timed on the
 * Vector API's slow Java fallback.
 */
public final class Widths {
  /** Every value the {@code width} parameter may take, narrowest first. */
  public static final String[] ALL = {"scalar", "128", "256", "512", "preferred"};

  private Widths() {}

  /** The kernels for one {@code width} parameter value. */
  public static Kernels kernels(String width) {
    return switch (width) {
      case "scalar" -> Kernels.scalar();
      case "preferred" -> Kernels.preferred();
      case "128", "256", "512" -> Kernels.ofBits(Integer.parseInt(width));
      default -> throw new IllegalArgumentException(
          "width must be one of scalar, 128, 256, 512, preferred; was " + width);
    };
  }
}
