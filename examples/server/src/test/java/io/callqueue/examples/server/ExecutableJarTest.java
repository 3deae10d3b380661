package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.testkit.tier.WireTest;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server as an operator runs it: {@code java -jar target/callqueue-server.jar
 * config.yaml} in its own JVM, with nothing else on the class path. It starts on the shipped
 * default configuration (moved to free ports), answers over HTTP, and stops on SIGTERM after
 * hanging up and flushing. Runs in failsafe, after {@code package} has built the jar.
 */
@WireTest
class ExecutableJarTest {
  private static final Path JAR = Path.of("target", "callqueue-server.jar").toAbsolutePath();
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  @Test
  void javaJar_startsOnTheDefaultConfig_servesHttp_andStopsOnSigterm(@TempDir Path dir)
      throws Exception {
    assertThat(JAR).as("the executable jar, built by mvn package (this test runs in failsafe)")
        .isRegularFile();
    int sip;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      sip = s.getLocalPort();
    }
    int http;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      http = s.getLocalPort();
    }
    String yaml;
    try (InputStream in = getClass().getResourceAsStream("/callqueue-default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path config = dir.resolve("callqueue.yaml");
    Files.writeString(config, yaml.replace("port: 5080", "port: " + sip)
        .replace("port: 8080", "port: " + http)
        .replace("rtpPorts: 20000-20999", "rtpPorts: 35200-35299"));
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");

    Process server = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), config.toString())
        .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    try {
      long deadline = System.nanoTime() + START_LIMIT.toNanos();
      while (!Files.readString(out).contains("Stop with Ctrl-C") && server.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(out)).as("banner; stderr:\n%s", Files.readString(err))
          .contains("callqueue server is running")
          .contains("SIP (UDP)  127.0.0.1:" + sip)
          .contains("http://127.0.0.1:" + http + "/api/snapshot");

      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/snapshot"))
              .timeout(Duration.ofSeconds(10));
      // a server that guards its API prints the token made for this run in the banner
      Matcher token = Pattern.compile("HTTP token (\\S+)").matcher(Files.readString(out));
      if (token.find()) {
        request.header("Authorization", "Bearer " + token.group(1));
      }
      HttpResponse<String> snapshot = HttpClient.newHttpClient().send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(snapshot.statusCode()).isEqualTo(200);
      assertThat(snapshot.body()).contains("support");

      server.destroy(); // SIGTERM, as systemd stops it
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
      // 0 where ServerMain handles SIGTERM itself; 143 = 128 + SIGTERM under the JVM's default
      assertThat(server.exitValue()).isIn(0, 143);
      assertThat(Files.readString(err)).contains("stopping: hanging up calls")
          .doesNotContain("Exception");
    } finally {
      server.destroyForcibly();
    }
  }
}
