package dev.simdsgd.train;

import java.util.Locale;

/**
 * The per-example loss a model is trained on; the trainer and the kernels evaluate it in O(d) per
 * example (one dot product, then the residual).
 */
public enum Loss {
  /**
   * Log-loss of logistic regression, −[y·log p + (1−y)·log(1−p)] with p = σ(w·x + b) and labels
   * in [0, 1]; the residual is r = p − y.
   */
  LOGISTIC("logistic"),
  /** Least squares, ½r² with residual r = w·x + b − y. */
  SQUARED("squared");

  private final String id;

  Loss(String id) {
    this.id = id;
  }

  /** The lower-case name used on the command line and in model files. */
  public String id() {
    return id;
  }

  /**
   * The loss named {@code text} ({@code logistic} or {@code squared}, any case).
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static Loss parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (Loss l : values()) {
      if (l.id.equals(t)) {
        return l;
      }
    }
    throw new IllegalArgumentException("loss must be 'logistic' or 'squared', was '" + text + "'");
  }

  @Override
  public String toString() {
    return id;
  }
}
