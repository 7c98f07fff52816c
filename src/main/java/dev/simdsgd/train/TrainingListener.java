package dev.simdsgd.train;

/**
 * Receives a training run's progress: the plan once, then one call per epoch, plus warnings.
 * Called on the training thread, never inside a step, so a listener costs the run only its own
 * work once per epoch. All methods do nothing by default, except
 * {@link #onWarning}, which logs through {@link System.Logger}.
 */
public interface TrainingListener {

  /** Called once before the first step. */
  default void onStart(TrainingPlan plan) {}

  /** Called at the end of every epoch with that epoch's statistics. */
  default void onEpoch(EpochStats stats) {}

  /** A condition the caller should know about, such as a batch size above N (trained full-batch). */
  default void onWarning(String message) {
    System.getLogger("dev.simdsgd.train").log(System.Logger.Level.WARNING, message);
  }

  /**
   * What a run will do.
   *
   * @param rows N
   * @param features d
   * @param batchSize the batch size used (at most N)
   * @param stepsPerEpoch ⌈N / batchSize⌉
   * @param epochs epochs to run
   * @param totalSteps T = epochs · stepsPerEpoch
   * @param kernels the kernels' name, such as {@code vector256+fma}
   */
  record TrainingPlan(
      int rows, int features, int batchSize, long stepsPerEpoch, int epochs, long totalSteps, String kernels) {}
}
