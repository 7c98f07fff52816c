package dev.simdsgd.kernel;

/** Child-JVM probe for {@link KernelSelectionTest}: prints what the provider decided. */
public final class PrintKernelChoice {
  private PrintKernelChoice() {}

  public static void main(String[] args) {
    System.out.println("preferred=" + Kernels.preferred().name());
    System.out.println("available=" + Kernels.available());
    for (int bits : new int[] {128, 256, 512}) {
      try {
        System.out.println("ofBits" + bits + "=" + Kernels.ofBits(bits).name());
      } catch (IllegalArgumentException e) {
        System.out.println("ofBits" + bits + "=rejected: " + e.getMessage());
      }
    }
  }
}
