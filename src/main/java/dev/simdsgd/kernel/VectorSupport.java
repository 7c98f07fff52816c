package dev.simdsgd.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API facts every width shares, kept in static finals so that C2 folds them:
 * the native width and whether fused multiply-add is fast. Loaded only once
 * {@code jdk.incubator.vector} is known to be readable.
 */
final class VectorSupport {
  /** Bits of {@code FloatVector.SPECIES_PREFERRED}: the widest width the CPU runs natively. */
  static final int PREFERRED_BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();

  /**
   * True when HotSpot's {@code UseFMA} is on: {@code fma()} then compiles to one instruction.
   * Otherwise it falls back to an exact, very slow software path, so the kernels use mul+add.
   */
  static final boolean USE_FMA = "true".equals(KernelsProvider.VmOptions.get("UseFMA"));

  /**
   * Whether dot (and so the per-example gradients) finishes a row with one masked vector step
   * rather than a scalar loop: {@code -Dsimdsgd.maskedTails=true}. Both are exact and
   * deterministic; they sum the tail in a different order. Read once, so C2 folds the choice away.
   * The batch gradients always finish with the scalar loop: with eight masked rows their block
   * grew past what C1 can compile ("out of virtual registers"), HotSpot then never reached C2 for
   * it, and it ran boxed, about 15 KB per row (measured at 256 and 512 bits). Ignored without AVX
   * ({@code UseAVX=0}): masked loads then have no instruction, run in Java and box (measured: 2 KB
   * per call). Kept on when the option cannot be read.
   */
  static final boolean MASKED_TAILS = Boolean.getBoolean("simdsgd.maskedTails")
      && KernelsProvider.VmOptions.getInt("UseAVX", 1) > 0;

  /**
   * Whether the CPU has 32 vector registers: AVX-512 (HotSpot's {@code UseAVX} 3 or more, at any
   * vector width) or AArch64. AVX2 has 16, too few for the 256-bit kernel to keep sixteen rows'
   * accumulators of the batch gradient in registers (see Vector256Kernels' SIXTEEN_ROW_MAX_D).
   * False when the option cannot be read.
   */
  static final boolean THIRTY_TWO_VECTOR_REGISTERS = "aarch64".equals(System.getProperty("os.arch"))
      || KernelsProvider.VmOptions.getInt("UseAVX", 0) >= 3;

  private VectorSupport() {}

  static Kernels kernels(int bits) {
    return switch (bits) {
      case 128 -> Vector128Kernels.INSTANCE;
      case 256 -> Vector256Kernels.INSTANCE;
      case 512 -> Vector512Kernels.INSTANCE;
      default -> throw new IllegalArgumentException("bits must be 128, 256 or 512, was " + bits);
    };
  }
}
