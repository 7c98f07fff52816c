package dev.simdsgd.cli;

import dev.simdsgd.data.CsvLoader;
import dev.simdsgd.kernel.Kernels;
import java.util.Locale;

/** Parsing of option values shared by the commands; each failure names the option. */
final class Options {
  private Options() {}

  static Kernels kernels(String width) {
    String w = width.trim().toLowerCase(Locale.ROOT);
    if (w.equals("preferred")) {
      return Kernels.preferred();
    }
    if (w.equals("scalar")) {
      return Kernels.scalar();
    }
    int bits;
    try {
      bits = Integer.parseInt(w);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--width must be preferred, scalar, 128, 256 or 512, was '" + width + "'");
    }
    try {
      return Kernels.ofBits(bits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--width " + width + ": " + e.getMessage());
    }
  }

  static CsvLoader.Header header(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> CsvLoader.Header.AUTO;
      case "yes", "true" -> CsvLoader.Header.PRESENT;
      case "no", "false" -> CsvLoader.Header.ABSENT;
      default -> throw new IllegalArgumentException("--header must be auto, yes or no, was '" + text + "'");
    };
  }

  static int labelColumn(String text) {
    try {
      return CsvLoader.parseLabelColumn(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--label-column must be a 0-based index or 'last', was '" + text + "'");
    }
  }

  /** Parses N,d for --synthetic. */
  static int[] synthetic(String text) {
    String[] parts = text.split(",");
    if (parts.length == 2) {
      try {
        int n = Integer.parseInt(parts[0].trim().replace("_", ""));
        int d = Integer.parseInt(parts[1].trim().replace("_", ""));
        if (n > 0 && d > 0) {
          return new int[] {n, d};
        }
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException("--synthetic must be N,d with two positive integers (rows, features),"
        + " was '" + text + "'");
  }
}
