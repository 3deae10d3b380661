package io.callqueue.examples.twilio;

import io.callqueue.adapter.twilio.TwilioTelephony;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.ConfigException;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * callqueue as the queue of a Twilio number: {@code TwilioApp <config.yaml>}. It builds the engine
 * with adapter-twilio, configures the queues and agents of the file (agents logged in), starts the
 * webhook server and prints, for each number, the voice webhook URL to set in Twilio's Console.
 * Configuration problems are printed all at once and the process exits with 2; a port that cannot
 * be bound exits with 1. SIGTERM or Ctrl-C stops it (the JVM's shutdown hook closes the engine and
 * the webhook server).
 */
public final class TwilioApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TwilioApp.class);

  private final TwilioAppConfig config;
  private final TwilioTelephony twilio;
  private final CallQueueEngine engine;

  private TwilioApp(TwilioAppConfig config, TwilioTelephony twilio, CallQueueEngine engine) {
    this.config = config;
    this.twilio = twilio;
    this.engine = engine;
  }

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Starts the app and blocks until the JVM stops; returns an exit code only on failure. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length != 1 || args[0].equals("--help") || args[0].equals("-h")) {
      out.println("usage: TwilioApp <config.yaml>   (see twilio.example.yaml; the Auth Token is"
          + " read from the environment, TWILIO_AUTH_TOKEN by default)");
      return args.length == 1 ? 0 : 2;
    }
    TwilioApp app;
    try {
      app = start(TwilioAppConfig.load(Path.of(args[0]), env));
    } catch (ConfigException e) {
      err.println("callqueue-twilio: the configuration cannot be used:");
      e.problems().forEach(p -> err.println("  - " + p));
      return 2;
    } catch (IOException e) {
      err.println("callqueue-twilio: cannot start: " + e.getMessage());
      return 1;
    }
    app.banner(out);
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "callqueue-twilio-stop"));
    try {
      forever.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * Builds and starts the engine and the webhook server for a configuration.
   *
   * @throws ConfigException if the engine refuses a queue, agent or membership
   * @throws IOException if the webhook server cannot listen
   */
  public static TwilioApp start(TwilioAppConfig config) throws IOException {
    TwilioTelephony twilio = new TwilioTelephony(config.twilio());
    CallQueueEngine engine = CallQueueEngine.builder().telephony(twilio).build();
    TwilioApp app = new TwilioApp(config, twilio, engine);
    try {
      for (QueueConfig q : config.queues()) {
        join(engine.addQueue(q).toCompletableFuture());
      }
      for (TwilioAppConfig.Agent a : config.agents()) {
        join(engine.addAgent(a.config()).toCompletableFuture());
        for (String q : a.queues()) {
          join(engine.addMembership(Membership.of(QueueId.of(q), a.config().id()))
              .toCompletableFuture());
        }
        join(engine.login(a.config().id()).toCompletableFuture());
      }
      twilio.attach(engine);
      twilio.start();
    } catch (IOException | RuntimeException e) {
      app.close();
      throw e;
    }
    log.info("callqueue on Twilio: {} queue(s), {} agent(s), webhooks on port {}",
        config.queues().size(), config.agents().size(), twilio.port());
    return app;
  }

  private static void join(java.util.concurrent.CompletableFuture<?> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** The voice webhook URL (HTTP POST) of a number: its queue's entry and continuation. */
  public String voiceWebhook(TwilioAppConfig.Number n) {
    String base = config.twilio().publicBaseUrl().toString().replaceAll("/+$", "");
    String url = base + "/cq/enter?queue=" + URLEncoder.encode(n.queue(), StandardCharsets.UTF_8);
    if (n.continueUrl() != null) {
      url += "&continue=" + URLEncoder.encode(n.continueUrl(), StandardCharsets.UTF_8);
    }
    return url;
  }

  /** The webhook server's port (the configured one, or the one picked for port 0). */
  public int port() {
    return twilio.port();
  }

  /** The engine, for a host that manages agents at run time (log in, pause). */
  public CallQueueEngine engine() {
    return engine;
  }

  void banner(PrintStream out) {
    out.println("callqueue-twilio: webhooks listening on " + config.twilio().bindAddress() + ":"
        + port() + ", public as " + config.twilio().publicBaseUrl());
    for (TwilioAppConfig.Number n : config.numbers()) {
      out.println("  " + n.number() + ": set its voice webhook (A call comes in, HTTP POST) to "
          + voiceWebhook(n));
    }
    for (TwilioAppConfig.Agent a : config.agents()) {
      out.println("  agent " + a.config().id().value() + " (" + address(a.config().endpoint())
          + ") logged in to " + String.join(", ", a.queues()));
    }
    out.println("  agent legs are placed from " + config.twilio().callerId() + " at "
        + config.twilio().callsPerSecond() + " call(s)/s; Ctrl-C stops");
  }

  /** The address the adapter rings an agent at (To of calls.create). */
  private String address(AgentEndpoint e) {
    if (e instanceof AgentEndpoint.ExternalNumber n) {
      return n.e164();
    }
    String user = ((AgentEndpoint.SipAccount) e).username();
    String domain = config.twilio().sipDomain();
    return domain == null ? "client:" + user : "sip:" + user + "@" + domain;
  }

  @Override
  public void close() {
    engine.close();
    twilio.close();
  }
}
