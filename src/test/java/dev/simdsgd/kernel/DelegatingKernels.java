package dev.simdsgd.kernel;

/**
 * Test support: a {@link Kernels} that passes every call to another instance, so that a test can
 * override one method (a mutant that breaks it, or a recorder that logs it) and keep the rest.
 */
public abstract class DelegatingKernels implements Kernels {
  /** The instance every call goes to. */
  protected final Kernels delegate;

  protected DelegatingKernels(Kernels delegate) {
    this.delegate = delegate;
  }

  @Override
  public int laneBits() {
    return delegate.laneBits();
  }

  @Override
  public String name() {
    return "delegating-to-" + delegate.name();
  }

  @Override
  public boolean usesFma() {
    return delegate.usesFma();
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    return delegate.dot(a, aOff, b, bOff, n);
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    delegate.axpy(alpha, x, xOff, y, yOff, n);
  }

  @Override
  public float logisticGradient(float[] x, int xOff, int d, float label, float[] w, float bias, float[] g) {
    return delegate.logisticGradient(x, xOff, d, label, w, bias, g);
  }

  @Override
  public float logisticBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w,
      float bias, float[] g) {
    return delegate.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g);
  }

  @Override
  public float logisticBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] labels, float[] w,
      float bias, float[] g, float[] stats) {
    return delegate.logisticBatchGradient(X, d, rows, from, m, labels, w, bias, g, stats);
  }

  @Override
  public float squaredGradient(float[] x, int xOff, int d, float target, float[] w, float bias, float[] g) {
    return delegate.squaredGradient(x, xOff, d, target, w, bias, g);
  }

  @Override
  public float squaredBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] targets, float[] w,
      float bias, float[] g) {
    return delegate.squaredBatchGradient(X, d, rows, from, m, targets, w, bias, g);
  }

  @Override
  public float squaredBatchGradient(float[] X, int d, int[] rows, int from, int m, float[] targets, float[] w,
      float bias, float[] g, float[] stats) {
    return delegate.squaredBatchGradient(X, d, rows, from, m, targets, w, bias, g, stats);
  }

  @Override
  public void momentumUpdate(float learningRate, float momentum, float l2, float[] g, float[] v, float[] w, int d) {
    delegate.momentumUpdate(learningRate, momentum, l2, g, v, w, d);
  }

  @Override
  public void readAhead(float[] X, int d, int[] rows, int from, int m) {
    delegate.readAhead(X, d, rows, from, m);
  }

  @Override
  public void readAhead(float[] X, int d, int[] rows, int from, int m, float[] labels) {
    delegate.readAhead(X, d, rows, from, m, labels);
  }

  @Override
  public float logisticSgdStep(
      float[] x, int xOff, int d, float label, float[] w, float bias, float[] v,
      float learningRate, float momentum, float l2) {
    return delegate.logisticSgdStep(x, xOff, d, label, w, bias, v, learningRate, momentum, l2);
  }

  @Override
  public float squaredSgdStep(
      float[] x, int xOff, int d, float target, float[] w, float bias, float[] v,
      float learningRate, float momentum, float l2) {
    return delegate.squaredSgdStep(x, xOff, d, target, w, bias, v, learningRate, momentum, l2);
  }

  @Override
  public float sgdUpdateThenDot(
      float r, float[] x, int xOff, int d, float[] w, float[] v, float learningRate, float momentum,
      float l2, float[] next, int nextOff) {
    return delegate.sgdUpdateThenDot(r, x, xOff, d, w, v, learningRate, momentum, l2, next, nextOff);
  }
}
