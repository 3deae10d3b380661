package io.callqueue.examples.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.ConfigException;
import io.callqueue.api.Strategy;
import io.callqueue.core.announce.PromptCatalog;
import io.callqueue.core.estimate.Estimators;
import io.callqueue.prompts.PromptPack;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path FILE = Path.of("callqueue.yaml");

  private static String defaultYaml() throws IOException {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/callqueue-default.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shippedDefaultConfig_loadsWithTheIssuedDefaults() throws IOException {
    ServerConfig c = ConfigLoader.parse(FILE, defaultYaml());

    assertThat(c.sip().bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.sip().maxCalls()).isEqualTo(500);
    assertThat(c.sip().answerTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.accounts()).containsOnlyKeys("agent1", "agent2", "agent3");
    assertThat(c.agents()).allSatisfy(a -> {
      assertThat(a.autoActivate()).isTrue();
      assertThat(a.endpoint()).isInstanceOf(AgentEndpoint.SipAccount.class);
    });
    assertThat(c.queues()).singleElement().satisfies(q -> {
      assertThat(q.id().value()).isEqualTo("support");
      assertThat(q.strategy()).isEqualTo(Strategy.RING_ALL.id());
      assertThat(q.wrapUpTime()).isEqualTo(Duration.ofSeconds(10));
    });
    assertThat(c.memberships()).hasSize(3);
    assertThat(c.trunks()).singleElement().satisfies(t -> {
      assertThat(t.allowFrom()).containsExactly("127.0.0.1");
      assertThat(t.numbers()).containsExactly("100");
    });
    Scenario s = c.scenarios().get("100");
    assertThat(s.start()).isEqualTo("greeting");
    assertThat(s.steps().get("queue")).isEqualTo(new Scenario.Queue("queue", "support",
        "no-agent"));
    assertThat(s.steps().get("voicemail")).isEqualTo(new Scenario.Voicemail("voicemail",
        "support"));
  }

  @Test
  void everyProblem_isReportedAtOnce_withFileFieldAndValue() {
    String yaml = """
        sip: { port: 70000, maxCalls: 0, answerTimeout: 10ms }
        accounts: { agent1: secret1 }
        agents:
          - { id: agent1, sip: agent1 }
          - { id: agent2, sip: nobody }
          - { id: agent3, number: "0048123" }
        queues:
          - name: support
            ringTimeout: -5s
            ringTimout: 20s
            strategy: ringall
            members:
              - { agent: ghost }
        scenarios:
          - number: "100"
            steps:
              - { id: q, queue: sales, otherwise: missing }
        trunks:
          - { allowFrom: [localhost], numbers: ["200"] }
        """;

    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .contains(
                "callqueue.yaml: sip.port: must be a port 1-65535, was 70000",
                "callqueue.yaml: sip.maxCalls: must be at least 1, was 0",
                "callqueue.yaml: sip.answerTimeout: must be at least 1s, was 10ms",
                "callqueue.yaml: agents[1].sip: account 'nobody' is not in 'accounts'",
                "callqueue.yaml: queues[0]: queue 'support': ringTimeout must be > 0, was -5s",
                "callqueue.yaml: queues[0].ringTimout: unknown field (did you mean"
                    + " 'ringTimeout'?)",
                "callqueue.yaml: queues[0].members[0].agent: no agent 'ghost' (known: agent1,"
                    + " agent2)",
                "callqueue.yaml: scenarios[0].steps[0].queue: no queue 'sales' (queues:"
                    + " support)",
                "callqueue.yaml: trunks[0].allowFrom[0]: must be an IP address, was"
                    + " 'localhost'",
                "callqueue.yaml: trunks[0].numbers[0]: number 200 has no scenario")
            .anySatisfy(p -> assertThat(p).startsWith("callqueue.yaml: agents[2]:")
                .contains("E.164"))
            .anySatisfy(p -> assertThat(p)
                .startsWith("callqueue.yaml: scenarios[0].steps[0].otherwise: no step"
                    + " 'missing'")));
  }

  @Test
  void httpToken_isRead_orMadeForThisRunWhenAbsent_andNeverPrinted() throws IOException {
    ServerConfig.Http configured = ConfigLoader.parse(FILE, """
        http: { token: 0123456789abcdef0123, hosts: [callqueue.example.com] }
        """).http();
    assertThat(configured.token()).isEqualTo("0123456789abcdef0123");
    assertThat(configured.tokenGenerated()).isFalse();
    assertThat(configured.hosts()).containsExactly("callqueue.example.com");
    assertThat(configured.toString()).doesNotContain("0123456789abcdef0123");

    ServerConfig.Http made = ConfigLoader.parse(FILE, defaultYaml()).http();
    ServerConfig.Http madeAgain = ConfigLoader.parse(FILE, defaultYaml()).http();
    assertThat(made.tokenGenerated()).isTrue();
    assertThat(made.token()).hasSize(32).isNotEqualTo(madeAgain.token());
  }

  @Test
  void httpToken_tooShort_andHostsThatAreNoNames_areProblems() {
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, """
        http: { token: secret, hosts: ["http://evil/"] }
        """))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(
                "callqueue.yaml: http.token: must be 16 to 256 printable ASCII characters"
                    + " without spaces (e.g. the output of 'openssl rand -hex 24'), was 6"
                    + " characters",
                "callqueue.yaml: http.hosts[0]: must be a host name like callqueue.example.com,"
                    + " was 'http://evil/'"));
  }

  @Test
  void externalNumberAgents_needAnOutboundGateway() {
    String yaml = """
        agents:
          - { id: mobile, number: "+48600100200" }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .hasMessageContaining("outbound: is required");
  }

  @Test
  void outboundGateway_usernameWithoutPassword_isAProblemNamingTheMissingField() {
    String yaml = """
        outbound: { gateway: "sip:gw.example.net", username: trunk7 }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("callqueue.yaml: outbound.password: is needed too: the gateway's"
                + " digest challenge is answered with username and password"));
  }

  @Test
  void outboundGateway_withCredentials_isRead() {
    String yaml = """
        outbound: { gateway: "sip:gw.example.net:5060", username: trunk7, password: s3cret }
        """;
    ServerConfig config = ConfigLoader.parse(FILE, yaml);

    assertThat(config.outbound())
        .isEqualTo(new ServerConfig.Outbound("sip:gw.example.net:5060", "trunk7", "s3cret"));
  }

  @Test
  void outboundGateway_callerIdIsRead_andThePasswordNeverPrinted() {
    String yaml = """
        outbound:
          gateway: "sip:gw.example.net:5060"
          username: trunk7
          password: s3cret
          callerId: "+48221234567"
        """;
    ServerConfig config = ConfigLoader.parse(FILE, yaml);

    assertThat(config.outbound().callerId()).isEqualTo("+48221234567");
    assertThat(config.outbound().toString()).contains("trunk7").doesNotContain("s3cret");
  }

  @Test
  void outboundGateway_callerIdThatIsNoSipUser_isAProblem() {
    String yaml = """
        outbound: { gateway: "sip:gw.example.net:5060", callerId: "call me" }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("callqueue.yaml: outbound.callerId: must be a number or SIP user"
                + " name like +48221234567, was 'call me'"));
  }

  private static String queueWithPrompt(String file) {
    return """
        accounts: { agent1: secret1 }
        agents:
          - { id: agent1, sip: agent1 }
        queues:
          - name: support
            prompts: { queue-position: "%s" }
        """.formatted(file);
  }

  @Test
  void queuePrompt_thatIsNoReadableFile_isAProblemNamingTheKeyAndTheFile(@TempDir Path dir) {
    Path config = dir.resolve("callqueue.yaml");
    Path missing = dir.resolve("position.wav");

    assertThatThrownBy(() -> ConfigLoader.parse(config, queueWithPrompt("position.wav")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(config + ": queues[0].prompts.queue-position: file " + missing
                + " does not exist or is not readable"));
  }

  @Test
  void queuePrompt_thatExists_isResolvedAgainstTheConfigDirectory(@TempDir Path dir)
      throws IOException {
    Path recording = dir.resolve("position.wav");
    writeWav(recording);

    ServerConfig c = ConfigLoader.parse(dir.resolve("callqueue.yaml"),
        queueWithPrompt("position.wav"));

    assertThat(c.queues()).singleElement()
        .satisfies(q -> assertThat(q.promptOverrides()).containsEntry("queue-position",
            recording));
  }

  @Test
  void notYaml_isOneClearProblemWithTheLine() {
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, "sip: [unclosed\n  port: 1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("callqueue.yaml: not valid YAML (line");
  }

  @Test
  void missingFile_isAClearProblemWithTheReason() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/callqueue.yaml")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("/nonexistent/callqueue.yaml: cannot read the configuration file:"
                + " no such file (looked for /nonexistent/callqueue.yaml)"));
  }

  @Test
  void aFolderGivenAsTheFile_isAClearProblemWithTheReason(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(dir + ": cannot read the configuration file: it is a folder, not a"
                + " file"));
  }

  @Test
  void emptyPassword_isAProblem_notThePasswordNull() {
    String yaml = """
        accounts:
          agent1:
          agent2: secret2
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("callqueue.yaml: accounts.agent1: password is empty (nothing after"
                + " the colon); give it as text of at least 4 characters"));
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, "accounts: { agent1: , agent2: secret2 }"))
        .hasMessageContaining("accounts.agent1: password is empty");
  }

  @Test
  void duplicateKeys_areAProblemWithPathAndLine_notLastOneWins() {
    String yaml = """
        accounts:
          agent1: first-password
          agent1: second-password
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("callqueue.yaml: accounts.agent1: is given twice (line 3); the"
                + " second value would silently replace the first: keep one"));
    String nested = """
        queues:
          - name: support
          - name: sales
            ringTimeout: 10s
            ringTimeout: 20s
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, nested))
        .hasMessageStartingWith("callqueue.yaml: queues[1].ringTimeout: is given twice (line 5)");
  }

  @Test
  void overflowingNumbers_areProblemsNamingTheField_notExceptions() {
    String yaml = """
        sip: { maxCalls: 99999999999999999999, answerTimeout: 99999999999999999999s }
        media: { rtpPorts: 99999999999-99999999999 }
        queues:
          - { name: support, ringTimeout: 9999999999999999h, weight: 99999999999,
              historyWindow: 9223372036854775807ms }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactlyInAnyOrder(
                "callqueue.yaml: sip.maxCalls: must be a whole number, was"
                    + " '99999999999999999999'",
                "callqueue.yaml: sip.answerTimeout: must be a duration like 15s, 500ms, 2m or 1h"
                    + " (at most 87600h), was '99999999999999999999s'",
                "callqueue.yaml: media.rtpPorts: must be a range like 20000-20999, was"
                    + " '99999999999-99999999999'",
                "callqueue.yaml: queues[0].ringTimeout: must be a duration like 15s, 500ms, 2m"
                    + " or 1h (at most 87600h), was '9999999999999999h'",
                "callqueue.yaml: queues[0].weight: must be a whole number, was '99999999999'",
                "callqueue.yaml: queues[0].historyWindow: must be a duration like 15s, 500ms,"
                    + " 2m or 1h (at most 87600h), was '9223372036854775807ms'"));
  }

  @Test
  void strategyEstimatorAndLanguageProblems_nameTheFieldAndWhatIsKnown() {
    String yaml = """
        queues:
          - { name: support, strategy: roundrobin, estimator: magic, language: de }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactlyInAnyOrder(
                "callqueue.yaml: queues[0].strategy: unknown strategy 'roundrobin' (known: "
                    + String.join(", ", java.util.Arrays.stream(Strategy.values())
                        .map(Strategy::id).toList()) + ")",
                "callqueue.yaml: queues[0].estimator: unknown estimator 'magic' (known: "
                    + String.join(", ", Estimators.withBuiltIns().names()) + ")",
                "callqueue.yaml: queues[0].language: no prompts in language 'de' (languages: "
                    + String.join(", ", PromptCatalog.languages()) + ")"));
  }

  @Test
  void promptOverrides_needKnownKeysAndRecordingsTheServerPlays(@TempDir Path dir)
      throws Exception {
    Path wav = dir.resolve("position.wav");
    writeWav(wav);
    Files.writeString(dir.resolve("notes.wav"), "this is not audio");
    String yaml = """
        queues:
          - name: support
            periodicPrompts: [queue-periodic, queue-periodik]
            prompts:
              queue-position: position.wav
              queue-postion: position.wav
              queue-thankyou: notes.wav
              queue-ewt: missing.wav
        """;
    Path file = dir.resolve("callqueue.yaml");
    assertThatThrownBy(() -> ConfigLoader.parse(file, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .hasSize(4)
            .anySatisfy(p -> assertThat(p).startsWith(file + ": queues[0].periodicPrompts[1]:"
                + " unknown prompt key 'queue-periodik' (did you mean 'queue-periodic'?)"))
            .anySatisfy(p -> assertThat(p).isEqualTo(file + ": queues[0].prompts.queue-postion:"
                + " unknown prompt key 'queue-postion' (did you mean 'queue-position'?)"))
            .anySatisfy(p -> assertThat(p).startsWith(file + ": queues[0].prompts.queue-thankyou:"
                + " file " + dir.resolve("notes.wav") + " is not a recording the server can"
                + " play"))
            .anySatisfy(p -> assertThat(p).isEqualTo(file + ": queues[0].prompts.queue-ewt:"
                + " file " + dir.resolve("missing.wav") + " does not exist or is not readable")));

    ServerConfig ok = ConfigLoader.parse(file, """
        queues:
          - { name: support, prompts: { queue-position: position.wav } }
        """);
    assertThat(ok.queues().get(0).promptOverrides()).containsEntry("queue-position", wav);
  }

  @Test
  void queueName_isAcceptedAsAQueuesOwnRecording_butNotAsAPeriodicPromptWithNoDefault(
      @TempDir Path dir) throws Exception {
    Path wav = dir.resolve("file.wav");
    writeWav(wav);
    Path file = dir.resolve("callqueue.yaml");
    ServerConfig ok = ConfigLoader.parse(file, """
        queues:
          - { name: support, language: pl, prompts: { queue-name: file.wav } }
        """);
    assertThat(ok.queues().get(0).promptOverrides()).containsExactly(
        Map.entry("queue-name", wav));
    assertThatThrownBy(() -> ConfigLoader.parse(file, """
        queues:
          - { name: support, periodicPrompts: [queue-name], prompts: { queue-name: file.wav } }
        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(file + ": queues[0].periodicPrompts[0]: unknown prompt key"
                + " 'queue-name'"));
  }

  @Test
  void promptFolder_filesMustBeNamedByAKeyInALanguage_andPlayable(@TempDir Path dir)
      throws Exception {
    Path en = Files.createDirectories(dir.resolve("prompts/en/digits"));
    writeWav(en.resolve("../queue-position.wav"));
    writeWav(en.resolve("2.wav"));
    writeWav(en.resolve("../queue-postion.wav"));
    Files.writeString(en.resolve("../queue-thankyou.wav"), "this is not audio");
    Files.writeString(en.resolve("../README.txt"), "notes are ignored");
    Path de = Files.createDirectories(dir.resolve("prompts/de"));
    writeWav(de.resolve("queue-position.wav"));
    writeWav(de.resolve("queue-thankyou.wav"));
    Path file = dir.resolve("callqueue.yaml");

    assertThatThrownBy(() -> ConfigLoader.parse(file, "media: { prompts: prompts }"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .hasSize(3)
            .contains(
                file + ": media.prompts: no prompts in language 'de' (languages: "
                    + String.join(", ", PromptCatalog.languages()) + ")",
                file + ": media.prompts: file " + dir.resolve("prompts/en/queue-postion.wav")
                    + " is named by no prompt key ('queue-postion'; did you mean"
                    + " 'queue-position.wav'?)")
            .anySatisfy(p -> assertThat(p).startsWith(file + ": media.prompts: file "
                + dir.resolve("prompts/en/queue-thankyou.wav") + " is not a recording the"
                + " server can play")));
    Files.delete(dir.resolve("prompts/en/queue-postion.wav"));
    Files.delete(dir.resolve("prompts/en/queue-thankyou.wav"));
    Files.delete(dir.resolve("prompts/de/queue-position.wav"));
    Files.delete(dir.resolve("prompts/de/queue-thankyou.wav"));
    assertThat(ConfigLoader.parse(file, "media: { prompts: prompts }").media().promptDirectory())
        .isEqualTo(dir.resolve("prompts"));
  }

  @Test
  void theShippedRecordings_exportedAsAPromptFolder_areAccepted(@TempDir Path dir)
      throws Exception {
    Path target = dir.resolve("prompts");
    PromptPack.shipped().exportTo(target);
    assertThat(target.resolve("pl/ivr-welcome.wav")).exists();

    ServerConfig c = ConfigLoader.parse(dir.resolve("callqueue.yaml"),
        "media: { prompts: prompts }");
    assertThat(c.media().promptDirectory()).isEqualTo(target);
  }

  /** One second of 8 kHz 16-bit mono silence, as a WAV file. */
  private static void writeWav(Path file) throws IOException {
    AudioFormat format = new AudioFormat(8000f, 16, 1, true, false);
    byte[] pcm = new byte[16000];
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format,
        8000)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }

  @Test
  void durations_acceptMillisecondsSecondsMinutesHours() {
    assertThat(ConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigLoader.parseDuration("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(ConfigLoader.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ConfigLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigLoader.parseDuration("15")).isNull();
    assertThat(ConfigLoader.parseDuration("fast")).isNull();
  }

  @Test
  void outboundGateway_callerIdWithAHash_isAProblemNamingTheField() {
    // RFC 3261 allows '#' in a SIP URI user only escaped (%23): the dialler would refuse it after
    // the agent answered a callback, so the config refuses it at start
    String yaml = """
        outbound: { gateway: "sip:gw.example.net:5060", callerId: "100#" }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("callqueue.yaml: outbound.callerId: must be a number or SIP user"
                + " name like +48221234567, was '100#'"));
  }

  @Test
  void callbackRetrySettings_areRead_andDefaultToThreeAttemptsFiveMinutesApart() {
    String yaml = """
        queues:
          - { name: support, callbackKeepsPlace: true, callbackAttempts: 5,
              callbackRetryDelay: 2m }
          - { name: sales }
        """;

    ServerConfig c = ConfigLoader.parse(FILE, yaml);

    assertThat(c.queues()).hasSize(2);
    assertThat(c.queues().get(0).callbackAttempts()).isEqualTo(5);
    assertThat(c.queues().get(0).callbackRetryDelay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.queues().get(1).callbackAttempts()).isEqualTo(3);
    assertThat(c.queues().get(1).callbackRetryDelay()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void callbackRetrySettings_outOfRange_areProblemsNamingTheQueueFieldAndValue() {
    String yaml = """
        queues:
          - { name: support, callbackAttempts: 0, callbackRetryDelay: 25h }
          - { name: sales, callbackAttempts: 11, callbackRetryDelay: 0s }
          - { name: vip, callbackAttempts: three, callbackRetryDelay: soon }
        """;

    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactlyInAnyOrder(
                "callqueue.yaml: queues[0]: queue 'support': callbackAttempts must be 1..10,"
                    + " was 0",
                "callqueue.yaml: queues[0]: queue 'support': callbackRetryDelay must be at most"
                    + " 86400s, was 90000s",
                "callqueue.yaml: queues[1]: queue 'sales': callbackAttempts must be 1..10,"
                    + " was 11",
                "callqueue.yaml: queues[1]: queue 'sales': callbackRetryDelay must be > 0,"
                    + " was 0s",
                "callqueue.yaml: queues[2].callbackAttempts: must be a whole number, was"
                    + " 'three'",
                "callqueue.yaml: queues[2].callbackRetryDelay: must be a duration like 15s,"
                    + " 500ms, 2m or 1h (at most 87600h), was 'soon'"));
  }

  @Test
  void panel_refusesAPlainPassword_andAHashOfTheWrongShape_andReadsTheRest() {
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, "panel: { adminPassword: hunter2 }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("callqueue.yaml: panel.adminPassword: a plain password is not kept"
            + " in the configuration: put its hash in panel.adminPasswordHash")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> ConfigLoader.parse(FILE,
        "panel: { adminPasswordHash: hunter2, sessionTimeout: 10s }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("panel.adminPasswordHash: must be a hash as --hash-password"
            + " prints it").hasMessageNotContaining("hunter2")
        .hasMessageContaining("panel.sessionTimeout: must be between 1m and 168h");
    ServerConfig c = ConfigLoader.parse(FILE, "panel: { sessionTimeout: 2h, stateFile:"
        + " state/panel.yaml }\n");
    assertThat(c.panel().sessionTimeout()).hasHours(2);
    assertThat(c.panel().stateFile()).isEqualTo(FILE.toAbsolutePath().getParent()
        .resolve("state/panel.yaml"));
    assertThat(c.panel().adminPasswordHash()).isNull();
  }
}
