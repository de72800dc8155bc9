package io.consistentcrud.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Section 6: synth time of the sample app with the real CDK CLI from {@code node_modules}
 * ({@code npx --no-install cdk synth}), median of several runs, into a scratch output directory.
 */
final class SynthTime {
    private final int runs;
    private final List<Double> seconds = new ArrayList<>();

    SynthTime(int runs) {
        this.runs = runs;
    }

    void run() throws IOException, InterruptedException {
        Path out = Path.of("test/target/bench/cdk.out");
        for (int i = 0; i < runs; i++) {
            ProcessBuilder pb = new ProcessBuilder("npx", "--no-install", "cdk", "synth", "--quiet", "--no-notices",
                    "-o", out.toString()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
            env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            env.put("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
            env.remove("AWS_PROFILE");
            Path log = Files.createTempFile("bench-synth", ".log");
            pb.redirectOutput(log.toFile());
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("cdk synth did not finish in 5 minutes");
            }
            double s = (System.nanoTime() - start) / 1e9;
            if (p.exitValue() != 0) {
                throw new IllegalStateException("cdk synth failed (exit " + p.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Files.delete(log);
            seconds.add(s);
        }
    }

    void report(Report report) {
        report.heading("6. Synth time of the sample app");
        report.paragraph("`npx --no-install cdk synth` (the pinned CDK CLI from `node_modules`, the app run as "
                + "`java -cp` per `cdk.json`), median of " + runs + " runs: **" + Report.num(ColdPath.median(seconds))
                + " s** (runs: " + seconds.stream().map(Report::num).toList() + " s).");
    }
}
