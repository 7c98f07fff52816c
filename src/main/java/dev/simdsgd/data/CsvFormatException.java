package dev.simdsgd.data;

/**
 * A CSV file that cannot be loaded: names the file, the line (1-based, as editors show it), the
 * column (1-based; 0 when the problem concerns the whole line or file) and the reason. Thrown
 * before any dataset exists, so nothing is ever trained on a file that failed. (A plain value; it
 * costs nothing beyond its message.)
 */
public final class CsvFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final int column;
  private final String reason;

  /**
   * @param file the file as the user named it
   * @param line 1-based line, or 0 for the whole file
   * @param column 1-based column, or 0 for the whole line
   * @param columnName the column's header name, or null
   * @param reason what is wrong
   */
  public CsvFormatException(String file, long line, int column, String columnName, String reason) {
    super(format(file, line, column, columnName, reason));
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  private static String format(String file, long line, int column, String columnName, String reason) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(", line ").append(line);
    }
    if (column > 0) {
      sb.append(", column ").append(column);
      if (columnName != null && !columnName.isEmpty()) {
        sb.append(" (").append(columnName).append(')');
      }
    }
    return sb.append(": ").append(reason).toString();
  }

  /** The file as the user named it. */
  public String file() {
    return file;
  }

  /** The 1-based line, or 0 when the problem concerns the whole file. */
  public long line() {
    return line;
  }

  /** The 1-based column, or 0 when the problem concerns the whole line. */
  public int column() {
    return column;
  }

  /** What is wrong, without the location. */
  public String reason() {
    return reason;
  }
}
