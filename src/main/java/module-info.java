/**
 * simd-sgd: Vector API float32 kernels for mini-batch SGD ({@code dev.simdsgd.kernel}), with
 * nothing but the JDK underneath.
 *
 * <p>Run with {@code --add-modules jdk.incubator.vector} when the jar is on the class path.
 */
module dev.simdsgd {
  requires jdk.incubator.vector;
  requires java.management;
  requires static jdk.management;

  exports dev.simdsgd.kernel;
}
