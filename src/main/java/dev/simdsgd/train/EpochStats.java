package dev.simdsgd.train;

/**
 * One epoch of a training run (a plain value; computing it costs the optional whole-set pass of
 * N dot products).
 *
 * @param epoch 1-based epoch
 * @param loss mean data loss over the whole training set with the weights at the end of the
 *     epoch; NaN when the whole-set pass is turned off
 * @param objective loss + (λ/2)‖w‖², the quantity SGD minimizes; NaN when the pass is off
 * @param accuracy fraction of rows whose predicted class (p ≥ ½) matches the label (≥ ½), for the
 *     logistic loss; NaN for squared loss or when the pass is off
 * @param seconds wall time of the epoch's steps (shuffle included, the whole-set pass excluded)
 * @param examplesPerSecond N / seconds
 * @param learningRate the learning rate of the epoch's last step
 */
public record EpochStats(
    int epoch, double loss, double objective, double accuracy, double seconds, double examplesPerSecond,
    double learningRate) {}
