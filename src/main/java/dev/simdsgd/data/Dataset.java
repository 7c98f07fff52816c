package dev.simdsgd.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dense float32 training set: {@code rows} examples of {@code features} values each, stored
 * row-major in one array (row i occupies {@code x[i·features .. (i+1)·features)}), with one label
 * (or regression target) per row and optional column names.
 *
 * <p>The constructor checks every value once (O(N·d)) and rejects NaN and infinity with the row
 * and column, so nothing downstream ever trains on them. The arrays are kept, not copied: the
 * caller must not change them afterwards. Instances are otherwise immutable and thread-safe.
 */
public final class Dataset {
  private final float[] x;
  private final float[] labels;
  private final int rows;
  private final int features;
  private final List<String> featureNames;

  /**
   * @param x row-major features, length {@code rows·features}
   * @param labels one label per row
   * @param features d, the number of features per row (≥ 1)
   * @throws IllegalArgumentException naming the argument, for a length mismatch, zero rows, or a
   *     NaN/infinite value (with its 0-based row and column)
   */
  public Dataset(float[] x, float[] labels, int features) {
    this(x, labels, features, null);
  }

  /** As {@link #Dataset(float[], float[], int)}, with one name per feature column (or null). */
  public Dataset(float[] x, float[] labels, int features, List<String> featureNames) {
    Objects.requireNonNull(x, "x must not be null");
    Objects.requireNonNull(labels, "labels must not be null");
    if (features <= 0) {
      throw new IllegalArgumentException("features must be > 0, was " + features);
    }
    if (labels.length == 0) {
      throw new IllegalArgumentException("labels: a dataset needs at least one row");
    }
    if ((long) labels.length * features != x.length) {
      throw new IllegalArgumentException("x has length " + x.length + ", but " + labels.length
          + " rows of " + features + " features need " + (long) labels.length * features);
    }
    if (featureNames != null && featureNames.size() != features) {
      throw new IllegalArgumentException("featureNames has " + featureNames.size() + " names for "
          + features + " features");
    }
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        throw new IllegalArgumentException("x: row " + i / features + ", column " + i % features
            + " (0-based) is " + x[i] + "; features must be finite");
      }
    }
    for (int i = 0; i < labels.length; i++) {
      if (!Float.isFinite(labels[i])) {
        throw new IllegalArgumentException("labels: row " + i + " (0-based) is " + labels[i]
            + "; labels must be finite");
      }
    }
    this.x = x;
    this.labels = labels;
    this.rows = labels.length;
    this.features = features;
    this.featureNames = featureNames == null ? null : List.copyOf(featureNames);
  }

  /** N, the number of rows. */
  public int rows() {
    return rows;
  }

  /** d, the number of features per row. */
  public int features() {
    return features;
  }

  /** The row-major feature array itself (not a copy): row i starts at {@code i·features()}. */
  public float[] x() {
    return x;
  }

  /** The labels array itself (not a copy), one per row. */
  public float[] labels() {
    return labels;
  }

  /** Column names from a CSV header, or null when there were none. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** A copy of row i's features. Allocates d floats. */
  public float[] row(int i) {
    Objects.checkIndex(i, rows);
    return Arrays.copyOfRange(x, i * features, (i + 1) * features);
  }

  /**
   * The first 0-based row whose label lies outside [0, 1], or -1 when all labels are valid
   * probabilities (as the logistic loss needs). Cost: O(N).
   */
  public int firstLabelOutsideUnitInterval() {
    for (int i = 0; i < rows; i++) {
      float y = labels[i];
      if (!(y >= 0f && y <= 1f)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "Dataset[" + rows + " rows x " + features + " features]";
  }
}
