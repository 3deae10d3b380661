package io.callqueue.api;

/**
 * An agent (capability 4).
 *
 * @param id the agent's id
 * @param endpoint where the agent's phone is reached
 * @param autoActivate when true and the endpoint is a {@link AgentEndpoint.SipAccount}, the agent
 *     is made active when its account is registered (on registration, and again when a call arrives
 *     at one of its queues), and inactive when the account unregisters (capability 6). An explicit
 *     logout suppresses this until the account registers again or the agent logs in.
 */
public record AgentConfig(AgentId id, AgentEndpoint endpoint, boolean autoActivate) {
  public AgentConfig {
    if (id == null) {
      throw new IllegalArgumentException("agent id must not be null");
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("agent '" + id + "': endpoint must not be null");
    }
  }

  /** An agent on a SIP account, with auto-activation on. */
  public static AgentConfig sip(String id, String username) {
    return new AgentConfig(AgentId.of(id), new AgentEndpoint.SipAccount(username), true);
  }

  /** An agent on an external number (auto-activation does not apply). */
  public static AgentConfig external(String id, String e164) {
    return new AgentConfig(AgentId.of(id), new AgentEndpoint.ExternalNumber(e164), false);
  }
}
