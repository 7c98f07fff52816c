package dev.simdsgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV loading: headers, label column, and every malformed-file error with file, line, column, reason. */
class CsvLoaderTest {
  @TempDir Path dir;

  private static Dataset load(String text, int label, CsvLoader.Header header, boolean unit) throws IOException {
    return new CsvLoader(label, header, unit).load(new StringReader(text), "t.csv");
  }

  @Test
  void loadsWithHeaderAndLastLabelColumn() throws IOException {
    Dataset d = load("a,b,y\n1,2,0\n3.5,-4e-1,1\n\n", CsvLoader.LAST_COLUMN, CsvLoader.Header.AUTO, true);
    assertEquals(2, d.rows());
    assertEquals(2, d.features());
    assertArrayEquals(new float[] {1, 2, 3.5f, -0.4f}, d.x());
    assertArrayEquals(new float[] {0, 1}, d.labels());
    assertEquals(List.of("a", "b"), d.featureNames());
  }

  @Test
  void loadsWithoutHeaderAndAnIndexedLabelColumn() throws IOException {
    Dataset d = load("0.5,1,2\r\n-2,3,4\r\n", 0, CsvLoader.Header.AUTO, false);
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.x());
    assertArrayEquals(new float[] {0.5f, -2}, d.labels());
    assertNull(d.featureNames());
    Dataset mid = load("1,9,2\n3,8,4\n", 1, CsvLoader.Header.ABSENT, false);
    assertArrayEquals(new float[] {1, 2, 3, 4}, mid.x());
    assertArrayEquals(new float[] {9, 8}, mid.labels());
  }

  @Test
  void loadsAFileAndParsesLabelColumnArguments() throws IOException {
    Path f = dir.resolve("data.csv");
    Files.writeString(f, "x1,x2,label\n1,2,1\n");
    assertEquals(1, new CsvLoader(2, CsvLoader.Header.PRESENT, true).load(f).rows());
    assertEquals(CsvLoader.LAST_COLUMN, CsvLoader.parseLabelColumn("last"));
    assertEquals(3, CsvLoader.parseLabelColumn("3"));
    assertThrows(IllegalArgumentException.class, () -> CsvLoader.parseLabelColumn("-1"));
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> new CsvLoader(0, CsvLoader.Header.AUTO, true).load(dir.resolve("missing.csv")));
    assertTrue(e.getMessage().contains("missing.csv"));
  }

  @Test
  void malformedFilesFailWithFileLineColumnAndReason() {
    expect("a,b,y\n1,2,0\n1,x,1\n", CsvLoader.LAST_COLUMN, true, 3, 2, "'x' is not a number", "column 2 (b)");
    expect("1,2,0\n1,2\n", CsvLoader.LAST_COLUMN, true, 2, 0, "ragged row: 2 fields, expected 3", null);
    expect("1,2,0\n1,2,0,4\n", CsvLoader.LAST_COLUMN, true, 2, 0, "ragged row", null);
    expect("1,2,0\n\n1,NaN,0\n", CsvLoader.LAST_COLUMN, true, 3, 2, "NaN and infinity", null);
    expect("1,2,0\n-Infinity,1,0\n", CsvLoader.LAST_COLUMN, true, 2, 1, "NaN and infinity", null);
    expect("1,2,0\n1,1e39,0\n", CsvLoader.LAST_COLUMN, true, 2, 2, "outside the float range", null);
    expect("1,2,0\n1,2,1.5\n", CsvLoader.LAST_COLUMN, true, 2, 3, "outside [0, 1]", "(label)");
    expect("1,2,0\n1,,0\n", CsvLoader.LAST_COLUMN, true, 2, 2, "empty field", null);
    expect("", CsvLoader.LAST_COLUMN, true, 0, 0, "empty file", null);
    expect("\n  \n", CsvLoader.LAST_COLUMN, true, 0, 0, "empty file", null);
    expect("a,b,y\n", CsvLoader.LAST_COLUMN, true, 0, 0, "only a header", null);
    expect("1,2\n", 5, false, 1, 0, "label column 5", null);
    // The same label outside [0, 1] is fine for squared loss.
    try {
      assertEquals(1.5f, load("1,2,1.5\n", CsvLoader.LAST_COLUMN, CsvLoader.Header.AUTO, false).labels()[0]);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void expect(String text, int label, boolean unit, long line, int column, String reason,
      String fragment) {
    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> load(text, label, CsvLoader.Header.AUTO, unit), text);
    assertEquals("t.csv", e.file());
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(column, e.column(), e.getMessage());
    assertTrue(e.reason().contains(reason), e.getMessage());
    assertTrue(e.getMessage().startsWith("t.csv"), e.getMessage());
    if (line > 0) {
      assertTrue(e.getMessage().contains("line " + line), e.getMessage());
    }
    if (column > 0) {
      assertTrue(e.getMessage().contains("column " + column), e.getMessage());
    }
    if (fragment != null) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void decimalSyntaxIsStrict() {
    for (String ok : new String[] {"1", "-1", "+1.5", ".5", "5.", "1e3", "1E-3", "-0.25e+2"}) {
      assertTrue(CsvLoader.isDecimal(ok), ok);
    }
    for (String bad : new String[] {"", "-", ".", "e3", "1e", "1f", "0x10", "1,5", "1 2", "١"}) {
      assertTrue(!CsvLoader.isDecimal(bad), bad);
    }
  }
}
