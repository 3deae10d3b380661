package io.callqueue.examples.server.panel;

import io.callqueue.examples.server.ServerCore;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.RecordingTelephonyPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A server core with the panel on an ephemeral port, configured in a temp folder. */
final class PanelFixture {
  static final String TOKEN = "test-token-0123456789abcdef";
  static final String ADMIN_PASSWORD = "correct horse battery";
  /** Few iterations: the tests sign in often; the format and the check are the real ones. */
  static final String ADMIN_HASH = PasswordHash.hash(ADMIN_PASSWORD, 1000);

  static ServerConfig config(Path dir) throws Exception {
    return config(dir, "panel: { adminPasswordHash: '" + ADMIN_HASH + "' }\n");
  }

  static ServerConfig config(Path dir, String panelBlock) throws Exception {
    return configFrom(dir, """
        accounts: { agent1: secret-one, agent2: secret-two }
        agents:
          - { id: agent1, sip: agent1 }
          - { id: agent2, sip: agent2 }
        queues:
          - name: support
            ringTimeout: 15s
            members: [ { agent: agent1 }, { agent: agent2, priority: 1 } ]
        storage: { jdbcUrl: memory }
        """ + panelBlock);
  }

  /** {@code yaml} as the configuration, HTTP on a free port of 127.0.0.1 with {@link #TOKEN}. */
  static ServerConfig configFrom(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("callqueue.yaml");
    Files.writeString(file, yaml);
    ServerConfig c = ConfigLoader.load(file);
    return new ServerConfig(c.source(), c.sip(),
        new ServerConfig.Http("127.0.0.1", 0, TOKEN, false, List.of()), c.accounts(),
        c.trunks(), c.outbound(), c.agents(), c.queues(), c.memberships(), c.scenarios(),
        c.storage(), c.media(), c.panel());
  }

  /** A client signed in as the administrator of {@code core}'s panel. */
  static PanelClient admin(ServerCore core) throws Exception {
    PanelClient c = new PanelClient(core.httpPort());
    java.net.http.HttpResponse<String> r = c.signIn("admin", ADMIN_PASSWORD);
    if (r.statusCode() != 303) {
      throw new AssertionError("the administrator's sign-in answered " + r.statusCode());
    }
    return c;
  }

  static ServerCore start(ServerConfig config) throws Exception {
    return ServerCore.start(PanelState.overlay(config), new RecordingTelephonyPort());
  }

  private PanelFixture() {}
}
