package dev.simdsgd.peers.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The roofline chart: measured read bandwidth per memory level (the limit) against working-set
 * size, with each dot implementation's effective load bandwidth (8n bytes per call ÷ time) at its
 * working set, log-log, with an environment footer. Drawn with XChart, headless.
 */
final class RooflineChart {
  private RooflineChart() {}

  private static Color colorOf(String series) {
    if (series.endsWith(" ours")) {
      return new Color(200, 20, 20);
    }
    if (series.endsWith(" lucene")) {
      return new Color(130, 60, 200);
    }
    if (series.endsWith(" netlibJava")) {
      return new Color(40, 160, 60);
    }
    if (series.endsWith(" openblasJni")) {
      return new Color(150, 150, 150);
    }
    if (series.endsWith(" openblasC")) {
      return new Color(30, 90, 210);
    }
    return null;
  }

  static void write(Path file, Map<String, PeersReport.Value> bandwidth, Map<String, Long> sets,
      Map<String, double[][]> series, String footer) throws IOException {
    int width = 960;
    int height = 560;
    XYChart chart = new XYChartBuilder().width(width).height(height)
        .title("dot: load bandwidth vs the roofline (read kernel, or faster measured dot)")
        .xAxisTitle("working set (bytes)").yAxisTitle("GB/s (bytes loaded / ns)").build();
    Styler st = chart.getStyler();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    if (!bandwidth.isEmpty()) {
      double[] x = new double[bandwidth.size()];
      double[] y = new double[bandwidth.size()];
      double[] e = new double[bandwidth.size()];
      int i = 0;
      for (Map.Entry<String, PeersReport.Value> b : bandwidth.entrySet()) {
        x[i] = sets.get(b.getKey());
        y[i] = b.getValue().median();
        // A log axis cannot show a bar reaching 0: cap the bar at 90% of the value.
        e[i] = Math.min(b.getValue().error(), 0.9 * y[i]);
        i++;
      }
      XYSeries s = chart.addSeries("roofline (L1, L2, L3, DRAM)", x, y, e);
      s.setLineColor(Color.BLACK);
      s.setMarkerColor(Color.BLACK);
      s.setMarker(SeriesMarkers.SQUARE);
    }
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      double[][] pts = e.getValue();
      double[] x = new double[pts.length];
      double[] y = new double[pts.length];
      for (int i = 0; i < pts.length; i++) {
        x[i] = pts[i][0];
        y[i] = pts[i][1];
      }
      XYSeries s = chart.addSeries(e.getKey(), x, y);
      Color c = colorOf(e.getKey());
      if (c != null) {
        s.setLineColor(c);
        s.setMarkerColor(c);
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      chart.addSeries("no data", new double[] {1}, new double[] {1});
    }
    int footerHeight = 28;
    BufferedImage image = new BufferedImage(width, height + footerHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height + footerHeight);
    chart.paint(g, width, height);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(footer, 10, height + 18);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }
}
