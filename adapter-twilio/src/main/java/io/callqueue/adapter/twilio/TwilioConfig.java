package io.callqueue.adapter.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the Twilio adapter needs to know.
 *
 * @param accountSid the account ({@code AC} + 32 hex); webhooks of another account get 403
 * @param authToken the account's Auth Token: REST password and the webhook signature key
 * @param publicBaseUrl the base URL Twilio reaches the webhook server at (e.g. behind a TLS proxy);
 *     the signature covers it, so it must be exactly what is configured at Twilio
 * @param bindAddress where the webhook server listens
 * @param port the webhook server's port; 0 picks a free one
 * @param callerId the Twilio number agent legs are placed from ({@code From} of calls.create)
 * @param musicUrl the hold music Twilio plays ({@code <Play loop="0">}) for every music class;
 *     null serves queue-prompts' {@code HoldMusic} of the engine's music class (the default loop
 *     for a class it does not ship) from the webhook server under a content-hashed URL
 * @param promptBaseUrl optional: an external server (a CDN) holding the prompt recordings as
 *     {@code <base>/<lang>/<key>.wav}; null serves them from the webhook server as
 *     {@code <publicBaseUrl>/prompts/<sha256>.wav} (custom recordings included)
 * @param sipDomain agents' SIP accounts are rung as {@code sip:<user>@<sipDomain>}; null rings
 *     them as Twilio Clients ({@code client:<user>})
 * @param callsPerSecond the account's rate for API-created calls (Twilio's default is 1 per s)
 * @param apiBaseUrl Twilio's REST API ({@code https://api.twilio.com}; tests point it elsewhere)
 * @param webhookWait the longest an open webhook waits for the engine to react (it is answered
 *     as soon as the engine has, {@code CallQueue.barrier()}); a cap for a slow engine
 * @param backoff the first wait after an HTTP 429 (doubled on each further 429)
 */
public record TwilioConfig(String accountSid, String authToken, URI publicBaseUrl,
    String bindAddress, int port, String callerId, String musicUrl, String promptBaseUrl,
    String sipDomain, double callsPerSecond, URI apiBaseUrl, Duration webhookWait,
    Duration backoff) {

  private static final Pattern ACCOUNT = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

  public TwilioConfig {
    Objects.requireNonNull(accountSid, "accountSid");
    if (!ACCOUNT.matcher(accountSid).matches()) {
      throw new IllegalArgumentException("Twilio account SID must be AC followed by 32 hex digits,"
          + " got '" + accountSid + "'");
    }
    if (authToken == null || authToken.isBlank()) {
      throw new IllegalArgumentException("Twilio auth token is missing (set it from the"
          + " environment, never in a file under version control)");
    }
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    String scheme = publicBaseUrl.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme) || publicBaseUrl.getHost() == null) {
      throw new IllegalArgumentException("public base URL must be an absolute http(s) URL, got '"
          + publicBaseUrl + "'");
    }
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("webhook bind address is missing");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("webhook port must be 0-65535, got " + port);
    }
    if (callerId == null || !E164.matcher(callerId).matches()) {
      throw new IllegalArgumentException("caller ID must be a Twilio number in E.164 (+...), got '"
          + callerId + "'");
    }
    if (musicUrl != null && musicUrl.isBlank()) {
      throw new IllegalArgumentException("music URL is blank (leave it unset to serve the shipped"
          + " hold music from the webhook server)");
    }
    if (promptBaseUrl != null && promptBaseUrl.isBlank()) {
      throw new IllegalArgumentException("prompt base URL is blank (leave it unset to serve the"
          + " prompts from the webhook server)");
    }
    if (!(callsPerSecond > 0) || callsPerSecond > 1000) {
      throw new IllegalArgumentException("calls per second must be in (0, 1000], got "
          + callsPerSecond);
    }
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    if (webhookWait == null || webhookWait.isNegative() || webhookWait.compareTo(
        Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("webhook wait must be 0-10 s (Twilio gives up after 15 s),"
          + " got " + webhookWait);
    }
    if (backoff == null || backoff.isNegative()) {
      throw new IllegalArgumentException("429 back-off must not be negative, got " + backoff);
    }
  }

  /** A configuration with the defaults: 1 call per second, a 2 s webhook wait cap, 1 s back-off. */
  public static TwilioConfig of(String accountSid, String authToken, URI publicBaseUrl,
      String bindAddress, int port, String callerId, String musicUrl, String promptBaseUrl) {
    return new TwilioConfig(accountSid, authToken, publicBaseUrl, bindAddress, port, callerId,
        musicUrl, promptBaseUrl, null, 1.0, URI.create("https://api.twilio.com"),
        Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  public TwilioConfig withCallsPerSecond(double cps) {
    return new TwilioConfig(accountSid, authToken, publicBaseUrl, bindAddress, port, callerId,
        musicUrl, promptBaseUrl, sipDomain, cps, apiBaseUrl, webhookWait, backoff);
  }

  public TwilioConfig withApiBaseUrl(URI api) {
    return new TwilioConfig(accountSid, authToken, publicBaseUrl, bindAddress, port, callerId,
        musicUrl, promptBaseUrl, sipDomain, callsPerSecond, api, webhookWait, backoff);
  }

  public TwilioConfig withPublicBaseUrl(URI base) {
    return new TwilioConfig(accountSid, authToken, base, bindAddress, port, callerId,
        musicUrl, promptBaseUrl, sipDomain, callsPerSecond, apiBaseUrl, webhookWait, backoff);
  }

  /** Rings agents' SIP accounts as {@code sip:<user>@<domain>} (a Twilio SIP domain). */
  public TwilioConfig withSipDomain(String domain) {
    return new TwilioConfig(accountSid, authToken, publicBaseUrl, bindAddress, port, callerId,
        musicUrl, promptBaseUrl, domain, callsPerSecond, apiBaseUrl, webhookWait, backoff);
  }

  public TwilioConfig withWebhookWait(Duration cap) {
    return new TwilioConfig(accountSid, authToken, publicBaseUrl, bindAddress, port, callerId,
        musicUrl, promptBaseUrl, sipDomain, callsPerSecond, apiBaseUrl, cap, backoff);
  }

  public TwilioConfig withBackoff(Duration first) {
    return new TwilioConfig(accountSid, authToken, publicBaseUrl, bindAddress, port, callerId,
        musicUrl, promptBaseUrl, sipDomain, callsPerSecond, apiBaseUrl, webhookWait, first);
  }

  /** The public base URL without a trailing slash. */
  String base() {
    String s = publicBaseUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public String toString() {
    return "TwilioConfig[account=" + accountSid + ", authToken=<hidden>, public=" + publicBaseUrl
        + ", bind=" + bindAddress + ":" + port + ", callerId=" + callerId + ", cps="
        + callsPerSecond + "]";
  }
}
