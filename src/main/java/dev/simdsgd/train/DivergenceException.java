package dev.simdsgd.train;

/**
 * Training stopped because it diverged: a step's residuals (their sum, i.e. the bias gradient) or
 * the bias became NaN or infinite, or at an epoch end some weight did. The message names the
 * epoch and the step. {@link #lastFiniteModel()} holds the weights from the end of the last epoch
 * whose weights were all finite (epoch 0 being the initial weights), so nothing already learned
 * is lost. The usual cure is a smaller learning rate or standardized features. Cost: the checks
 * are one finiteness test per step and O(d) per epoch; the kept weights are copied at each epoch end.
 */
public final class DivergenceException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final long stepInEpoch;
  private final long step;
  private final int lastFiniteEpoch;
  private final transient Model lastFiniteModel;

  DivergenceException(String what, int epoch, long stepInEpoch, long step, int lastFiniteEpoch, Model lastFinite) {
    super("training diverged in epoch " + epoch + " at step " + stepInEpoch + " of the epoch (step t = " + step
        + " of the run, 0-based): " + what + "; try a smaller learning rate or --standardize. The weights"
        + " from the end of epoch " + lastFiniteEpoch + ", the last with finite weights, are kept");
    this.epoch = epoch;
    this.stepInEpoch = stepInEpoch;
    this.step = step;
    this.lastFiniteEpoch = lastFiniteEpoch;
    this.lastFiniteModel = lastFinite;
  }

  /** The 1-based epoch in which divergence was detected (0 for a step outside {@code train()}). */
  public int epoch() {
    return epoch;
  }

  /** The 0-based step within that epoch (the epoch's last step when found by the epoch-end check). */
  public long stepInEpoch() {
    return stepInEpoch;
  }

  /** The 0-based step t of the run. */
  public long step() {
    return step;
  }

  /** The last epoch whose end weights were all finite; 0 means the initial weights. */
  public int lastFiniteEpoch() {
    return lastFiniteEpoch;
  }

  /** The model at the end of {@link #lastFiniteEpoch()}. */
  public Model lastFiniteModel() {
    return lastFiniteModel;
  }
}
