package dev.simdsgd.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Loads a comma-separated file of numbers into a {@link Dataset}: one example per line, one
 * column holding the label and all others the features, in file order. Blank lines are skipped.
 *
 * <p>The first line is a header when {@link Header#PRESENT} is given, or, with
 * {@link Header#AUTO}, when any of its fields is not a number. Every data field must be a plain
 * decimal number ({@code -1.5}, {@code 2e-3}) that fits a float; anything else fails with a
 * {@link CsvFormatException} naming the file, the 1-based line and column and the reason:
 * a non-numeric or empty field, a line with a different number of fields than the first, NaN or
 * infinity, a label outside [0, 1] when {@code unitLabels} is set (the logistic loss), or a file
 * with no data rows.
 *
 * <p>Cost: one pass over the file, O(N·d) parsing, with arrays grown by doubling (so up to twice
 * the final size is held while loading). Instances are immutable and thread-safe.
 */
public final class CsvLoader {
  /** Use as the label column to choose the last column of each line. */
  public static final int LAST_COLUMN = -1;

  /** Use as the label column when the file has no labels: every column is a feature, labels are 0. */
  public static final int NO_LABEL = -2;

  /** Whether the first line holds column names. */
  public enum Header {
    /** The first line is a header when any of its fields is not a number. */
    AUTO,
    /** The first line is a header. */
    PRESENT,
    /** Every line is data. */
    ABSENT
  }

  private final int labelColumn;
  private final Header header;
  private final boolean unitLabels;

  /**
   * @param labelColumn 0-based index of the label column, or {@link #LAST_COLUMN}
   * @param header whether the first line is a header
   * @param unitLabels whether labels must lie in [0, 1] (true for the logistic loss)
   */
  public CsvLoader(int labelColumn, Header header, boolean unitLabels) {
    if (labelColumn < NO_LABEL) {
      throw new IllegalArgumentException("labelColumn must be a 0-based index >= 0, LAST_COLUMN or NO_LABEL, was "
          + labelColumn);
    }
    this.labelColumn = labelColumn;
    this.header = java.util.Objects.requireNonNull(header, "header must not be null");
    this.unitLabels = unitLabels;
  }

  /**
   * Parses a label-column argument: a 0-based index or {@code last}.
   *
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public static int parseLabelColumn(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("last")) {
      return LAST_COLUMN;
    }
    try {
      int i = Integer.parseInt(t);
      if (i >= 0) {
        return i;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("label column must be a 0-based index or 'last', was '" + text + "'");
  }

  /** Loads {@code file}; I/O problems (such as a missing file) surface as {@link IOException}. */
  public Dataset load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return load(r, file.toString());
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
  }

  /** Loads CSV text from {@code reader}; {@code name} is used in error messages. */
  public Dataset load(Reader reader, String name) throws IOException {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    List<String> names = null;
    String labelName = "label";
    int columns = -1;
    int label = -1;
    long firstDataLine = 0;
    float[] x = new float[1024];
    float[] y = new float[64];
    int n = 0;
    int xLen = 0;
    long lineNo = 0;
    boolean headerLine = false;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      String[] fields = split(line);
      if (columns < 0) {
        columns = fields.length;
        headerLine = header == Header.PRESENT || (header == Header.AUTO && !allNumeric(fields));
        if (columns < 2 && labelColumn != NO_LABEL) {
          throw new CsvFormatException(name, lineNo, 0, null, "found " + columns
              + " column; need a label column and at least one feature column");
        }
        label = labelColumn == LAST_COLUMN ? columns - 1 : labelColumn;
        if (label >= columns) {
          throw new CsvFormatException(name, lineNo, 0, null, "label column " + labelColumn
              + " (0-based) does not exist: the line has " + columns + " columns (0 to " + (columns - 1) + ")");
        }
        if (headerLine) {
          names = new ArrayList<>(columns);
          for (int c = 0; c < columns; c++) {
            if (c != label) {
              names.add(unquote(fields[c]));
            } else {
              labelName = unquote(fields[c]) + ", the label";
            }
          }
          continue;
        }
      }
      if (fields.length != columns) {
        throw new CsvFormatException(name, lineNo, 0, null, "ragged row: " + fields.length
            + " fields, expected " + columns + " as on the first line");
      }
      if (firstDataLine == 0) {
        firstDataLine = lineNo;
      }
      int featureCount = label >= 0 ? columns - 1 : columns;
      if (xLen + featureCount > x.length) {
        long grown = Math.max((long) x.length * 2, (long) xLen + columns);
        if (grown > Integer.MAX_VALUE - 8) {
          throw new CsvFormatException(name, lineNo, 0, null, "too many values for one float array");
        }
        x = Arrays.copyOf(x, (int) grown);
      }
      if (n == y.length) {
        y = Arrays.copyOf(y, y.length * 2);
      }
      for (int c = 0; c < columns; c++) {
        String colName = c == label ? labelName : columnName(names, c, label);
        float v = parse(fields[c], name, lineNo, c, colName);
        if (c == label) {
          if (unitLabels && !(v >= 0f && v <= 1f)) {
            throw new CsvFormatException(name, lineNo, c + 1, colName, "label " + fields[c].trim()
                + " is outside [0, 1], which the logistic loss needs");
          }
          y[n] = v;
        } else {
          x[xLen++] = v;
        }
      }
      n++;
    }
    if (n == 0) {
      throw new CsvFormatException(name, 0, 0, null, lineNo == 0 || columns < 0
          ? "empty file: no data rows" : "no data rows (only a header)");
    }
    return new Dataset(Arrays.copyOf(x, xLen), Arrays.copyOf(y, n), label >= 0 ? columns - 1 : columns, names);
  }

  private static String columnName(List<String> names, int c, int label) {
    if (c == label) {
      return "label";
    }
    if (names == null) {
      return null;
    }
    return names.get(label < 0 || c < label ? c : c - 1);
  }

  private static String[] split(String line) {
    int count = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        count++;
      }
    }
    String[] out = new String[count];
    int start = 0;
    int k = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == ',') {
        out[k++] = line.substring(start, i);
        start = i + 1;
      }
    }
    return out;
  }

  private static String unquote(String s) {
    String t = s.trim();
    if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
      t = t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static boolean allNumeric(String[] fields) {
    for (String f : fields) {
      String t = f.trim();
      if (!isDecimal(t) && !isNanOrInf(t)) {
        return false;
      }
    }
    return true;
  }

  private static float parse(String field, String file, long line, int c, String colName) {
    String t = field.trim();
    if (t.isEmpty()) {
      throw new CsvFormatException(file, line, c + 1, colName, "empty field, expected a number");
    }
    if (isNanOrInf(t)) {
      throw new CsvFormatException(file, line, c + 1, colName, "'" + t + "': NaN and infinity are not allowed");
    }
    if (!isDecimal(t)) {
      throw new CsvFormatException(file, line, c + 1, colName, "'" + t + "' is not a number");
    }
    float v = Float.parseFloat(t);
    if (Float.isInfinite(v)) {
      throw new CsvFormatException(file, line, c + 1, colName, "'" + t + "' is outside the float range (infinite as float32)");
    }
    return v;
  }

  private static boolean isNanOrInf(String t) {
    String s = t.toLowerCase(Locale.ROOT);
    if (s.startsWith("+") || s.startsWith("-")) {
      s = s.substring(1);
    }
    return s.equals("nan") || s.equals("inf") || s.equals("infinity");
  }

  /** [+-] digits [. digits] [e [+-] digits], with at least one mantissa digit. */
  static boolean isDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }
}
