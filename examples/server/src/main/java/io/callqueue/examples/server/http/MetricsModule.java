package io.callqueue.examples.server.http;

import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: the meters of a {@link PrometheusMeterRegistry} (the engine's, from
 * queue-micrometer's {@code CallQueueMetrics}) in Prometheus text format, for a Prometheus
 * server to scrape with the API's bearer token ({@code authorization: {credentials: <token>}} in
 * its scrape config). A scrape reads cached figures only: it never waits for the engine.
 */
public final class MetricsModule implements WebModule {
  /** Where the meters are served. */
  public static final String PATH = "/metrics";
  /** The media type of {@link PrometheusMeterRegistry#scrape()}'s text format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsModule(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get(PATH, ctx -> {
      ctx.contentType(CONTENT_TYPE);
      ctx.result(registry.scrape());
    });
  }
}
