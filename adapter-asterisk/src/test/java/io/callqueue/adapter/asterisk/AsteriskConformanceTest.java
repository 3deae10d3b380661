package io.callqueue.adapter.asterisk;

import io.callqueue.testkit.conformance.ConformanceFixture;
import io.callqueue.testkit.conformance.TelephonyPortConformanceKit;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Real-time test (tag: WireTest): the adapter conformance kit against the real Asterisk 22, one
 * per class, with SIPp agent phones and Local-channel callers ({@link AsteriskConformanceFixture}).
 */
@WireTest
class AsteriskConformanceTest extends TelephonyPortConformanceKit {
  private static AsteriskInstance asterisk;
  private static Path directory;
  private static Path voice;

  @BeforeAll
  static void startAsterisk() throws IOException {
    Sipp.requireInstalledUnderCi();
    List<AsteriskInstance.Account> accounts = List.of("agent-a", "agent-b", "agent-c").stream()
        .map(n -> new AsteriskInstance.Account(n, "secret-" + n)).toList();
    asterisk = AsteriskInstance.start("AsteriskConformanceTest", accounts,
        "exten => 100,1,Hangup()\n" + AsteriskConformanceFixture.DIALPLAN_CONTEXT + "\n"
            + AsteriskConformanceFixture.CALLBACK_CONTEXT, 0);
    directory = Files.createTempDirectory(
        Files.createDirectories(Path.of("target", "sipp").toAbsolutePath()), "conformance-");
    voice = directory.resolve("agent-voice.alaw");
    byte[] bytes = new byte[8000 * 10];
    Arrays.fill(bytes, (byte) 0x2A);
    Files.write(voice, bytes);
  }

  @AfterAll
  static void stopAsterisk() {
    if (asterisk != null) {
      asterisk.close();
    }
  }

  @Override
  protected ConformanceFixture newFixture() {
    return new AsteriskConformanceFixture(asterisk, directory, voice);
  }
}
