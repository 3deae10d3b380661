package io.callqueue.examples.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.examples.server.ServerMainAccess;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt uploaded in the panel is what the next caller hears, on the wire: the whole server
 * with its default configuration, the queue changed in the panel to let callers in and announce
 * their position after 2 s, a recording uploaded for {@code queue-position} — a steady tone
 * level no shipped prompt or music has, 44.1 kHz stereo — and a SIPp caller whose RTP goes to
 * this test's socket: the A-law packets of that steady level (160 equal bytes, not silence) are
 * there.
 */
@WireTest
class PanelPromptWireTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  /** 1.5 s of a constant sample value, 44.1 kHz 16-bit stereo. */
  private static byte[] steadyLevel() throws Exception {
    AudioFormat f = new AudioFormat(44100f, 16, 2, true, false);
    int frames = 44100 * 3 / 2;
    byte[] pcm = new byte[frames * 4];
    for (int i = 0; i < pcm.length; i += 2) {
      pcm[i] = (byte) 0x40; // 0x1f40 = 8000
      pcm[i + 1] = (byte) 0x1f;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), f, frames),
        AudioFileFormat.Type.WAVE, out);
    return out.toByteArray();
  }

  @Test
  void aPromptUploadedInThePanel_isHeardByTheNextCaller() throws Exception {
    int sipPort = Sipp.freeUdpPort("127.0.0.1");
    String yaml;
    try (InputStream in = getClass().getResourceAsStream("/callqueue-default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve("callqueue.yaml");
    Files.writeString(file, yaml + "\npanel: { adminPasswordHash: '" + PanelFixture.ADMIN_HASH
        + "' }\n");
    ServerConfig c = ConfigLoader.load(file);
    ServerConfig config = new ServerConfig(c.source(), new ServerConfig.Sip("127.0.0.1",
        sipPort, c.sip().realm()), new ServerConfig.Http("127.0.0.1", 0, PanelFixture.TOKEN,
        false, List.of()), c.accounts(), c.trunks(), c.outbound(), c.agents(), c.queues(),
        c.memberships(), c.scenarios(), new ServerConfig.Storage("memory", null),
        new ServerConfig.Media(null, null, 35200, 35299), c.panel());
    try (ServerMainAccess server = ServerMainAccess.start(config);
        DatagramSocket ear = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      PanelClient admin = new PanelClient(server.httpPort());
      assertThat(admin.signIn("admin", PanelFixture.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
      assertThat(admin.change("/panel/queues/support", "joinPolicy", "ALWAYS",
          "positionFirstAfter", "2s", "estimateAnnouncement", "OFF").statusCode())
          .isEqualTo(200);
      assertThat(PanelManagementTest.upload(admin, server.httpPort(), admin.csrf,
          "queue-position", steadyLevel()).statusCode()).isEqualTo(200);

      ear.setSoTimeout(200);
      Sipp.Running caller = Sipp.scenario("caller_listens.xml").service("100")
          .key("mediaport", Integer.toString(ear.getLocalPort())).pause(Duration.ofSeconds(14))
          .start(sipPort, Duration.ofSeconds(25));
      int packets = 0;
      int steady = 0;
      byte[] buffer = new byte[2048];
      long end = System.nanoTime() + Duration.ofSeconds(13).toNanos();
      while (System.nanoTime() < end) {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
          ear.receive(p);
        } catch (SocketTimeoutException e) {
          continue;
        }
        packets++;
        if (p.getLength() == 12 + 160 && (buffer[1] & 0x7f) == 8) {
          boolean equal = true;
          for (int i = 13; i < 12 + 160 && equal; i++) {
            equal = buffer[i] == buffer[12];
          }
          int b = buffer[12] & 0xff;
          if (equal && b != 0xd5 && b != 0x55) { // A-law silence is 0xd5 (0x55 the other sign)
            steady++;
          }
        }
      }
      Sipp.Result result = caller.await();
      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(packets).as("RTP packets heard").isGreaterThan(400);
      // 1.5 s of the upload is 75 packets of 20 ms; the resampler's edges may cost a few
      assertThat(steady).as("packets of the uploaded recording's steady level").isBetween(60, 80);
    }
  }
}
