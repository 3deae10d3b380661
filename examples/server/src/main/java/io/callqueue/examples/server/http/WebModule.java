package io.callqueue.examples.server.http;

import io.javalin.config.JavalinConfig;

/**
 * A part of the server's web interface (the operator's panel, the wallboard) that adds its own
 * routes and static resources to the one HTTP server {@link StatsEndpoint} runs. Modules are
 * registered after the API's own routes and behind the same admission check (the Host guard and
 * the authentication), so a module never has to check either itself.
 */
@FunctionalInterface
public interface WebModule {
  /**
   * Adds this module's routes ({@code config.routes}), static files and exception mappings.
   * Called once, while the server is being configured.
   */
  void register(JavalinConfig config);
}
