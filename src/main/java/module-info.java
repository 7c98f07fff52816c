/**
 * simd-sgd: Vector API float32 kernels for mini-batch SGD ({@code dev.simdsgd.kernel}), with
 * nothing but the JDK underneath; a dense dataset with CSV loading ({@code dev.simdsgd.data}); and
 * a minimal mini-batch SGD trainer with saved models ({@code dev.simdsgd.train}).
 *
 * <p>Run with {@code --add-modules jdk.incubator.vector} when the jar is on the class path.
 * Gson is needed only to save or load a {@code Model}, picocli only by the command line: kernel
 * users need no other jar.
 */
module dev.simdsgd {
  requires jdk.incubator.vector;
  requires java.management;
  requires static jdk.management;
  requires static com.google.gson;
  requires static info.picocli;

  exports dev.simdsgd.kernel;
  exports dev.simdsgd.data;
  exports dev.simdsgd.train;

  // picocli reads and sets the annotated fields of the command classes reflectively.
  opens dev.simdsgd.cli to info.picocli;
}
