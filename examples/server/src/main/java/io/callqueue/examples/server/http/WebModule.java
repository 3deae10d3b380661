package io.callqueue.examples.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

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

  /**
   * How this module judges a request that passed the Host guard, before the bearer token is
   * looked at. Called for every request, on every module, in order, until one does not
   * {@link Admission#ABSTAIN}. The default abstains.
   */
  default Admission admission(Context ctx) {
    return Admission.ABSTAIN;
  }

  /** A module's verdict on a request. */
  enum Admission {
    /** Served to anyone (the sign-in page and its assets). */
    OPEN,
    /** Served: the request carries a valid session allowed to make it. */
    SIGNED_IN,
    /** Refused with 403: signed in, but not allowed this (or a change without its CSRF token). */
    FORBIDDEN,
    /** The module has answered the request itself (e.g. redirected to the sign-in page). */
    ANSWERED,
    /** Not this module's to judge: the bearer token decides. */
    ABSTAIN
  }
}
