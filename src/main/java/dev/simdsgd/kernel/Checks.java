package dev.simdsgd.kernel;

/** Argument checks shared by every entry point; each message names the offending argument. */
final class Checks {
  private Checks() {}

  static <T> T nonNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  /** Checks that array[off, off+n) lies inside the array; {@code nName} names the length argument. */
  static void range(float[] array, String name, int off, int n, String nName) {
    nonNull(array, name);
    if (n < 0) {
      throw new IllegalArgumentException(nName + " must be >= 0 (the length of the range of " + name + "), was " + n);
    }
    if (off < 0 || off > array.length - n) {
      throw new IndexOutOfBoundsException(
          name + ": range [" + off + ", " + ((long) off + n) + ") is outside an array of length " + array.length);
    }
  }

  static void positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }

  static void label(float label, String name) {
    if (!(label >= 0f && label <= 1f)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1] for the logistic loss, was " + label);
    }
  }

  static void distinct(Object a, String aName, Object b, String bName) {
    if (a == b) {
      throw new IllegalArgumentException(aName + " and " + bName + " must be different arrays");
    }
  }
}
