package dev.simdsgd.peers;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * The two netlib BLAS implementations the peer benchmarks compare with: {@code netlibJava}
 * ({@link JavaBLAS#getInstance()}, the Vector API implementation when jdk.incubator.vector is
 * readable) and {@code openblasJni} ({@link NativeBLAS#getInstance()}: the system's libblas.so.3,
 * OpenBLAS on Debian once libopenblas0 is installed, called through JNI).
 */
public final class Blas {
  private Blas() {}

  /**
   * The instance for an {@code impl} name: {@code netlibJava} or {@code openblasJni}.
   *
   * @throws IllegalStateException when native BLAS cannot be loaded (libopenblas missing), or when
   *     netlib's Java instance is not its Vector API one (module not added)
   */
  public static BLAS of(String impl) {
    switch (impl) {
      case "netlibJava" -> {
        BLAS blas = JavaBLAS.getInstance();
        if (!blas.getClass().getSimpleName().equals("VectorBLAS")) {
          throw new IllegalStateException("netlib JavaBLAS is " + blas.getClass().getName()
              + ", not VectorBLAS: run with --add-modules=jdk.incubator.vector");
        }
        return blas;
      }
      case "openblasJni" -> {
        try {
          return NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
          throw new IllegalStateException("native BLAS (libopenblas through JNI) is not available: "
              + e + "; install it with jmh/peers/ensure-openblas.sh", e);
        }
      }
      default -> throw new IllegalArgumentException("impl must be netlibJava or openblasJni, was " + impl);
    }
  }

  /** Class name of each instance, or the reason it is missing (for the environment record). */
  public static String describe(String impl) {
    try {
      return of(impl).getClass().getName();
    } catch (RuntimeException e) {
      return "unavailable: " + e.getMessage();
    }
  }
}
