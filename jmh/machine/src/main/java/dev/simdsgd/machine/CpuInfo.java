package dev.simdsgd.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the benchmark runs record about the CPU: its model name, its family/model/stepping and its
 * cache sizes, read from /proc/cpuinfo, /sys and {@code getconf}. Compiled into both benchmark
 * modules (jmh/ and jmh/peers/, through build-helper's add-source), as {@link PreWarm} is.
 * Measures nothing; each call reads a few small files or starts {@code getconf} up to four times.
 * {@code java -cp ... dev.simdsgd.machine.CpuInfo} prints {@link #slug()}, the CPU part of a results
 * folder's name.
 */
public final class CpuInfo {
  private CpuInfo() {}

  /** Prints {@link #slug()}. */
  public static void main(String[] args) {
    System.out.println(slug());
  }

  /**
   * A file-name slug of this CPU: its model name in lower case, words joined by '-', with
   * "-f&lt;family&gt;m&lt;model&gt;" appended where /proc/cpuinfo gives them ("amd-epyc-f26m2"), so that
   * two CPUs sharing a model name, as VMs often show them, never share a results folder.
   */
  public static String slug() {
    Map<String, String> fields = firstProcessor();
    String name = slugOf(modelOf(fields));
    String family = fields.get("cpu family");
    String modelNumber = fields.get("model");
    if (family == null || modelNumber == null || !(family + modelNumber).matches("[0-9]+")) {
      return name;
    }
    return name + "-f" + family + "m" + modelNumber;
  }

  /** The model-name part of {@link #slug()}: at most 40 characters, "unknown-cpu" if empty. */
  static String slugOf(String modelName) {
    String s = modelName.toLowerCase(Locale.ROOT)
        .replaceAll("\\((r|tm)\\)", "")
        .replaceAll("\\b(cpu|processor|with|radeon graphics)\\b", " ")
        .replaceAll("@.*$", "")
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
    if (s.length() > 40) {
      s = s.substring(0, 40).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "unknown-cpu" : s;
  }

  /** The first processor's "model name" from /proc/cpuinfo, else {@code os.arch}. */
  public static String model() {
    return modelOf(firstProcessor());
  }

  /** {@link #model()} from the already read fields of /proc/cpuinfo. */
  private static String modelOf(Map<String, String> fields) {
    String name = fields.get("model name");
    return name != null ? name : System.getProperty("os.arch", "unknown-cpu");
  }

  /**
   * "family F model M stepping S" from /proc/cpuinfo, or null elsewhere. Two CPUs can share a model
   * name ("AMD EPYC" on a VM covers Zen 4, family 25, and Zen 5, family 26), so runs record this too.
   */
  public static String id() {
    Map<String, String> fields = firstProcessor();
    if (!fields.containsKey("cpu family")) {
      return null;
    }
    return "family " + fields.get("cpu family") + " model " + fields.get("model") + " stepping "
        + fields.getOrDefault("stepping", "?");
  }

  /**
   * Per-core cache sizes in bytes keyed L1d, L1i, L2, L3: from /sys, else from {@code getconf}
   * (glibc's reading of CPUID, for VMs that expose no /sys cache directory); empty when neither
   * answers.
   */
  public static Map<String, Long> cacheSizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    Path base = Path.of("/sys/devices/system/cpu/cpu0/cache");
    for (int index = 0; index < 8; index++) {
      Path dir = base.resolve("index" + index);
      try {
        String level = Files.readString(dir.resolve("level")).trim();
        String type = Files.readString(dir.resolve("type")).trim();
        String size = Files.readString(dir.resolve("size")).trim();
        long bytes = Long.parseLong(size.replaceAll("[^0-9]", ""));
        if (size.endsWith("K")) {
          bytes <<= 10;
        } else if (size.endsWith("M")) {
          bytes <<= 20;
        }
        sizes.put("L" + level + ("Data".equals(type) ? "d" : "Instruction".equals(type) ? "i" : ""), bytes);
      } catch (IOException | RuntimeException e) {
        break;
      }
    }
    return sizes.isEmpty() ? cacheSizesFromGetconf() : sizes;
  }

  private static Map<String, Long> cacheSizesFromGetconf() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    String[][] names = {
      {"L1d", "LEVEL1_DCACHE_SIZE"}, {"L1i", "LEVEL1_ICACHE_SIZE"}, {"L2", "LEVEL2_CACHE_SIZE"},
      {"L3", "LEVEL3_CACHE_SIZE"}
    };
    for (String[] name : names) {
      try {
        Process p = new ProcessBuilder("getconf", name[1]).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() == 0 && out.matches("[0-9]+") && Long.parseLong(out) > 0) {
          sizes.put(name[0], Long.parseLong(out));
        }
      } catch (IOException | RuntimeException e) {
        return sizes;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return sizes;
      }
    }
    return sizes;
  }

  /** The "key : value" lines of the first processor in /proc/cpuinfo; empty where there is none. */
  private static Map<String, String> firstProcessor() {
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.isBlank() && !fields.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no fields
    }
    return fields;
  }
}
