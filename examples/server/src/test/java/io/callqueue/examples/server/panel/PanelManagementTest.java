package io.callqueue.examples.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.examples.server.ServerCore;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.prompts.PromptLibrary;
import io.callqueue.prompts.PromptRecording;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run-time management in the panel: changes reach the engine, survive restarts, prompts. */
class PanelManagementTest {
  @TempDir
  Path dir;

  private static EngineSnapshot snapshot(ServerCore core) {
    return core.engine().snapshot().toCompletableFuture().join();
  }

  private static PanelClient admin(ServerCore core) throws Exception {
    return PanelFixture.admin(core);
  }

  @Test
  void queuesAgentsAndMembers_madeInThePanel_reachTheEngine_andSurviveARestart() throws Exception {
    ServerConfig config = PanelFixture.config(dir);
    try (ServerCore core = PanelFixture.start(config)) {
      PanelClient c = admin(core);
      assertThat(c.change("/panel/queues", "name", "sales", "strategy", "leastrecent",
          "ringTimeout", "25s", "weight", "7", "maxLength", "12", "announcePosition", "false",
          "periodicPrompts", "queue-thankyou", "voicemailKey", "none").statusCode())
          .isEqualTo(303);
      HttpResponse<String> agent = c.change("/panel/agents", "id", "agent3", "sip", "agent3",
          "password", "secret-three", "autoActivate", "false");
      assertThat(agent.statusCode()).as(agent.body()).isEqualTo(200);
      assertThat(c.change("/panel/queues/sales/members", "agent", "agent3", "priority", "2")
          .statusCode()).isEqualTo(200);
      assertThat(core.panel().accounts().password("agent3")).contains("secret-three");
      QueueConfig sales = snapshot(core).queues().get(QueueId.of("sales")).config();
      assertThat(sales.strategy()).isEqualTo("leastrecent");
      assertThat(sales.ringTimeout()).hasSeconds(25);
      assertThat(snapshot(core).queues().get(QueueId.of("sales")).members())
          .singleElement().satisfies(m -> {
            assertThat(m.agent()).isEqualTo(AgentId.of("agent3"));
            assertThat(m.priority()).isEqualTo(2);
          });
      // the state file is a configuration in the same schema
      ServerConfig kept = ConfigLoader.load(core.panel().stateFile());
      assertThat(kept.queues()).extracting(q -> q.id().value()).containsExactly("support",
          "sales");
      assertThat(Files.list(core.panel().stateFile().getParent())
          .filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
    }
    try (ServerCore again = PanelFixture.start(config)) {
      EngineSnapshot s = snapshot(again);
      QueueConfig sales = s.queues().get(QueueId.of("sales")).config();
      assertThat(sales.strategy()).isEqualTo("leastrecent");
      assertThat(sales.ringTimeout()).hasSeconds(25);
      assertThat(sales.weight()).isEqualTo(7);
      assertThat(sales.maxLength()).hasValue(12);
      assertThat(sales.announcePosition()).isFalse();
      assertThat(sales.periodicPrompts()).containsExactly("queue-thankyou");
      assertThat(sales.voicemailKey()).isEmpty();
      assertThat(s.queues().get(QueueId.of("sales")).members()).extracting(m -> m.priority())
          .containsExactly(2);
      AgentConfig a3 = s.agents().get(AgentId.of("agent3")).config();
      assertThat(a3.endpoint()).isEqualTo(new AgentEndpoint.SipAccount("agent3"));
      assertThat(a3.autoActivate()).isFalse();
      assertThat(again.panel().accounts().password("agent3")).contains("secret-three");
      assertThat(new PanelClient(again.httpPort()).signIn("agent3", "secret-three")
          .statusCode()).isEqualTo(303);
    }
  }

  @Test
  void onceTheStateFileHoldsQueues_itWinsOverTheConfiguration() throws Exception {
    ServerConfig config = PanelFixture.config(dir);
    try (ServerCore core = PanelFixture.start(config)) {
      admin(core).change("/panel/queues/support", "ringTimeout", "40s");
    }
    // the YAML changes support's ringTimeout again: the panel's 40s stays
    Path yaml = dir.resolve("callqueue.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("ringTimeout: 15s",
        "ringTimeout: 5s"));
    ServerConfig edited = PanelFixture.config(dir, "panel: { adminPasswordHash: '"
        + PanelFixture.ADMIN_HASH + "' }\n");
    try (ServerCore core = PanelFixture.start(edited)) {
      assertThat(snapshot(core).queues().get(QueueId.of("support")).config().ringTimeout())
          .hasSeconds(40);
    }
  }

  @Test
  void firstStart_withoutAPasswordHash_makesOne_printedOnce_andTheNextStartKeepsIt()
      throws Exception {
    ServerConfig config = PanelFixture.config(dir, "");
    String password;
    try (ServerCore core = PanelFixture.start(config)) {
      password = core.panel().generatedAdminPassword().orElseThrow();
      assertThat(password).hasSize(18);
      assertThat(Files.readString(core.panel().stateFile())).contains("pbkdf2-sha512:")
          .doesNotContain(password).doesNotContain("\nqueues:");
      assertThat(new PanelClient(core.httpPort()).signIn("admin", password).statusCode())
          .isEqualTo(303);
    }
    try (ServerCore core = PanelFixture.start(config)) {
      assertThat(core.panel().generatedAdminPassword()).isEmpty();
      assertThat(new PanelClient(core.httpPort()).signIn("admin", password).statusCode())
          .isEqualTo(303);
    }
  }

  @Test
  void theAdministrator_changesTheFirstStartPassword_andEveryAdminSessionEnds() throws Exception {
    ServerConfig config = PanelFixture.config(dir, "");
    String next = "a new administrator password";
    try (ServerCore core = PanelFixture.start(config)) {
      String first = core.panel().generatedAdminPassword().orElseThrow();
      PanelClient c = new PanelClient(core.httpPort());
      c.signIn("admin", first);
      PanelClient other = new PanelClient(core.httpPort());
      other.signIn("admin", first);
      c.get("/panel/password");
      assertThat(c.change("/panel/password", "current", "wrong", "new", next, "repeat", next)
          .body()).contains("the current password is wrong");
      assertThat(c.change("/panel/password", "current", first, "new", "short", "repeat",
          "short").body()).contains("at least 12 characters");
      assertThat(c.change("/panel/password", "current", first, "new", next, "repeat",
          next + "x").body()).contains("The two new passwords differ");
      assertThat(c.change("/panel/password", "current", first, "new", next, "repeat", next)
          .statusCode()).isEqualTo(303);
      assertThat(other.get("/panel/queues").statusCode()).isEqualTo(303);
      assertThat(new PanelClient(core.httpPort()).signIn("admin", first).statusCode())
          .isEqualTo(401);
      assertThat(Files.readString(core.panel().stateFile())).doesNotContain(next);
    }
    try (ServerCore core = PanelFixture.start(config)) {
      assertThat(new PanelClient(core.httpPort()).signIn("admin", next).statusCode())
          .isEqualTo(303);
    }
    // with panel.adminPasswordHash in the configuration, that one is the password
    try (ServerCore core = PanelFixture.start(PanelFixture.config(dir))) {
      assertThat(new PanelClient(core.httpPort()).signIn("admin", next).statusCode())
          .isEqualTo(401);
      PanelClient c = admin(core);
      c.get("/panel/password");
      assertThat(c.change("/panel/password", "current", PanelFixture.ADMIN_PASSWORD, "new",
          next, "repeat", next).body()).contains("set in the configuration");
    }
  }

  @Test
  void changingAQueue_keepsTheCallersAlreadyWaiting() throws Exception {
    try (ServerCore core = PanelFixture.start(PanelFixture.config(dir))) {
      PanelClient c = admin(core);
      assertThat(c.change("/panel/queues/support", "joinPolicy", "ALWAYS").statusCode())
          .isEqualTo(200);
      core.engine().offer(CallOffer.of(CallId.of("c1"), QueueId.of("support"), "+48221111111"))
          .toCompletableFuture().join();
      core.engine().offer(CallOffer.of(CallId.of("c2"), QueueId.of("support"), "+48222222222"))
          .toCompletableFuture().join();
      assertThat(c.change("/panel/queues/support", "joinPolicy", "ALWAYS", "ringTimeout", "30s",
          "strategy", "linear").statusCode()).isEqualTo(200);
      EngineSnapshot.QueueSnapshot q = snapshot(core).queues().get(QueueId.of("support"));
      assertThat(q.config().ringTimeout()).hasSeconds(30);
      assertThat(q.waiting()).extracting(w -> w.call().value() + "@" + w.position())
          .containsExactly("c1@1", "c2@2");
    }
  }

  @Test
  void aQueueWithCallersWaiting_isNotRemoved_anEmptyOneIs_andAnAgentToo() throws Exception {
    ServerConfig config = PanelFixture.config(dir);
    try (ServerCore core = PanelFixture.start(config)) {
      PanelClient c = admin(core);
      c.change("/panel/queues/support", "joinPolicy", "ALWAYS");
      core.engine().offer(CallOffer.of(CallId.of("c1"), QueueId.of("support"), "+48221111111"))
          .toCompletableFuture().join();
      HttpResponse<String> refused = c.change("/panel/queues/support/delete");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("has 1 caller(s) waiting");
      assertThat(snapshot(core).queues().get(QueueId.of("support")).waiting()).hasSize(1);

      assertThat(c.change("/panel/queues", "name", "spare").statusCode()).isEqualTo(303);
      assertThat(c.change("/panel/queues/spare/delete").statusCode()).isEqualTo(200);
      assertThat(snapshot(core).queues()).doesNotContainKey(QueueId.of("spare"));
      assertThat(c.change("/panel/agents/agent2/delete").statusCode()).isEqualTo(200);
      assertThat(snapshot(core).agents()).doesNotContainKey(AgentId.of("agent2"));
      assertThat(snapshot(core).queues().get(QueueId.of("support")).members())
          .extracting(m -> m.agent().value()).containsExactly("agent1");
    }
    try (ServerCore again = PanelFixture.start(config)) {
      assertThat(snapshot(again).queues()).containsOnlyKeys(QueueId.of("support"));
      assertThat(snapshot(again).agents()).containsOnlyKeys(AgentId.of("agent1"));
    }
  }

  @Test
  void aNewSipPassword_endsTheAgentsSessions_andAnExternalNumberNeedsAGateway() throws Exception {
    try (ServerCore core = PanelFixture.start(PanelFixture.config(dir))) {
      PanelClient agent = new PanelClient(core.httpPort());
      agent.signIn("agent1", "secret-one");
      assertThat(agent.get("/panel/agent").statusCode()).isEqualTo(200);
      PanelClient c = admin(core);
      assertThat(c.change("/panel/agents", "id", "agent1", "sip", "agent1", "password",
          "new-secret-one").statusCode()).isEqualTo(200);
      assertThat(agent.get("/panel/agent").statusCode()).isEqualTo(303);
      assertThat(new PanelClient(core.httpPort()).signIn("agent1", "secret-one").statusCode())
          .isEqualTo(401);
      assertThat(new PanelClient(core.httpPort()).signIn("agent1", "new-secret-one")
          .statusCode()).isEqualTo(303);

      HttpResponse<String> unknown = c.change("/panel/agent/%3Cb%3Enobody/pause");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body()).contains("there is no agent &#39;&lt;b&gt;nobody&#39;");
      HttpResponse<String> external = c.change("/panel/agents", "id", "mobile1", "number",
          "+48600100200");
      assertThat(external.statusCode()).isEqualTo(400);
      assertThat(external.body()).contains("outbound: is required: some agents are external"
          + " numbers, which are rung through an outbound gateway");
      assertThat(snapshot(core).agents()).doesNotContainKey(AgentId.of("mobile1"));
    }
  }

  /** A WAV at 44.1 kHz, 16-bit stereo: what a phone or a studio would hand in. */
  static byte[] studioWav(double seconds) throws Exception {
    AudioFormat f = new AudioFormat(44100f, 16, 2, true, false);
    int frames = (int) (44100 * seconds);
    byte[] pcm = new byte[frames * 4];
    for (int i = 0; i < frames; i++) {
      short v = (short) (Math.sin(2 * Math.PI * 440 * i / 44100.0) * 8000);
      for (int ch = 0; ch < 2; ch++) {
        pcm[i * 4 + ch * 2] = (byte) v;
        pcm[i * 4 + ch * 2 + 1] = (byte) (v >> 8);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AudioSystem.write(new AudioInputStream(new java.io.ByteArrayInputStream(pcm), f, frames),
        AudioFileFormat.Type.WAVE, out);
    return out.toByteArray();
  }

  static HttpResponse<String> upload(PanelClient c, int port, String csrf, String key,
      byte[] file) throws Exception {
    String boundary = "----panel-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (csrf != null) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
          + csrf + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n"
        + key + "\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
        + " filename=\"prompt.wav\"\r\nContent-Type: audio/wav\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.write(file);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/panel/queues/support/prompt"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  @Test
  void aPromptUpload_isConvertedForTheMediaLayer_playsInThePage_andTheDefaultComesBack()
      throws Exception {
    try (ServerCore core = PanelFixture.start(PanelFixture.config(dir))) {
      PanelClient c = admin(core);
      c.get("/panel/queues/support");
      HttpResponse<String> r = upload(c, core.httpPort(), c.csrf, "queue-position",
          studioWav(1.5));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      Path file = snapshot(core).queues().get(QueueId.of("support")).config().promptOverrides()
          .get("queue-position");
      assertThat(file).isNotNull().startsWith(dir);
      AudioFormat f = AudioSystem.getAudioFileFormat(file.toFile()).getFormat();
      assertThat(f.matches(PromptRecording.PCM_8K_MONO)).as(f.toString()).isTrue();
      assertThat(AudioSystem.getAudioFileFormat(file.toFile()).getFrameLength())
          .isBetween(11999, 12001); // 1.5 s at 8 kHz, give or take the resampler's last frame
      assertThat(r.body()).contains("<audio").contains("prompt?key=queue-position");
      // the media layer's library takes it as the queue's own recording, as it will play it
      PromptRecording played = PromptLibrary.shipped().find("en", "queue-position", file);
      assertThat(played.isCustom()).isTrue();
      assertThat(played.pcm().length).isBetween(23998, 24002);
      HttpResponse<String> listen = c.get("/panel/queues/support/prompt?key=queue-position");
      assertThat(listen.statusCode()).isEqualTo(200);
      assertThat(listen.headers().firstValue("Content-Type")).contains("audio/wav");

      assertThat(c.change("/panel/queues/support/prompt/restore", "key", "queue-position")
          .statusCode()).isEqualTo(200);
      assertThat(snapshot(core).queues().get(QueueId.of("support")).config().promptOverrides())
          .isEmpty();
    }
  }

  @Test
  void theUploadOffersTheOverrideOnlyQueueName_andTakesItsRecording() throws Exception {
    try (ServerCore core = PanelFixture.start(PanelFixture.config(dir))) {
      PanelClient c = admin(core);
      assertThat(c.get("/panel/queues/support").body())
          .contains("<option value=\"queue-name\">queue-name — ")
          .contains("<option value=\"queue-position\">");
      HttpResponse<String> r = upload(c, core.httpPort(), c.csrf, "queue-name", studioWav(0.5));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      Path file = snapshot(core).queues().get(QueueId.of("support")).config().promptOverrides()
          .get("queue-name");
      assertThat(file).isNotNull().startsWith(dir);
      assertThat(PromptLibrary.shipped().find("en", "queue-name", file).isCustom()).isTrue();
    }
  }

  @Test
  void aBadUpload_getsAClearMessage_andChangesNothing() throws Exception {
    try (ServerCore core = PanelFixture.start(PanelFixture.config(dir))) {
      PanelClient c = admin(core);
      c.get("/panel/queues/support");
      QueueConfig before = snapshot(core).queues().get(QueueId.of("support")).config();
      String stateBefore = Files.exists(core.panel().stateFile())
          ? Files.readString(core.panel().stateFile()) : "";

      HttpResponse<String> text = upload(c, core.httpPort(), c.csrf, "queue-position",
          "this is not audio at all".getBytes(StandardCharsets.UTF_8));
      assertThat(text.statusCode()).isEqualTo(400);
      assertThat(text.body()).contains("is not a recording the server can read");

      byte[] big = new byte[11 * 1024 * 1024];
      Arrays.fill(big, (byte) 1);
      HttpResponse<String> large = upload(c, core.httpPort(), c.csrf, "queue-position", big);
      assertThat(large.statusCode()).isEqualTo(413);
      assertThat(large.body()).contains("The file is larger than 10 MB");

      HttpResponse<String> key = upload(c, core.httpPort(), c.csrf, "<b>no-such-key</b>",
          studioWav(0.2));
      assertThat(key.statusCode()).isEqualTo(400);
      assertThat(key.body()).contains("unknown prompt key &#39;&lt;b&gt;no-such-key&lt;/b&gt;&#39;")
          .doesNotContain("<b>no-such-key");

      HttpResponse<String> noCsrf = upload(c, core.httpPort(), null, "queue-position",
          studioWav(0.2));
      assertThat(noCsrf.statusCode()).isEqualTo(403);

      assertThat(snapshot(core).queues().get(QueueId.of("support")).config()).isEqualTo(before);
      assertThat(Files.exists(core.panel().stateFile())
          ? Files.readString(core.panel().stateFile()) : "").isEqualTo(stateBefore);
      Path prompts = dir.resolve("data/prompts/support");
      assertThat(!Files.exists(prompts) || Files.list(prompts).findAny().isEmpty()).isTrue();
    }
  }

  @Test
  void theJsonApi_changesAQueueWithTheSameChecks() throws Exception {
    try (ServerCore core = PanelFixture.start(PanelFixture.config(dir))) {
      PanelClient c = admin(core);
      HttpResponse<String> bad = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + core.httpPort() + "/panel/api/queues/billing")).header("X-CSRF-Token", c.csrf)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"ringTimeout\": \"-5s\"}")));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("ringTimeout must be > 0");
      HttpResponse<String> ok = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + core.httpPort() + "/panel/api/queues/billing")).header("X-CSRF-Token", c.csrf)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"ringTimeout\": \"9s\", \"members\":"
              + " [{\"agent\": \"agent2\"}]}")));
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
      assertThat(snapshot(core).queues().get(QueueId.of("billing")).config().ringTimeout())
          .hasSeconds(9);
      assertThat(c.get("/panel/api/state").body()).contains("billing").contains("agent2");
    }
  }
}
