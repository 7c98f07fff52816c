package dev.simdsgd.peers.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.simdsgd.peers.PeerData;
import dev.simdsgd.peers.Trainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the peers report from one {@code run-peers.sh} results folder: {@code PEERS.md} (peer
 * tables as ratios with errors, the measured roofline, each kernel's percentage of its own
 * roofline, the targets as met / missed and by how much, and the bound that explains a
 * miss), {@code peers-summary.json} (the same figures, for other reports) and {@code roofline.png}.
 *
 * <p>Inputs in the folder: {@code peers-jmh.json} (JMH), {@code env-peers.json} (PeersEnv),
 * optional {@code native.json} (C harness), {@code loss.json} (LossEval), {@code run.json}.
 * Every figure is computed from these files; none is written in here.
 *
 * <p>Usage: {@code java -cp ... dev.simdsgd.peers.report.PeersReport RESULTS_DIR [OUT_DIR]}.
 */
public final class PeersReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PeersReport() {}

  /** A median of fork means with an error half-width, in the unit of its benchmark. */
  record Value(double median, double error, int forks) {
    double rel() {
      return median == 0 || Double.isNaN(error) ? 0 : error / median;
    }
  }

  /** A ratio a/b with its propagated error. */
  record Ratio(double value, double error) {
    static Ratio of(Value num, Value den) {
      if (num == null || den == null) {
        return null;
      }
      double r = num.median() / den.median();
      return new Ratio(r, r * Math.hypot(num.rel(), den.rel()));
    }

    String fmt() {
      return String.format(Locale.ROOT, "%.2f× ± %.2f", value, error);
    }
  }

  /** Runs the generator. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: PeersReport RESULTS_DIR [OUT_DIR]");
      System.exit(2);
    }
    Path in = Path.of(args[0]);
    Path out = args.length > 1 ? Path.of(args[1]) : in;
    Files.createDirectories(out);
    new PeersReport.Builder(in).write(out);
  }

  /** Reads one results folder and writes the report. */
  static final class Builder {
    private final Map<String, Value> jmh = new TreeMap<>();
    private final Map<String, Double> allocation = new TreeMap<>(); // key -> B/op (-prof gc)
    /** Key -> the B/op that JMH's own per-iteration bookkeeping can explain at that op length. */
    private final Map<String, Double> bookkeeping = new TreeMap<>();
    private final List<String> inlining;
    private final JsonNode env;
    private final JsonNode nativeRun;
    private final JsonNode loss;
    private final JsonNode run;
    private final long l1;
    private final long l2;
    private final long l3;
    private final Map<String, Value> bandwidth = new LinkedHashMap<>(); // level -> bytes/ns
    private final Map<String, Long> bandwidthSet = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<String> targetLines = new ArrayList<>();
    private final List<String> boundLines = new ArrayList<>();
    private final List<String> placementBoundLines = new ArrayList<>();
    /** Ratio ranges for the one-line headline: name -> {min, max}. */
    private final Map<String, double[]> headline = new LinkedHashMap<>();

    private void range(String name, Ratio r) {
      if (r == null) {
        return;
      }
      double[] mm = headline.computeIfAbsent(name, k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
      mm[0] = Math.min(mm[0], r.value());
      mm[1] = Math.max(mm[1], r.value());
    }

    Builder(Path dir) throws IOException {
      Path jmhFile = dir.resolve("peers-jmh.json");
      if (!Files.exists(jmhFile)) {
        throw new IOException(jmhFile + " is missing: run jmh/peers/run-peers.sh first");
      }
      for (JsonNode b : JSON.readTree(jmhFile.toFile())) {
        String name = b.get("benchmark").asText();
        name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        StringBuilder key = new StringBuilder(name);
        JsonNode params = b.get("params");
        if (params != null) {
          List<String> names = new ArrayList<>();
          params.fieldNames().forEachRemaining(names::add);
          names.sort(null);
          for (String p : names) {
            key.append(' ').append(p).append('=').append(params.get(p).asText());
          }
        }
        jmh.put(key.toString(), value(b.get("primaryMetric")));
        JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm");
        if (!alloc.isMissingNode()) {
          allocation.put(key.toString(), alloc.path("score").asDouble());
          bookkeeping.put(key.toString(), bookkeepingBytesPerOp(b));
        }
      }
      Path inl = dir.resolve("inlining-summary.txt");
      inlining = Files.exists(inl) ? Files.readAllLines(inl) : null;
      env = readOptional(dir.resolve("env-peers.json"));
      nativeRun = readOptional(dir.resolve("native.json"));
      loss = readOptional(dir.resolve("loss.json"));
      run = readOptional(dir.resolve("run.json"));
      JsonNode caches = env == null ? null : env.get("cacheSizes");
      l1 = caches != null && caches.has("L1d") ? caches.get("L1d").asLong() : 32 << 10;
      l2 = caches != null && caches.has("L2") ? caches.get("L2").asLong() : 1 << 20;
      l3 = caches != null && caches.has("L3") ? caches.get("L3").asLong() : 32 << 20;
    }

    private static JsonNode readOptional(Path p) throws IOException {
      return Files.exists(p) ? JSON.readTree(p.toFile()) : null;
    }

    /** Median of per-fork means; error = half the range of fork means (JMH's CI with one fork). */
    private static Value value(JsonNode metric) {
      JsonNode raw = metric.get("rawData");
      double[] forkMeans = new double[raw == null ? 0 : raw.size()];
      for (int f = 0; f < forkMeans.length; f++) {
        double s = 0;
        for (JsonNode v : raw.get(f)) {
          s += v.asDouble();
        }
        forkMeans[f] = s / raw.get(f).size();
      }
      if (forkMeans.length == 0) {
        return new Value(metric.get("score").asDouble(), metric.get("scoreError").asDouble(), 1);
      }
      Arrays.sort(forkMeans);
      int n = forkMeans.length;
      double median = n % 2 == 1 ? forkMeans[n / 2] : (forkMeans[n / 2 - 1] + forkMeans[n / 2]) / 2;
      double error = n >= 2 ? (forkMeans[n - 1] - forkMeans[0]) / 2 : metric.get("scoreError").asDouble();
      return new Value(median, Double.isNaN(error) ? 0 : error, n);
    }

    private Value get(String key) {
      return jmh.get(key);
    }

    private String level(long bytes) {
      if (bytes <= l1) {
        return "L1";
      }
      if (bytes <= l2) {
        return "L2";
      }
      if (bytes <= l3) {
        return "L3";
      }
      return "DRAM";
    }

    /** Measured read bandwidth (bytes/ns = GB/s) of the level that holds {@code bytes}. */
    private Value bw(String level) {
      return bandwidth.get(level);
    }

    void write(Path out) throws IOException {
      header();
      roofline();
      List<double[]> dotPoints = dot();
      batch();
      epoch();
      targets();
      Files.writeString(out.resolve("PEERS.md"), md.toString());
      StringBuilder head = new StringBuilder("Against the peers (").append(footer()).append("): ");
      List<String> parts = new ArrayList<>();
      headline.forEach((k, mm) -> parts.add(String.format(Locale.ROOT, mm[0] == mm[1] ? "%s **%.2f×**" : "%s **%.2f–%.2f×**",
          k, mm[0], mm[1])));
      head.append(String.join("; ", parts)).append(".\n");
      Files.writeString(out.resolve("HEADLINE.md"), head.toString());
      summary.put("headline", head.toString().strip());
      summary.put("targets", targetLines);
      summary.put("bounds", boundLines);
      summary.put("placementBounds", placementBoundLines);
      Files.writeString(out.resolve("peers-summary.json"),
          JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n");
      RooflineChart.write(out.resolve("roofline.png"), bandwidth, bandwidthSet, dotSeries, footer());
      System.out.println("== peers report: " + out.resolve("PEERS.md") + ", " + out.resolve("roofline.png"));
      if (dotPoints.isEmpty()) {
        System.out.println("   (no dot results in this run)");
      }
    }

    private String footer() {
      String cpu = env == null ? "?" : env.path("cpuModel").asText("?");
      if (env != null && env.hasNonNull("cpuId")) {
        cpu += " (" + env.get("cpuId").asText() + ")";
      }
      return String.format(Locale.ROOT, "%s, %d cores, %s; JDK %s; ours %s; %s mode, medians of %s fork(s)",
          cpu, env == null ? 0 : env.path("cores").asInt(), cacheText(),
          env == null ? "?" : env.path("javaVersion").asText("?"),
          env == null ? "?" : env.path("oursPreferred").asText("?"),
          run == null ? "?" : run.path("mode").asText("?"), forksText());
    }

    /** The cache sizes the roofline assumed, and that they are defaults when the probe found none. */
    private String cacheText() {
      String text = "L1d " + size(l1) + " / L2 " + size(l2) + " / L3 " + size(l3);
      boolean known = env != null && env.path("cacheSizes").has("L1d");
      return known ? text : text + " (assumed: the environment probe found no cache sizes)";
    }

    private String forksText() {
      int min = Integer.MAX_VALUE;
      int max = 0;
      for (Value v : jmh.values()) {
        min = Math.min(min, v.forks());
        max = Math.max(max, v.forks());
      }
      return min == max ? Integer.toString(min) : min + "–" + max;
    }

    private void header() {
      md.append("# simd-sgd against its peers and the roofline\n\n");
      md.append("Generated by `dev.simdsgd.peers.report.PeersReport` from the JMH run, the native OpenBLAS ")
          .append("harness run right after it, and the loss evaluation in this folder. Every value is the ")
          .append("median of per-fork means; ± is half the range of the fork means (JMH's 99.9% CI when there ")
          .append("is one fork). Ratios are speedups of ours (peer time / our time), errors propagated.\n\n");
      md.append("- Environment: ").append(footer()).append('\n');
      if (env != null) {
        md.append("- Lucene ").append(env.path("luceneVersion").asText()).append(": ")
            .append(env.path("luceneVectorizationLog").toString()).append('\n');
        md.append("- netlib BLAS: Java = `").append(env.path("netlibJava").asText()).append("`, native = `")
            .append(env.path("netlibNative").asText()).append("`\n");
      }
      if (nativeRun != null) {
        md.append("- OpenBLAS (C harness, 1 thread): ").append(nativeRun.path("openblasConfig").asText())
            .append(", core `").append(nativeRun.path("openblasCore").asText()).append("`, median of ")
            .append(nativeRun.path("samples").asInt()).append(" samples\n");
      } else {
        md.append("- OpenBLAS C harness: **not run** (OpenBLAS absent or the harness failed): the native ")
            .append("OpenBLAS targets cannot be judged from this run.\n");
      }
      if (run != null && "quick".equals(run.path("mode").asText())) {
        md.append("\n> **Quick mode**: one fork and short iterations. These numbers only show that the ")
            .append("benchmarks run; they are not a measurement.\n");
      }
      md.append('\n');
    }

    private void roofline() {
      md.append("## The limit: measured on this machine in the same run\n\n");
      md.append("| level | working set | read bandwidth (GB/s) |\n|---|---:|---:|\n");
      List<Map.Entry<String, Value>> reads = new ArrayList<>();
      for (Map.Entry<String, Value> e : jmh.entrySet()) {
        if (e.getKey().startsWith("RooflineBench.read")) {
          reads.add(e);
        }
      }
      reads.sort((a, b) -> Long.compare(kibOf(a.getKey()), kibOf(b.getKey())));
      for (Map.Entry<String, Value> e : reads) {
        long kib = kibOf(e.getKey());
        long bytes = kib << 10;
        long passes = dev.simdsgd.peers.PeerData.readPasses((int) kib);
        Value t = e.getValue();
        double gbs = bytes * passes / t.median();
        Value v = new Value(gbs, gbs * t.rel(), t.forks());
        String lvl = level(bytes);
        bandwidth.put(lvl, v);
        bandwidthSet.put(lvl, bytes);
        md.append(String.format(Locale.ROOT, "| %s | %s | %.1f ± %.1f |%n", lvl, size(bytes), v.median(), v.error()));
      }
      // A limit cannot be below what some code achieved: where a dot implementation in this run loads
      // faster than the read kernel, that rate becomes the level's roofline (and the table says so).
      StringBuilder raised = new StringBuilder();
      for (Map.Entry<String, Value> e : jmh.entrySet()) {
        if (!e.getKey().startsWith("PeerDotBench.dot")) {
          continue;
        }
        int n = Integer.parseInt(e.getKey().replaceAll(".*n=(\\d+).*", "$1"));
        raise(8L * n, 8.0 * n / e.getValue().median(), e.getKey().replaceAll(".*impl=(\\S+).*", "$1") + " n=" + n, raised);
      }
      if (nativeRun != null) {
        for (JsonNode r : nativeRun.path("dot")) {
          int n = r.path("n").asInt();
          raise(8L * n, 8.0 * n / r.path("nsMedian").asDouble(), "openblas C n=" + n, raised);
        }
      }
      raisedNote.values().forEach(raised::append);
      if (raised.length() > 0) {
        md.append("\nRoofline used below (raised where a measured dot loaded faster than the read kernel, since a ")
            .append("limit cannot be below an achieved rate):").append(raised).append('\n');
      }
      Value fma = get("FmaBench.fma");
      int lanes = env == null ? 16 : env.path("preferredSpeciesBits").asInt(512) / 32;
      if (fma != null) {
        double gflops = 2.0 * lanes / fma.median();
        md.append(String.format(Locale.ROOT, "%nFMA throughput (%d-lane vectors, 12 independent chains): **%.1f ± %.1f GFLOP/s** "
            + "(%.3f ns per vector FMA).%n", lanes, gflops, gflops * fma.rel(), fma.median()));
        summary.put("fmaGflops", gflops);
      }
      Value lat = get("LatencyBench.chase");
      if (lat != null) {
        md.append(String.format(Locale.ROOT, "%nDRAM latency (dependent chase through a random cycle over 512 MiB): "
            + "**%.1f ± %.1f ns** per access.%n", lat.median(), lat.error()));
        summary.put("dramLatencyNs", lat.median());
      }
      summary.put("readBandwidthGBs", bandwidth);
      md.append("\nA kernel's roofline time is the bytes it must load ÷ the measured read bandwidth of the ")
          .append("level its data lives in (the VM has no cycle counter, so limits are bandwidths). "
              + "% of roofline = roofline time ÷ measured time. "
              + "The read kernel is a plain 8-accumulator vector sum: a code that beats it (over 100%) shows the true "
              + "load limit is somewhat higher, so these percentages are upper estimates.\n\n");
    }

    private final Map<String, double[][]> dotSeries = new LinkedHashMap<>();

    private List<double[]> dot() {
      List<Integer> ns = new ArrayList<>();
      for (String k : jmh.keySet()) {
        if (k.startsWith("PeerDotBench.dot") && k.contains("impl=ours")) {
          ns.add(Integer.parseInt(k.replaceAll(".*n=(\\d+).*", "$1")));
        }
      }
      ns.sort(null);
      if (ns.isEmpty()) {
        return List.of();
      }
      String[] impls = {"ours", "lucene", "netlibJava", "openblasJni"};
      md.append("## dot\n\n")
          .append("Bytes per call: 2 loads × 4 B × n = 8n, from the level the two arrays fit in. ")
          .append("`openblas C` is cblas_sdot from the C harness (no JNI); `openblasJni` is the same through ")
          .append("netlib's JNI binding. `openblas C +16 B` is the same call on buffers that start 16 bytes past ")
          .append("a 64-byte line, where a Java float[]'s first element lands when the array object starts on a ")
          .append("line: the JVM cannot align an array's elements, so a Java kernel's 512-bit loads mostly ")
          .append("straddle two lines, while the plain `openblas C` column has 64-byte-aligned buffers. The JVM ")
          .append("forks of this table run with `").append(PeerData.PIN_ARRAY_PLACEMENT).append("`, which puts every ")
          .append("Java array exactly there, so all the Java columns and the +16 B column share one placement. ")
          .append("The issue's target is judged against the aligned figure; the +16 B ratio is the like-for-like one.\n\n")
          .append("| n | level | ours ns | lucene ns | netlibJava ns | openblasJni ns | openblas C ns | openblas C +16 B ns | ours vs lucene | ours vs netlibJava | ours vs openblas C | ours vs openblas C +16 B | % roofline: ours / lucene / openblas C | ours B/op |\n")
          .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
      List<double[]> points = new ArrayList<>();
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int n : ns) {
        long bytes = 8L * n;
        String lvl = level(bytes);
        Value b = bw(lvl);
        double roofNs = b == null ? Double.NaN : bytes / b.median();
        Map<String, Value> t = new LinkedHashMap<>();
        for (String impl : impls) {
          t.put(impl, get("PeerDotBench.dot impl=" + impl + " n=" + n));
        }
        Value c = nativeDot("dot", n);
        Value cJvm = nativeDot("dotJvmAlignment", n);
        t.put("openblasC", c);
        t.put("openblasCJvmAlignment", cJvm);
        Ratio vsLucene = Ratio.of(t.get("lucene"), t.get("ours"));
        Ratio vsJava = Ratio.of(t.get("netlibJava"), t.get("ours"));
        Ratio vsC = Ratio.of(c, t.get("ours"));
        Ratio vsCJvm = Ratio.of(cJvm, t.get("ours"));
        md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s |%n",
            n, lvl, ns(t.get("ours")), ns(t.get("lucene")), ns(t.get("netlibJava")), ns(t.get("openblasJni")),
            ns(c), ns(cJvm), fmt(vsLucene), fmt(vsJava), fmt(vsC), fmt(vsCJvm),
            pct(roofNs, t.get("ours")), pct(roofNs, t.get("lucene")), pct(roofNs, c),
            bytesPerOp("PeerDotBench.dot impl=ours n=" + n)));
        for (Map.Entry<String, Value> e : t.entrySet()) {
          if (e.getValue() != null) {
            series.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                .add(new double[] {bytes, bytes / e.getValue().median()});
          }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("n", n);
        row.put("level", lvl);
        row.put("rooflineNs", roofNs);
        t.forEach((k, v) -> row.put(k + "Ns", v == null ? null : v.median()));
        row.put("vsLucene", vsLucene);
        row.put("vsNetlibJava", vsJava);
        row.put("vsOpenblasC", vsC);
        row.put("vsOpenblasCJvmAlignment", vsCJvm);
        rows.add(row);
        if (n >= 256 && n <= 4096) {
          range("dot n=256–4096 vs Lucene", vsLucene);
          range("dot n=256–4096 vs OpenBLAS sdot (C)", vsC);
          range("dot n=256–4096 vs OpenBLAS sdot (C) on buffers placed like a Java array (+16 B)", vsCJvm);
          String lucene = String.format(Locale.ROOT, "dot n=%d: ≥ 1.25× Lucene", n);
          String openblas = String.format(Locale.ROOT, "dot n=%d: ≥ 0.9× native OpenBLAS sdot (C harness)", n);
          target(lucene, vsLucene, 1.25, roofNs, t.get("lucene"), t.get("ours"));
          target(openblas, vsC, 0.9, roofNs, c, t.get("ours"));
          placementBound(lucene, 1.25, t.get("lucene"), cJvm);
          placementBound(openblas, 0.9, c, cJvm);
        }
        points.add(new double[] {n});
      }
      series.forEach((k, v) -> dotSeries.put("dot " + k, v.toArray(new double[0][])));
      summary.put("dot", rows);
      md.append('\n');
      return points;
    }

    /** The C harness's sdot at n from its {@code dot} (aligned) or {@code dotJvmAlignment} list. */
    private Value nativeDot(String list, int n) {
      if (nativeRun == null) {
        return null;
      }
      for (JsonNode r : nativeRun.path(list)) {
        if (r.path("n").asInt() == n) {
          return nativeValue(r);
        }
      }
      return null;
    }

    private static Value nativeValue(JsonNode r) {
      // Error: half the min-max range of the harness's samples (capped at the median itself).
      double med = r.path("nsMedian").asDouble();
      double half = (r.path("nsMax").asDouble() - r.path("nsMin").asDouble()) / 2;
      return new Value(med, Math.min(half, med), 1);
    }

    /** The C harness's pair at (data, m, d) from its {@code batchGradient} or {@code batchGradientJvmAlignment} list. */
    private Value nativePair(String list, String data, int m, int d) {
      if (nativeRun == null) {
        return null;
      }
      for (JsonNode r : nativeRun.path(list)) {
        if (r.path("data").asText().equals(data) && r.path("m").asInt() == m && r.path("d").asInt() == d) {
          return nativeValue(r);
        }
      }
      return null;
    }

    private void batch() {
      List<String> keys = new ArrayList<>();
      for (String k : jmh.keySet()) {
        if (k.startsWith("PeerBatchGradientBench.gradient") && k.contains("method=ours")) {
          keys.add(k);
        }
      }
      if (keys.isEmpty()) {
        return;
      }
      keys.sort((a, b) -> {
        int c = param(b, "data").compareTo(param(a, "data"));
        if (c != 0) {
          return c;
        }
        c = Integer.compare(Integer.parseInt(param(a, "d")), Integer.parseInt(param(b, "d")));
        return c != 0 ? c : Integer.compare(Integer.parseInt(param(a, "m")), Integer.parseInt(param(b, "m")));
      });
      md.append("## Mini-batch logistic gradient: fused kernel vs gather + sgemv pair\n\n")
          .append("`shuffled`: the m rows come from a 128 MiB dataset in shuffled order (the pair gathers them ")
          .append("into a contiguous block, then reads it twice); `hot`: the dataset is the m rows, in order and ")
          .append("in cache (the pair runs on them with no gather).\n\n")
          .append("Our roofline (derived from the kernel's 8-row blocking): per block of 8 rows and L lanes it ")
          .append("issues 8 row loads for the dots, 8 row loads again (from L1) for the updates, 1 load of w and ")
          .append("1 load + 1 store of g: 18 vector loads per 8L row elements, i.e. **9·m·d bytes of loads ")
          .append("through L1**, of which **4·m·d bytes** (each row once) come from the level the data lives ")
          .append("in. Roofline time = max(9·m·d / BW(L1), 4·m·d / BW(data level)); data level = DRAM when ")
          .append("shuffled, else the level 4·m·d bytes fit in. Shuffled, the measured memory floor raises it: ")
          .append("`BatchFloorBench` reads one float of every 64-byte line of the same batch's rows and their ")
          .append("labels, from the same dataset in the same order, computing nothing (every load independent, so ")
          .append("the CPU keeps as many misses in flight as it can), row by row and eight rows at a time line by ")
          .append("line; the floor is the faster of the two. Any kernel on this dataset as the JVM lays it out ")
          .append("must bring those lines in (the netlib pair's gather too), so a peer's time over the floor is ")
          .append("the highest ratio a Java kernel could reach against it. The C harness's dataset is 64-byte ")
          .append("aligned, so its rows span fewer lines (d = 64: four instead of five): against OpenBLAS the ")
          .append("floor bounds what a Java kernel can reach, not what C code could.\n\n")
          .append("`openblas C +16 B` (hot only) is the C pair with every buffer starting 16 bytes past a ")
          .append("64-byte line, where a Java float[]'s elements land (see the dot section; the JVM forks here run ")
          .append("pinned to that placement too): the like-for-like ")
          .append("case for a Java kernel, whose arrays the JVM does not align. The targets are judged against ")
          .append("the aligned `openblas C` column.\n\n")
          .append("| data | m | d | ours ns | memory floor ns | netlibJava pair ns | openblasJni pair ns | openblas C pair ns | openblas C +16 B pair ns | ours vs netlibJava | ours vs openblas C | ours vs openblas C +16 B | ours vs openblasJni | ours % roofline | ours B/op |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String k : keys) {
        String data = param(k, "data");
        int m = Integer.parseInt(param(k, "m"));
        int d = Integer.parseInt(param(k, "d"));
        String base = "PeerBatchGradientBench.gradient d=" + d + " data=" + data + " m=" + m + " method=";
        Value ours = get(base + "ours");
        Value java = get(base + "netlibJava");
        Value jni = get(base + "openblasJni");
        Value c = nativePair("batchGradient", data, m, d);
        Value cJvm = data.equals("hot") ? nativePair("batchGradientJvmAlignment", data, m, d) : null;
        double md4 = 4.0 * m * d;
        String dataLevel = data.equals("shuffled") ? "DRAM" : level((long) md4);
        Value bl1 = bw("L1");
        Value bdata = bw(dataLevel);
        double roofNs = Double.NaN;
        if (bl1 != null && bdata != null) {
          roofNs = Math.max(9.0 * m * d / bl1.median(), md4 / bdata.median());
        }
        Value floor = data.equals("shuffled") ? faster(get("BatchFloorBench.readBatch d=" + d + " m=" + m),
            get("BatchFloorBench.readBatchEightRowsAtOnce d=" + d + " m=" + m)) : null;
        if (floor != null) { // a limit cannot be below what reading the lines alone takes
          roofNs = Double.isNaN(roofNs) ? floor.median() : Math.max(roofNs, floor.median());
        }
        Ratio vsJava = Ratio.of(java, ours);
        Ratio vsC = Ratio.of(c, ours);
        Ratio vsCJvm = Ratio.of(cJvm, ours);
        Ratio vsJni = Ratio.of(jni, ours);
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            data, m, d, ns(ours), ns(floor), ns(java), ns(jni), ns(c), ns(cJvm), fmt(vsJava), fmt(vsC), fmt(vsCJvm), fmt(vsJni),
            pct(roofNs, ours), bytesPerOp(base + "ours")));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("data", data);
        row.put("m", m);
        row.put("d", d);
        row.put("oursNs", ours == null ? null : ours.median());
        row.put("memoryFloorNs", floor == null ? null : floor.median());
        row.put("rooflineNs", roofNs);
        row.put("vsNetlibJava", vsJava);
        row.put("vsOpenblasC", vsC);
        row.put("vsOpenblasCJvmAlignment", vsCJvm);
        row.put("vsOpenblasJni", vsJni);
        rows.add(row);
        boolean shuffled = data.equals("shuffled");
        range("batch gradient (" + data + ") vs OpenBLAS sgemv pair (C)", vsC);
        if (cJvm != null) {
          range("batch gradient (hot) vs OpenBLAS sgemv pair (C) on buffers placed like Java arrays (+16 B)", vsCJvm);
        }
        range("batch gradient (" + data + ") vs netlib Vector sgemv pair", vsJava);
        String where = String.format(Locale.ROOT, "batch gradient %s m=%d d=%d", data, m, d);
        target(where + (shuffled ? ": ≥ 1.6× netlib Vector pair" : ": ≥ 1.4× netlib Vector pair"), vsJava,
            shuffled ? 1.6 : 1.4, roofNs, java, ours);
        target(where + (shuffled ? ": ≥ 1.6× native OpenBLAS pair (C)" : ": ≥ 1.2× native OpenBLAS pair (C)"), vsC,
            shuffled ? 1.6 : 1.2, roofNs, c, ours);
      }
      summary.put("batchGradient", rows);
      md.append('\n');
    }

    private void epoch() {
      List<String> trainers = List.of("ours-b1", "ours-b64", "smile", "tribuo");
      boolean any = false;
      for (String t : trainers) {
        any |= get("PeerEpochBench.epoch trainer=" + t) != null;
      }
      if (!any && loss == null) {
        return;
      }
      int epochs = loss == null ? 0 : loss.path("epochs").asInt();
      md.append("## SGD epoch, N = 200 000, d = 128, shuffled each epoch\n\n")
          .append("Examples/s from the JMH run (ms per epoch; Tribuo's epoch includes its own per-`train` dataset ")
          .append("conversion, since its API starts a new model per call). Final loss: mean training log-loss ")
          .append("after the same ").append(epochs).append(" epoch(s) from zero, from the loss evaluation run ")
          .append("after JMH (its own wall-clock examples/s alongside).");
      if (loss != null) {
        md.append(String.format(Locale.ROOT, " Learning rates: %.4g per example (ours-b1, Smile, Tribuo), %.4g for "
                + "ours-b64; no momentum, no L2. References: zero model %.5f, generating model %.5f.",
            loss.path("learningRatePerExample").asDouble(), loss.path("learningRateBatch64").asDouble(),
            loss.path("zeroModelLoss").asDouble(), loss.path("generatingModelLoss").asDouble()));
      }
      md.append("\n\n| trainer | ms / epoch | examples/s (JMH) | ours-b1 vs it | final loss | examples/s (loss run) | B/epoch |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|\n");
      Value b1 = get("PeerEpochBench.epoch trainer=ours-b1");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String t : trainers) {
        Value v = get("PeerEpochBench.epoch trainer=" + t);
        JsonNode l = lossOf(t);
        double eps = v == null ? Double.NaN : 200_000 / (v.median() / 1e3);
        Ratio r = Ratio.of(v, b1);
        Double alloc = allocation.get("PeerEpochBench.epoch trainer=" + t);
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", t,
            v == null ? "—" : String.format(Locale.ROOT, "%.1f ± %.1f", v.median(), v.error()),
            v == null ? "—" : String.format(Locale.ROOT, "%.3g", eps),
            t.equals("ours-b1") ? "1" : fmt(r),
            l == null ? "—" : String.format(Locale.ROOT, "%.5f", l.path("finalLoss").asDouble()),
            l == null ? "—" : String.format(Locale.ROOT, "%.3g", l.path("examplesPerSecond").asDouble()),
            alloc == null ? "—" : String.format(Locale.ROOT, "%.3g", alloc)));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trainer", t);
        row.put("msPerEpoch", v == null ? null : v.median());
        row.put("examplesPerSecond", eps);
        row.put("finalLoss", l == null ? null : l.path("finalLoss").asDouble());
        rows.add(row);
      }
      summary.put("epoch", rows);
      Value smile = get("PeerEpochBench.epoch trainer=smile");
      Ratio vsSmile = Ratio.of(smile, b1);
      JsonNode lo = lossOf("ours-b1");
      JsonNode ls = lossOf("smile");
      // Our batch-1 roofline: each example's row (4d B) once from DRAM; through L1 about 7·4d B of
      // loads (x twice, w, g in the m=1 gradient; g, v, w in the update). In shuffled order the
      // measured memory floor (every line of every row read, nothing computed) replaces the
      // streaming DRAM term when it is present, since it is the larger.
      Value dram = bw("DRAM");
      Value bl1 = bw("L1");
      Value floor = get("EpochFloorBench.readShuffledRows");
      double roofMs = Double.NaN;
      if (dram != null && bl1 != null) {
        double streamMs = 200_000.0 * 4 * 128 / dram.median() / 1e6;
        double l1Ms = 200_000.0 * 7 * 4 * 128 / bl1.median() / 1e6;
        roofMs = Math.max(floor == null ? streamMs : Math.max(streamMs, floor.median()), l1Ms);
        md.append(String.format(Locale.ROOT, "%nours-b1 roofline: max(N·4d B / BW(DRAM) = %.2f ms, shuffled-read floor %s ms, "
            + "N·28d B / BW(L1) = %.2f ms) = %.2f ms per epoch; measured %s ms, %s of roofline.%n",
            streamMs, floor == null ? "—" : String.format(Locale.ROOT, "%.1f", floor.median()), l1Ms, roofMs,
            b1 == null ? "—" : String.format(Locale.ROOT, "%.1f", b1.median()), pct(roofMs, b1)));
      }
      Value lat = get("LatencyBench.chase");
      if (floor != null && smile != null && b1 != null) {
        double smileMs = smile.median();
        Value b64 = get("PeerEpochBench.epoch trainer=ours-b64");
        md.append(String.format(Locale.ROOT, "%nMemory floor: reading one float of every 64-byte line of all N shuffled "
            + "rows plus each label, computing nothing (`EpochFloorBench`, every load independent so the CPU keeps as "
            + "many misses in flight as it can), takes %.1f ms per epoch, %.0f ns per example%s. 10× Smile is %.1f ms "
            + "per epoch (Smile %.1f ms ÷ 10): %s, so no trainer that reads these float32 rows in a shuffled order from "
            + "memory can reach it; the best possible is %.2f× Smile. Ours-b1 takes %.1f ms, %.0f%% of the floor's "
            + "speed: it reads %d rows and their labels ahead at a time (`Kernels.readAhead`) and pipelines its steps "
            + "(`Kernels.sgdUpdateThenDot`), and the rest is per-example compute that the reads do not hide (ours-b64, "
            + "with the same reads, %s ms).%n",
            floor.median(), floor.median() * 1e6 / 200_000,
            lat == null ? "" : String.format(Locale.ROOT, " (one dependent random DRAM access alone: %.0f ns, `LatencyBench`)", lat.median()),
            smileMs / 10, smileMs,
            smileMs / 10 < floor.median() ? "below the floor" : "above the floor",
            smileMs / floor.median(), b1.median(), 100 * floor.median() / b1.median(), Trainers.READ_AHEAD_ROWS,
            b64 == null ? "—" : String.format(Locale.ROOT, "%.1f", b64.median())));
      }
      md.append('\n');
      range("SGD epoch d=128 batch 1 vs Smile (examples/s)", vsSmile);
      range("SGD epoch d=128 batch 1 vs Tribuo (examples/s)", Ratio.of(get("PeerEpochBench.epoch trainer=tribuo"), b1));
      if (vsSmile != null) {
        String lossNote = "";
        boolean lossOk = true;
        if (lo != null && ls != null) {
          double a = lo.path("finalLoss").asDouble();
          double s = ls.path("finalLoss").asDouble();
          lossOk = a <= s + 1e-6;
          lossNote = String.format(Locale.ROOT, "; final loss ours %.5f vs Smile %.5f (%s)", a, s,
              lossOk ? "equal or lower" : "HIGHER");
        }
        target("SGD epoch d=128 batch 1: ≥ 10× Smile examples/s at equal or lower loss", vsSmile, 10,
            roofMs, smile, b1);
        if (!lossOk) {
          targetLines.add("- **missed**: ours-b1 final loss above Smile's" + lossNote);
        } else {
          targetLines.add("- loss condition met" + lossNote);
        }
      }
    }

    private JsonNode lossOf(String trainer) {
      if (loss == null) {
        return null;
      }
      for (JsonNode r : loss.path("results")) {
        if (r.path("trainer").asText().equals(trainer)) {
          return r;
        }
      }
      return null;
    }

    /**
     * Records a target: met or missed and by how much; and the bound: the best ratio our kernel
     * could reach against this peer if it ran exactly at its roofline (peer time / roofline time).
     */
    /** The one of two measurements with the lower median (either may be missing). */
    private static Value faster(Value a, Value b) {
      if (a == null || b == null) {
        return a == null ? b : a;
      }
      return a.median() <= b.median() ? a : b;
    }

    private void target(String what, Ratio r, double goal, double roofline, Value peer, Value ours) {
      if (r == null) {
        targetLines.add("- **not judged**: " + what + " (no measurement of one side in this run)");
        return;
      }
      String bound = "";
      if (peer != null && !Double.isNaN(roofline) && roofline > 0) {
        double best = peer.median() / roofline;
        bound = String.format(Locale.ROOT, "; at our roofline the best possible ratio is %.2f×", best);
        if (best < goal) {
          bound += String.format(Locale.ROOT, " — **the target is above the physical limit** (peer already at %.0f%% of our roofline)",
              100 * roofline / peer.median());
          boundLines.add(what + String.format(Locale.ROOT, ": target %.2f× but the roofline caps it at %.2f×", goal, best));
        }
        if (ours != null) {
          bound += String.format(Locale.ROOT, "; ours runs at %.0f%% of its roofline", 100 * roofline / ours.median());
        }
      }
      boolean met = r.value() >= goal;
      String line = met
          ? String.format(Locale.ROOT, "- met: %s — %s (%.0f%% above the target)%s", what, r.fmt(),
              100 * (r.value() / goal - 1), bound)
          : String.format(Locale.ROOT, "- **missed**: %s — %s, %.0f%% short of the target (needs %.2f× more)%s",
              what, r.fmt(), 100 * (1 - r.value() / goal), goal / r.value(), bound);
      if (!met && r.value() + r.error() >= goal) {
        line += " (within the error)";
      }
      targetLines.add(line);
    }

    /**
     * Records a target that asks for more than the fastest code measured on the placement a Java
     * kernel's arrays get: the ratio it would have if it ran as fast as {@code limit} (OpenBLAS's
     * own kernel on buffers placed like a Java array) is below the goal.
     */
    private void placementBound(String what, double goal, Value peer, Value limit) {
      if (peer == null || limit == null) {
        return;
      }
      double best = peer.median() / limit.median();
      if (best < goal) {
        placementBoundLines.add(String.format(Locale.ROOT,
            "%s: running as fast as OpenBLAS's own kernel on the same placement (%s ns) would give %.2f×",
            what, ns(limit), best));
      }
    }

    /** Appends each line as a Markdown bullet. */
    private void bullets(List<String> lines) {
      for (String l : lines) {
        md.append("- ").append(l).append('\n');
      }
    }

    private void targets() {
      md.append("## Targets of issue 5 (ratios at the preferred width)\n\n");
      if (run != null && "quick".equals(run.path("mode").asText())) {
        md.append("_Quick mode: one fork; the issue asks for medians of ≥ 3 forks, so these verdicts are provisional._\n\n");
      }
      for (String l : targetLines) {
        md.append(l).append('\n');
      }
      md.append("\n## Bound\n\n");
      if (boundLines.isEmpty()) {
        md.append("No target in this run is above the bandwidth roofline derived above: a missed target is an ")
            .append("implementation gap, not a physical limit.\n");
      } else {
        md.append("These targets cannot be met by any implementation of our kernel's loads at the measured ")
            .append("bandwidth, or, where the limit is a measured memory floor, by any Java kernel (shuffled rows: ")
            .append("every line they span in the JVM's layout must come from memory):\n\n");
        bullets(boundLines);
      }
      if (!placementBoundLines.isEmpty()) {
        md.append("\nLike for like: a Java kernel cannot see where the JVM put its arrays, so it cannot shift its ")
            .append("loads onto line boundaries as a C kernel could; on the placement the arrays get (16 B past a ")
            .append("line, see the dot section), the fastest code measured is OpenBLAS's own kernel on buffers ")
            .append("placed the same way. These targets ask for more than that:\n\n");
        bullets(placementBoundLines);
      }
      md.append("\n## Bottleneck: allocation and the generated code\n\n");
      List<String> allocating = new ArrayList<>();
      for (Map.Entry<String, Double> e : allocation.entrySet()) {
        String k = e.getKey();
        boolean oursKernel = (k.startsWith("PeerDotBench") && k.contains("impl=ours"))
            || (k.startsWith("PeerBatchGradientBench") && k.contains("method=ours"))
            || (k.startsWith("PeerEpochBench") && k.contains("trainer=ours"));
        // An epoch is 200 000 examples: up to 1 B per example is the trainer's own per-epoch set-up.
        double threshold = Math.max(bookkeeping.getOrDefault(k, 1.0), k.startsWith("PeerEpochBench") ? 200_000 : 1);
        if (oursKernel && e.getValue() >= threshold) {
          allocating.add(String.format(Locale.ROOT, "`%s`: %.0f B/op", k, e.getValue()));
        }
      }
      summary.put("oursAllocating", allocating);
      if (allocation.isEmpty()) {
        md.append("No allocation figures in this run (JMH ran without `-prof gc`).\n");
      } else if (allocating.isEmpty()) {
        md.append("Our kernels allocate nothing beyond JMH's own per-iteration bookkeeping in every ")
            .append("configuration (`-prof gc`): no vector boxing.\n");
      } else {
        md.append("Our kernels **allocate** at steady state (`gc.alloc.rate.norm`), which means C2 boxed ")
            .append("`FloatVector` values instead of keeping them in registers (the design rule is 0 B/op). ")
            .append("Allocation per call, where it is above what JMH's own per-iteration bookkeeping (up to ")
            .append("16 KiB an iteration, spread over its calls) can explain:\n\n");
        bullets(allocating);
      }
      if (inlining != null) {
        md.append("\nWhat C2 failed to inline inside our kernels (`-XX:+PrintInlining`, one fork of the batch ")
            .append("gradient m=64 d=256 hot and dot n=1024; count, callee, reason). A callee that takes or returns ")
            .append("a `FloatVector` and is not inlined forces the vector into a heap object at each call:\n\n```\n");
        for (String l : inlining) {
          md.append(l.strip()).append('\n');
        }
        md.append("```\n");
        summary.put("inliningFailures", inlining);
      }
      md.append("\n![roofline](roofline.png)\n");
    }

    /** Raises the roofline of the level holding {@code bytes} to {@code gbs} if that is higher. */
    private void raise(long bytes, double gbs, String who, StringBuilder unused) {
      String lvl = level(bytes);
      Value cur = bandwidth.get(lvl);
      if (cur == null || gbs <= cur.median()) {
        return;
      }
      readBandwidth.putIfAbsent(lvl, cur);
      bandwidth.put(lvl, new Value(gbs, cur.error() * gbs / cur.median(), cur.forks()));
      raisedNote.put(lvl, String.format(Locale.ROOT, " %s %.1f GB/s (%s; read kernel %.1f GB/s);", lvl, gbs, who,
          readBandwidth.get(lvl).median()));
    }

    private final Map<String, String> raisedNote = new LinkedHashMap<>();
    private final Map<String, Value> readBandwidth = new LinkedHashMap<>();

    private static long kibOf(String key) {
      return Long.parseLong(key.replaceAll(".*kib=(\\d+).*", "$1"));
    }

    private String bytesPerOp(String key) {
      Double b = allocation.get(key);
      if (b == null) {
        return "—";
      }
      if (b < 1) {
        return "0";
      }
      return b > bookkeeping.getOrDefault(key, 1.0) ? String.format(Locale.ROOT, "%.0f ⚠", b)
          : String.format(Locale.ROOT, "%.0f", b);
    }

    /**
     * The bytes per operation that JMH's own bookkeeping can account for: at most 16 KiB per
     * measurement iteration (the bound the main report uses, ReportMain.JMH_BOOKKEEPING_BYTES)
     * spread over the iteration's operations, and never less than 1 B.
     */
    private static double bookkeepingBytesPerOp(JsonNode benchmark) {
      String[] time = benchmark.path("measurementTime").asText("").split(" ");
      String unit = benchmark.path("primaryMetric").path("scoreUnit").asText("");
      double score = benchmark.path("primaryMetric").path("score").asDouble(Double.NaN);
      if (time.length != 2 || !unit.endsWith("/op") || !(score > 0)) {
        return 1.0;
      }
      double iterationSeconds = Double.parseDouble(time[0]) * secondsPer(time[1]);
      double opSeconds = score * secondsPer(unit.substring(0, unit.length() - 3));
      double opsPerIteration = iterationSeconds / opSeconds;
      return opsPerIteration > 0 ? Math.max(1.0, 16 * 1024 / opsPerIteration) : 1.0;
    }

    private static double secondsPer(String unit) {
      return switch (unit) {
        case "ns" -> 1e-9;
        case "us", "µs" -> 1e-6;
        case "ms" -> 1e-3;
        case "s" -> 1.0;
        case "min" -> 60.0;
        default -> Double.NaN;
      };
    }

    private static String param(String key, String name) {
      return key.replaceAll(".*\\b" + name + "=([^ ]+).*", "$1");
    }
  }

  static String ns(Value v) {
    if (v == null) {
      return "—";
    }
    return v.median() >= 1000
        ? String.format(Locale.ROOT, "%.0f ± %.0f", v.median(), v.error())
        : String.format(Locale.ROOT, "%.1f ± %.1f", v.median(), v.error());
  }

  static String fmt(Ratio r) {
    return r == null ? "—" : r.fmt();
  }

  static String pct(double rooflineTime, Value measured) {
    if (measured == null || Double.isNaN(rooflineTime)) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.0f%%", 100 * rooflineTime / measured.median());
  }

  static String size(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + " GiB";
    }
    if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " B";
  }
}
